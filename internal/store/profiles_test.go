package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func saveProfile(t *testing.T, db *store.DB, p *furusato.Profile) {
	t.Helper()
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return tx.SaveProfile(context.Background(), p, now) }); err != nil {
		t.Fatalf("SaveProfile: %v", err)
	}
}

func TestProfiles_SaveFindReplace(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "hanako@example.jp", false)
		if _, err := db.FindProfile(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Fatalf("profile before saving: %v, want ENOTFOUND", err)
		}
		p := &furusato.Profile{UserID: u.ID, NameKana: "やまだ はなこ", Hometown: 21, ResidencePrefecture: 13, ResidenceCity: "世田谷区",
			Occupation: "会社員", Affiliation: "株式会社ふるさと", AffiliationPublic: true, Skills: []string{"SNS運用", "写真撮影"},
			InterestThemes: []string{"marketing", "design"}, InterestPrefectures: []int{21, 1}, Bio: "一行目\n二行目",
			Links: []string{"https://example.jp/a", "http://example.jp/b"}}
		saveProfile(t, db, p)
		got, err := db.FindProfile(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *p
		want.CreatedAt, want.UpdatedAt = now.UTC(), now.UTC()
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("got %+v\nwant %+v", got, want)
		}
		// Saving again replaces every field, lists included.
		empty := &furusato.Profile{UserID: u.ID}
		saveProfile(t, db, empty)
		got, err = db.FindProfile(ctx, u.ID)
		if err != nil || got.NameKana != "" || got.Skills != nil || got.InterestPrefectures != nil || got.AffiliationPublic {
			t.Fatalf("after replacing: %+v, %v", got, err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.SaveProfile(ctx, &furusato.Profile{UserID: 999}, now) })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("profile of nobody: %v, want ENOTFOUND", err)
		}
	})
}

func TestProfiles_DeleteUserDataAndAnonymise(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "hanako@example.jp", true)
		other := createUser(t, db, "taro@example.jp", false)
		for _, id := range []int64{u.ID, other.ID} {
			saveProfile(t, db, &furusato.Profile{UserID: id, Bio: "こんにちは"})
			if err := addMembership(db, furusato.Membership{UserID: id, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID}); err != nil {
				t.Fatal(err)
			}
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateToken(ctx, &store.Token{Hash: "h1", Purpose: store.TokenVerifyEmail, UserID: u.ID, ExpiresAt: now.Add(1e12)}, now); err != nil {
				return err
			}
			return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: "user.email_change", ObjectType: "user", ObjectID: u.ID,
				Detail: []byte(`{"from":"old@example.jp","to":"hanako@example.jp"}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteUserData(ctx, u.ID); err != nil {
				return err
			}
			return tx.AnonymiseUser(ctx, u.ID, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindProfile(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("profile kept: %v", err)
		}
		if ms, _ := db.FindMemberships(ctx, u.ID); len(ms) != 0 {
			t.Errorf("memberships kept: %v", ms)
		}
		if _, err := db.FindLiveToken(ctx, "h1", store.TokenVerifyEmail, now); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("token kept: %v", err)
		}
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Email != store.DeletedUserEmail(u.ID) || got.DisplayName != store.DeletedUserName || got.Admin || got.DeletedAt.IsZero() ||
			got.SessionEpoch != u.SessionEpoch+1 {
			t.Errorf("anonymised user %+v", got)
		}
		if h, _ := db.PasswordHash(ctx, u.ID); h != "" {
			t.Errorf("password hash kept: %q", h)
		}
		if _, err := db.FindUserByEmail(ctx, "hanako@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("the address is still taken: %v", err)
		}
		es, err := db.FindAuditAbout(ctx, u.ID)
		if err != nil || len(es) != 1 || string(es[0].Detail) != "{}" {
			t.Errorf("audit about the user %+v, %v: want the entry kept, its addresses scrubbed", es, err)
		}
		// The other person keeps everything.
		if _, err := db.FindProfile(ctx, other.ID); err != nil {
			t.Errorf("other's profile: %v", err)
		}
		if ms, _ := db.FindMemberships(ctx, other.ID); len(ms) != 1 {
			t.Errorf("other's memberships: %v", ms)
		}
	})
}

func TestProfiles_SchemaChecks(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		u := createUser(t, db, "hanako@example.jp", false)
		err := db.Tx(context.Background(), func(tx *store.Tx) error {
			return tx.SaveProfile(context.Background(), &furusato.Profile{UserID: u.ID, Hometown: 48}, now)
		})
		if err == nil {
			t.Error("prefecture code 48 was stored")
		}
	})
}
