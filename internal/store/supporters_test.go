package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A supporter row linked to a user puts the project in the user's
// Supporting; the link is read back and becomes NULL when the user goes.
func TestSupporters_LinkedUser(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "supporter@example.jp", false)
		other := createUser(t, db, "other@example.jp", false)
		if err := addMembership(db, furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: f.partner.ID}); err != nil {
			t.Fatal(err)
		}
		p := newProject("linked-draft", "伴走者のいる下書き", "まだ下書き", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
			p.Status = furusato.StatusDraft
			p.Supporters = []furusato.Supporter{
				{OrganizationID: f.partner.ID, Name: "伴走 太郎", Role: "全体の伴走", UserID: u.ID},
				{OrganizationID: f.partner.ID, Name: "名前だけ", Role: "広報"},
			}
		})
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateProject(ctx, p, now) }); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindProject(ctx, p.Slug, []furusato.ProjectStatus{furusato.StatusDraft})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Supporters) != 2 || got.Supporters[0].UserID != u.ID || got.Supporters[0].Email != "supporter@example.jp" ||
			got.Supporters[1].UserID != 0 || got.Supporters[1].Email != "" {
			t.Errorf("supporters read back = %+v", got.Supporters)
		}
		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []furusato.Support{{ProjectID: p.ID, OrganizationID: f.partner.ID}}; !slices.Equal(a.Supporting, want) {
			t.Errorf("Supporting = %v, want %v", a.Supporting, want)
		}
		if a, err := db.ActorFor(ctx, other.ID); err != nil || len(a.Supporting) != 0 {
			t.Errorf("unlinked user's Supporting = %v, %v", a.Supporting, err)
		}

		// Deleting the user keeps the row, unlinked.
		if _, err := db.WriterForTest().ExecContext(ctx, `DELETE FROM users WHERE id = $1`, u.ID); err != nil {
			t.Fatal(err)
		}
		got, err = db.FindProject(ctx, p.Slug, []furusato.ProjectStatus{furusato.StatusDraft})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Supporters) != 2 || got.Supporters[0].UserID != 0 || got.Supporters[0].Name != "伴走 太郎" {
			t.Errorf("after deleting the user: %+v", got.Supporters)
		}
		var n int
		if err := db.WriterForTest().QueryRowContext(ctx, `SELECT COUNT(*) FROM project_supporters WHERE user_id IS NOT NULL`).Scan(&n); err != nil || n != 0 {
			t.Errorf("linked rows after deleting the user = %d, %v", n, err)
		}
	})
}
