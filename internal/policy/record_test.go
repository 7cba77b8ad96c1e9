package policy

import (
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// recordColumns: records of company A, coordinated by X; "own" ones are
// the participant's (user 2), "other's" another participant's (user 99).
var recordColumns = []string{"own draft", "own issued private", "own issued public", "other's issued public", "other's issued private", "own revoked public"}

func recordScope(col int) furusato.RecordScope {
	s := furusato.RecordScope{RecordID: 500, UserID: 2, CompanyID: companyA, OrganizationID: orgX, Status: furusato.RecordIssued}
	switch col {
	case 0:
		s.Status = furusato.RecordDraft
	case 2:
		s.Public = true
	case 3:
		s.UserID, s.Public = 99, true
	case 4:
		s.UserID = 99
	case 5:
		s.Status, s.Public = furusato.RecordRevoked, true
	}
	return s
}

// recordRow fills the roles that never see a private record of company A
// (staffB, coordY, the supporters, removed) with outsider, the result on
// a public record.
func recordRow(act Action, visitor, participant, staffA, coordX, admin, outsider string) row {
	return row{act, map[string]string{
		"visitor": visitor, "participant": participant, "staffA": staffA, "staffB": outsider, "coordX": coordX,
		"coordY": outsider, "supporterP": outsider, "supporterG": outsider, "removed": outsider, "admin": admin,
	}}
}

// recordMatrix: Record(actor, action, scope). y allowed, n ENOTFOUND, u
// EUNAUTHORIZED, f EFORBIDDEN, c ECONFLICT (wrong status for the one who
// may act).
var recordMatrix = []row{
	//                       visitor   participant staffA    coordX    admin     others
	recordRow(RecordView, "uuyyuy", "yyyyny", "yyyyyy", "yyyyyy", "yyyyyy", "nnyyny"),
	recordRow(RecordConfirm, "uuuuuu", "ffffnf", "yccccc", "ffffff", "ffffff", "nnffnf"),
	recordRow(RecordPublish, "uuuuuu", "yyyfny", "ffffff", "ffffff", "ffffff", "nnffnf"),
	recordRow(RecordRevoke, "uuuuuu", "ffffnf", "ffffff", "ffffff", "cyyyyc", "nnffnf"),
}

func TestRecord_Matrix(t *testing.T) {
	for _, r := range recordMatrix {
		check(t, "Record", r, recordColumns, func(a *furusato.Actor, col int) error {
			return Record(a, r.act, recordScope(col))
		})
	}
	if err := Record(nil, TeamView, recordScope(0)); furusato.ErrorCode(err) != furusato.EINTERNAL {
		t.Errorf("Record(TeamView) = %v, want EINTERNAL", err)
	}
}
