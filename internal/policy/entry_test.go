package policy

import (
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// entryColumns: the entry of the participant role (user 2) on project P, and
// another participant's entry (user 99) on the same project. For
// EntryCreate and EntryBoard the scope is the project (no participant), so
// both columns ask the same question.
var entryColumns = []string{"own", "other"}

func entryScope(act Action, col int) furusato.EntryScope {
	s := furusato.EntryScope{EntryID: 500, ProjectID: projectP, UserID: 2, CompanyID: companyA, OrganizationID: orgX}
	if col == 1 {
		s.EntryID, s.UserID = 501, 99
	}
	if act == EntryCreate || act == EntryBoard {
		s.EntryID, s.UserID = 0, 0
	}
	return s
}

// participantOnly is the row of the actions only an entry's participant
// takes; hostOnly of those only its organisation, company and admins take.
var (
	participantOnly = map[string]string{
		"visitor": "uu", "participant": "yn", "staffA": "nn", "staffB": "nn", "coordX": "nn",
		"coordY": "nn", "supporterP": "nn", "supporterG": "nn", "removed": "nn", "admin": "nn",
	}
	hostOnly = map[string]string{
		"visitor": "uu", "participant": "nn", "staffA": "yy", "staffB": "nn", "coordX": "yy",
		"coordY": "nn", "supporterP": "nn", "supporterG": "nn", "removed": "nn", "admin": "yy",
	}
	seers = map[string]string{
		"visitor": "uu", "participant": "yn", "staffA": "yy", "staffB": "nn", "coordX": "yy",
		"coordY": "nn", "supporterP": "nn", "supporterG": "nn", "removed": "nn", "admin": "yy",
	}
)

// entryMatrix: Entry(actor, action, scope). y allowed, n ENOTFOUND (as for
// an entry that does not exist; also one side's action asked by the other
// side), u EUNAUTHORIZED, f EFORBIDDEN (only EntryCreate, on a project
// everyone sees). Supporters
// of the project see no entries (issue 4: only the participant, the
// company's staff, the organisation's coordinators and admins).
var entryMatrix = []row{
	{EntryCreate, map[string]string{
		"visitor": "uu", "participant": "yy", "staffA": "ff", "staffB": "yy", "coordX": "ff",
		"coordY": "yy", "supporterP": "yy", "supporterG": "yy", "removed": "yy", "admin": "yy",
	}},
	{EntryView, seers},
	{EntryMessage, seers},
	{EntryWithdraw, participantOnly},
	{EntryAccept, participantOnly},
	{InterviewPick, participantOnly},
	{EntryMove, hostOnly},
	{EntryNotes, hostOnly},
	{InterviewPlan, hostOnly},
	{InterviewNotes, hostOnly},
	{EntryBoard, map[string]string{
		"visitor": "uu", "participant": "nn", "staffA": "yy", "staffB": "nn", "coordX": "yy",
		"coordY": "nn", "supporterP": "nn", "supporterG": "nn", "removed": "nn", "admin": "yy",
	}},
}

func TestEntry_Matrix(t *testing.T) {
	for _, r := range entryMatrix {
		check(t, "Entry", r, entryColumns, func(a *furusato.Actor, col int) error {
			return Entry(a, r.act, entryScope(r.act, col))
		})
	}
}

// TestEntry_UnsetLinksMatchNobody: an entry whose scope lost its links (a
// bug upstream) is visible to its participant and admins only, never to
// every coordinator or staff member with an unset id.
func TestEntry_UnsetLinksMatchNobody(t *testing.T) {
	s := furusato.EntryScope{EntryID: 1, ProjectID: projectP, UserID: 2}
	zeroStaff := signedIn(3, furusato.Membership{Role: furusato.RoleCompanyStaff})
	zeroCoord := signedIn(5, furusato.Membership{Role: furusato.RoleCoordinator})
	for _, a := range []*furusato.Actor{zeroStaff, zeroCoord} {
		if got := furusato.ErrorCode(Entry(a, EntryView, s)); got != furusato.ENOTFOUND {
			t.Errorf("EntryView with unset links = %s, want not_found", name(got))
		}
	}
}

// TestEntry_NotFoundIsIndistinguishable: an outsider gets the same error for
// another participant's entry as for one that does not exist.
func TestEntry_NotFoundIsIndistinguishable(t *testing.T) {
	outsider := signedIn(6, coordinator(orgY))
	for _, act := range entryActions {
		if act == EntryCreate {
			continue
		}
		err := Entry(outsider, act, entryScope(act, 0))
		if furusato.ErrorCode(err) != furusato.ENOTFOUND || err.Error() != entryNotFound().Error() {
			t.Errorf("%s by another region's coordinator = %v, want the not-found error", act, err)
		}
	}
}

func TestEntry_WrongFamilyIsInternal(t *testing.T) {
	if got := furusato.ErrorCode(Entry(signedIn(2), ProjectEdit, furusato.EntryScope{})); got != furusato.EINTERNAL {
		t.Errorf("Entry(ProjectEdit) = %s, want internal", name(got))
	}
}
