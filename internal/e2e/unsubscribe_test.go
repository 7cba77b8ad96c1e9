package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// person signs email up and confirms it through the services, in lang:
// a member who gets notice mail. It returns their roles.
func (s *svcSite) person(t *testing.T, email, lang string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	s.unconfirmed(t, email, lang)
	link := s.linkIn(t, mails(t, s.db, "verify_email", email)[0], "/account/verify/")
	token, _, _ := strings.Cut(strings.TrimPrefix(link, "/account/verify/"), "?")
	if _, err := s.svc.Auth.VerifyEmail(ctx, token, "192.0.2.1"); err != nil {
		t.Fatalf("confirming %s: %v", email, err)
	}
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.svc.Auth.Actor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// emailed reports whether a's notices of kind come by e-mail.
func (s *svcSite) emailed(t *testing.T, a *furusato.Actor, kind furusato.NoticeKind) bool {
	t.Helper()
	prefs, err := s.svc.Notifier.Prefs(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range prefs {
		if p.Kind == kind {
			return p.Email
		}
	}
	t.Fatalf("no preference for %s in %+v", kind, prefs)
	return false
}

// TestUnsubscribeJourney: the one-click link of a notice mail (an entry's
// receipt), opened without signing in, in the person's language (Japanese
// and English): the page asks, its button (clicked twice) stops that
// kind's mail and says so; the preference is off, as the signed-in
// settings page shows; and the link opened again says it is done,
// without a button. axe-core on every page.
func TestUnsubscribeJourney(t *testing.T) {
	s := startSvcSite(t)
	for _, w := range []struct{ lang, title, kind, doneTitle, done, prefs string }{
		{"ja", "お知らせメールの停止", "エントリーの受付（受付完了のお知らせ）", "お知らせメールを停止しました",
			"今後メールでお送りしません", "通知の設定を開く"},
		{"en", "Stop notification e-mails", "Receipts for your entries", "Notification e-mails stopped",
			"We will no longer e-mail you", "Open notification settings"},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // another person, in a browser of their own
			b := testkit.NewBrowser(t)
			email := "unsub." + w.lang + "@example.jp"
			a := s.person(t, email, w.lang)
			p := freshGifuProject(t, s.db)
			if _, err := s.svc.Entries.Submit(context.Background(), a, p.ID, furusato.Entry{
				Motivation: "週末に地域の仕事に関わりたいと考えました。", Contribution: "文章を書くことです。", HoursPerWeek: 5}); err != nil {
				t.Fatalf("entry: %v", err)
			}
			m := lastMail(t, s.db, "notice", email)
			link := s.linkIn(t, m.Text, service.UnsubscribePath)
			if !s.emailed(t, a, furusato.NoticeEntryReceived) {
				t.Fatalf("receipts are not e-mailed before the link")
			}

			// The link, as a mail client opens it: no session, no language cookie.
			j := s.journey(t, b)
			j.open(link)
			if pg := j.page(); pg.Lang != w.lang || len(pg.H1s) != 1 || pg.H1s[0] != w.title {
				t.Errorf("unsubscribe page lang %q h1 %q", pg.Lang, pg.H1s)
			}
			j.has("what it stops", "main", w.kind)
			if !s.emailed(t, a, furusato.NoticeEntryReceived) {
				t.Errorf("opening the page (GET) stopped the mail")
			}
			form := `main form[action="` + link + `"]`
			j.firstClick(form)
			j.follow(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
			if h1 := j.page().H1s; len(h1) != 1 || h1[0] != w.doneTitle {
				t.Errorf("after the button h1 %q, want %q", h1, w.doneTitle)
			}
			j.has("done page", "main", w.done)
			if s.emailed(t, a, furusato.NoticeEntryReceived) {
				t.Errorf("receipts are still e-mailed after the button")
			}

			// The settings page, signed in, shows it off, the others on.
			j = j.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
			j.open(link)
			j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="` + w.prefs + `"]`)))
			if u := j.url().Path; u != "/account/signin" {
				t.Fatalf("the settings link led a visitor to %s", u)
			}
			j.do(sendKeys(field("email"), email), sendKeys(field("password"), resendPassword))
			j.follow(chromedp.Click(chromedp.CSS(`main form[action="/account/signin"] button[type="submit"]`)))
			j.open("/account/notifications")
			type box struct {
				Value   string
				Checked bool
			}
			boxes := evaluate[[]box](j, `Array.from(document.querySelectorAll('main input[type="checkbox"][name="email"]'), e => ({value: e.value, checked: e.checked}))`)
			on := 0
			for _, bx := range boxes {
				if bx.Value == string(furusato.NoticeEntryReceived) && bx.Checked {
					t.Errorf("the settings page shows receipts still e-mailed")
				}
				if bx.Checked {
					on++
				}
			}
			if len(boxes) < 2 || on != len(boxes)-1 {
				t.Errorf("settings: %d of %d kinds e-mailed, want all but the receipts: %+v", on, len(boxes), boxes)
			}

			// The link again (a second look, a mail scanner): it says it is done.
			j = s.journey(t, b)
			j.open(link)
			if h1 := j.page().H1s; len(h1) != 1 || h1[0] != w.doneTitle {
				t.Errorf("the link opened again: h1 %q, want %q", h1, w.doneTitle)
			}
			if n := evaluate[int](j, `document.querySelectorAll('main form button').length`); n != 0 {
				t.Errorf("the link opened again still offers %d buttons", n)
			}
		})
	}
}
