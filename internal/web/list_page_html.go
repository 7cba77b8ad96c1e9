package web

import (
	"bytes"
	"html/template"
	"strconv"

	"github.com/furusato/furusato/internal/ui"
)

// A list page's content (the search page, a region, an area, a theme, an
// organisation) was the cards' frame, the filter form, the sort links, the
// chips, the range line and the pager: over a hundred template actions and
// some forty t calls, each through reflection and an escaper, about half of
// a built list page's CPU once its rows were read. So it is written here,
// as the project page is (project_page_html.go), into a pooled buffer, with
// its fixed words looked up and escaped once per language (listWordIDs, in
// the handler's pageWords). The former templates (list.html and the
// partials only it used; the pager, range line and filter form, which other
// pages show through their HTML methods) are kept as testdata/list.tmpl;
// TestListPageHTML_IsTheTemplatesMarkup compares the bytes. Change both
// together.

// listWordIDs are the fixed messages of the list pages.
var listWordIDs = []string{
	"filter.bar_label", "list.more", "list.results", "empty.title", "empty.reason", "empty.fewer_words",
	"empty.by_theme", "empty.by_area", "empty.clear", "phone.place_empty_title", "phone.place_empty",
	"phone.place_empty_all", "phone.place_open_link", "org.kind", "org.regions", "org.website",
	"pager.label", "pager.prev", "pager.next", "search.label", "search.submit", "search.hint", "filter.sort",
	"phone.chips_title", "phone.chip_remove", "phone.chips_clear", "phone.past_end_title",
	"filter.title", "filter.region", "filter.area", "filter.any", "filter.prefectures", "filter.theme",
	"filter.work_style", "filter.remote", "filter.reward", "filter.duration", "filter.status", "filter.open",
	"filter.submit",
	// The cards'.
	"card.region", "card.work_style", "card.reward", "card.deadline", "card.themes", "facts.effort_label",
	"facts.left_label", "project.closed", "project.closing_soon",
}

const iconRemove = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>`

// Body is the page's content, as the layout shows it.
func (p listPage) Body() template.HTML {
	return writePooled(32<<10, func(b *bytes.Buffer) {
		w := &pw{b: b, l: p.L, w: p.words}
		p.writeHTML(w)
	})
}

// writePooled runs write on a pooled buffer (pageBufs) grown to at least
// size bytes and returns what it wrote.
func writePooled(size int, write func(*bytes.Buffer)) template.HTML {
	b := pageBufs.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(size)
	write(b)
	s := b.String()
	if b.Cap() <= 1<<20 { // do not keep huge buffers alive
		pageBufs.Put(b)
	}
	return template.HTML(s)
}

func (p *listPage) writeHTML(w *pw) {
	w.s("\n<h1")
	if p.Org != nil { // the organisation's page: its h1 is the name its people wrote
		w.s(w.ja(p.Title))
	}
	w.s(">")
	if p.TitleQuery != "" { // an English title quoting a Japanese query marks the query
		w.s(string(w.l.JaIn(p.Title, p.TitleQuery)))
	} else {
		w.e(p.Title)
	}
	w.s("</h1>\n")
	if p.Intro != "" {
		w.s(`<p class="intro">`)
		w.e(p.Intro)
		w.s("</p>")
	}
	w.s("\n")
	if p.Notice != "" {
		w.s(`<p class="notice">`)
		w.e(p.Notice)
		w.s("</p>")
	}
	w.s("\n")
	if p.Org != nil {
		p.Org.write(w)
	}
	w.s("\n")
	if f := p.Filters; f != nil {
		p.writeHead(w)
		w.s("\n<div class=\"list-layout\">\n")
		f.write(w)
		w.s("\n<div class=\"list-main\">")
		p.writeResults(w)
		w.s("</div>\n</div>\n<a class=\"filter-bar\" href=\"")
		w.url(f.FilterURL)
		w.s(`">`)
		w.t("filter.bar_label")
		w.s(`<span aria-hidden="true">`)
		w.tv("filter.bar_count", "Count", f.Active)
		w.s("</span>")
		if f.Active != 0 {
			w.s(`<span class="vh">`)
			w.tv("filter.bar_count_sr", "Count", f.Active)
			w.s("</span>")
		}
		w.s("</a>\n")
	} else {
		p.writeResults(w)
	}
	w.s("\n")
	if p.MoreURL != "" {
		w.s(`<p class="more"><a href="`)
		w.url(p.MoreURL)
		w.s(`">`)
		w.t("list.more")
		w.s("</a></p>")
	}
	w.s("\n")
}

// writeResults writes the results: the cards and the pager, a page past
// the end, or the empty state.
func (p *listPage) writeResults(w *pw) {
	w.s(`<section class="results" aria-labelledby="results-title">` + "\n" + `<h2 id="results-title"`)
	if p.ListHead == "" {
		w.s(` class="vh">`)
		w.t("list.results")
	} else {
		w.s(">")
		w.e(p.ListHead)
	}
	w.s("</h2>\n")
	if p.Filters == nil {
		p.Range.write(w)
		w.s("\n")
		if p.OpenURL != "" {
			w.s(`<p class="open-count">`)
			w.tv("phone.place_open", "Total", ui.Num(p.Total), "Open", ui.Num(p.Open), "Count", p.Total)
			w.s(" ")
			if p.Open != 0 {
				w.s(`<a href="`)
				w.url(p.OpenURL)
				w.s(`">`)
				w.t("phone.place_open_link")
				w.s("</a>")
			}
			w.s("</p>")
		}
	}
	w.s("\n")
	switch {
	case len(p.Cards) > 0:
		writeCards(w, p.Cards)
		w.s("\n")
		p.Pager.write(w)
		w.s("\n")
	case p.PastEnd:
		w.s("<div class=\"empty\">\n<h3>")
		w.t("phone.past_end_title")
		w.s("</h3>\n<p>")
		w.tv("phone.past_end", "Total", ui.Num(p.Total), "Pages", p.Pager.Pages, "Count", p.Total)
		w.s("</p>\n<p><a class=\"btn btn-secondary\" href=\"")
		w.url(p.LastURL)
		w.s(`">`)
		w.tv("phone.past_end_last", "Page", p.Pager.Pages)
		w.s("</a></p>\n</div>\n")
	case p.Filters != nil:
		w.s("<div class=\"empty\">\n<h3>")
		w.t("empty.title")
		w.s("</h3>\n<p>")
		w.t("empty.reason")
		w.s("</p>\n<ul>\n<li>")
		w.t("empty.fewer_words")
		w.s("</li>\n<li><a href=\"/#themes\">")
		w.t("empty.by_theme")
		w.s("</a></li>\n<li><a href=\"/#areas\">")
		w.t("empty.by_area")
		w.s("</a></li>\n</ul>\n<p><a class=\"btn btn-secondary\" href=\"")
		w.url(p.ClearURL)
		w.s(`">`)
		w.t("empty.clear")
		w.s("</a></p>\n</div>")
	default:
		w.s("<div class=\"empty\">\n<h3>")
		w.t("phone.place_empty_title")
		w.s("</h3>\n<p>")
		w.t("phone.place_empty")
		w.s("</p>\n<p><a class=\"btn btn-secondary\" href=\"/projects\">")
		w.t("phone.place_empty_all")
		w.s("</a></p>\n</div>")
	}
	w.s("\n</section>")
}

// cardList is a list of cards, as the top page shows them.
type cardList []projectCard

// HTML is the list's markup (the "cards" partial).
func (cs cardList) HTML() template.HTML {
	if len(cs) == 0 {
		return ""
	}
	return writePooled(len(cs)*1536, func(b *bytes.Buffer) { writeCards(&pw{b: b, l: cs[0].L}, cs) })
}

// writeCards writes cs in their frame (the "cards" partial).
func writeCards(w *pw, cs []projectCard) {
	if len(cs) == 0 {
		return
	}
	w.s(`<div class="cards">`)
	for i := range cs {
		cs[i].write(w)
	}
	w.s("</div>")
}

// writeHead writes what the search page shows above its results: the
// keyword form, the range line, the sort links and the chips.
func (p *listPage) writeHead(w *pw) {
	f := p.Filters
	w.s("<div class=\"list-head\">\n<search class=\"keyword-search\" role=\"search\">\n" +
		"<form method=\"get\" action=\"/projects\" class=\"search-form\" novalidate>\n<label for=\"q\">")
	w.t("search.label")
	w.s("</label>\n<div class=\"search-row\">\n" + `<input id="q" name="q" type="search" value="`)
	w.e(f.Q)
	w.s(`" maxlength="200" autocomplete="off" enterkeyhint="search">` + "\n")
	for _, h := range f.Hidden {
		w.s(`<input type="hidden" name="`)
		w.e(h.Name)
		w.s(`" value="`)
		w.e(h.Value)
		w.s("\">\n")
	}
	w.s(`<button type="submit" class="btn btn-primary">`)
	w.t("search.submit")
	w.s("</button>\n</div>\n</form>\n</search>\n<div class=\"list-status\">\n")
	switch {
	case p.Range.Total > 0:
		p.Range.write(w)
		w.s("\n")
	case p.PastEnd:
		w.s(`<p class="result-count num">`)
		w.tv("phone.total", "Total", ui.Num(p.Total), "Count", p.Total)
		w.s("</p>\n")
	}
	w.s(`<div class="sort-links"><span id="sort-title">`)
	w.t("filter.sort")
	w.s(`</span>` + "\n" + `<ul aria-labelledby="sort-title">`)
	for _, s := range f.SortLinks {
		w.s(`<li><a href="`)
		w.url(s.URL)
		w.s(`"`)
		if s.Current {
			w.s(` aria-current="true"`)
		}
		w.s(">")
		w.e(s.Label)
		w.s("</a></li>")
	}
	w.s("</ul>\n</div>\n</div>\n")
	if len(f.Chips) > 0 {
		w.s("<div class=\"filter-chips\">\n<span id=\"chips-title\">")
		w.t("phone.chips_title")
		w.s("</span>\n" + `<ul aria-labelledby="chips-title">`)
		for _, c := range f.Chips {
			w.s(`<li><a class="chip-remove" href="`)
			w.url(c.Remove)
			w.s(`">`)
			w.s(string(w.l.JaIn(c.Label, c.Quotes)))
			w.s(`<span class="vh">`)
			w.t("phone.chip_remove")
			w.s("</span>" + iconRemove + "</a></li>")
		}
		w.s("\n" + `<li><a class="chips-clear" href="`)
		w.url(f.ClearURL)
		w.s(`">`)
		w.t("phone.chips_clear")
		w.s("</a></li></ul>\n</div>")
	}
	w.s("\n</div>")
}

// write writes an organisation's description and facts.
func (o *orgInfo) write(w *pw) {
	w.s("<div class=\"org-info prose\">\n<p")
	if o.L.English() {
		w.s(` lang="ja"`)
	}
	w.s(">")
	w.e(o.Description)
	w.s("</p>\n<dl class=\"facts\">\n<div><dt>")
	w.t("org.kind")
	w.s("</dt><dd>")
	w.e(o.Kind)
	w.s("</dd></div>\n")
	if o.Regions != "" {
		w.s("<div><dt>")
		w.t("org.regions")
		w.s("</dt><dd")
		w.s(w.ja(o.Regions))
		w.s(">")
		w.e(o.Regions)
		w.s("</dd></div>")
	}
	w.s("\n")
	if o.Website != "" {
		w.s("<div><dt>")
		w.t("org.website")
		w.s(`</dt><dd><a href="`)
		w.url(o.Website)
		w.s(`" rel="noopener">`)
		w.e(o.Website)
		w.s("</a></dd></div>")
	}
	w.s("\n</dl>\n</div>")
}

// HTML is the range line's markup, for the pages that show it through the
// "range" partial.
func (r rangeInfo) HTML() template.HTML {
	return writePooled(256, func(b *bytes.Buffer) { r.write(&pw{b: b, l: r.L}) })
}

func (r *rangeInfo) write(w *pw) {
	if r.Total <= 0 {
		return
	}
	w.s(`<p class="result-count num">`)
	if r.More {
		w.tv("list.range_more", "Total", ui.Num(r.Total), "From", ui.Num(r.From), "To", ui.Num(r.To))
	} else {
		w.tv("list.range", "Total", ui.Num(r.Total), "From", ui.Num(r.From), "To", ui.Num(r.To), "Count", r.Total)
	}
	w.s("</p>")
}

// HTML is the pager's markup, for the pages that show it through the
// "pager" partial.
func (p pager) HTML() template.HTML {
	return writePooled(2048, func(b *bytes.Buffer) { p.write(&pw{b: b, l: p.L}) })
}

func (p *pager) write(w *pw) {
	if p.Pages <= 1 {
		return
	}
	w.s(`<nav class="pager" aria-label="`)
	w.t("pager.label")
	w.s("\">\n" + `<p class="pager-status num">`)
	w.tv("pager.status", "Page", p.Page, "Pages", p.Pages)
	w.s("</p>\n<ul>\n")
	if p.Prev != "" {
		w.s(`<li class="pager-prev"><a href="`)
		w.url(p.Prev)
		w.s(`" rel="prev">`)
		w.t("pager.prev")
		w.s("</a></li>")
	}
	w.s("\n")
	for _, it := range p.Items {
		if it.Gap {
			w.s(`<li class="pager-gap" aria-hidden="true">…</li>`)
			continue
		}
		w.s(`<li class="pager-num"><a href="`)
		w.url(it.URL)
		if it.Current {
			w.s(`" aria-current="page`)
		}
		w.s(`" aria-label="`)
		w.tv("pager.page_label", "Page", it.Num)
		w.s(`">`)
		w.s(strconv.Itoa(it.Num))
		w.s("</a></li>")
	}
	w.s("\n")
	if p.Next != "" {
		w.s(`<li class="pager-next"><a href="`)
		w.url(p.Next)
		w.s(`" rel="next">`)
		w.t("pager.next")
		w.s("</a></li>")
	}
	w.s("\n</ul>\n</nav>")
}

// HTML is the filter form's markup, for the filter page, which shows it
// through the "filters" partial.
func (ff *filterForm) HTML() template.HTML {
	return writePooled(16<<10, func(b *bytes.Buffer) { ff.write(&pw{b: b, l: ff.L}) })
}

func (ff *filterForm) write(w *pw) {
	w.s(`<search class="filters`)
	if ff.Page {
		w.s(` filters-page`)
	}
	w.s(`" id="filters" role="search" aria-labelledby="filters-title">` + "\n")
	if ff.Page {
		w.s(`<h2 id="filters-title" class="vh">`)
	} else {
		w.s(`<h2 id="filters-title">`)
	}
	w.t("filter.title")
	w.s("</h2>\n" + `<form method="get" action="/projects" novalidate>` + "\n")
	switch {
	case ff.Page:
		w.s("<div class=\"field\">\n<label for=\"q\">")
		w.t("search.label")
		w.s("</label>\n" + `<p class="hint" id="q-hint">`)
		w.t("search.hint")
		w.s("</p>\n" + `<input id="q" name="q" type="search" value="`)
		w.e(ff.Q)
		w.s(`" maxlength="200" aria-describedby="q-hint" enterkeyhint="search">` + "\n</div>")
	case ff.Q != "":
		w.s(`<input type="hidden" name="q" value="`)
		w.e(ff.Q)
		w.s(`">`)
	}
	w.s("\n<fieldset>\n<legend>")
	w.t("filter.region")
	w.s("</legend>\n" + `<label for="area" class="sub-label">`)
	w.t("filter.area")
	w.s("</label>\n" + `<select id="area" name="area">` + "\n" + `<option value="">`)
	w.t("filter.any")
	w.s("</option>\n")
	for _, o := range ff.Areas {
		w.s(`<option value="`)
		w.e(o.Value)
		w.s(`"`)
		if o.Checked {
			w.s(" selected")
		}
		w.s(">")
		w.e(o.Label)
		w.s("</option>")
	}
	w.s("\n</select>\n" + `<p class="sub-label">`)
	w.t("filter.prefectures")
	w.s("</p>\n")
	for _, g := range ff.PrefGroups {
		w.s("<details")
		if g.Open {
			w.s(" open")
		}
		w.s(">\n<summary>")
		w.e(g.Label)
		w.s("</summary>\n" + `<ul class="checks">`)
		g.Options.write(w.b, "pref", "prefecture")
		w.s("</ul>\n</details>")
	}
	w.s("\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.theme")
	w.s("</legend>\n" + `<ul class="checks">`)
	ff.Themes.write(w.b, "theme", "theme")
	w.s("</ul>\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.work_style")
	w.s("</legend>\n" + `<ul class="checks"><li><input type="checkbox" id="remote" name="remote" value="1"`)
	if ff.Remote {
		w.s(" checked")
	}
	w.s(`><label for="remote">`)
	w.t("filter.remote")
	w.s("</label></li></ul>\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.reward")
	w.s("</legend>\n")
	radios(w, "reward", ff.Rewards, "any")
	w.s("\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.duration")
	w.s("</legend>\n")
	radios(w, "duration", ff.Durations, "any")
	w.s("\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.status")
	w.s("</legend>\n" + `<ul class="checks"><li><input type="checkbox" id="open" name="open" value="1"`)
	if ff.Open {
		w.s(" checked")
	}
	w.s(`><label for="open">`)
	w.t("filter.open")
	w.s("</label></li></ul>\n</fieldset>\n<fieldset>\n<legend>")
	w.t("filter.sort")
	w.s("</legend>\n")
	radios(w, "sort", ff.Sorts, "")
	w.s("\n</fieldset>\n<div class=\"actions\">\n" + `<button type="submit" class="btn btn-primary">`)
	w.t("filter.submit")
	w.s("</button>\n" + `<a href="/projects">`)
	w.t("empty.clear")
	w.s("</a>\n</div>\n</form>\n</search>")
}

// radios writes the radio buttons named name, each with the id name-value
// (name-empty for the empty value, when empty is set).
func radios(w *pw, name string, os []option, empty string) {
	w.s(`<ul class="checks">`)
	for _, o := range os {
		id := o.Value
		if id == "" {
			id = empty
		}
		w.s(`<li><input type="radio" id="` + name + "-")
		w.e(id)
		w.s(`" name="` + name + `" value="`)
		w.e(o.Value)
		w.s(`"`)
		if o.Checked {
			w.s(" checked")
		}
		w.s(`><label for="` + name + "-")
		w.e(id)
		w.s(`">`)
		w.e(o.Label)
		w.s("</label></li>")
	}
	w.s("</ul>")
}
