package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// createUser inserts a user in its own transaction.
func createUser(t *testing.T, db *store.DB, email string, admin bool) *furusato.User {
	t.Helper()
	u := &furusato.User{Email: email, DisplayName: "山田 花子", Admin: admin}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.CreateUser(context.Background(), u, "$argon2id$fake", now)
	}); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func TestUsers_CreateAndFind(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "hanako@example.jp", true)
		if u.ID == 0 || !u.CreatedAt.Equal(now) {
			t.Fatalf("created %+v: want an id and CreatedAt = now", u)
		}
		for name, find := range map[string]func() (*furusato.User, error){
			"by id":    func() (*furusato.User, error) { return db.FindUserByID(ctx, u.ID) },
			"by email": func() (*furusato.User, error) { return db.FindUserByEmail(ctx, "hanako@example.jp") },
		} {
			got, err := find()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if *got != *u {
				t.Errorf("%s: got %+v, want %+v", name, got, u)
			}
			if !got.Admin || got.Verified() || !got.DeletedAt.IsZero() {
				t.Errorf("%s: admin %v, verified %v, deleted %v", name, got.Admin, got.Verified(), got.DeletedAt)
			}
		}
		plain := createUser(t, db, "taro@example.jp", false)
		if got, err := db.FindUserByID(ctx, plain.ID); err != nil || got.Admin {
			t.Errorf("plain user: %+v, %v; want admin false", got, err)
		}
		if h, err := db.PasswordHash(ctx, u.ID); err != nil || h != "$argon2id$fake" {
			t.Errorf("PasswordHash = %q, %v", h, err)
		}
	})
}

func TestUsers_DuplicateEmailIsConflictOnEmail(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		createUser(t, db, "hanako@example.jp", false)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateUser(ctx, &furusato.User{Email: "hanako@example.jp", DisplayName: "別人"}, "", now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT || furusato.ErrorFields(err)["email"] != "error.taken" {
			t.Fatalf("err = %v (fields %v), want ECONFLICT on email", err, furusato.ErrorFields(err))
		}
		// The empty address is refused by the schema, not stored.
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateUser(ctx, &furusato.User{DisplayName: "名無し"}, "", now)
		})
		if err == nil {
			t.Error("a user without an e-mail address was stored")
		}
	})
}

func TestUsers_MissingIsNotFound(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		createUser(t, db, "hanako@example.jp", false)
		checks := map[string]error{}
		_, checks["FindUserByID"] = db.FindUserByID(ctx, 999)
		_, checks["FindUserByEmail"] = db.FindUserByEmail(ctx, "nobody@example.jp")
		_, checks["PasswordHash"] = db.PasswordHash(ctx, 999)
		_, checks["ActorFor"] = db.ActorFor(ctx, 999)
		_ = db.Tx(ctx, func(tx *store.Tx) error {
			checks["SetPasswordHash"] = tx.SetPasswordHash(ctx, 999, "x", now)
			checks["SetAdmin"] = tx.SetAdmin(ctx, 999, true, now)
			checks["MarkEmailVerified"] = tx.MarkEmailVerified(ctx, 999, now)
			return nil
		})
		for name, err := range checks {
			if furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("%s: err = %v, want ENOTFOUND", name, err)
			}
		}
	})
}

func TestUsers_Updates(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "hanako@example.jp", false)
		later := now.Add(time.Hour)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.SetPasswordHash(ctx, u.ID, "$argon2id$new", later); err != nil {
				return err
			}
			if err := tx.SetAdmin(ctx, u.ID, true, later); err != nil {
				return err
			}
			if err := tx.MarkEmailVerified(ctx, u.ID, later); err != nil {
				return err
			}
			// A second confirmation keeps the first time.
			return tx.MarkEmailVerified(ctx, u.ID, later.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Admin || !got.EmailVerifiedAt.Equal(later) {
			t.Errorf("after updates: admin %v, verified at %v; want true, %v", got.Admin, got.EmailVerifiedAt, later)
		}
		if h, _ := db.PasswordHash(ctx, u.ID); h != "$argon2id$new" {
			t.Errorf("hash = %q", h)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetAdmin(ctx, u.ID, false, later) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.Admin {
			t.Error("admin flag not withdrawn")
		}
	})
}

func TestUsers_LanguageIsKeptAndChanged(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		old := createUser(t, db, "old@example.jp", false)
		if got, err := db.FindUserByID(ctx, old.ID); err != nil || got.Lang != "" || got.MailLang() != "ja" {
			t.Fatalf("an account without a language: %+v, %v; want Lang \"\" and Japanese mail", got, err)
		}
		u := &furusato.User{Email: "en@example.jp", DisplayName: "Jane", Lang: "en"}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u, "", now) }); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindUserByEmail(ctx, "en@example.jp"); err != nil || got.Lang != "en" || got.MailLang() != "en" {
			t.Fatalf("created in English: %+v, %v", got, err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetUserLang(ctx, u.ID, "ja", now) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.Lang != "ja" {
			t.Errorf("after SetUserLang ja: %q", got.Lang)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetUserLang(ctx, u.ID, "fr", now) }); err == nil {
			t.Error("SetUserLang fr: the database took a language mail is not written in")
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetUserLang(ctx, 99999, "en", now) }); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("SetUserLang of no one: %v, want ENOTFOUND", err)
		}
	})
}
