package api

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// checkRecordRoutes drives GET /api/v1/me/records through its documented
// answers, for TestOpenAPI_TokenRoutesMatchSchemas: the demo participant
// has one issued, public record with the company's words (consented) and
// one draft; another person's token sees none of them.
func checkRecordRoutes(t *testing.T, db *store.DB, check func(route string, r response, want int) response) {
	t.Helper()
	ctx := context.Background()
	srv, downSrv := newEntryTokenServer(t, db), newEntryTokenServer(t, closedDB(t))
	recs := newServices(t, db).Records
	actor := func(email string) *furusato.Actor {
		u, err := db.FindUserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	me, staff := actor("participant@demo.furusato.example"), actor("staff.watercress@demo.furusato.example")
	var ids []int64
	for _, slug := range []string{"gifu-watercress-evangelist", "hida-furniture-craftsman-recruiting"} {
		p, err := db.FindProject(ctx, slug, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			team, err := tx.EnsureTeam(ctx, p.ID, testNow)
			if err != nil {
				return err
			}
			r := &furusato.Record{TeamID: team.ID, ProjectID: p.ID, CompanyID: team.CompanyID, OrganizationID: team.OrganizationID,
				UserID: me.User.ID, ProjectTitle: p.Title, CompanyName: "会社", ParticipantName: me.User.DisplayName,
				Start: testNow, End: testNow, ReportedHours: 12}
			_, err = tx.CreateRecord(ctx, r, testNow)
			ids = append(ids, r.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := recs.Confirm(ctx, staff, ids[0], furusato.RecordConfirmation{Role: "広報", Hours: 14, Words: "ありがとう", Consent: true}); err != nil {
		t.Fatal(err)
	}
	if err := recs.SetPublic(ctx, me, ids[0], true); err != nil {
		t.Fatal(err)
	}
	const route = "GET /api/v1/me/records"
	got := decode[myRecordsJS](t, check(route, send(t, srv, "GET", "/api/v1/me/records", demoToken(t, db, "participant@demo.furusato.example"), ""), 200))
	byID := map[int64]recordJS{}
	for _, r := range got.Records {
		byID[r.ID] = r
	}
	issued, draft := byID[ids[0]], byID[ids[1]]
	if len(got.Records) != 2 || issued.Status != "issued" || issued.Hours != 14 || issued.Words == nil || *issued.Words != "ありがとう" ||
		issued.CredentialURL == nil || !strings.HasSuffix(*issued.CredentialURL, "/ob3/credentials/"+strconv.FormatInt(ids[0], 10)) || !issued.Public {
		t.Errorf("issued record = %+v", issued)
	}
	if draft.Status != "draft" || draft.Hours != 12 || draft.CredentialURL != nil || draft.IssuedAt != nil {
		t.Errorf("draft record = %+v", draft)
	}
	if other := decode[myRecordsJS](t, send(t, srv, "GET", "/api/v1/me/records", demoToken(t, db, "coordinator.gifu@demo.furusato.example"), "")); len(other.Records) != 0 {
		t.Errorf("another person's records: %+v", other.Records)
	}
	check(route, send(t, srv, "GET", "/api/v1/me/records", "", ""), 401)
	check(route, send(t, downSrv, "GET", "/api/v1/me/records", "fst_"+strings.Repeat("a", 52), ""), 500)
}
