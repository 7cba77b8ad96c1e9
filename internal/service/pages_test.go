package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestPagesSave_AdminsOnlyVersionedAndAudited(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		admin := e.signUp("admin@example.jp", pw)
		part := e.signUp("part@example.jp", pw)
		cur, err := e.svc.Pages.Current(ctx, furusato.PageTerms)
		if err != nil {
			t.Fatal(err)
		}
		in := *cur
		in.Ja.Body = "新しい規約です。"
		_, err = e.svc.Pages.Save(ctx, e.actor(part.ID), furusato.PageTerms, cur.Version, in)
		wantCode(t, "participant", err, furusato.EFORBIDDEN)
		_, err = e.svc.Pages.Save(ctx, &furusato.Actor{}, furusato.PageTerms, cur.Version, in)
		wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)
		_, err = e.svc.Pages.Save(ctx, adminOf(e, admin.ID), "nowhere", 1, in)
		wantCode(t, "unknown page", err, furusato.ENOTFOUND)

		// Hostile text: a field error each, nothing written.
		for name, bad := range map[string]string{"invalid UTF-8": "a\xffb", "NUL": "a\x00b", "bidi override": "a\u202Eb", "10,000 characters": strings.Repeat("あ", 10000)} {
			h := in
			h.En.Body = bad
			_, err := e.svc.Pages.Save(ctx, adminOf(e, admin.ID), furusato.PageTerms, cur.Version, h)
			wantCode(t, name, err, furusato.EINVALID)
			if furusato.ErrorFields(err)["body_en"] == "" {
				t.Errorf("%s: fields %v", name, furusato.ErrorFields(err))
			}
		}
		p, err := e.svc.Pages.Save(ctx, adminOf(e, admin.ID), furusato.PageTerms, cur.Version, in)
		if err != nil || p.Version != cur.Version+1 {
			t.Fatalf("save = %+v, %v", p, err)
		}
		// A second tab that read the old version gets a conflict.
		_, err = e.svc.Pages.Save(ctx, adminOf(e, admin.ID), furusato.PageTerms, cur.Version, in)
		wantCode(t, "stale version", err, furusato.ECONFLICT)
		if e.audits("page.save") != 1 {
			t.Error("save not audited once")
		}
		// The participant agreed to version 1 at sign-up: now they are asked again.
		if v, err := e.svc.Pages.TermsToAgree(ctx, e.actor(part.ID)); err != nil || v != p.Version {
			t.Fatalf("TermsToAgree = %d, %v; want %d", v, err, p.Version)
		}
		wantCode(t, "agree to the old", e.svc.Pages.AgreeToTerms(ctx, e.actor(part.ID), cur.Version), furusato.ECONFLICT)
		if err := e.svc.Pages.AgreeToTerms(ctx, e.actor(part.ID), p.Version); err != nil {
			t.Fatal(err)
		}
		if v, _ := e.svc.Pages.TermsToAgree(ctx, e.actor(part.ID)); v != 0 {
			t.Errorf("asked again after agreeing: %d", v)
		}
		if _, err := e.svc.Pages.Versions(ctx, e.actor(part.ID), furusato.PageTerms); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("participant reads the history: %v", err)
		}
	})
}

func TestPagesSave_TwoConcurrentSavesFromOneVersionKeepOne(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		admin := adminOf(e, e.signUp("admin@example.jp", pw).ID)
		cur, _ := e.svc.Pages.Current(ctx, furusato.PageFAQ)
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				in := *cur
				in.Ja.Body = strings.Repeat("版", i+1)
				_, errs[i] = e.svc.Pages.Save(ctx, admin, furusato.PageFAQ, cur.Version, in)
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if furusato.ErrorCode(err) != furusato.ECONFLICT {
				t.Errorf("err = %v", err)
			}
		}
		vs, _ := db.PageVersions(ctx, furusato.PageFAQ, 10)
		if ok != 1 || len(vs) != 2 {
			t.Errorf("%d saves succeeded, %d versions; want 1 and 2", ok, len(vs))
		}
	})
}

// adminOf is the actor of user id with the admin flag.
func adminOf(e *authEnv, id int64) *furusato.Actor {
	a := e.actor(id)
	a.User.Admin = true
	return a
}

// An account that never agreed to any version (made on the command line,
// or before consent was recorded) is asked like one that agreed to an
// older version, and its choice is recorded.
func TestPagesTermsToAgree_NeverAgreedAccountIsAsked(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u, err := e.svc.Users.CreateUser(ctx, "cli@example.jp", "コマンド 作成", pw, false)
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := e.svc.Pages.Current(ctx, furusato.PageTerms)
		if v, err := e.svc.Pages.TermsToAgree(ctx, e.actor(u.ID)); err != nil || v != cur.Version {
			t.Fatalf("TermsToAgree = %d, %v; want %d", v, err, cur.Version)
		}
		if err := e.svc.Pages.AgreeToTerms(ctx, e.actor(u.ID), cur.Version); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.AgreedVersion(ctx, u.ID, furusato.PageTerms); v != cur.Version {
			t.Errorf("recorded version %d, want %d", v, cur.Version)
		}
		if v, _ := e.svc.Pages.TermsToAgree(ctx, e.actor(u.ID)); v != 0 {
			t.Errorf("asked again after agreeing: %d", v)
		}
	})
}
