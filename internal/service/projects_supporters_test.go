package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// A coordinator links a supporter row to the demo supporter by e-mail: the
// supporter can then see the draft, a supporter of the same group who is
// not linked cannot, and an address of someone who is not a supporter of
// the chosen group is refused on that row.
func TestProjectsSupporters_LinkByEmail(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		group, err := db.FindOrganizationBySlug(ctx, "michishirube")
		if err != nil {
			t.Fatal(err)
		}
		actor := func(email string) *furusato.Actor {
			t.Helper()
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
		// Another supporter of the same group, never linked.
		u, err := newUsers(db).CreateUser(ctx, "other.supporter@example.jp", "別の 伴走者", "kuresonn-no-sato-2026", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: group.ID}, now)
		}); err != nil {
			t.Fatal(err)
		}

		// A draft in Gifu with a name-only supporter.
		in := input("Supporter link test")
		in.Supporters = &[]furusato.Supporter{{Name: "名前だけの伴走者", OrganizationID: group.ID, Role: "広報"}}
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != furusato.StatusDraft || len(p.Supporters) != 1 || p.Supporters[0].UserID != 0 {
			t.Fatalf("created %+v", p.Supporters)
		}
		if policy.CanSeeProject(actor("supporter@demo.furusato.example"), p) {
			t.Error("an unlinked supporter sees the draft")
		}

		// The coordinator links the demo supporter (typed in full width, no name).
		edit := furusato.UpdateOf(p)
		*edit.Supporters = append(*edit.Supporters, furusato.Supporter{OrganizationID: group.ID, Role: "全体の伴走", Email: " ＳＵＰＰＯＲＴＥＲ@demo.furusato.example "})
		up, err := f.svc.Update(ctx, f.gifu, p.ID, edit, p.Version())
		if err != nil {
			t.Fatal(err)
		}
		demoSup := actor("supporter@demo.furusato.example")
		if len(up.Supporters) != 2 || up.Supporters[1].UserID != demoSup.User.ID || up.Supporters[1].Name != demoSup.User.DisplayName || up.Supporters[0].UserID != 0 {
			t.Fatalf("updated supporters %+v", up.Supporters)
		}
		stored, err := f.svc.Get(ctx, f.gifu, p.ID)
		if err != nil || len(stored.Supporters) != 2 || stored.Supporters[1].UserID != demoSup.User.ID {
			t.Fatalf("stored supporters %+v, %v", stored, err)
		}
		if !policy.CanSeeProject(demoSup, stored) {
			t.Errorf("the linked supporter cannot see the draft (Supporting %v)", demoSup.Supporting)
		}
		if policy.CanSeeProject(actor("other.supporter@example.jp"), stored) {
			t.Error("an unlinked supporter of the same group sees the draft")
		}

		// Saving the edit form as shown keeps the link.
		again, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.UpdateOf(stored), stored.Version())
		if err != nil || again.Supporters[1].UserID != demoSup.User.ID {
			t.Errorf("resave: %v %+v", err, again)
		}

		// Someone who is not a supporter of the group is refused on their row.
		for _, email := range []string{"coordinator.gifu@demo.furusato.example", "nobody@example.jp", "not an address"} {
			bad := input("Supporter link refused")
			bad.Supporters = &[]furusato.Supporter{{}, {Name: "誰か", OrganizationID: group.ID, Role: "広報", Email: email}}
			_, err = f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", bad)
			if fs := furusato.ErrorFields(err); code(err) != furusato.EINVALID || fs["sup-email-1"] != "manage.error_supporter_email" {
				t.Errorf("%s: %v %v", email, err, fs)
			}
		}
	})
}
