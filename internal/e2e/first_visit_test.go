package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestFirstVisitOnPhone: a first-time visitor on a phone (390×844) goes
// from the top page to the list, opens a project, presses the entry
// button, signs up from there (agreeing to the terms), confirms the
// address with the link of the mail (read from the outbox), signs in and
// lands back on the project's entry form, and enters; in Japanese and in
// English, with axe-core on every page (journey.check).
func TestFirstVisitOnPhone(t *testing.T) {
	s, db := startAuthSite(t)
	for _, tc := range []struct {
		lang, email string
		motivation  string
		flashSent   string
	}{
		{"ja", "sakura@example.jp", "週末の時間で、地域の仕事に関わりたいと考えました。", "確認のメールを送りました。"},
		{"en", "sam@example.com", "I would like to spend my weekends helping a regional business.", "We sent you a confirmation email."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			parallel(t) // another person, in a browser of their own
			firstVisit(t, s, testkit.NewBrowser(t), db, tc.lang, tc.email, tc.motivation, tc.flashSent)
		})
	}
}

func firstVisit(t *testing.T, s *site, b *testkit.Browser, db *store.DB, lang, email, motivation, flashSent string) {
	const password = "kuresonn-no-sato-2026"
	j := s.journey(t, b)
	j.do(testkit.Phone())
	j.open("/?lang=" + lang) // the language switch link, as a visitor would press it
	if pg := j.page(); pg.Lang != lang || pg.InnerWidth != 390 {
		t.Fatalf("top page lang %q width %d", pg.Lang, pg.InnerWidth)
	}
	// The footer holds the trust pages.
	for _, slug := range furusato.PageSlugs {
		if n := evaluate[int](j, `document.querySelectorAll('footer a[href="/pages/`+string(slug)+`"]').length`); n != 1 {
			t.Errorf("footer links to /pages/%s %d times", slug, n)
		}
	}

	// Top → list → an open project.
	j.follow(chromedp.Click(chromedp.CSS(`main p.more a[href="/projects"]`)))
	href := evaluate[string](j, `(() => {
		for (const c of document.querySelectorAll('section.results article.card')) {
			if (!c.querySelector('.chip-closed, .closed')) { return c.querySelector('.card-title a').getAttribute('href'); }
		}
		return '';
	})()`)
	if !strings.HasPrefix(href, "/projects/") {
		t.Fatalf("no open project on the list: %q", href)
	}
	j.follow(chromedp.Click(chromedp.CSS(`section.results .card-title a[href="` + href + `"]`)))
	entry := href + "/entry"

	// Project → entry button → sign in (with next) → sign up (next kept).
	j.follow(chromedp.Click(chromedp.CSS(`main a[href="` + entry + `"]`)))
	if u := j.url(); u.Path != "/account/signin" || u.Query().Get("next") != entry {
		t.Fatalf("entry button led to %s", u)
	}
	j.follow(chromedp.Click(chromedp.CSS(`main a[href^="/account/signup?next="]`)))
	if u := j.url(); u.Path != "/account/signup" || u.Query().Get("next") != entry {
		t.Fatalf("sign-up link led to %s", u)
	}
	j.do(sendKeys(field("display_name"), "新井 さくら"),
		sendKeys(field("email"), email),
		sendKeys(field("password"), password))
	// Without the consent first: the form says why, keeping what was typed.
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if err != nil || res == nil || res.Status != 400 {
		t.Fatalf("sign-up without consent: %v, %+v", err, res)
	}
	j.b.CheckA11y(t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
	if got := j.attrs(`#agree`)["aria-invalid"]; got != "true" {
		t.Errorf("consent box aria-invalid = %q", got)
	}
	if v := j.value(field("email")); v != email {
		t.Errorf("email kept as %q", v)
	}
	j.do(sendKeys(field("password"), password), chromedp.Click(chromedp.CSS(`#agree`)))
	j.follow(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if u := j.url(); u.Path != "/account/signin" || u.Query().Get("next") != entry {
		t.Fatalf("after sign-up at %s", u)
	}
	if got := j.text(`.flash`); !strings.Contains(got, flashSent) {
		t.Errorf("flash after sign-up %q", got)
	}

	// The confirmation mail, from the outbox; its link carries next.
	m := lastMail(t, db, "verify_email", email)
	link := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/account/verify/[A-Za-z0-9_-]+\?next=[^\s"<>]+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no confirmation link with next in the mail:\n%s", m.Text)
	}
	j.open(link[len(s.URL):])
	if u := j.url(); u.Path != "/account/signin" || u.Query().Get("next") != entry {
		t.Fatalf("after the link at %s", u)
	}
	// Opened again (a second device, a mail scanner): confirmed, not an error.
	j.open(link[len(s.URL):])
	if got := j.text(`main p.intro`); got == "" || strings.Contains(got, "使えません") || strings.Contains(got, "does not work") {
		t.Errorf("link opened again says %q", got)
	}
	j.follow(chromedp.Click(chromedp.CSS(`main a[href^="/account/signin?next="]`)))

	// First sign-in: back on the project's entry form.
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), password))
	j.follow(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if u := j.url(); u.Path != entry {
		t.Fatalf("after the first sign-in at %s, want %s", u, entry)
	}
	if n := evaluate[int](j, `document.querySelectorAll('.verify-note').length`); n != 0 {
		t.Errorf("a confirmed person still sees %d banners", n)
	}

	// Enter: about you, time, check, send.
	j.do(sendKeys(textarea("motivation"), motivation), sendKeys(textarea("contribution"), "写真と文章で伝えることが得意です。"))
	j.follow(chromedp.Click(chromedp.CSS(`main form button[name="step"][value="2"], main form button.btn-primary`)))
	j.do(sendKeys(field("hours_per_week"), "10"))
	j.follow(chromedp.Click(chromedp.CSS(`main form button.btn-primary`)))
	j.follow(chromedp.Click(chromedp.CSS(`main form button.btn-primary`)))
	if u := j.url(); !strings.HasPrefix(u.Path, "/me/entries/") {
		t.Fatalf("after entering at %s: %s", u, j.text("main"))
	}
	u, err := db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	if es, err := db.FindUserEntries(context.Background(), u.ID); err != nil || len(es) != 1 || "/projects/"+es[0].Project.Slug != href {
		t.Fatalf("entries of the new person: %d, %v", len(es), err)
	}
	if v, _ := db.AgreedVersion(context.Background(), u.ID, furusato.PageTerms); v != 1 {
		t.Errorf("consent to the terms recorded as version %d", v)
	}

	// The receipt, in the person's language, with what comes next and the
	// one-click way to turn such mail off.
	receipt := map[string]string{"ja": "エントリーを受け付けました", "en": "We have received your entry"}[lang]
	m = lastMail(t, db, "notice", email)
	if !strings.Contains(m.Subject, receipt) || !strings.Contains(m.Text, "/mail/unsubscribe/") || m.ListUnsubscribe == "" {
		t.Errorf("receipt mail (%s): subject %q, unsubscribe %q\n%s", lang, m.Subject, m.ListUnsubscribe, m.Text)
	}
}
