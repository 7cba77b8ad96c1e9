package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// listTemplates are the list page's content, its partials, the card and
// the checkboxes as templates (testdata/list.tmpl, card.tmpl and
// checkboxes.tmpl: what list.html and the partials held), with the site's
// own t and num.
var listTemplates = sync.OnceValues(func() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		"t":   func(l *ui.Locale, id string, args ...any) string { return l.T(id, args...) },
		"num": ui.Num,
	}).ParseFiles("testdata/list.tmpl", "testdata/card.tmpl", "testdata/checkboxes.tmpl")
})

// listChecked counts the pages checkListMarkup compared.
var listChecked atomic.Int64

// checkListMarkup compares the markup written in Go of page's data (a list
// page's content, the filter page's form, a pager, a range line) with what
// the reference templates write (and the top page's cards); TestMain has every page the package's
// tests render go through it.
func checkListMarkup(page string, data any) error {
	tm, err := listTemplates()
	if err != nil {
		return err
	}
	same := func(what string, got template.HTML, name string, v any) error {
		var want bytes.Buffer
		if err := tm.ExecuteTemplate(&want, name, v); err != nil {
			return err
		}
		if string(got) != want.String() {
			g, w := string(got), want.String()
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-200)
			return fmt.Errorf("%s: the Go markup differs from the template's at byte %d:\n got …%q\nwant …%q",
				what, i, g[lo:min(len(g), i+200)], w[lo:min(len(w), i+200)])
		}
		listChecked.Add(1)
		return nil
	}
	switch p := data.(type) {
	case listPage:
		return same(page, p.Body(), "content", p)
	case filterPage:
		return same(page, p.Filters.HTML(), "filters", p.Filters)
	case homePage:
		if err := same(page+" newest", p.Newest.HTML(), "cards", []projectCard(p.Newest)); err != nil {
			return err
		}
		return same(page+" closing soon", p.ClosingSoon.HTML(), "cards", []projectCard(p.ClosingSoon))
	case notificationsPage:
		if err := same(page+" range", p.Range.HTML(), "range", p.Range); err != nil {
			return err
		}
		return same(page+" pager", p.Pager.HTML(), "pager", p.Pager)
	}
	return nil
}

// listLangs are the request headers of each language.
var listLangs = [][]string{{"Accept-Language", "ja"}, {"Accept-Language", "en"}}

// TestListPageHTML_IsTheTemplatesMarkup: the list pages written in Go are,
// byte for byte, what html/template wrote from the former templates, for
// the search page with every filter, sort, keyword (found, not found,
// ignored, hostile), page (first, middle, last, past the end, per page)
// and for every region, area, theme and organisation page, in both
// languages; and the top page's cards.
func TestListPageHTML_IsTheTemplatesMarkup(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	if err := demo.Generate(ctx, s.db, 60, testNow); err != nil {
		t.Fatal(err)
	}
	var paths []string
	add := func(path string, v url.Values) {
		if len(v) > 0 {
			path += "?" + v.Encode()
		}
		paths = append(paths, path)
	}
	queries := []string{"", "地域", "農業 観光", "ないことば", "！？", "ー", "<script>alert('x')</script>", "a&b+\"c\"",
		"\u200bevil", strings.Repeat("長い", 90)} // a bidi control is refused (TestURLs_HostileTextIsNeverA500)
	filters := []url.Values{
		{},
		{"area": {"chubu"}},
		{"prefecture": {"gifu", "hokkaido"}, "theme": {"pr"}},
		{"theme": {"pr", "branding"}, "open": {"1"}, "sort": {"deadline"}},
		{"remote": {"1"}, "reward": {"paid"}, "duration": {"short"}},
		{"area": {"kyushu-okinawa"}, "prefecture": {"okinawa"}, "sort": {"deadline"}, "per_page": {"50"}},
		{"open": {"1"}, "per_page": {"10"}},
	}
	pages := []string{"", "2", "3", "999"}
	for i, q := range queries {
		for j, f := range filters {
			v := url.Values{}
			for k, vs := range f {
				v[k] = vs
			}
			if q != "" {
				v.Set("q", q)
			}
			for k, pg := range pages {
				if (i+j+k)%3 != 0 && pg != "" {
					continue // every first page; a third of the others
				}
				if pg != "" {
					v.Set("page", pg)
				}
				add("/projects", v)
			}
		}
	}
	for _, pg := range []string{"", "2", "50"} {
		v := url.Values{}
		if pg != "" {
			v.Set("page", pg)
		}
		for _, p := range furusato.Prefectures {
			add("/regions/"+p.Slug, v)
		}
		for _, a := range furusato.Areas {
			add("/areas/"+a.Slug, v)
		}
		for _, th := range furusato.Themes {
			add("/themes/"+th.Slug, v)
		}
	}
	orgs, err := s.h.svc.Catalogue.Organizations(ctx, "")
	if err != nil || len(orgs) == 0 {
		t.Fatalf("%d organisations, %v", len(orgs), err)
	}
	for _, o := range orgs {
		add("/organizations/"+o.Slug, nil)
		add("/organizations/"+o.Slug, url.Values{"page": {"2"}})
	}
	add("/projects/filters", url.Values{"q": {"地域"}, "area": {"chubu"}, "theme": {"pr"}})
	add("/projects/filters", nil)
	add("/", nil)

	before := listChecked.Load()
	seen := map[string]bool{}
	for _, path := range paths {
		for _, h := range listLangs {
			res, body := s.get(t, path, h...)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s (%s): %d\n%s", path, h[1], res.StatusCode, snippet(body))
			}
			for _, mark := range []string{`class="empty"`, `class="pager"`, `class="filter-chips"`, `class="notice"`, `class="org-info`, `class="open-count"`, `class="more"`, "<article"} {
				if strings.Contains(body, mark) {
					seen[mark] = true
				}
			}
		}
	}
	n := listChecked.Load() - before
	if n < int64(2*len(paths)) {
		t.Fatalf("%d pages checked of %d requested", n, 2*len(paths))
	}
	for _, mark := range []string{`class="empty"`, `class="pager"`, `class="filter-chips"`, `class="notice"`, `class="org-info`, `class="open-count"`, `class="more"`, "<article"} {
		if !seen[mark] {
			t.Errorf("no page showed %s", mark)
		}
	}
	t.Logf("%d pages compared", n)
}

// TestListPageHTML_HostileText: a list page with every text and address
// hostile (markup, quotes, NUL, bidi controls, invalid UTF-8, long text,
// javascript: and odd URLs), in every state (search page, place page,
// organisation page; cards, past the end, empty), with and without the
// handler's words.
func TestListPageHTML_HostileText(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	ps, _, err := s.h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Limit: 8})
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	r, _ := http.NewRequest(http.MethodGet, "/projects", nil)
	n := 0
	for _, lang := range ui.Langs {
		l := s.h.ui.Locale(lang)
		for i, text := range hostileTexts {
			u := func(k int) string { return hostileURLs[(i+k)%len(hostileURLs)] }
			f := furusato.ProjectFilter{Query: text, Area: "chubu", Prefectures: []int{21, 1}, Themes: []string{"pr"},
				Remote: i%2 == 0, OpenOnly: i%3 == 0, Reward: furusato.RewardTypes[i%len(furusato.RewardTypes)], Sort: "deadline"}
			ff := newFilterForm(l, f)
			ff.setControls(l, f)
			ff.Q, ff.Page, ff.Active = text, i%4 == 3, i-3
			ff.FilterURL, ff.ClearURL = u(0), u(1)
			ff.Chips = append(ff.Chips, filterChip{text, u(2), text[:len(text)/2]})
			ff.SortLinks = append(ff.SortLinks, sortLink{text, u(3), i%2 == 1})
			ff.Hidden = append(ff.Hidden, hiddenField{text, text})
			ff.Areas = append(ff.Areas, option{Value: text, Label: text, Checked: true})
			ff.Rewards = append(ff.Rewards, option{Value: text, Label: text})
			ff.Durations = append(ff.Durations, option{Value: "", Label: text, Checked: true})
			ff.Sorts = append(ff.Sorts, option{Value: text, Label: text, Checked: true})
			ff.PrefGroups = append(ff.PrefGroups, optionGroup{Label: text, Open: i%2 == 0, Options: options{{Value: text, Label: text, Checked: true}}})
			ff.Themes = append(ff.Themes, option{Value: text, Label: text})
			org := &orgInfo{L: l, Description: text, Kind: text, Regions: []string{"", text}[i%2], Website: []string{u(4), ""}[i%3/2]}
			for state := range 4 {
				p := listPage{Base: s.h.base(r, l, text), Intro: text, Notice: []string{"", text}[i%2], ListHead: []string{"", text}[state%2],
					OpenURL: []string{"", u(5)}[state%2], MoreURL: []string{u(6), ""}[i%2], ClearURL: u(7), LastURL: u(8),
					Total: i * 1000, Open: state - 1, words: s.h.words[l]}
				switch state {
				case 0:
					p.Filters = ff
				case 1:
					p.Org = org
				case 2:
					p.Filters = ff
					p.Org = org
				}
				s.h.fillList(r, &p, l, "/projects", url.Values{"q": {text}, "page": {"3"}}, furusato.ProjectFilter{Offset: 40, Limit: 20}, ps, 500+i)
				for j := range p.Cards {
					c := &p.Cards[j]
					c.Title, c.CatchCopy, c.Region, c.Deadline, c.DaysLeft, c.Facts.Effort = text, text, text, text, text, text
					c.URL, c.Themes = u(j), []string{text, "デザイン"}
					if j%2 == 0 {
						c.Cover = &coverImage{Src: u(j + 1), Srcset: u(j+2) + " 320w", Sizes: text, Width: i, Height: -i}
					}
				}
				p.Range.More = i%2 == 0
				p.Pager.Prev, p.Pager.Next = u(9), u(10)
				for k := range p.Pager.Items {
					p.Pager.Items[k].URL = u(11 + k)
				}
				check := func(what string) {
					t.Helper()
					if err := checkListMarkup("list", p); err != nil {
						t.Fatalf("%s %d state %d, %s (%s): %v", what, i, state, "cards", lang, err)
					}
					n++
				}
				check("hostile")
				p.words = nil // worded on the spot, as without the handler's
				check("unworded")
				// A page past the end, and an empty list.
				p.Cards, p.PastEnd = nil, true
				check("past the end")
				p.PastEnd, p.Range = false, rangeInfo{L: l}
				check("empty")
				for _, pg := range []pager{{L: l}, {L: l, Page: 1, Pages: 1}} {
					p.Pager = pg
					check("no pager")
				}
			}
		}
	}
	t.Logf("%d pages compared", n)
}
