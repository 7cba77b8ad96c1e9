package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// TestFiltersPageJourney: on a phone (390×844), in Japanese and in
// English, the filter form on its own page (/projects/filters) used with
// clicks only (native <details>, labels, the submit button; no script):
// a prefecture, a theme and 「受付中のみ」 are chosen and sent; the list
// shows the right projects with a chip each; a chip removes its
// condition; the back button brings the condition back; the filter page
// opened from the list holds the list's conditions. axe-core on every page.
func TestFiltersPageJourney(t *testing.T) {
	s := startSite(t)
	gifu, _ := furusato.PrefectureBySlug("gifu")
	want, _, err := s.cat.FindProjects(context.Background(), furusato.ProjectFilter{
		Prefectures: []int{gifu.Code}, Themes: []string{"food"}, OpenOnly: true, Limit: perPage})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no open Gifu food project in the demo catalogue")
	}
	for _, w := range []struct {
		lang, bar string
		chips     []string
	}{
		{"ja", "絞り込み", []string{"岐阜県", "食・農", "エントリー受付中のものだけ"}},
		{"en", "Filters", []string{"Gifu", "Food & agriculture", "Only projects taking entries"}},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // its own browser: the language cookie is the browser's
			j := s.journey(t, testkit.NewBrowser(t))
			j.do(testkit.Phone())
			j.inLang(w.lang, "/projects")
			if !strings.HasPrefix(j.text(`a.filter-bar`), w.bar) {
				t.Errorf("filter bar %q", j.text(`a.filter-bar`))
			}
			j.follow(chromedp.Click(chromedp.CSS(`a.filter-bar`)))
			if u := j.url(); u.Path != "/projects/filters" || j.page().InnerWidth != 390 {
				t.Fatalf("filter bar led to %s (width %d)", u, j.page().InnerWidth)
			}
			j.do(chromedp.Click(chromedp.Search(`//details[.//input[@id="pref-gifu"]]/summary`)),
				chromedp.Click(chromedp.CSS(`label[for="pref-gifu"]`)),
				chromedp.Click(chromedp.CSS(`label[for="theme-food"]`)),
				chromedp.Click(chromedp.CSS(`label[for="open"]`)))
			for _, id := range []string{"#pref-gifu", "#theme-food", "#open"} {
				if !j.checked(id) {
					t.Fatalf("clicking the label of %s did not tick it", id)
				}
			}
			j.follow(chromedp.Click(chromedp.CSS(`#filters button[type="submit"]`)))
			filtered := j.url()
			if q := filtered.Query(); filtered.Path != "/projects" || q.Get("prefecture") != "gifu" || q.Get("theme") != "food" || q.Get("open") != "1" {
				t.Fatalf("the filter page sent to %s", filtered)
			}
			if got := hrefs(j.cards(`section.results`)); !slices.Equal(got, projectHrefs(want)) {
				t.Errorf("results %q, want %q", got, projectHrefs(want))
			}
			j.chipsAre(w.chips)

			// On in a new tab (each tab has testkit.TabTimeout), from the list.
			j = j.tab()
			j.do(testkit.Phone())
			j.open(filtered.RequestURI())

			// The prefecture's chip removes it, keeping the rest.
			j.follow(chromedp.Click(chromedp.CSS(`.filter-chips a.chip-remove`)))
			if q := j.url().Query(); q.Has("prefecture") || q.Get("theme") != "food" || q.Get("open") != "1" {
				t.Errorf("after removing the prefecture's chip: %s", j.url())
			}
			j.chipsAre(w.chips[1:])

			// Back: the prefecture again, chips and results as before.
			j.back()
			if u := j.url(); u.String() != filtered.String() {
				t.Errorf("back went to %s, want %s", u, filtered)
			}
			j.chipsAre(w.chips)
			if got := hrefs(j.cards(`section.results`)); !slices.Equal(got, projectHrefs(want)) {
				t.Errorf("results after back %q, want %q", got, projectHrefs(want))
			}

			// The filter page opened from the list holds its conditions,
			// and its way back leads to the same list. (A new tab: chromedp
			// loses track of a page restored from the back-forward cache.)
			j = j.tab()
			j.do(testkit.Phone())
			j.open(filtered.RequestURI())
			j.follow(chromedp.Click(chromedp.CSS(`a.filter-bar`)))
			if !j.checked("#pref-gifu") || !j.checked("#theme-food") || !j.checked("#open") || j.checked("#remote") {
				t.Errorf("the filter page lost the list's conditions: %s", j.url())
			}
			j.follow(chromedp.Click(chromedp.CSS(`main p.back a`)))
			if q := j.url().Query(); j.url().Path != "/projects" || q.Get("prefecture") != "gifu" || q.Get("theme") != "food" {
				t.Errorf("「back to the results」 led to %s", j.url())
			}
		})
	}
}

// chipsAre fails the journey's test unless the list's chips begin with want, in order.
func (j *journey) chipsAre(want []string) {
	j.t.Helper()
	got := evaluate[[]string](j, `Array.from(document.querySelectorAll('.filter-chips a.chip-remove'), a => a.textContent.trim())`)
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		j.t.Errorf("chips %q, want %q", got, want)
	}
}
