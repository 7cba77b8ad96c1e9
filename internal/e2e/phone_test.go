package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// box is an element's place on the screen (getBoundingClientRect).
type box struct {
	Top, Bottom, Left, Right, Width, Height float64
	Text                                    string
}

// boxes returns the boxes of the visible elements matching the CSS selector sel.
func (j *journey) boxes(sel string) []box {
	j.t.Helper()
	return evaluate[[]box](j, fmt.Sprintf(`Array.from(document.querySelectorAll(%s))
		.filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
		.map(e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
			width: r.width, height: r.height, text: e.textContent.replace(/\s+/g, ' ').trim().slice(0, 40)}; })`, jsString(sel)))
}

// one is the box of the first visible element matching sel; the test stops without one.
func (j *journey) one(sel string) box {
	j.t.Helper()
	bs := j.boxes(sel)
	if len(bs) == 0 {
		j.t.Fatalf("%s: no visible %s", j.url(), sel)
	}
	return bs[0]
}

// headerRows counts the rows the header's logo and links sit on.
func (j *journey) headerRows() int {
	j.t.Helper()
	var tops []float64
	for _, b := range j.boxes(`.header-row .logo, .header-row li`) {
		seen := false
		for _, t := range tops {
			if b.Top < t+b.Height/2 && b.Top > t-b.Height/2 {
				seen = true
			}
		}
		if !seen {
			tops = append(tops, b.Top)
		}
	}
	return len(tops)
}

// smallTargets lists the visible controls under 44×44 px, links inside a
// sentence excepted (WCAG 2.5.5 exempts inline targets).
func (j *journey) smallTargets() []string {
	j.t.Helper()
	return evaluate[[]string](j, `Array.from(document.querySelectorAll('a[href], button, summary, select, input:not([type=hidden])'))
		.filter(e => e.getClientRects().length > 0 && !e.closest('.vh, .skip, .card-title'))
		.filter(e => !(e.tagName === 'A' && e.parentElement.matches('p, dd, li.notice-text') && e.parentElement.textContent.trim() !== e.textContent.trim()))
		.filter(e => !(e.matches('input[type=checkbox], input[type=radio]') && e.closest('li')?.getBoundingClientRect().height >= 44))
		.map(e => [e, e.getBoundingClientRect()])
		.filter(([e, r]) => r.height < 44 || r.width < 44)
		.map(([e, r]) => e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + Math.round(r.width) + '×' + Math.round(r.height))`)
}

// TestPhoneJourney is issue 11 item 3, measured in Chromium at 390×844 in
// Japanese and in English, and at 1280×800: the first result card within
// the first screen, the conditions and count under the heading, the entry
// buttons before the prose, a header of at most two rows, definition lists
// stacked, touch targets of 44 px. axe-core checks every page on the way.
func TestPhoneJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	langs := []struct {
		code, enter, favourite, chip string
	}{
		{"ja", "このプロジェクトにエントリーする", "気になる", "岐阜県"},
		{"en", "Enter this project", "save this project", "Gifu"},
	}
	for _, lang := range langs {
		t.Run("Phone_"+lang.code, func(t *testing.T) {
			j := s.journey(t, b)
			j.do(testkit.Phone())
			j.open("/?lang=" + lang.code)
			if pg := j.page(); pg.Lang != lang.code || pg.InnerWidth != 390 {
				t.Fatalf("page in %q at %dpx, want %s at 390", pg.Lang, pg.InnerWidth, lang.code)
			}
			screen := evaluate[float64](j, `window.innerHeight`)
			if n := j.headerRows(); n > 2 {
				t.Errorf("home: the header takes %d rows, want at most 2", n)
			}

			// The list: heading, count and sort, conditions, then the first card on the first screen.
			j.open("/projects?prefecture=gifu&theme=food&remote=1")
			h1, card := j.one(`h1`), j.one(`section.results article.card`)
			if card.Top >= screen-48 { // the filter bar covers the bottom 48px
				t.Errorf("first card starts at %.0fpx, below the first screen (%.0fpx)", card.Top, screen)
			}
			count, sorts := j.one(`.list-head .result-count`), j.one(`.list-head .sort-links`)
			chips := j.boxes(`.filter-chips .chip-remove`)
			if len(chips) != 3 || !strings.HasPrefix(chips[0].Text, lang.chip) {
				t.Errorf("chips %+v, want 3, the first %s", chips, lang.chip)
			}
			for name, b := range map[string]box{"count": count, "sort": sorts, "chips": chips[0]} {
				if b.Top < h1.Bottom || b.Bottom > card.Top {
					t.Errorf("%s at %.0f–%.0fpx, want between the h1 (%.0f) and the first card (%.0f)", name, b.Top, b.Bottom, h1.Bottom, card.Top)
				}
			}
			if bs := j.boxes(`.list-layout > .filters`); len(bs) != 0 {
				t.Errorf("the filter form is on the phone's list page: %+v", bs)
			}
			if small := j.smallTargets(); len(small) > 0 {
				t.Errorf("list: targets under 44px: %q", small)
			}
			// A chip removes its condition.
			j.follow(chromedp.Click(chromedp.CSS(`.filter-chips .chip-remove`)))
			if q := j.url().Query(); q.Has("prefecture") || q.Get("theme") != "food" || q.Get("remote") != "1" {
				t.Errorf("after removing the first chip: %s", j.url())
			}
			// The filter bar opens the form on its own page, which sends back to the list.
			j.follow(chromedp.Click(chromedp.CSS(`a.filter-bar`)))
			if p := j.url().Path; p != "/projects/filters" {
				t.Fatalf("filter bar led to %s", j.url())
			}
			if small := j.smallTargets(); len(small) > 0 {
				t.Errorf("filter page: targets under 44px: %q", small)
			}
			j.follow(chromedp.Click(chromedp.CSS(`#filters button[type=submit]`)))
			if q := j.url().Query(); j.url().Path != "/projects" || q.Get("theme") != "food" {
				t.Errorf("the filter page sent to %s", j.url())
			}

			// The project page: both buttons before the prose, on the first screen.
			j.open("/projects/" + watercressSlug)
			enter, prose := j.one(`.entry-quick .btn-primary`), j.one(`#s-background`)
			fav := j.one(`.entry-quick .btn-secondary`)
			if enter.Text != lang.enter || !strings.Contains(strings.ToLower(fav.Text), strings.ToLower(lang.favourite)) {
				t.Errorf("call to action %q and %q", enter.Text, fav.Text)
			}
			for _, b := range []box{enter, fav} {
				if b.Bottom > screen || b.Top > prose.Top {
					t.Errorf("%q at %.0f–%.0fpx: want it on the first screen (%.0f) and before the prose (%.0f)", b.Text, b.Top, b.Bottom, screen, prose.Top)
				}
			}
			if small := j.smallTargets(); len(small) > 0 {
				t.Errorf("project: targets under 44px: %q", small)
			}
			// 募集の条件 stacks: each answer under its label, as wide as the page.
			dts, dds := j.boxes(`#s-terms + dl dt, .terms dt`), j.boxes(`.terms dd`)
			if len(dts) == 0 || len(dts) != len(dds) {
				t.Fatalf("terms: %d labels, %d answers", len(dts), len(dds))
			}
			for i := range dts {
				if dds[i].Left != dts[i].Left || dds[i].Top < dts[i].Bottom-1 || dds[i].Width < 300 {
					t.Errorf("terms: %q (%.0f,%.0f w%.0f) not stacked under %q (%.0f,%.0f)", dds[i].Text, dds[i].Left, dds[i].Top, dds[i].Width, dts[i].Text, dts[i].Left, dts[i].Bottom)
				}
			}

			// Signed in, the header still takes two rows, with 通知 and マイページ on it.
			j.open("/account/signin")
			j.do(sendKeys(field("email"), "participant@demo.furusato.example"), sendKeys(field("password"), demo.Password))
			j.follow(chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
			j.open("/projects")
			if n := j.headerRows(); n > 2 {
				t.Errorf("signed in: the header takes %d rows, want at most 2", n)
			}
			for _, sel := range []string{`header a[href="/notifications"]`, `header a[href="/me"]`, `header a[href="#site-menu"]`} {
				if b := j.one(sel); b.Bottom > 200 {
					t.Errorf("%s at %.0fpx", sel, b.Bottom)
				}
			}
			if small := j.smallTargets(); len(small) > 0 {
				t.Errorf("signed in: targets under 44px: %q", small)
			}
			// 「メニュー」 leads to the rest: the account and signing out.
			j.do(chromedp.Click(chromedp.CSS(`header a[href="#site-menu"]`)))
			if b := j.one(`#site-menu button`); b.Top < 0 || b.Bottom > screen {
				t.Errorf("the menu's sign-out button is off screen after 「メニュー」: %.0f–%.0f", b.Top, b.Bottom)
			}
		})
	}

	t.Run("Desktop", func(t *testing.T) {
		j := s.journey(t, b)
		j.do(chromedp.EmulateViewport(1280, 800))
		j.open("/projects?prefecture=gifu")
		if n := j.headerRows(); n != 1 {
			t.Errorf("desktop header takes %d rows, want 1", n)
		}
		filters, card := j.one(`.list-layout > .filters`), j.one(`section.results article.card`)
		if filters.Right > card.Left || filters.Top > card.Top+1 || card.Top > 800 {
			t.Errorf("filters %+v and first card %+v: want the form left of the cards, both on the first screen", filters, card)
		}
		if bs := j.boxes(`a.filter-bar`); len(bs) != 0 {
			t.Errorf("the phone's filter bar shows on the desktop")
		}
		j.open("/projects/" + watercressSlug)
		if enter := j.one(`.entry-quick .btn-primary`); enter.Bottom > 800 {
			t.Errorf("entry button at %.0fpx on the desktop", enter.Bottom)
		}
		dt, dd := j.one(`.terms dt`), j.one(`.terms dd`)
		if dd.Left <= dt.Right || dd.Top > dt.Top+1 {
			t.Errorf("desktop terms: answer %+v not beside its label %+v", dd, dt)
		}
	})
}
