package e2e

import (
	"context"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// startAuthSite is startSite with the database at hand, to read the
// outbox as a mailbox.
func startAuthSite(t *testing.T) (*site, *store.DB) {
	t.Helper()
	parallel(t)
	db := demoDB(t, false)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc := newServices(t, db, base, nil)
	h, err := app.New(db, svc, app.Options{BaseURL: base, Demo: true, Version: "e2e"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{URL: base, cat: svc.Catalogue}, db
}

// field selects the input with the label text within main (the label also
// holds 「※必須」).
func field(id string) chromedp.Search {
	return chromedp.Search(`//main//input[@id="` + id + `"]`)
}

// TestAuthJourney: a person signs up, confirms the address with the link
// of the e-mail, signs in, sees their account page and signs out, in
// Chromium, with axe-core on every page.
func TestAuthJourney(t *testing.T) {
	s, db := startAuthSite(t)
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	const email, password = "hanako@example.jp", "kuresonn-no-sato-2026"

	j.open("/")
	j.follow(chromedp.Click(chromedp.Search(`//header//a[normalize-space()="新規登録"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "新規登録" {
		t.Fatalf("h1 = %q", h1)
	}
	j.do(sendKeys(field("display_name"), "山田 花子"),
		sendKeys(field("email"), "hanako@"),
		sendKeys(field("password"), password),
		chromedp.Click(field("agree"))) // 利用規約とプライバシーポリシーに同意します
	// A mistake first: the form comes back with the summary and what was typed.
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(button("登録する")))
	if err != nil || res == nil || res.Status != 400 {
		t.Fatalf("invalid sign-up: %v, %+v", err, res)
	}
	// Its own 400 is the one page error it may report; axe still runs.
	j.b.CheckA11y(t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
	if pg := j.page(); pg.Title != "エラー：新規登録 | "+siteName {
		t.Errorf("title %q", pg.Title)
	}
	if got := j.text(`.error-summary li`); got != "メールアドレスを、name@example.jp のような形で入力してください" {
		t.Errorf("summary %q", got)
	}
	if v := j.value(field("display_name")); v != "山田 花子" {
		t.Errorf("name kept as %q", v)
	}
	if v := j.value(field("password")); v != "" {
		t.Errorf("password given back: %q", v)
	}
	evaluate[bool](j, `(document.getElementById('email').value = '', true)`)
	j.do(sendKeys(field("email"), email),
		sendKeys(field("password"), password))
	j.follow(chromedp.Click(button("登録する")))
	if u := j.url(); u.Path != "/account/signin" {
		t.Fatalf("after sign-up at %s: %s; email %q", u, j.text(`.error-summary`), j.value(field("email")))
	}
	if got := j.text(`[role="status"]`); got != "確認のメールを送りました。メールに書かれたリンクを開いて、登録を完了してください。" {
		t.Errorf("flash %q", got)
	}

	// The verification e-mail, as the outbox holds it.
	ms, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{})
	if err != nil || len(ms) != 1 || ms[0].To != email || ms[0].Kind != "verify_email" {
		t.Fatalf("outbox %+v, %v: want one verify_email to %s", ms, err, email)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/account/verify/[A-Za-z0-9_-]+`).FindString(ms[0].Text)
	if link == "" {
		t.Fatalf("no link in the mail:\n%s", ms[0].Text)
	}
	j.open(link[len(s.URL):])
	if got := j.text(`[role="status"]`); got != "メールアドレスを確認しました。" {
		t.Errorf("flash after the link %q", got)
	}

	j.do(sendKeys(field("email"), email), sendKeys(field("password"), password))
	j.follow(chromedp.Click(button("ログインする")))
	if u := j.url(); u.Path != "/account" {
		t.Fatalf("after sign-in at %s", u)
	}
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "アカウント" {
		t.Errorf("h1 = %q", h1)
	}
	facts := j.facts(`dl.account-facts`)
	if facts["お名前"] != "山田 花子" || facts["メールアドレス"] != email || facts["メールアドレスの確認"] != "確認済み" {
		t.Errorf("account facts %v", facts)
	}
	if c := j.cookie("furusato_session"); c == nil || !c.HTTPOnly || c.SameSite != "Lax" {
		t.Errorf("session cookie %+v", c)
	}

	j.follow(chromedp.Click(chromedp.Search(`//header//button[normalize-space()="ログアウト"]`)))
	if u := j.url(); u.Path != "/" {
		t.Errorf("after sign-out at %s", u)
	}
	if got := j.text(`[role="status"]`); got != "ログアウトしました。" {
		t.Errorf("flash after sign-out %q", got)
	}
	if got := j.text(`header a[href="/account/signin"]`); got != "ログイン" {
		t.Errorf("header sign-in link %q", got)
	}
}
