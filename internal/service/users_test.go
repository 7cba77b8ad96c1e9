package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"hanako@example.jp":                      "hanako@example.jp",
		"  Hanako.Yamada+furusato@Example.JP ":   "hanako.yamada+furusato@example.jp",
		"ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ":                      "hanako@example.jp", // full-width, as a phone IME types it
		"\u3000hanako@example.jp\u3000":          "hanako@example.jp", // ideographic spaces
		"花子@例え.jp":                               "花子@例え.jp",
		strings.Repeat("a", 243) + "@example.jp": strings.Repeat("a", 243) + "@example.jp", // 254
		strings.Repeat("a", 244) + "@example.jp": "",                                       // 255
		"":                                       "",
		"hanako":                                 "",
		"hanako@":                                "",
		"@example.jp":                            "",
		"hanako@example":                         "",
		"hanako@@example.jp":                     "",
		"hana@ko@example.jp":                     "",
		"hanako@.example.jp":                     "",
		"hanako@example.jp.":                     "",
		"hanako@example..jp":                     "",
		"hana ko@example.jp":                     "",
		"hanako@exa\tmple.jp":                    "",
		"<hanako@example.jp>":                    "",
		"hanako@example.jp,taro@example.jp":      "",
		"hanako\xff@example.jp":                  "",
	} {
		got, err := service.NormalizeEmail(in)
		if want == "" {
			if furusato.ErrorCode(err) != furusato.EINVALID || furusato.ErrorFields(err)["email"] != "error.email" {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want EINVALID on email", in, got, err)
			}
		} else if got != want || err != nil {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func newUsers(db *store.DB) *service.Users {
	return service.NewUsers(db, clock, service.TestArgon)
}

// newServices returns every service over db, as the site builds them
// (service.New), with the clock now and the origin base.
func newServices(t *testing.T, db *store.DB, now func() time.Time, base string) *service.Services {
	t.Helper()
	s, err := service.New(db, service.Config{BaseURL: base, Now: now, Argon: service.TestArgon})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccountsCreateUser_StoresNormalisedUserAndAudits(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := newUsers(db).CreateUser(ctx, " Ｈａｎａｋｏ＠Ｅｘａｍｐｌｅ．ｊｐ ", "　山田　花子 ", "くれそん畑で会いましょう", true)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "hanako@example.jp" || u.DisplayName != "山田 花子" || !u.Admin || !u.CreatedAt.Equal(now) {
			t.Errorf("created %+v", u)
		}
		got, err := db.FindUserByEmail(ctx, "hanako@example.jp")
		if err != nil || got.ID != u.ID || !got.Admin {
			t.Fatalf("stored user = %+v, %v", got, err)
		}
		hash, _ := db.PasswordHash(ctx, u.ID)
		if ok, err := service.CheckPassword(hash, "くれそん畑で会いましょう"); !ok || err != nil {
			t.Errorf("stored hash does not check: %v, %v", ok, err)
		}
		entries, total, err := db.FindAudit(ctx, furusato.AuditFilter{})
		if err != nil || total != 1 {
			t.Fatalf("audit: %d entries, %v", total, err)
		}
		e := entries[0]
		if e.Action != "user.create" || e.ObjectType != "user" || e.ObjectID != u.ID || !e.At.Equal(now) || string(e.Detail) != `{"admin":true}` {
			t.Errorf("audit entry = %+v (detail %s)", e, e.Detail)
		}
	})
}

func TestAccountsCreateUser_DuplicateEmailIsConflict(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newUsers(db)
		if _, err := a.CreateUser(ctx, "hanako@example.jp", "山田花子", "Hida2026Watercress", false); err != nil {
			t.Fatal(err)
		}
		// The same address, typed differently.
		_, err := a.CreateUser(ctx, "ＨＡＮＡＫＯ@example.jp", "別の人", "Another2026Password", false)
		if furusato.ErrorCode(err) != furusato.ECONFLICT || furusato.ErrorFields(err)["email"] != "error.taken" {
			t.Fatalf("err = %v (fields %v), want ECONFLICT on email", err, furusato.ErrorFields(err))
		}
		// The failed attempt left no audit entry behind.
		if _, total, _ := db.FindAudit(ctx, furusato.AuditFilter{}); total != 1 {
			t.Errorf("%d audit entries, want 1", total)
		}
	})
}

func TestAccountsCreateUser_InvalidWritesNothing(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newUsers(db)
		for _, tc := range []struct {
			email, name, password string
			want                  map[string]string
		}{
			{"not-an-address", "", "short", map[string]string{"email": "error.email", "display_name": "error.required", "password": "error.password_short"}},
			{"hanako@example.jp", "　 ", "Hida2026Watercress", map[string]string{"display_name": "error.required"}},
			{"hanako@example.jp", strings.Repeat("名", 51), "Hida2026Watercress", map[string]string{"display_name": "error.too_long"}},
			{"hanako@example.jp", "山田\n花子", "Hida2026Watercress", map[string]string{"display_name": "error.invalid"}},
			{"hanako@example.jp", "山田花子", "iloveyou123", map[string]string{"password": "error.password_common"}},
			{"hanako@example.jp", "山田花子", "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ", map[string]string{"password": "error.password_email"}},
		} {
			_, err := a.CreateUser(ctx, tc.email, tc.name, tc.password, false)
			if furusato.ErrorCode(err) != furusato.EINVALID || !equalFields(furusato.ErrorFields(err), tc.want) {
				t.Errorf("CreateUser(%q, %q, %q) = %v %v; want EINVALID %v", tc.email, tc.name, tc.password, err, furusato.ErrorFields(err), tc.want)
			}
		}
		// 50 characters is still fine.
		if _, err := a.CreateUser(ctx, "long@example.jp", strings.Repeat("名", 50), "Hida2026Watercress", false); err != nil {
			t.Errorf("50-character name: %v", err)
		}
		if _, err := db.FindUserByEmail(ctx, "hanako@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("an invalid user was stored: %v", err)
		}
		if _, total, _ := db.FindAudit(ctx, furusato.AuditFilter{}); total != 1 {
			t.Errorf("%d audit entries, want only the valid user's", total)
		}
	})
}

func equalFields(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
