package web

import (
	"context"
	"net/url"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestAccountLanguage_SavedOnBothEnginesAndPagesFollow(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSiteOn(t, db)
		b := s.browser(t, s.server(t))
		b.signUpAndIn("lang@example.jp")
		res, body := b.get("/account")
		status(t, "account", res, body, 200)
		mustContain(t, "language select", body, `<label for="lang">メールの言語`, `<select id="lang" name="lang" aria-describedby="lang-hint">`,
			`<option value="ja" lang="ja" selected>日本語</option>`, `<option value="en" lang="en">English</option>`)

		res, body = b.post("/account/language", url.Values{"lang": {"fr"}})
		status(t, "unknown language", res, body, 400)
		mustContain(t, "unknown language", body, `<a href="#lang">日本語か英語を選んでください</a>`, `id="lang-error"`, `aria-invalid="true"`,
			`aria-describedby="lang-hint lang-error"`)

		res, body = b.post("/account/language", url.Values{"lang": {"en"}})
		redirected(t, "save", res, body, "/account")
		res, body = b.get("/account")
		status(t, "account in English", res, body, 200)
		mustContain(t, "account in English", body, `<html lang="en"`, "Your language has been saved.",
			`<option value="en" lang="en" selected>English</option>`)
		u, err := db.FindUserByEmail(context.Background(), "lang@example.jp")
		if err != nil || u.Lang != "en" {
			t.Fatalf("stored language %q, %v; want en", u.Lang, err)
		}
		// Another browser: signing in brings the person's language.
		other := s.browser(t, s.server(t))
		res, body = other.post("/account/signin", url.Values{"email": {"lang@example.jp"}, "password": {webPW}})
		redirected(t, "sign-in elsewhere", res, body, "/account")
		_, body = other.get("/account")
		mustContain(t, "account on another browser", body, `<html lang="en"`)
	})
}

func TestAccountLanguage_SignUpPageLanguageIsKept(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.get("/account/signup?lang=en")
	b.signUpAndIn("en-signup@example.jp")
	u, err := s.db.FindUserByEmail(context.Background(), "en-signup@example.jp")
	if err != nil || u.Lang != "en" {
		t.Fatalf("language %q, %v after signing up on an English page", u.Lang, err)
	}
}
