package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// resendWords are the words the resend journey reads, per language.
type resendWords struct {
	lang, toResend, title, flashResent, flashResentIn, flashVerified, boxTitle, verifiedTitle string
}

var resendLangs = []resendWords{
	{"ja", "確認メールが届かない方", "確認メールをもう一度送る",
		"確認が済んでいないアカウントがあれば、確認メールを送りました。", "確認メールを送りました。メールのリンクを開いてください。",
		"メールアドレスを確認しました。", "メールアドレスの確認をお願いします", "メールアドレスは確認済みです"},
	{"en", "Did not get the confirmation email?", "Send the confirmation email again",
		"If an account with that address is not confirmed yet, we have sent it a confirmation email.", "We have sent you a confirmation email. Please open its link.",
		"Your email address is confirmed.", "Please confirm your email address", "Your email address is confirmed"},
}

// TestResendJourney: the confirmation mail sent again, by each of its
// three ways, in Japanese and in English, axe-core on every page. A
// visitor uses the sign-in page's link (typing the address; a double
// click sends no error), and the newest mail's link confirms the
// address. A signed-in person uses the banner's link, then My page's
// button, and the newest mail's link confirms the address: the banner and
// My page's box are gone.
func TestResendJourney(t *testing.T) {
	s := startSvcSite(t)
	for _, w := range resendLangs {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // other people, in a browser of their own
			b := testkit.NewBrowser(t)
			resendFromSignIn(t, s, b, w)
			resendSignedIn(t, s, b, w)
		})
	}
}

const resendPassword = "kuresonn-no-sato-2026"

// unconfirmed signs email up through the service: an account whose
// address is not confirmed, in lang.
func (s *svcSite) unconfirmed(t *testing.T, email, lang string) {
	t.Helper()
	if err := s.svc.Auth.SignUp(context.Background(), email, "未確認 さん", resendPassword, lang, "192.0.2.1"); err != nil {
		t.Fatalf("sign-up %s: %v", email, err)
	}
	if n := len(mails(t, s.db, "verify_email", email)); n != 1 {
		t.Fatalf("%d confirmation mails after sign-up, want 1", n)
	}
}

func resendFromSignIn(t *testing.T, s *svcSite, b *testkit.Browser, w resendWords) {
	email := "visitor." + w.lang + "@example.jp"
	s.unconfirmed(t, email, w.lang)
	j := s.journey(t, b)
	j.inLang(w.lang, "/account/signin")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="` + w.toResend + `"]`)))
	if u, h1 := j.url().Path, j.page().H1s; u != "/account/verify/resend" || len(h1) != 1 || h1[0] != w.title {
		t.Fatalf("the sign-in page's link led to %s, h1 %q", u, h1)
	}
	j.do(sendKeys(field("email"), email))
	// A double click: the first POST unseen, the second the page read.
	j.firstClick(`main form[action="/account/verify/resend"]`)
	j.follow(chromedp.Click(chromedp.CSS(`main form[action="/account/verify/resend"] button[type="submit"]`)))
	if u := j.url().Path; u != "/account/signin" {
		t.Fatalf("after resending at %s: %q", u, j.text("main"))
	}
	j.has("flash after resending", `[role="status"]`, w.flashResent)
	j = j.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	ms := mails(t, s.db, "verify_email", email)
	if len(ms) != 3 { // the sign-up's and one for each click, within the limit of 3 an hour
		t.Errorf("%d confirmation mails after a double click, want 3", len(ms))
	}
	j.open(s.linkIn(t, ms[0], "/account/verify/"))
	j.has("flash after the resent link", `[role="status"]`, w.flashVerified)
	if u, err := s.db.FindUserByEmail(context.Background(), email); err != nil || !u.Verified() {
		t.Errorf("after the resent link: verified %v, %v", u != nil && u.Verified(), err)
	}
}

func resendSignedIn(t *testing.T, s *svcSite, b *testkit.Browser, w resendWords) {
	email := "member." + w.lang + "@example.jp"
	s.unconfirmed(t, email, w.lang)
	j := s.journey(t, b)
	j.inLang(w.lang, "/account/signin")
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), resendPassword))
	j.follow(chromedp.Click(chromedp.CSS(`main form[action="/account/signin"] button[type="submit"]`)))

	// The banner's link: a page with only the button, naming the address.
	j = j.tab()
	j.open("/projects")
	j.follow(chromedp.Click(chromedp.CSS(`.verify-note a[href="/account/verify/resend"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != w.title {
		t.Fatalf("the banner's link led to %s, h1 %q", j.url(), h1)
	}
	j.has("resend page", "main", email)
	if n := evaluate[int](j, `document.querySelectorAll('main input[name="email"]').length`); n != 0 {
		t.Errorf("a signed-in person is asked for the address")
	}
	j.follow(chromedp.Click(chromedp.CSS(`main form[action="/account/verify/resend"] button[type="submit"]`)))
	if u := j.url().Path; u != "/me" {
		t.Errorf("after the banner's resend at %s", u)
	}
	j.has("flash after the banner's resend", `[role="status"]`, w.flashResentIn)

	// My page's box and its button.
	j = j.tab()
	j.open("/me")
	j.has("My page's box", `section[aria-labelledby="s-verify"]`, w.boxTitle)
	j.follow(chromedp.Click(chromedp.CSS(`section[aria-labelledby="s-verify"] button[type="submit"]`)))
	j.has("flash after My page's resend", `[role="status"]`, w.flashResentIn)
	ms := mails(t, s.db, "verify_email", email)
	if len(ms) != 3 {
		t.Fatalf("%d confirmation mails, want the sign-up's and two resent", len(ms))
	}

	// The newest mail's link confirms; the banner and the box are gone.
	link := s.linkIn(t, ms[0], "/account/verify/")
	j = j.tab()
	j.open(link)
	if u := j.url().Path; u != "/me" {
		t.Errorf("the link from My page's mail led to %s, want /me", u)
	}
	j.has("flash after the link", `[role="status"]`, w.flashVerified)
	if n := evaluate[int](j, `document.querySelectorAll('.verify-note, section[aria-labelledby="s-verify"]').length`); n != 0 {
		t.Errorf("a confirmed person still sees %d banners or boxes", n)
	}
	// The sign-up mail's link, opened afterwards, is no error: it says
	// the address is confirmed (as a page or as the flash).
	res := j.open(s.linkIn(t, ms[2], "/account/verify/"))
	if h1 := j.page().H1s; res.Status != 200 || (h1[0] != w.verifiedTitle && !strings.Contains(j.text(`[role="status"]`), w.flashVerified)) {
		t.Errorf("the sign-up mail's link afterwards: %d, h1 %q, %q", res.Status, h1, j.text("main"))
	}
}
