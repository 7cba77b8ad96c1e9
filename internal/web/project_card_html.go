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
	var b strings.Builder
	b.Grow(1536)
	c.writeHTML(&b)
	return template.HTML(b.String())
}

func (c *projectCard) writeHTML(b *strings.Builder) {
	l := c.L
	ja := ""
	if l.English() {
		ja = ` lang="ja"`
	}
	b.WriteString(`<article class="card">` + "\n")
	if v := c.Cover; v != nil {
		b.WriteString(`<img class="cover card-cover" src="`)
		b.WriteString(escURL(v.Src))
		b.WriteString(`" srcset="`)
		b.WriteString(escSrcset(v.Srcset))
		b.WriteString(`" sizes="`)
		b.WriteString(esc(v.Sizes))
		b.WriteString(`" width="`)
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteString(`" height="`)
		b.WriteString(strconv.Itoa(v.Height))
		b.WriteString(`" alt="" loading="lazy" decoding="async">` + "\n")
	}
	switch {
	case c.Closed:
		b.WriteString(`<p class="chip chip-closed">` + iconStop)
		b.WriteString(esc(l.T("project.closed")))
		b.WriteString(`</p>`)
	case c.ClosingSoon:
		b.WriteString(`<p class="chip chip-soon">` + iconClock)
		b.WriteString(esc(l.T("project.closing_soon")))
		b.WriteString(`</p>`)
	}
	h := "h2"
	if c.H3 {
		h = "h3"
	}
	b.WriteString("\n<" + h + ` class="card-title"` + ja + `><a href="`)
	b.WriteString(escURL(c.URL))
	b.WriteString(`">`)
	b.WriteString(esc(c.Title))
	b.WriteString(`</a></` + h + ">\n" + `<p class="card-catch"` + ja + `>`)
	b.WriteString(esc(c.CatchCopy))
	b.WriteString("</p>\n" + `<dl class="card-facts">` + "\n")
	row := func(label, class, value, extra string) {
		b.WriteString(`<div><dt>`)
		b.WriteString(esc(l.T(label)))
		b.WriteString(`</dt><dd` + class + `>`)
		b.WriteString(esc(value))
		b.WriteString(extra)
		b.WriteString("</dd></div>")
	}
	row("card.region", "", c.Region, "")
	b.WriteByte('\n')
	row("card.work_style", "", c.WorkStyle, "")
	b.WriteByte('\n')
	row("card.reward", ` class="num"`, c.Reward, "")
	b.WriteByte('\n')
	left := ""
	if c.DaysLeft != "" {
		left = esc(l.T("card.days_left_paren", "Text", c.DaysLeft))
	}
	row("card.deadline", ` class="num"`, c.Deadline, left)
	b.WriteByte('\n')
	if v := c.Facts.Effort; v != "" {
		row("facts.effort_label", ` class="num"`, v, "")
	}
	b.WriteByte('\n')
	if v := c.Facts.PlacesLeft; v != "" {
		row("facts.left_label", ` class="num"`, v, "")
	}
	b.WriteString("\n</dl>\n")
	if len(c.Themes) > 0 {
		b.WriteString(`<ul class="tags" aria-label="`)
		b.WriteString(esc(l.T("card.themes")))
		b.WriteString(`">`)
		for _, t := range c.Themes {
			b.WriteString("<li>")
			b.WriteString(esc(t))
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n</article>")
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
