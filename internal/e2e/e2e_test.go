package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// now is the fixed clock of the journeys: Tuesday 24 November 2026, 10:00 in
// Japan. The demo catalogue's dates are relative to it.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

// The watercress project of the demo catalogue (internal/demo/content_projects_gifu.go).
const (
	watercressSlug  = "gifu-watercress-evangelist"
	watercressTitle = "岐阜のおいしいクレソンの伝道師に。新しいパッケージで魅力を届ける"
	// Its deadline is 11 days after now, a Saturday.
	watercressDeadline = "2026年12月5日(土)（あと11日）"
)

// siteName is the site's name in Japanese, the end of every <title>.
const siteName = "ふるさと兼業"

// perPage is how many cards a list page shows.
const perPage = service.DefaultPerPage

// site is the whole server, as cmd/furusato wires it, over a fresh SQLite
// database with the demo catalogue.
type site struct {
	URL string             // the BaseURL the server was built with, and where it listens
	cat *service.Catalogue // the same catalogue, to work out what the pages should show
}

func startSite(t *testing.T) *site {
	t.Helper()
	parallel(t)
	db := demoDB(t, false)
	// The listener exists before the server starts, so the handler can be
	// built with the server's own absolute URL as its BaseURL.
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc := newServices(t, db, base, nil)
	h, err := app.New(db, svc, app.Options{BaseURL: base, Demo: true, Version: "e2e"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	if srv.URL != base {
		t.Fatalf("server URL %s, BaseURL %s", srv.URL, base)
	}
	return &site{URL: base, cat: svc.Catalogue}
}

// newServices returns every service over db at base with the tests'
// clock, built once as `furusato serve` builds them for the site and the
// jobs; mail goes through sender (nil: it stays in the outbox).
func newServices(t *testing.T, db *store.DB, base string, sender mail.Sender) *service.Services {
	t.Helper()
	s, err := service.New(db, service.Config{BaseURL: base, Now: func() time.Time { return now }, Argon: service.TestArgon,
		Sender: sender, OutboxRetention: service.DefaultOutboxRetention})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJourney takes the journeys of a visitor through the catalogue, over
// one site (they only read), each in a browser of its own (the language
// cookie belongs to the whole browser), all at the same time.
func TestJourney(t *testing.T) {
	s := startSite(t)
	visit := func(name string, walk func(t *testing.T, s *site, b *testkit.Browser)) {
		t.Run(name, func(t *testing.T) {
			parallel(t)
			walk(t, s, testkit.NewBrowser(t))
		})
	}
	visit("TopPageOnPhoneListsNewestClosingSoonAndRegions", topPageOnPhone)
	visit("SearchFindsWatercressInKatakana", func(t *testing.T, s *site, b *testkit.Browser) { searchWatercress(t, s, b, "クレソン") })
	visit("SearchFindsWatercressInHalfWidthKana", func(t *testing.T, s *site, b *testkit.Browser) { searchWatercress(t, s, b, "ｸﾚｿﾝ") })
	visit("PrefectureFilterShowsOnlyGifuAndPagesKeepFilters", filterByPrefecture)
	visit("ProjectPageShowsCompanyTeamDeadlineAndShareLinks", openProject)
	visit("LanguageSwitchToEnglishPersistsAndSwitchesBack", switchLanguage)
	visit("UnknownProjectShowsSite404", notFound)
	visit("FirstTabFocusesSkipLinkWhichMovesFocusToMain", skipLink)
}

func topPageOnPhone(t *testing.T, s *site, b *testkit.Browser) {
	ctx := context.Background()
	j := s.journey(t, b)
	j.do(testkit.Phone())
	j.open("/")

	pg := j.page()
	if pg.InnerWidth != 390 {
		t.Errorf("innerWidth = %d, want the phone's 390", pg.InnerWidth)
	}
	if want := "地域の挑戦に、本業を続けながら関わる"; len(pg.H1s) != 1 || pg.H1s[0] != want {
		t.Errorf("h1 = %q, want %q", pg.H1s, want)
	}
	if want := "地域の挑戦に、本業を続けながら関わる | " + siteName; pg.Title != want {
		t.Errorf("title = %q, want %q", pg.Title, want)
	}

	counts, err := s.cat.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stats := evaluate[[]string](j, `Array.from(document.querySelectorAll('ul.stats .stat-num'), e => e.textContent.trim())`)
	if want := []string{num(counts.Open), num(counts.Public), num(counts.Organizations)}; !slices.Equal(stats, want) {
		t.Errorf("counts shown %q, want open, public, organisations %q", stats, want)
	}

	// 新着プロジェクト: the newest open projects, as the catalogue has them.
	if h := j.text(`#newest-title`); h != "新着プロジェクト" {
		t.Errorf("newest heading = %q", h)
	}
	newest := j.cards(`section:has(> #newest-title)`)
	want, _, err := s.cat.FindProjects(ctx, furusato.ProjectFilter{Sort: furusato.SortNewest, OpenOnly: true, Limit: 6})
	if err != nil {
		t.Fatal(err)
	}
	if got := hrefs(newest); len(got) == 0 || !slices.Equal(got, projectHrefs(want)) {
		t.Errorf("newest cards %q, want %q", got, projectHrefs(want))
	}
	for _, c := range newest {
		c.checkComplete(t)
		if c.Chip == "募集終了" {
			t.Errorf("closed project %s among the newest open ones", c.Href)
		}
	}

	// 締切間近: open projects with 7 days or fewer left, each with its chip.
	if h := j.text(`#soon-title`); h != "締切間近" {
		t.Errorf("closing-soon heading = %q", h)
	}
	soon := j.cards(`section:has(> #soon-title)`)
	if len(soon) == 0 {
		t.Errorf("no cards under 締切間近")
	}
	for _, c := range soon {
		c.checkComplete(t)
		if c.Chip != "締切間近" {
			t.Errorf("card %s under 締切間近 has chip %q", c.Href, c.Chip)
		}
		if d := c.daysLeft(); d < 0 || d > 7 {
			t.Errorf("card %s under 締切間近 has deadline %q", c.Href, c.Facts["締切"])
		}
	}

	// Browse by area and prefecture, with counts.
	areas := evaluate[[]string](j, `Array.from(document.querySelectorAll('#areas h3 a'), a => a.getAttribute('href'))`)
	var wantAreas []string
	for _, a := range furusato.Areas {
		wantAreas = append(wantAreas, "/areas/"+a.Slug)
	}
	if !slices.Equal(areas, wantAreas) {
		t.Errorf("area links %q, want %q", areas, wantAreas)
	}
	prefs := evaluate[int](j, `document.querySelectorAll('#areas a[href^="/regions/"]').length`)
	if prefs != 47 {
		t.Errorf("%d prefecture links, want 47", prefs)
	}
	gifu, _ := furusato.PrefectureBySlug("gifu")
	gifuLink := evaluate[[]string](j, `(() => {
		const a = document.querySelector('#areas a[href="/regions/gifu"]');
		return a ? [a.textContent.trim(), a.parentElement.querySelector('.count').textContent.trim()] : [];
	})()`)
	if want := []string{"岐阜県", "（募集中" + num(counts.ByPrefecture[gifu.Code]) + "件）"}; !slices.Equal(gifuLink, want) {
		t.Errorf("Gifu link and count %q, want %q", gifuLink, want)
	}
}

func searchWatercress(t *testing.T, s *site, b *testkit.Browser, typed string) {
	j := s.journey(t, b)
	j.open("/")

	// The header's search field, found by its label, submitted with Enter.
	field := labelled("キーワード", "//header")
	j.follow(sendKeys(field, typed+"\r"))

	u := j.url()
	if u.Path != "/projects" || u.Query().Get("q") != typed {
		t.Errorf("search went to %s, want /projects?q=%s", u, typed)
	}
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "「"+typed+"」の検索結果" {
		t.Errorf("h1 = %q", h1)
	}
	_, total, err := s.cat.FindProjects(context.Background(), furusato.ProjectFilter{Query: typed})
	if err != nil {
		t.Fatal(err)
	}
	cs := j.cards(`section.results`)
	if len(cs) == 0 || cs[0].Title != watercressTitle || cs[0].Href != "/projects/"+watercressSlug {
		t.Errorf("first result %+v, want %q", first(cs), watercressTitle)
	}
	if got, want := j.text(`.result-count`), rangeJa(total, 1); got != want {
		t.Errorf("result count %q, want %q", got, want)
	}
	// The words stay in the keyword field of the results page.
	if got := j.value(labelled("キーワード", "")); got != typed {
		t.Errorf("keyword field holds %q, want %q", got, typed)
	}
}

func filterByPrefecture(t *testing.T, s *site, b *testkit.Browser) {
	ctx := context.Background()
	j := s.journey(t, b)
	j.open("/projects")

	// Open the area group that holds 岐阜県, tick it by its label, submit.
	j.do(chromedp.Click(chromedp.Search(`//details[.//label[normalize-space()="岐阜県"]]/summary`)))
	j.do(chromedp.Click(label("岐阜県")))
	if !j.checked("#pref-gifu") {
		t.Fatalf("clicking the label 岐阜県 did not tick its checkbox")
	}
	j.follow(chromedp.Click(button("この条件で検索する")))

	if got := j.url().Query()["prefecture"]; !slices.Equal(got, []string{"gifu"}) {
		t.Errorf("URL %s has prefecture=%q, want gifu", j.url(), got)
	}
	gifu, _ := furusato.PrefectureBySlug("gifu")
	want, total, err := s.cat.FindProjects(ctx, furusato.ProjectFilter{Prefectures: []int{gifu.Code}})
	if err != nil {
		t.Fatal(err)
	}
	cs := j.cards(`section.results`)
	if got := hrefs(cs); len(got) == 0 || !slices.Equal(got, projectHrefs(want)) {
		t.Errorf("Gifu results %q, want %q", got, projectHrefs(want))
	}
	for _, c := range cs {
		if !strings.HasPrefix(c.Facts["地域"], "岐阜県") {
			t.Errorf("card %s shows region %q, want 岐阜県…", c.Href, c.Facts["地域"])
		}
	}
	if got, want := j.text(`.result-count`), rangeJa(total, 1); got != want {
		t.Errorf("result count %q, want %q", got, want)
	}
	if !j.checked("#pref-gifu") {
		t.Errorf("岐阜県 is no longer ticked on the results")
	}
	if hasPager := evaluate[bool](j, `!!document.querySelector('nav[aria-label="ページ送り"]')`); hasPager != (total > perPage) {
		t.Errorf("pager shown: %v, with %d results", hasPager, total)
	}

	// Gifu fits on one page: a wider filter shows that the pages keep it.
	// Untick 岐阜県, keep only open projects, nearest deadline first.
	j.do(chromedp.Click(label("岐阜県")))
	j.do(chromedp.Click(label("エントリー受付中のものだけ")))
	j.do(chromedp.Click(label("締切が近い順")))
	j.follow(chromedp.Click(button("この条件で検索する")))
	filter := furusato.ProjectFilter{OpenOnly: true, Sort: furusato.SortDeadline, Limit: perPage}
	page1, total, err := s.cat.FindProjects(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	if total <= perPage {
		t.Fatalf("only %d open projects: no second page to go to", total)
	}
	q := j.url().Query()
	if q.Get("open") != "1" || q.Get("sort") != "deadline" || len(q["prefecture"]) != 0 {
		t.Errorf("URL %s, want open=1 and sort=deadline without a prefecture", j.url())
	}
	if got := hrefs(j.cards(`section.results`)); !slices.Equal(got, projectHrefs(page1)) {
		t.Errorf("page 1 %q, want %q", got, projectHrefs(page1))
	}
	pages := (total + perPage - 1) / perPage
	if got, want := j.text(`nav[aria-label="ページ送り"] .pager-status`), fmt.Sprintf("1 / %dページ", pages); got != want {
		t.Errorf("pager status %q, want %q", got, want)
	}

	j.follow(chromedp.Click(chromedp.Search(`//nav[@aria-label="ページ送り"]//a[normalize-space()="次へ"]`)))
	q = j.url().Query()
	if q.Get("open") != "1" || q.Get("sort") != "deadline" || q.Get("page") != "2" {
		t.Errorf("page 2 URL %s, want open=1, sort=deadline and page=2", j.url())
	}
	filter.Offset = perPage
	page2, _, err := s.cat.FindProjects(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	cs = j.cards(`section.results`)
	if got := hrefs(cs); len(got) == 0 || !slices.Equal(got, projectHrefs(page2)) {
		t.Errorf("page 2 %q, want %q", got, projectHrefs(page2))
	}
	for i, c := range cs {
		if c.Chip == "募集終了" {
			t.Errorf("closed project %s on a list of open ones", c.Href)
		}
		if i > 0 && c.daysLeft() < cs[i-1].daysLeft() {
			t.Errorf("page 2 is not by deadline: %q after %q", c.Facts["締切"], cs[i-1].Facts["締切"])
		}
	}
	if got, want := j.text(`.result-count`), rangeJa(total, 2); got != want {
		t.Errorf("result count %q, want %q", got, want)
	}
	if cur := j.text(`nav[aria-label="ページ送り"] a[aria-current="page"]`); cur != "2" {
		t.Errorf("current page link %q, want 2", cur)
	}
	if !j.checked("#open") || !j.checked("#sort-deadline") || j.checked("#pref-gifu") {
		t.Errorf("the form on page 2 lost the filters: open %v, deadline %v, Gifu %v",
			j.checked("#open"), j.checked("#sort-deadline"), j.checked("#pref-gifu"))
	}
}

func openProject(t *testing.T, s *site, b *testkit.Browser) {
	j := s.journey(t, b)
	j.open("/projects?q=" + url.QueryEscape("クレソン"))
	j.follow(chromedp.Click(chromedp.CSS(`section.results article.card .card-title a`)))

	p, err := s.cat.FindProject(context.Background(), watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	canonical := s.URL + "/projects/" + watercressSlug
	if loc := j.url().String(); loc != canonical {
		t.Fatalf("the first card led to %s, want %s", loc, canonical)
	}
	pg := j.page()
	if len(pg.H1s) != 1 || pg.H1s[0] != watercressTitle {
		t.Errorf("h1 = %q, want %q", pg.H1s, watercressTitle)
	}
	if want := watercressTitle + " | " + siteName; pg.Title != want {
		t.Errorf("title = %q, want %q", pg.Title, want)
	}

	// Deadline and entry state.
	facts := j.facts(`.key-facts`)
	if facts["締切"] != watercressDeadline {
		t.Errorf("deadline %q, want %q", facts["締切"], watercressDeadline)
	}
	if got := j.text(`.entry-state`); got != "エントリー受付中" {
		t.Errorf("entry state %q", got)
	}

	// The company's profile.
	if got := j.text(`#s-company`); got != "受け入れ企業" {
		t.Errorf("company heading %q", got)
	}
	if got := j.text(`section:has(> h2#s-company) h3`); got != p.Company.Name {
		t.Errorf("company %q, want %q", got, p.Company.Name)
	}
	co := j.facts(`section:has(> h2#s-company) dl`)
	if co["所在地"] != "岐阜県"+p.Company.City || co["業種"] != p.Company.Industry {
		t.Errorf("company facts %q, want 所在地 岐阜県%s and 業種 %s", co, p.Company.City, p.Company.Industry)
	}

	// The coordinating organisation and the supporters with their roles.
	org := evaluate[[]string](j, `Array.from(document.querySelectorAll('section:has(> h2#s-team) a'), a => a.getAttribute('href') + ' ' + a.textContent.trim())`)
	if want := []string{"/organizations/" + p.Organization.Slug + " " + p.Organization.Name}; !slices.Equal(org, want) {
		t.Errorf("coordinator link %q, want %q", org, want)
	}
	type supporter struct{ Name, Role, Org string }
	got := evaluate[[]supporter](j, `Array.from(document.querySelectorAll('ul.supporters li'), li => ({
		name: li.querySelector('.supporter-name').textContent.trim(),
		role: li.querySelector('.supporter-role').textContent.trim(),
		org: (li.querySelector('.supporter-org') || {textContent: ''}).textContent.trim(),
	}))`)
	var wantSup []supporter
	for _, sp := range p.Supporters {
		wantSup = append(wantSup, supporter{sp.Name, sp.Role, sp.OrganizationName})
	}
	if len(got) == 0 || !slices.Equal(got, wantSup) {
		t.Errorf("supporters %+v, want %+v", got, wantSup)
	}

	// Share links carry the page's absolute URL, encoded; so do OGP and canonical.
	heads := evaluate[map[string]string](j, `({
		ogURL: document.querySelector('meta[property="og:url"]')?.content || '',
		ogType: document.querySelector('meta[property="og:type"]')?.content || '',
		ogTitle: document.querySelector('meta[property="og:title"]')?.content || '',
		canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') || '',
	})`)
	if heads["ogURL"] != canonical || heads["canonical"] != canonical || heads["ogType"] != "article" || heads["ogTitle"] != watercressTitle {
		t.Errorf("head %q, want og:url and canonical %s, og:type article, og:title the title", heads, canonical)
	}
	share := evaluate[[]string](j, `Array.from(document.querySelectorAll('section:has(> h2#s-share) ul.share a'), a => a.getAttribute('href'))`)
	for i, want := range []struct{ prefix, param, text string }{
		{"https://social-plugins.line.me/lineit/share?", "url", ""},
		{"https://x.com/intent/post?", "url", watercressTitle + " | " + siteName},
		{"https://www.facebook.com/sharer/sharer.php?", "u", ""},
	} {
		if i >= len(share) {
			t.Errorf("share link %d missing: %q", i, share)
			continue
		}
		h := share[i]
		if !strings.HasPrefix(h, want.prefix) || !strings.Contains(h, want.param+"="+url.QueryEscape(canonical)) {
			t.Errorf("share link %q, want %s with %s=%s", h, want.prefix, want.param, url.QueryEscape(canonical))
			continue
		}
		u, err := url.Parse(h)
		if err != nil {
			t.Errorf("share link %q: %v", h, err)
			continue
		}
		if got := u.Query().Get(want.param); got != canonical || !strings.HasPrefix(got, s.URL+"/") {
			t.Errorf("share link %q carries %q, want %q", h, got, canonical)
		}
		if want.text != "" && u.Query().Get("text") != want.text {
			t.Errorf("share link %q has text %q, want %q", h, u.Query().Get("text"), want.text)
		}
	}
	if got := j.text(`.share-url`); got != canonical {
		t.Errorf("page URL shown %q, want %q", got, canonical)
	}

	// The coordinator's link leads to its page, which lists this project.
	j.follow(chromedp.Click(chromedp.CSS(`section:has(> h2#s-team) a`)))
	if loc := j.url().Path; loc != "/organizations/"+p.Organization.Slug {
		t.Errorf("coordinator link led to %s", loc)
	}
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != p.Organization.Name {
		t.Errorf("organisation h1 = %q, want %q", h1, p.Organization.Name)
	}
	if !slices.Contains(hrefs(j.cards(`section.results`)), "/projects/"+watercressSlug) {
		t.Errorf("the coordinator's page does not list %s", watercressSlug)
	}
}

func switchLanguage(t *testing.T, s *site, b *testkit.Browser) {
	j := s.journey(t, b)
	j.open("/")
	if pg := j.page(); pg.Lang != "ja" {
		t.Fatalf("first visit in lang %q, want ja", pg.Lang)
	}

	// The switch in the header names English in English.
	sw := j.attrs(`header a[hreflang="en"]`)
	if sw["lang"] != "en" || j.text(`header a[hreflang="en"]`) != "English" {
		t.Errorf("language switch %q, want lang=en and the text English", sw)
	}
	j.follow(chromedp.Click(chromedp.CSS(`header a[hreflang="en"]`)))
	if loc := j.url(); loc.Path != "/" || loc.RawQuery != "" {
		t.Errorf("after the switch the address is %s, want the top page without ?lang", loc)
	}
	pg := j.page()
	if pg.Lang != "en" {
		t.Errorf("html lang = %q after switching to English", pg.Lang)
	}
	if want := "Take part in a region's next step while keeping your job"; len(pg.H1s) != 1 || pg.H1s[0] != want {
		t.Errorf("English h1 = %q, want %q", pg.H1s, want)
	}
	if got := j.text(`#newest-title`); got != "New projects" {
		t.Errorf("English heading %q, want New projects", got)
	}
	if c := j.cookie("lang"); c == nil || c.Value != "en" || !c.HTTPOnly {
		t.Errorf("lang cookie %+v, want en, HttpOnly", c)
	}

	// The choice holds on the next page, reached by the menu.
	j.follow(chromedp.Click(chromedp.Search(`//header//nav//a[normalize-space()="Find projects"]`)))
	pg = j.page()
	if j.url().Path != "/projects" || pg.Lang != "en" || len(pg.H1s) != 1 || pg.H1s[0] != "Find projects" {
		t.Errorf("%s: lang %q, h1 %q; want /projects in English, h1 Find projects", j.url(), pg.Lang, pg.H1s)
	}
	_, total, err := s.cat.FindProjects(context.Background(), furusato.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := j.text(`.result-count`), fmt.Sprintf("1–%d of %d projects", min(total, perPage), total); got != want {
		t.Errorf("English result count %q, want %q", got, want)
	}

	// A Japanese keyword, searched in English from the list: the h1 and the keyword chip
	// mark the keyword they quote, and only it, lang="ja".
	j.follow(sendKeys(labelled("Keywords", "//main"), "クレソン\r"))
	marked := `Array.from(document.querySelectorAll(%s)).map(e => e.textContent)`
	if got := evaluate[[]string](j, fmt.Sprintf(marked, jsString(`main h1 [lang="ja"]`))); !slices.Equal(got, []string{"クレソン"}) {
		t.Errorf("English search h1 %q marks %q, want クレソン alone", j.text("main h1"), got)
	}
	if got := evaluate[[]string](j, fmt.Sprintf(marked, jsString(`.filter-chips [lang="ja"]`))); !slices.Equal(got, []string{"クレソン"}) {
		t.Errorf("English keyword chip %q marks %q, want クレソン alone", j.text(".filter-chips a"), got)
	}

	// Keywords with a bidirectional override (which would reverse the rest
	// of the h1 that quotes them) get the field's error, in English, with
	// the keywords kept in the field.
	hostile := "岐阜\u202eabc"
	res, err := chromedp.RunResponse(j.ctx, chromedp.Navigate(s.URL+"/projects?q="+url.QueryEscape(hostile)))
	if err != nil || res == nil || res.Status != 400 {
		t.Fatalf("keywords with a bidi override: %v, %+v", err, res)
	}
	j.b.CheckA11y(t, j.ctx) // its own 400 is the one page error it may report
	j.seen = len(testkit.PageErrors(j.ctx))
	if got := j.text("#q-error"); !strings.Contains(got, "The keywords hold characters that cannot be read") {
		t.Errorf("keyword error %q", got)
	}
	if a := j.attrs("#q"); a["aria-invalid"] != "true" || a["aria-describedby"] != "q-error" {
		t.Errorf("keyword field %q, want aria-invalid and described by its error", a)
	}
	if v := j.value(field("q")); v != hostile {
		t.Errorf("keyword field holds %q, want what was sent, %q", v, hostile)
	}
	j.open("/projects")

	// And back to Japanese, on the same page.
	if got := j.text(`header a[hreflang="ja"]`); got != "日本語" {
		t.Errorf("switch back link %q, want 日本語", got)
	}
	j.follow(chromedp.Click(chromedp.CSS(`header a[hreflang="ja"]`)))
	pg = j.page()
	if loc := j.url(); loc.Path != "/projects" || loc.Query().Has("lang") {
		t.Errorf("after switching back the address is %s, want /projects without ?lang", loc)
	}
	if pg.Lang != "ja" || len(pg.H1s) != 1 || pg.H1s[0] != "プロジェクトを探す" {
		t.Errorf("after switching back: lang %q, h1 %q; want ja, プロジェクトを探す", pg.Lang, pg.H1s)
	}
	if c := j.cookie("lang"); c == nil || c.Value != "ja" {
		t.Errorf("lang cookie %+v after switching back, want ja", c)
	}
}

func notFound(t *testing.T, s *site, b *testkit.Browser) {
	j := s.journey(t, b)
	res := j.open("/projects/no-such-project")
	if res.Status != 404 {
		t.Errorf("status %d, want 404", res.Status)
	}
	pg := j.page()
	if len(pg.H1s) != 1 || pg.H1s[0] != "ページが見つかりません" {
		t.Errorf("h1 = %q, want ページが見つかりません", pg.H1s)
	}
	if want := "ページが見つかりません | " + siteName; pg.Title != want {
		t.Errorf("title = %q, want %q", pg.Title, want)
	}
	if robots := j.attrs(`meta[name="robots"]`)["content"]; robots != "noindex" {
		t.Errorf("robots = %q, want noindex", robots)
	}
	// The way on: a keyword search and a link home.
	if got := j.value(labelled("キーワード", "//main")); got != "" {
		t.Errorf("keyword field holds %q", got)
	}
	if n := evaluate[int](j, `document.querySelectorAll('main a[href="/"]').length`); n == 0 {
		t.Errorf("no link to the top page on the 404 page")
	}
}

func skipLink(t *testing.T, s *site, b *testkit.Browser) {
	j := s.journey(t, b)
	j.open("/")

	type focus struct {
		Tag, Text, Href, ID string
		Top, Bottom, Width  float64
		InnerHeight         float64
		InMain              bool
	}
	const focused = `(() => {
		const e = document.activeElement, r = e.getBoundingClientRect();
		return {tag: e.tagName, text: e.textContent.trim(), href: e.getAttribute('href') || '', id: e.id,
			top: r.top, bottom: r.bottom, width: r.width, innerHeight: window.innerHeight,
			inMain: e !== document.getElementById('main') && document.getElementById('main').contains(e)};
	})()`

	j.do(chromedp.KeyEvent("\t"))
	f := evaluate[focus](j, focused)
	if f.Tag != "A" || f.Text != "本文へ移動" || f.Href != "#main" {
		t.Fatalf("the first Tab focused %+v, want the skip link 本文へ移動", f)
	}
	if f.Width <= 0 || f.Top < 0 || f.Bottom > f.InnerHeight {
		t.Errorf("the focused skip link is off screen: %+v", f)
	}

	j.do(chromedp.KeyEvent("\r"))
	if _, err := chromedp.Run(j.ctx, chromedp.Poll[bool](`document.activeElement.id === 'main'`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("activating the skip link left focus on %+v: %v", evaluate[focus](j, focused), err)
	}
	if hash := j.url().Fragment; hash != "main" {
		t.Errorf("address fragment %q, want main", hash)
	}
	// The next Tab goes on inside the main content, past the header.
	j.do(chromedp.KeyEvent("\t"))
	if f := evaluate[focus](j, focused); !f.InMain {
		t.Errorf("the Tab after the skip link focused %+v, outside main", f)
	}
	j.check(nil)
}

// journey is one visitor in one tab: it opens pages and checks each page it
// reaches with axe-core and for page errors.
type journey struct {
	t    *testing.T
	b    *testkit.Browser
	s    *site
	ctx  context.Context
	seen int // page errors already reported
}

// journey opens a tab for t, as a first visit: without the cookies of an
// earlier journey.
func (s *site) journey(t *testing.T, b *testkit.Browser) *journey {
	t.Helper()
	ctx := b.NewTab(t)
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatalf("clearing cookies: %v", err)
	}
	return &journey{t: t, b: b, s: s, ctx: ctx}
}

func (j *journey) do(steps ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	j.b.Do(j.t, j.ctx, steps...)
}

// open navigates to path on the site and checks the page.
func (j *journey) open(path string) *network.Response {
	j.t.Helper()
	res, err := chromedp.Run(j.ctx, chromedp.NavigateResponse(j.s.URL+path))
	if err != nil {
		j.t.Fatalf("opening %s: %v", path, err)
	}
	j.check(res)
	return res
}

// follow runs steps that lead to another page (a click, an Enter), waits for
// it and checks it.
func (j *journey) follow(steps ...chromedp.Action[chromedp.Void]) *network.Response {
	j.t.Helper()
	res, err := chromedp.RunResponse(j.ctx, steps...)
	if err != nil {
		j.t.Fatalf("on %s: %v", j.url(), err)
	}
	if res == nil {
		j.t.Fatalf("on %s: the steps led to no page", j.url())
	}
	if res.Status != 200 {
		j.t.Errorf("%s answered %d", res.URL, res.Status)
	}
	j.check(res)
	return res
}

// check runs axe-core on the current page (serious and critical violations
// fail t) and fails t for every page error since the last check. The only
// error a page may report is its own 404 status, when res says it is one.
func (j *journey) check(res *network.Response) {
	j.t.Helper()
	for _, v := range j.b.CheckA11y(j.t, j.ctx) {
		if !v.Serious() {
			j.t.Logf("axe, %s on %s: %s: %s", v.Impact, j.url(), v.ID, v.Help)
		}
	}
	errs := testkit.PageErrors(j.ctx)
	for _, e := range errs[j.seen:] {
		if res != nil && res.Status == 404 && strings.Contains(e, "status of 404") && strings.HasSuffix(e, "("+res.URL+")") {
			j.t.Logf("expected page error: %s", e)
			continue
		}
		j.t.Errorf("page error on %s: %s", j.url(), e)
	}
	j.seen = len(errs)
	if pg := j.page(); len(pg.H1s) != 1 || !strings.HasPrefix(pg.Title, pg.H1s[0]+" | ") {
		j.t.Errorf("%s: h1 %q does not match the title %q", j.url(), pg.H1s, pg.Title)
	}
}

// pageInfo is what every page is checked for.
type pageInfo struct {
	Title      string
	Lang       string
	H1s        []string
	InnerWidth int
}

func (j *journey) page() pageInfo {
	j.t.Helper()
	return evaluate[pageInfo](j, `({
		title: document.title,
		lang: document.documentElement.lang,
		h1s: Array.from(document.querySelectorAll('h1'), h => h.textContent.replace(/\s+/g, ' ').trim()),
		innerWidth: window.innerWidth,
	})`)
}

func (j *journey) url() *url.URL {
	j.t.Helper()
	loc, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		j.t.Fatalf("reading the address: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		j.t.Fatalf("address %q: %v", loc, err)
	}
	return u
}

// text returns the text of the first element matching the CSS selector sel,
// with white space collapsed, or "" when there is none.
func (j *journey) text(sel string) string {
	j.t.Helper()
	return evaluate[string](j, fmt.Sprintf(`(e => e ? e.textContent.replace(/\s+/g, ' ').trim() : '')(document.querySelector(%s))`, jsString(sel)))
}

// attrs returns the attributes of the first element matching the CSS selector sel.
func (j *journey) attrs(sel string) map[string]string {
	j.t.Helper()
	return evaluate[map[string]string](j, fmt.Sprintf(`(e => e ? Object.fromEntries(Array.from(e.attributes, a => [a.name, a.value])) : {})(document.querySelector(%s))`, jsString(sel)))
}

func (j *journey) checked(sel string) bool {
	j.t.Helper()
	return evaluate[bool](j, fmt.Sprintf(`!!document.querySelector(%s)?.checked`, jsString(sel)))
}

// value returns the current value of the form field sel.
func (j *journey) value(sel chromedp.Search) string {
	j.t.Helper()
	v, err := chromedp.Run(j.ctx, chromedp.Value(sel))
	if err != nil {
		j.t.Fatalf("reading %s on %s: %v", sel, j.url(), err)
	}
	return v
}

// facts returns the terms and descriptions of the <dl> sel, white space collapsed.
func (j *journey) facts(sel string) map[string]string {
	j.t.Helper()
	return evaluate[map[string]string](j, fmt.Sprintf(`(dl => dl ? Object.fromEntries(Array.from(dl.querySelectorAll(':scope > div'), d => [
		d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.replace(/\s+/g, ' ').trim()])) : {})(document.querySelector(%s))`, jsString(sel)))
}

func (j *journey) cookie(name string) *network.Cookie {
	j.t.Helper()
	res, err := chromedp.Call(j.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{j.s.URL + "/"}})
	if err != nil {
		j.t.Fatalf("reading cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// card is a project card as a visitor reads it.
type card struct {
	Title string
	Href  string
	Links int               // links in the card: the title's only
	Chip  string            // 「締切間近」, 「募集終了」 or ""
	Facts map[string]string // 地域, 働き方, 報酬, 締切
}

// cards returns the project cards inside the element scope (a CSS selector).
func (j *journey) cards(scope string) []card {
	j.t.Helper()
	return evaluate[[]card](j, fmt.Sprintf(`Array.from(document.querySelectorAll(%s + ' article.card'), c => ({
		title: c.querySelector('.card-title').textContent.trim(),
		href: c.querySelector('.card-title a')?.getAttribute('href') || '',
		links: c.querySelectorAll('a').length,
		chip: c.querySelector('.chip')?.textContent.trim() || '',
		facts: Object.fromEntries(Array.from(c.querySelectorAll('dl.card-facts > div'), d => [
			d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.trim()])),
	}))`, jsString(scope)))
}

// checkComplete fails t unless the card has its title link and every fact.
func (c card) checkComplete(t *testing.T) {
	t.Helper()
	if c.Title == "" || !strings.HasPrefix(c.Href, "/projects/") || c.Links != 1 {
		t.Errorf("card %+v: want a title that is its only link", c)
	}
	for _, k := range []string{"地域", "働き方", "報酬", "締切"} {
		if c.Facts[k] == "" {
			t.Errorf("card %s lacks %s: %q", c.Href, k, c.Facts)
		}
	}
}

// daysLeft reads 「（あと3日）」 or 「（本日締切）」 from the card's deadline: the
// days left, or -1 when it shows neither.
func (c card) daysLeft() int {
	d := c.Facts["締切"]
	if strings.HasSuffix(d, "（本日締切）") {
		return 0
	}
	var n int
	if i := strings.LastIndex(d, "（あと"); i >= 0 {
		if _, err := fmt.Sscanf(d[i+len("（あと"):], "%d日）", &n); err == nil {
			return n
		}
	}
	return -1
}

func hrefs(cs []card) []string {
	var hs []string
	for _, c := range cs {
		hs = append(hs, c.Href)
	}
	return hs
}

func projectHrefs(ps []*furusato.Project) []string {
	var hs []string
	for _, p := range ps {
		hs = append(hs, "/projects/"+p.Slug)
	}
	return hs
}

func first(cs []card) any {
	if len(cs) == 0 {
		return nil
	}
	return cs[0]
}

// rangeJa is the result count line of page of total results: 「46件中 21〜40件」.
func rangeJa(total, page int) string {
	from := (page-1)*perPage + 1
	return fmt.Sprintf("%s件中 %s〜%s件", num(total), num(from), num(min(total, page*perPage)))
}

// num writes n with thousands separators, as the pages do.
func num(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// label selects the <label> whose text is text.
func label(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//label[normalize-space()=%s]`, xpathString(text)))
}

// button selects the <button> whose text is text.
func button(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//button[normalize-space()=%s]`, xpathString(text)))
}

// labelled selects the form field that the <label> with text names, within
// the XPath scope (such as "//header"; "" for the whole page).
func labelled(text, scope string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`%s//*[@id=%s//label[normalize-space()=%s]/@for]`, scope, scope, xpathString(text)))
}

func xpathString(s string) string {
	if strings.Contains(s, `"`) {
		panic("e2e: xpathString: a double quote in " + s)
	}
	return `"` + s + `"`
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// evaluate runs the JavaScript expression in the journey's tab and decodes its value.
func evaluate[T any](j *journey, expr string) T {
	j.t.Helper()
	v, err := chromedp.Run(j.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		j.t.Fatalf("evaluating on %s: %v\n%s", location(j), err, expr)
	}
	return v
}

// location is the tab's address, without failing: for messages.
func location(j *journey) string {
	loc, err := chromedp.Run(j.ctx, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	return loc
}
