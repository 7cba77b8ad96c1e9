package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// The project page's content was some sixty template actions and ~45 t
// calls, each through reflection and an escaper: most of the CPU of a
// built project page. So it is written here, as the cards are
// (project_card_html.go), into a pooled buffer, with its fixed words looked
// up and escaped once per language (pageWords). The former template is kept
// as testdata/project.tmpl; TestProjectPageHTML_IsTheTemplatesMarkup
// compares the bytes. Change both together.

const iconOpen = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5 8.2l2 2 4-4.2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`

// pageWordIDs are the fixed messages of the project page.
var pageWordIDs = []string{
	"project.closed", "project.closing_soon", "project.entry_open", "project.entry_closed",
	"card.region", "card.deadline", "card.reward", "card.work_style", "card.themes",
	"facts.effort_label", "facts.period_label", "facts.places_label", "facts.work_times_label", "facts.reward_note_label",
	"facts.selection_title", "facts.interview_label", "facts.reply_label", "facts.steps_title",
	"facts.people_title", "facts.host_intro_title", "facts.supporter_intro_title",
	"entries.see_entry", "entries.project_enter", "entries.favorite_remove", "entries.favorite_add", "entries.favorite_signin",
	"entries.already_entered", "entries.closed.deadline", "entries.closed.filled", "entries.closed.closed",
	"entries.project_signin_hint", "phone.entry_more",
	"project.background", "project.what_you_do", "project.goal", "project.skills", "project.good_for", "project.gains",
	"project.terms", "project.work_place", "project.hours", "project.duration", "project.travel", "project.places",
	"project.company", "company.location", "company.industry", "company.founded", "company.size", "company.website",
	"project.team", "project.coordinator", "project.supporters", "project.entry", "project.entry_closed_help",
	"share.title", "share.line", "share.x", "share.facebook", "share.url", "project.related", "project.back",
}

// pageWords are the fixed messages of the project and list pages in one language,
// already escaped, by message id.
type pageWords map[string]string

func newPageWords(l *ui.Locale) pageWords {
	w := make(pageWords, len(pageWordIDs)+len(listWordIDs))
	for _, ids := range [][]string{pageWordIDs, listWordIDs} {
		for _, id := range ids {
			w[id] = esc(l.T(id))
		}
	}
	return w
}

var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Body is the page's content, as the layout shows it.
func (p projectPage) Body() template.HTML { return writePooled(32<<10, p.writeHTML) }

// pw writes the page into b.
type pw struct {
	b *bytes.Buffer
	l *ui.Locale
	w pageWords
}

// ja is ` lang="ja"` for an element holding s on an English page when s
// is Japanese (ui.Locale.JaAttr, the templates' {{.L.JaAttr …}}).
func (w *pw) ja(s string) string { return string(w.l.JaAttr(s)) }

// jaList is ja for an element holding every text of xs (the templates'
// {{.L.JaAttr (print …)}}: the printed list holds Japanese when one of
// its texts does).
func (w *pw) jaList(xs ...string) string {
	for _, x := range xs {
		if a := w.ja(x); a != "" {
			return a
		}
	}
	return ""
}

func (w *pw) s(s string) { w.b.WriteString(s) }
func (w *pw) e(s string) { ui.WriteEsc(w.b, s) }

// t writes the fixed message id.
func (w *pw) t(id string) {
	if s, ok := w.w[id]; ok {
		w.b.WriteString(s)
		return
	}
	w.e(w.l.T(id)) // not in pageWordIDs: still right, only slower
}

// tv writes message id worded with args.
func (w *pw) tv(id string, args ...any) { w.e(w.l.T(id, args...)) }

func (w *pw) url(s string) { ui.WriteURL(w.b, s) }

// row writes <div><dt>label</dt><dd…>value…</dd></div>.
func (w *pw) row(label, dd, value string) {
	w.s("<div><dt>")
	w.t(label)
	w.s("</dt><dd" + dd + ">")
	w.e(value)
	w.s("</dd></div>")
}

func (w *pw) items(xs []string) {
	for _, x := range xs {
		w.s("<li>")
		w.e(x)
		w.s("</li>")
	}
}

func (p *projectPage) writeHTML(b *bytes.Buffer) {
	w := &pw{b: b, l: p.L, w: p.words}
	if w.w == nil {
		w.w = newPageWords(p.L)
	}
	w.s("\n<article class=\"project\">\n<header class=\"project-head\">\n")
	switch {
	case p.Badge.Closed:
		w.s(`<p class="chip chip-closed">` + iconStop)
		w.t("project.closed")
		w.s("</p>")
	case p.Badge.ClosingSoon:
		w.s(`<p class="chip chip-soon">` + iconClock)
		w.t("project.closing_soon")
		w.s("</p>")
	}
	w.s("\n<h1" + w.ja(p.Title) + ">")
	w.e(p.Title)
	w.s("</h1>\n<p class=\"catch\"" + w.ja(p.P.CatchCopy) + ">")
	w.e(p.P.CatchCopy)
	w.s("</p>\n")
	if v := p.Cover; v != nil {
		w.s(`<img class="cover cover-main" src="`)
		w.url(v.Src)
		w.s(`" srcset="`)
		w.s(escSrcset(v.Srcset))
		w.s(`" sizes="`)
		w.e(v.Sizes)
		w.s(`" width="` + strconv.Itoa(v.Width) + `" height="` + strconv.Itoa(v.Height) + `" alt="" fetchpriority="high">` + "\n")
	}
	if p.Open {
		w.s(`<p class="entry-state is-open">` + iconOpen)
		w.t("project.entry_open")
	} else {
		w.s(`<p class="entry-state">` + iconStop)
		w.t("project.entry_closed")
	}
	w.s("</p>\n<dl class=\"facts key-facts\">\n")
	w.row("card.region", w.ja(p.Region), p.Region)
	w.s("\n")
	p.deadlineRow(w)
	w.row("card.reward", ` class="num"`, p.Reward)
	w.s("\n")
	w.row("card.work_style", "", p.WorkStyle)
	w.s("\n")
	f := &p.Facts
	if f.Effort != "" {
		w.row("facts.effort_label", ` class="num"`, f.Effort)
	}
	w.s("\n")
	if f.Period != "" {
		w.row("facts.period_label", ` class="num"`, f.Period)
	}
	w.s("\n")
	if f.Places != "" {
		w.row("facts.places_label", ` class="num"`, f.Places)
	}
	w.s("\n</dl>\n")
	if len(p.Themes) > 0 {
		w.s(`<ul class="tags" aria-label="`)
		w.t("card.themes")
		w.s(`">`)
		for _, t := range p.Themes {
			w.s(`<li><a href="`)
			w.url(t.URL)
			w.s(`">`)
			w.e(t.Name)
			w.s("</a></li>")
		}
		w.s("</ul>")
	}
	w.s("\n</header>\n")
	p.writeEntryQuick(w)
	w.s("\n\n")
	p.writeProse(w)
	p.writeTerms(w)
	p.writeCompany(w)
	p.writeTeam(w)
	p.writeFactsSections(w)
	p.writeEntry(w)
	p.writeShare(w)
	if len(p.Related) > 0 {
		w.s(`<section class="section"><h2 id="s-related">`)
		w.t("project.related")
		w.s("</h2>\n<div class=\"cards\">")
		for _, c := range p.Related {
			c.write(w)
		}
		w.s("</div>\n</section>")
	}
	w.s("\n<p class=\"more\"><a href=\"/projects\">")
	w.t("project.back")
	w.s("</a></p>\n")
}

// deadlineRow is the deadline with the days left, in the key facts and the terms.
func (p *projectPage) deadlineRow(w *pw) {
	w.s("<div><dt>")
	w.t("card.deadline")
	w.s(`</dt><dd class="num">`)
	w.e(p.Deadline)
	if p.DaysLeft != "" {
		w.tv("card.days_left_paren", "Text", p.DaysLeft)
	}
	w.s("</dd></div>\n")
}

// writeFav is the favourite button or, for a visitor, the sign-in link.
func (e *entryBox) writeFav(w *pw, formClass, linkOpen, linkClose string) {
	if e.SignedIn {
		w.s(`<form method="post" action="`)
		w.url(e.FavURL)
		w.s(`" class="` + formClass + `">` + "\n")
		if e.Favorite {
			w.s(`<input type="hidden" name="on" value="0">` + "\n" + `<button type="submit" class="btn btn-secondary">`)
			w.t("entries.favorite_remove")
		} else {
			w.s(`<input type="hidden" name="on" value="1">` + "\n" + `<button type="submit" class="btn btn-secondary">`)
			w.t("entries.favorite_add")
		}
		w.s("</button>\n</form>\n")
		return
	}
	w.s(linkOpen)
	w.url(e.SignIn)
	w.s(`">`)
	w.t("entries.favorite_signin")
	w.s(linkClose)
}

// writeEntryQuick is the phone's call to action under the head.
func (p *projectPage) writeEntryQuick(w *pw) {
	e := p.Entry
	if e == nil || e.Active == "" && e.Closed != "" {
		return
	}
	w.s("<div class=\"entry-quick\">\n" + `<a class="btn btn-primary btn-lg" href="`)
	if e.Active != "" {
		w.url(e.Active)
		w.s(`">`)
		w.t("entries.see_entry")
	} else {
		w.url(e.EntryURL)
		w.s(`">`)
		w.t("entries.project_enter")
	}
	w.s("</a>\n")
	e.writeFav(w, "fav-form", `<a class="btn btn-secondary" href="`, "</a>\n")
	w.s(`<a class="entry-more" href="#s-entry">`)
	w.t("phone.entry_more")
	w.s("</a>\n</div>")
}

func (p *projectPage) writeProse(w *pw) {
	sec := func(id, label, text string) {
		w.s(`<section><h2 id="s-` + id + `">`)
		w.t(label)
		w.s(`</h2><div class="prose text"` + w.ja(text) + ">")
		w.e(text)
		w.s("</div></section>")
	}
	pr := p.P
	sec("background", "project.background", pr.Background)
	w.s("\n")
	sec("what", "project.what_you_do", pr.WhatYouDo)
	w.s("\n")
	sec("goal", "project.goal", pr.Goal)
	w.s("\n")
	if len(pr.Skills) > 0 {
		w.s(`<section><h2 id="s-skills">`)
		w.t("project.skills")
		w.s(`</h2><ul class="prose bullets"` + w.jaList(pr.Skills...) + ">")
		w.items(pr.Skills)
		w.s("</ul></section>")
	}
	w.s("\n")
	if pr.GoodFor != "" {
		sec("goodfor", "project.good_for", pr.GoodFor)
	}
	w.s("\n")
	if pr.Gains != "" {
		sec("gains", "project.gains", pr.Gains)
	}
	w.s("\n\n")
}

func (p *projectPage) writeTerms(w *pw) {
	pr := p.P
	w.s(`<section><h2 id="s-terms">`)
	w.t("project.terms")
	w.s("</h2>\n<dl class=\"facts terms\">\n<div><dt>")
	w.t("card.work_style")
	w.s("</dt><dd>")
	w.e(p.WorkStyle)
	if p.Visits != "" {
		w.s("<br>")
		w.e(p.Visits)
	}
	w.s("</dd></div>\n")
	if pr.WorkPlace != "" {
		w.row("project.work_place", w.ja(pr.WorkPlace), pr.WorkPlace)
	}
	w.s("\n<div><dt>")
	w.t("project.hours")
	w.s(`</dt><dd class="num">`)
	w.tv("project.hours_value", "Count", pr.HoursPerWeek)
	w.s("</dd></div>\n<div><dt>")
	w.t("project.duration")
	w.s(`</dt><dd class="num">`)
	w.tv("project.duration_value", "Count", pr.DurationMonths)
	if p.Start != "" {
		w.tv("project.start_value", "Date", p.Start)
	}
	w.s("</dd></div>\n")
	w.row("card.reward", ` class="num"`, p.Reward)
	w.s("\n")
	w.row("project.travel", "", p.Travel)
	w.s("\n<div><dt>")
	w.t("project.places")
	w.s(`</dt><dd class="num">`)
	w.tv("project.places_value", "Count", pr.Places)
	w.s("</dd></div>\n")
	p.deadlineRow(w)
	if v := p.Facts.WorkTimes; v != "" {
		w.row("facts.work_times_label", w.ja(v), v)
	}
	w.s("\n")
	if v := p.Facts.RewardNote; v != "" {
		w.row("facts.reward_note_label", ` class="text"`+w.ja(v), v)
	}
	w.s("\n</dl>\n</section>\n\n")
}

func (p *projectPage) writeCompany(w *pw) {
	if c := p.Company; c != nil {
		w.s(`<section><h2 id="s-company">`)
		w.t("project.company")
		w.s("</h2>\n<h3" + w.ja(c.Name) + ">")
		w.e(c.Name)
		w.s("</h3>\n<dl class=\"facts\">\n")
		w.row("company.location", w.ja(c.Location), c.Location)
		w.s("\n")
		if c.Industry != "" {
			w.row("company.industry", w.ja(c.Industry), c.Industry)
		}
		w.s("\n")
		if c.Founded != "" {
			w.row("company.founded", ` class="num"`, c.Founded)
		}
		w.s("\n")
		if c.Size != "" {
			w.row("company.size", w.ja(c.Size), c.Size)
		}
		w.s("\n")
		if c.Website != "" {
			w.s("<div><dt>")
			w.t("company.website")
			w.s(`</dt><dd><a href="`)
			w.url(c.Website)
			w.s(`" rel="noopener">`)
			w.e(c.Website)
			w.s("</a></dd></div>")
		}
		w.s("\n</dl>\n")
		if c.Description != "" {
			w.s(`<div class="prose text"` + w.ja(c.Description) + ">")
			w.e(c.Description)
			w.s("</div>")
		}
		w.s("\n</section>")
	}
	w.s("\n\n")
}

func (p *projectPage) writeTeam(w *pw) {
	w.s(`<section><h2 id="s-team">`)
	w.t("project.team")
	w.s("</h2>\n")
	if o := p.Org; o != nil {
		w.s("<h3>")
		w.t("project.coordinator")
		w.s("</h3>\n<p><a href=\"")
		w.url(o.URL)
		w.s(`"` + w.ja(o.Name) + ">")
		w.e(o.Name)
		w.s("</a></p>")
	}
	w.s("\n")
	if ss := p.P.Supporters; len(ss) > 0 {
		w.s("<h3>")
		w.t("project.supporters")
		w.s("</h3>\n<ul class=\"supporters\"" + w.jaSupporters(ss) + ">")
		for _, s := range ss {
			w.s(`<li><span class="supporter-name">`)
			w.e(s.Name)
			w.s(`</span><span class="supporter-role">`)
			w.e(s.Role)
			w.s("</span>")
			if s.OrganizationName != "" {
				w.s(`<span class="supporter-org">`)
				w.e(s.OrganizationName)
				w.s("</span>")
			}
			w.s("</li>")
		}
		w.s("</ul>")
	}
	w.s("\n</section>\n\n")
}

// SupportersText is every text the supporters list shows, for the
// reference template's {{.L.JaAttr .SupportersText}}; the page itself asks
// jaSupporters, which finds the same without joining them.
func (p projectPage) SupportersText() string {
	var b strings.Builder
	for _, s := range p.P.Supporters {
		b.WriteString(s.Name + " " + s.Role + " " + s.OrganizationName + " ")
	}
	return b.String()
}

// jaSupporters is jaList over every text of the supporters.
func (w *pw) jaSupporters(ss []furusato.Supporter) string {
	for _, s := range ss {
		if a := w.jaList(s.Name, s.Role, s.OrganizationName); a != "" {
			return a
		}
	}
	return ""
}

func (p *projectPage) writeFactsSections(w *pw) {
	f := &p.Facts
	if f.HasSelection() {
		w.s(`<section><h2 id="s-selection">`)
		w.t("facts.selection_title")
		w.s("</h2>\n<dl class=\"facts\">\n")
		if f.Interview != "" || f.InterNote != "" {
			w.s("<div><dt>")
			w.t("facts.interview_label")
			w.s("</dt><dd>")
			w.e(f.Interview)
			if f.InterNote != "" {
				if f.Interview != "" {
					w.s("<br>")
				}
				w.s("<span" + w.ja(f.InterNote) + ">")
				w.e(f.InterNote)
				w.s("</span>")
			}
			w.s("</dd></div>")
		}
		w.s("\n")
		if f.Reply != "" {
			w.row("facts.reply_label", "", f.Reply)
		}
		w.s("\n</dl>\n")
		if len(f.Steps) > 0 {
			w.s("<h3>")
			w.t("facts.steps_title")
			w.s("</h3>\n<ol class=\"steps\"" + w.jaList(f.Steps...) + ">")
			w.items(f.Steps)
			w.s("</ol>")
		}
		w.s("\n</section>")
	}
	w.s("\n")
	if f.HostIntro != "" || f.SupIntro != "" {
		w.s(`<section><h2 id="s-people">`)
		w.t("facts.people_title")
		w.s("</h2>\n")
		intro := func(title, text string) {
			w.s("<h3>")
			w.t(title)
			w.s("</h3>\n<div class=\"prose text\"" + w.ja(text) + ">")
			w.e(text)
			w.s("</div>")
		}
		if f.HostIntro != "" {
			intro("facts.host_intro_title", f.HostIntro)
		}
		w.s("\n")
		if f.SupIntro != "" {
			intro("facts.supporter_intro_title", f.SupIntro)
		}
		w.s("\n</section>")
	}
	w.s("\n\n")
}

func (p *projectPage) writeEntry(w *pw) {
	w.s(`<section aria-labelledby="s-entry" class="entry-box"><h2 id="s-entry">`)
	w.t("project.entry")
	w.s("</h2>\n")
	e := p.Entry
	if e == nil {
		w.s("<p>")
		if p.Open {
			w.tv("project.entry_open_help", "Deadline", p.Deadline)
		} else {
			w.t("project.entry_closed_help")
		}
		w.s("</p>\n</section>\n\n")
		return
	}
	switch {
	case e.Active != "":
		w.s("<p>")
		w.t("entries.already_entered")
		w.s("</p>\n" + `<p><a class="btn btn-primary btn-lg" href="`)
		w.url(e.Active)
		w.s(`">`)
		w.t("entries.see_entry")
		w.s("</a></p>\n")
	case e.Closed != "":
		w.s("<p>")
		switch e.Closed {
		case "deadline":
			w.t("entries.closed.deadline")
		case "filled":
			w.t("entries.closed.filled")
		default:
			w.t("entries.closed.closed")
		}
		w.s("</p>\n")
	default:
		w.s("<p>")
		w.tv("project.entry_open_help", "Deadline", p.Deadline)
		w.s("</p>\n")
		if !e.SignedIn {
			w.s(`<p class="hint">`)
			w.t("entries.project_signin_hint")
			w.s("</p>")
		}
		w.s("\n" + `<p><a class="btn btn-primary btn-lg" href="`)
		w.url(e.EntryURL)
		w.s(`">`)
		w.t("entries.project_enter")
		w.s("</a></p>\n")
	}
	e.writeFav(w, "form", `<p><a href="`, "</a></p>\n")
	w.s("</section>\n\n")
}

func (p *projectPage) writeShare(w *pw) {
	w.s(`<section><h2 id="s-share">`)
	w.t("share.title")
	w.s("</h2>\n<ul class=\"share\">\n")
	for _, l := range [...]struct{ url, id string }{{p.Share.LINE, "share.line"}, {p.Share.X, "share.x"}, {p.Share.Facebook, "share.facebook"}} {
		w.s(`<li><a href="`)
		w.url(l.url)
		w.s(`" rel="noopener">`)
		w.t(l.id)
		w.s("</a></li>\n")
	}
	w.s("</ul>\n<p class=\"hint\">")
	w.t("share.url")
	w.s(` <span class="share-url">`)
	w.e(p.Canonical)
	w.s("</span></p>\n</section>\n</article>\n\n")
}
