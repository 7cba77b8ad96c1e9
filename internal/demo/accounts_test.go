package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Each demo account can sign in with the demo password and holds the role it
// is meant to show, as the policy sees it.
func TestLoadAccounts_OneVerifiedAccountPerRole(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if exist, err := demo.AccountsExist(ctx, db); err != nil || exist {
			t.Fatalf("demo accounts exist before loading: %v, %v", exist, err)
		}
		n, err := demo.LoadAccounts(ctx, db, now, service.TestArgon)
		if err != nil || n != len(demo.Accounts()) {
			t.Fatalf("added %d, %v; want %d", n, err, len(demo.Accounts()))
		}
		if again, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil || again != 0 {
			t.Errorf("second load added %d, %v", again, err)
		}
		if exist, err := demo.AccountsExist(ctx, db); err != nil || !exist {
			t.Errorf("demo accounts not seen after loading: %v, %v", exist, err)
		}
		actors := map[string]*furusato.Actor{}
		for _, a := range demo.Accounts() {
			u, err := db.FindUserByEmail(ctx, a.Email)
			if err != nil {
				t.Fatalf("%s: %v", a.Email, err)
			}
			hash, err := db.PasswordHash(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := service.CheckPassword(hash, demo.Password); !ok || err != nil {
				t.Errorf("%s: demo password refused (%v)", a.Email, err)
			}
			if !u.Verified() {
				t.Errorf("%s is not verified", a.Email)
			}
			if actors[a.Role], err = db.ActorFor(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		// A draft of the watercress company: its staff and Gifu's coordinator
		// see it, Hokkaido's coordinator and the participant do not.
		w, err := db.FindProject(ctx, "gifu-watercress-evangelist", nil)
		if err != nil {
			t.Fatal(err)
		}
		draft := *w
		draft.Status = furusato.StatusDraft
		for role, want := range map[string]bool{
			"admin": true, "coordinator": true, "company_staff": true,
			"coordinator (another region)": false, "participant": false, "supporter": false,
		} {
			if got := policy.CanSeeProject(actors[role], &draft); got != want {
				t.Errorf("%s sees the draft: %v, want %v", role, got, want)
			}
		}
		if err := policy.Move(actors["coordinator"], w, furusato.StatusClosed); err != nil {
			t.Errorf("Gifu's coordinator may not close its project: %v", err)
		}
	})
}

// The demo's accounts are seeded as having agreed to the current terms, so
// the demo does not greet everyone with the terms banner; an account made
// otherwise, and a demo account after the terms change, are still asked.
func TestAgreeTerms_DemoAccountsAgreedToTheCurrentTerms(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://demo.test"); err != nil {
			t.Fatal(err)
		}
		pages := service.NewPages(db, func() time.Time { return now })
		for _, email := range []string{"participant@demo.furusato.example", "admin@demo.furusato.example", "mori.yui@demo.furusato.example"} {
			u, err := db.FindUserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := db.ActorFor(ctx, u.ID)
			if v, err := pages.TermsToAgree(ctx, a); err != nil || v != 0 {
				t.Errorf("%s is asked to agree to version %d (%v)", email, v, err)
			}
		}
		u, err := service.NewUsers(db, func() time.Time { return now }, service.TestArgon).CreateUser(ctx, "cli@example.jp", "コマンド", demo.Password, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.AgreeTerms(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		a, _ := db.ActorFor(ctx, u.ID)
		if v, _ := pages.TermsToAgree(ctx, a); v != 1 {
			t.Errorf("an account outside the demo is asked for version %d, want 1", v)
		}
	})
}
