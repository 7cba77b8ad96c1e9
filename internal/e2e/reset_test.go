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

// TestPasswordResetJourney: a person who forgot their password asks for a
// reset from the sign-in page, follows the link of the e-mail, sets a new
// password and signs in with it; the old one no longer works and the link
// works only once. In Chromium, axe-core on every page.
func TestPasswordResetJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	const email, newPassword = "participant@demo.furusato.example", "atarashii-kuresonn-2027"

	j.open("/account/signin")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[@href="/account/password/forgot"]`)))
	j.do(sendKeys(field("email"), email))
	j.follow(chromedp.Click(button("再設定のメールを送る")))
	if u := j.url(); u.Path != "/account/signin" {
		t.Fatalf("after asking for a reset at %s", u)
	}

	m := lastMail(t, db, "reset_password", email)
	link := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/account/password/reset/[A-Za-z0-9_-]+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no reset link in the mail:\n%s", m.Text)
	}
	j.open(link[len(s.URL):])
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "新しいパスワードの設定" {
		t.Fatalf("h1 = %q", h1)
	}
	j.do(sendKeys(field("password"), newPassword))
	j.follow(chromedp.Click(button("パスワードを設定する")))
	if u := j.url(); u.Path != "/account/signin" && u.Path != "/account" {
		t.Fatalf("after setting the password at %s: %s", u, j.text(`.error-summary`))
	}

	// The old password is refused, the new one signs in.
	if j.url().Path != "/account/signin" {
		j.open("/account/signin")
	}
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), demo.Password))
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(button("ログインする")))
	if err != nil || res == nil || res.Status != 401 {
		t.Fatalf("sign-in with the old password: %v, %+v; want 401", err, res)
	}
	// Its own 401 is the one page error it may report; axe still runs.
	j.b.CheckA11y(t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
	if u := j.url(); u.Path != "/account/signin" {
		t.Fatalf("the old password signed in (at %s)", u)
	}
	j.open("/account/signin")
	j.signInAs(email, newPassword)
	if u := j.url(); u.Path != "/account" {
		t.Fatalf("the new password did not sign in (at %s): %s", u, j.text(`.error-summary`))
	}

	// The link was single-use.
	j.follow(chromedp.Click(chromedp.Search(`//header//button[normalize-space()="ログアウト"]`)))
	j.open(link[len(s.URL):])
	if h1 := j.page().H1s; len(h1) == 1 && h1[0] == "新しいパスワードの設定" {
		t.Error("the reset link worked twice")
	}
}
