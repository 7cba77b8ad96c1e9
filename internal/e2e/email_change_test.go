package e2e

import (
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// TestEmailChangeJourney: a signed-in person asks to change their e-mail
// address on the account page, confirms the new address from the mail sent
// to it, and then signs in with the new address only. In Chromium, axe-core
// on every page.
func TestEmailChangeJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	const oldEmail, newEmail = "participant@demo.furusato.example", "new.participant@example.jp"

	j.open("/account/signin")
	j.signInAs(oldEmail, demo.Password)
	if u := j.url(); u.Path != "/account" {
		t.Fatalf("after sign-in at %s", u)
	}
	j.do(sendKeys(field("new_email"), newEmail), sendKeys(field("email_password"), demo.Password))
	j.follow(chromedp.Click(button("確認のメールを送る")))
	if got := j.text(`[role="status"]`); got != "新しいメールアドレスに確認のメールを送りました。メールのリンクを開くと変更が完了します。" {
		t.Errorf("flash %q", got)
	}
	// Nothing changes before the new address is confirmed.
	if facts := j.facts(`dl.account-facts`); facts["メールアドレス"] != oldEmail {
		t.Errorf("address changed before confirmation: %v", facts)
	}

	m := lastMail(t, db, "email_change", newEmail)
	link := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/account/verify/[A-Za-z0-9_-]+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no link in the mail:\n%s", m.Text)
	}
	j.open(link[len(s.URL):])
	if got := j.text(`[role="status"]`); got != "メールアドレスを変更しました。" {
		t.Errorf("flash after the link %q", got)
	}

	j.follow(chromedp.Click(chromedp.Search(`//header//button[normalize-space()="ログアウト"]`)))
	j.open("/account/signin")
	j.signInAs(newEmail, demo.Password)
	if u := j.url(); u.Path != "/account" {
		t.Fatalf("the new address did not sign in (at %s): %s", u, j.text(`.error-summary`))
	}
	if facts := j.facts(`dl.account-facts`); facts["メールアドレス"] != newEmail {
		t.Errorf("account shows %v, want %s", facts, newEmail)
	}
	if _, err := db.FindUserByEmail(context.Background(), oldEmail); err == nil {
		t.Error("the old address still names the account")
	}
}
