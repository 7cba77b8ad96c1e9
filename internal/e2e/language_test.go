package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// TestLanguageSettingJourney: a signed-in person chooses English for their
// mail on the account page; the page answers in English, the choice is
// kept, and the next account mail (an e-mail change) comes in English. In
// Chromium, axe-core on every page.
func TestLanguageSettingJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	const email = "participant@demo.furusato.example"

	j.open("/account/signin")
	j.signInAs(email, demo.Password)
	if got := j.value(chromedp.Search(`//select[@id="lang"]`)); got != "ja" {
		t.Fatalf("language select shows %q, want ja for an account without a setting", got)
	}
	j.do(chromedp.SetValue(chromedp.Search(`//select[@id="lang"]`), "en"))
	j.follow(chromedp.Click(button("言語を保存する")))
	if got := j.text(`[role="status"]`); got != "Your language has been saved." {
		t.Errorf("flash %q", got)
	}
	if got := evaluate[string](j, `document.documentElement.lang`); got != "en" {
		t.Errorf("page language %q after choosing English", got)
	}
	if got := j.value(chromedp.Search(`//select[@id="lang"]`)); got != "en" {
		t.Errorf("language select shows %q after saving English", got)
	}
	u, err := db.FindUserByEmail(context.Background(), email)
	if err != nil || u.Lang != "en" {
		t.Fatalf("stored language %q, %v", u.Lang, err)
	}

	j.do(sendKeys(field("new_email"), "english.reader@example.jp"), sendKeys(field("email_password"), demo.Password))
	j.follow(chromedp.Click(button("Send confirmation email")))
	m := lastMail(t, db, "email_change", "english.reader@example.jp")
	if !strings.HasPrefix(m.Subject, "[Furusato Side Jobs]") {
		t.Errorf("mail to an English reader: %q", m.Subject)
	}
}
