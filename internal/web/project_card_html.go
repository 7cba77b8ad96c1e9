package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// A list page has twenty cards of some forty template actions each, and
// html/template pays reflection and an escaper call for every action: it was
// the largest part of building a list page. So a card is written here, once,
// as the markup partials.html used to hold (the "card" template now only
// shows this); TestCardHTML_IsTheTemplatesMarkup renders the former
// template beside it and compares the bytes, hostile text included.

// The icons of the badge, as partials.html draws them
// (TestCardIcons_AreThoseOfThePartials).
const (
	iconStop  = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M4.5 11.5l7-7" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`
	iconClock = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 4.5V8l2.5 1.8" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`
)

// HTML is the card's markup.
func (c projectCard) HTML() template.HTML {
	return writePooled(1536, func(b *bytes.Buffer) { c.write(&pw{b: b, l: c.L}) })
}

// write writes the card; a list page and the project page write their
// cards straight into their own buffer, with their words.
func (c *projectCard) write(w *pw) {
	ja := ""
	if c.L.English() {
		ja = ` lang="ja"`
	}
	w.s(`<article class="card">` + "\n")
	if v := c.Cover; v != nil {
		w.s(`<img class="cover card-cover" src="`)
		w.url(v.Src)
		w.s(`" srcset="`)
		w.s(escSrcset(v.Srcset))
		w.s(`" sizes="`)
		w.e(v.Sizes)
		w.s(`" width="`)
		w.s(strconv.Itoa(v.Width))
		w.s(`" height="`)
		w.s(strconv.Itoa(v.Height))
		w.s(`" alt="" loading="lazy" decoding="async">` + "\n")
	}
	switch {
	case c.Closed:
		w.s(`<p class="chip chip-closed">` + iconStop)
		w.t("project.closed")
		w.s(`</p>`)
	case c.ClosingSoon:
		w.s(`<p class="chip chip-soon">` + iconClock)
		w.t("project.closing_soon")
		w.s(`</p>`)
	}
	h := "h2"
	if c.H3 {
		h = "h3"
	}
	w.s("\n<" + h + ` class="card-title"` + ja + `><a href="`)
	w.url(c.URL)
	w.s(`">`)
	w.e(c.Title)
	w.s(`</a></` + h + ">\n" + `<p class="card-catch"` + ja + `>`)
	w.e(c.CatchCopy)
	w.s("</p>\n" + `<dl class="card-facts">` + "\n")
	w.row("card.region", "", c.Region)
	w.s("\n")
	w.row("card.work_style", "", c.WorkStyle)
	w.s("\n")
	w.row("card.reward", ` class="num"`, c.Reward)
	w.s("\n<div><dt>")
	w.t("card.deadline")
	w.s(`</dt><dd class="num">`)
	w.e(c.Deadline)
	if c.DaysLeft != "" {
		w.tv("card.days_left_paren", "Text", c.DaysLeft)
	}
	w.s("</dd></div>\n")
	if v := c.Facts.Effort; v != "" {
		w.row("facts.effort_label", ` class="num"`, v)
	}
	w.s("\n")
	if v := c.Facts.PlacesLeft; v != "" {
		w.row("facts.left_label", ` class="num"`, v)
	}
	w.s("\n</dl>\n")
	if len(c.Themes) > 0 {
		w.s(`<ul class="tags" aria-label="`)
		w.t("card.themes")
		w.s(`">`)
		w.items(c.Themes)
		w.s("</ul>")
	}
	w.s("\n</article>")
}

// htmlEscaper escapes text and quoted attribute values exactly as
// html/template does (its htmlReplacementTable: NUL, quotes, &, +, <, >).
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

func esc(s string) string { return htmlEscaper.Replace(s) }

// plainURL reports whether s is a path of letters, digits and -._~/ only:
// html/template's URL filter, normaliser and escaper leave it as it is.
func plainURL(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0) {
			return false
		}
	}
	return true
}

// escURL writes a URL attribute value (href, src) as html/template does;
// anything but a plain path goes through html/template itself.
func escURL(s string) string {
	if plainURL(s) {
		return s
	}
	return viaTemplate("href", s)
}

// escSrcset writes a srcset as html/template does: plain paths each with a
// width descriptor ("/a 320w, /b 640w") stay as they are; anything else
// goes through html/template itself.
func escSrcset(s string) string {
	for _, el := range strings.Split(s, ", ") {
		u, w, ok := strings.Cut(el, " ")
		if !ok || !plainURL(u) || !plainWidth(w) {
			return viaTemplate("srcset", s)
		}
	}
	return s
}

func plainWidth(w string) bool {
	if len(w) < 2 || w[len(w)-1] != 'w' {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// attrTemplates put one value in an attribute of a URL's kind, for the
// values escURL and escSrcset do not write themselves.
var attrTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Parse(`{{define "href"}}<a href="{{.}}">{{end}}{{define "srcset"}}<img srcset="{{.}}">{{end}}`))
})

func viaTemplate(kind, s string) string {
	var b bytes.Buffer
	if err := attrTemplates().ExecuteTemplate(&b, kind, s); err != nil {
		return "#ZgotmplZ" // html/template's own value for what it refuses
	}
	out := b.String()
	out = out[strings.IndexByte(out, '"')+1:]
	return out[:len(out)-2] // the closing quote and >
}
