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

// TestSitePagesAdminJourney: an admin edits the terms in two tabs; the
// first save makes version 2, the second tab gets the conflict page with
// both texts, saves knowingly, and the public page shows the new text;
// a participant who agreed before is asked to agree again. axe-core on
// every page.
func TestSitePagesAdminJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	const reader, password = "reader@example.jp", "kuresonn-no-sato-2026"
	// A participant agrees to version 1 at sign-up (through the page, with the box).
	p := s.journey(t, b)
	p.open("/account/signup")
	p.do(sendKeys(field("display_name"), "規約 読子"), sendKeys(field("email"), reader),
		sendKeys(field("password"), password), chromedp.Click(field("agree")))
	p.follow(chromedp.Click(button("登録する")))

	one := s.journey(t, b) // a first visit: the cookies of p are gone
	one.open("/account/signin?next=%2Fadmin")
	one.signInAs("admin@demo.furusato.example", demo.Password)
	one.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="サイトのページ"]`)))
	one.follow(chromedp.Click(chromedp.CSS(`main a[href="/admin/pages/terms"]`)))
	// A second tab of the same browser, signed in as the same admin.
	two := &journey{t: t, b: b, s: s, ctx: b.NewTab(t)}
	two.open("/admin/pages/terms")
	edit := func(j *journey, text string) {
		evaluate[bool](j, `(document.getElementById('body_ja').value = '', true)`)
		j.do(sendKeys(textarea("body_ja"), text))
	}
	edit(one, "一つ目のタブで書いた規約です。")
	one.follow(chromedp.Click(button("新しい版として保存する")))
	if got := one.text(`.flash [role="status"]`); got != "新しい版を保存しました。" {
		t.Errorf("flash %q", got)
	}
	// The flash is present at page load, where a live region is not read:
	// focus lands on it, and it is read with its hidden 「お知らせ：」.
	if id := evaluate[string](one, `document.activeElement ? document.activeElement.id : ''`); id != "flash" {
		t.Errorf("focus on %q after saving, want the flash", id)
	}
	if got := one.text(`.flash`); got != "お知らせ：新しい版を保存しました。" {
		t.Errorf("flash read as %q", got)
	}
	edit(two, "二つ目のタブで書いた規約です。")
	res, err := chromedp.RunResponse(two.ctx, chromedp.Click(button("新しい版として保存する")))
	if err != nil || res == nil || res.Status != 409 {
		t.Fatalf("second tab: %v, %+v", err, res)
	}
	two.b.CheckA11y(t, two.ctx)
	two.seen = len(testkit.PageErrors(two.ctx))
	if got := two.text(`#conflict`); !strings.Contains(got, "一つ目のタブで書いた規約です。") {
		t.Errorf("conflict section %q", got)
	}
	if got := two.value(textarea("body_ja")); got != "二つ目のタブで書いた規約です。" {
		t.Errorf("typed text kept as %q", got)
	}
	two.follow(chromedp.Click(button("新しい版として保存する")))
	two.open("/pages/terms")
	if got := two.text("main"); !strings.Contains(got, "二つ目のタブで書いた規約です。") {
		t.Errorf("public terms %q", got)
	}

	// The participant is asked to agree to the new terms, and agrees.
	p = s.journey(t, b)
	p.open("/account/signin")
	p.signInAs(reader, password)
	p.open("/me")
	p.follow(chromedp.Click(chromedp.CSS(`header a[href="/account/terms"]`)))
	if got := p.text("main"); !strings.Contains(got, "二つ目のタブで書いた規約です。") {
		t.Errorf("terms to agree %q", got)
	}
	p.follow(chromedp.Click(button("同意する")))
	if n := evaluate[int](p, `document.querySelectorAll('a[href="/account/terms"]').length`); n != 0 {
		t.Errorf("still asked after agreeing (%d links)", n)
	}
}
