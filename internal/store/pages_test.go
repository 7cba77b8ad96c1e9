package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestPages_DefaultsAreSeededInBothLanguages(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, slug := range furusato.PageSlugs {
			p, err := db.CurrentPage(ctx, slug)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			if p.Version != 1 || p.AuthorID != 0 || p.Ja.Title == "" || p.En.Title == "" || p.Ja.Body == "" || p.En.Body == "" {
				t.Errorf("%s = %+v", slug, p)
			}
			if err := p.Validate(); err != nil { // the seeded text must be one an admin could save
				t.Errorf("%s: seeded text invalid: %v", slug, err)
			}
		}
		faq, _ := db.CurrentPage(ctx, furusato.PageFAQ)
		for _, want := range []string{"副業", "確定申告", "秘密保持", "交通費"} {
			if !strings.Contains(faq.Ja.Body, want) {
				t.Errorf("FAQ lacks %s", want)
			}
		}
	})
}

func TestPages_NewVersionAndConflictOnTheSameVersion(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v1, err := db.CurrentPage(ctx, furusato.PageTerms)
		if err != nil {
			t.Fatal(err)
		}
		save := func(body string) error {
			return db.Tx(ctx, func(tx *store.Tx) error {
				p := *v1
				p.Version, p.Ja.Body, p.AuthorID = v1.Version+1, body, 7
				return tx.CreatePage(ctx, &p, now)
			})
		}
		if err := save("一つ目の保存"); err != nil {
			t.Fatal(err)
		}
		if err := save("二つ目の保存"); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("second save from the same version: %v, want ECONFLICT", err)
		}
		cur, _ := db.CurrentPage(ctx, furusato.PageTerms)
		if cur.Version != 2 || cur.Ja.Body != "一つ目の保存" || cur.AuthorID != 7 || !cur.CreatedAt.Equal(now) {
			t.Errorf("current = %+v", cur)
		}
		old, err := db.FindPage(ctx, furusato.PageTerms, 1)
		if err != nil || old.Ja.Body != v1.Ja.Body {
			t.Errorf("version 1 was not kept: %v", err)
		}
		vs, err := db.PageVersions(ctx, furusato.PageTerms, 10)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Errorf("versions = %d, %v", len(vs), err)
		}
		if _, err := db.FindPage(ctx, furusato.PageTerms, 9); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing version: %v", err)
		}
	})
}

func TestConsents_RecordedOncePerVersion(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := &furusato.User{Email: "consent@example.jp", DisplayName: "同意"}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, u, "x", now); err != nil {
				return err
			}
			if err := tx.RecordConsent(ctx, u.ID, furusato.PageTerms, 1, now); err != nil {
				return err
			}
			if err := tx.RecordConsent(ctx, u.ID, furusato.PageTerms, 1, now.Add(time.Hour)); err != nil {
				return err
			}
			return tx.RecordConsent(ctx, u.ID, furusato.PageTerms, 3, now.Add(2*time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.AgreedVersion(ctx, u.ID, furusato.PageTerms); err != nil || v != 3 {
			t.Errorf("agreed = %d, %v; want 3", v, err)
		}
		if v, _ := db.AgreedVersion(ctx, u.ID, furusato.PagePrivacy); v != 0 {
			t.Errorf("privacy agreed = %d, want 0", v)
		}
		cs, err := db.FindConsents(ctx, u.ID)
		if err != nil || len(cs) != 2 || cs[0].Version != 1 || !cs[0].AgreedAt.Equal(now) {
			t.Errorf("consents = %+v, %v", cs, err)
		}
	})
}

// The demo's accounts are seeded as having agreed to the current terms:
// every account of the domain that agreed to none gets a consent, the
// others (another domain, or one that agreed already) are left alone.
func TestConsents_RecordedForUnagreedAccountsOfADomain(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users := map[string]*furusato.User{}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, e := range []string{"a@demo.example", "b@demo.example", "old@demo.example", "x@other.example", "a@demo.example.jp"} {
				u := &furusato.User{Email: e, DisplayName: e}
				if err := tx.CreateUser(ctx, u, "x", now); err != nil {
					return err
				}
				users[e] = u
			}
			return tx.RecordConsent(ctx, users["old@demo.example"].ID, furusato.PageTerms, 1, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		record := func() (n int64, err error) {
			err = db.Tx(ctx, func(tx *store.Tx) error {
				n, err = tx.RecordConsentOfUnagreed(ctx, "@demo.example", furusato.PageTerms, 2, now)
				return err
			})
			return n, err
		}
		n, err := record()
		if err != nil || n != 2 {
			t.Fatalf("recorded %d, %v; want 2", n, err)
		}
		for e, want := range map[string]int{"a@demo.example": 2, "b@demo.example": 2, "old@demo.example": 1, "x@other.example": 0, "a@demo.example.jp": 0} {
			if v, _ := db.AgreedVersion(ctx, users[e].ID, furusato.PageTerms); v != want {
				t.Errorf("%s agreed %d, want %d", e, v, want)
			}
		}
		if n, err := record(); err != nil || n != 0 {
			t.Errorf("again: %d, %v; want 0", n, err)
		}
	})
}

func TestFindToken_FindsAUsedToken(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := &furusato.User{Email: "token@example.jp", DisplayName: "トークン"}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, u, "x", now); err != nil {
				return err
			}
			if err := tx.CreateToken(ctx, &store.Token{Hash: "h1", Purpose: store.TokenVerifyEmail, UserID: u.ID, ExpiresAt: now.Add(time.Hour)}, now); err != nil {
				return err
			}
			_, err := tx.UseToken(ctx, "h1", store.TokenVerifyEmail, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		tk, err := db.FindToken(ctx, "h1", store.TokenVerifyEmail)
		if err != nil || tk.UserID != u.ID || tk.UsedAt.IsZero() {
			t.Errorf("token = %+v, %v", tk, err)
		}
		if _, err := db.FindToken(ctx, "h1", store.TokenResetPassword); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("other purpose: %v", err)
		}
	})
}
