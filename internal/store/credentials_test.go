package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// createAPIToken stores a token of user id with hash and scope.
func createAPIToken(t *testing.T, db *store.DB, userID int64, hash string, scope furusato.TokenScope) *furusato.APIToken {
	t.Helper()
	tok := &furusato.APIToken{UserID: userID, Name: "ci " + hash, Hash: hash, Prefix: "fst_" + hash, Scope: scope, ExpiresAt: now.AddDate(1, 0, 0)}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return tx.CreateAPIToken(context.Background(), tok, now) }); err != nil {
		t.Fatalf("create token %s: %v", hash, err)
	}
	return tok
}

// TestAPITokens_ScopeIsStoredAndOnlyReadOrWrite: the scope chosen at
// creation is read back; the database refuses any other value.
func TestAPITokens_ScopeIsStoredAndOnlyReadOrWrite(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "hanako@example.jp", false)
		createAPIToken(t, db, u.ID, "r1", furusato.ScopeRead)
		createAPIToken(t, db, u.ID, "w1", furusato.ScopeWrite)
		for hash, want := range map[string]furusato.TokenScope{"r1": furusato.ScopeRead, "w1": furusato.ScopeWrite} {
			if got, err := db.FindAPITokenByHash(ctx, hash); err != nil || got.Scope != want {
				t.Errorf("%s: scope %q, %v; want %q", hash, got.Scope, err, want)
			}
		}
		for _, bad := range []furusato.TokenScope{"", "admin"} {
			tok := &furusato.APIToken{UserID: u.ID, Name: "bad", Hash: "bad" + string(bad), Prefix: "fst_bad", Scope: bad}
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateAPIToken(ctx, tok, now) }); err == nil {
				t.Errorf("scope %q accepted", bad)
			}
		}
	})
}

// TestAPITokens_RevokeEveryTokenOfOneUser: RevokeAPITokens ends every
// live token of the user at once, counts only those, and leaves other
// people's tokens alone.
func TestAPITokens_RevokeEveryTokenOfOneUser(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hanako, taro := createUser(t, db, "hanako@example.jp", false), createUser(t, db, "taro@example.jp", false)
		createAPIToken(t, db, hanako.ID, "h1", furusato.ScopeRead)
		createAPIToken(t, db, hanako.ID, "h2", furusato.ScopeWrite)
		old := createAPIToken(t, db, hanako.ID, "h3", furusato.ScopeWrite)
		createAPIToken(t, db, taro.ID, "t1", furusato.ScopeWrite)
		earlier, later := now.Add(-1e9), now.Add(1e9)
		if err := db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.RevokeAPIToken(ctx, hanako.ID, old.ID, earlier); return err }); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.Tx(ctx, func(tx *store.Tx) (err error) { n, err = tx.RevokeAPITokens(ctx, hanako.ID, later); return err }); err != nil || n != 2 {
			t.Fatalf("RevokeAPITokens = %d, %v; want 2", n, err)
		}
		list, err := db.FindAPITokens(ctx, hanako.ID)
		if err != nil || len(list) != 3 {
			t.Fatalf("hanako's tokens %+v, %v", list, err)
		}
		for _, tk := range list {
			want := later
			if tk.ID == old.ID {
				want = earlier
			}
			if !tk.RevokedAt.Equal(want.UTC().Truncate(1e6)) {
				t.Errorf("%s revoked at %v, want %v", tk.Hash, tk.RevokedAt, want)
			}
		}
		if got, err := db.FindAPITokenByHash(ctx, "t1"); err != nil || !got.RevokedAt.IsZero() {
			t.Errorf("taro's token %+v, %v: revoked with hanako's", got, err)
		}
	})
}

// TestForgetAccountSetup_DropsWhatTheAccountSetUp: profile, memberships,
// API tokens, favourites and notification choices of the user go; the account and other people's data stay.
func TestForgetAccountSetup_DropsWhatTheAccountSetUp(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		var project *furusato.Project
		for _, p := range f.bySlug {
			project = p
			break
		}
		first, other := createUser(t, db, "victim@example.jp", false), createUser(t, db, "other@example.jp", false)
		for _, u := range []*furusato.User{first, other} {
			createAPIToken(t, db, u.ID, "tok"+u.Email, furusato.ScopeWrite)
			if err := addMembership(db, furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: f.partner.ID}); err != nil {
				t.Fatal(err)
			}
			err := db.Tx(ctx, func(tx *store.Tx) error {
				if err := tx.SaveProfile(ctx, &furusato.Profile{UserID: u.ID, Occupation: "会社員"}, now); err != nil {
					return err
				}
				if err := tx.AddFavorite(ctx, u.ID, project.ID, now); err != nil {
					return err
				}
				return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: furusato.NoticeMessage, Email: false}})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.ForgetAccountSetup(ctx, first.ID) }); err != nil {
			t.Fatal(err)
		}
		check := func(u *furusato.User, kept bool) {
			t.Helper()
			_, perr := db.FindProfile(ctx, u.ID)
			ms, _ := db.FindMemberships(ctx, u.ID)
			toks, _ := db.FindAPITokens(ctx, u.ID)
			favs, _ := db.FavoriteIDs(ctx, u.ID, []int64{project.ID})
			mailMessages, _ := db.NoticeEmail(ctx, u.ID, furusato.NoticeMessage)
			got := []bool{perr == nil, len(ms) == 1, len(toks) == 1, favs[project.ID], !mailMessages}
			for i, g := range got {
				if g != kept {
					t.Errorf("%s: item %d (profile, membership, token, favourite, notice choice) kept = %v, want %v", u.Email, i, g, kept)
				}
			}
			if _, err := db.FindUserByID(ctx, u.ID); err != nil {
				t.Errorf("%s: the account itself went: %v", u.Email, err)
			}
		}
		check(first, false)
		check(other, true)
	})
}
