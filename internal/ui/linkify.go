package ui

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

// linkPattern finds web addresses in plain text: http or https, then the
// ASCII characters a URL may hold (not quotes or angle brackets, and not
// Japanese text written straight after it).
var linkPattern = regexp.MustCompile(`https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+`)

// Linkify shows plain text that people wrote as HTML: everything escaped,
// http(s) addresses made links (rel="nofollow noopener noreferrer"), line
// breaks kept as <br>. Nothing in s can add markup of its own.
func Linkify(s string) template.HTML {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	last := 0
	for _, m := range linkPattern.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		// Leave out punctuation that ends a sentence rather than the link,
		// and an opening bracket with nothing after it ("…/a(" before 説明).
		for end > start && strings.ContainsRune(".,;:!?'(", rune(s[end-1])) {
			end--
		}
		if end > start && s[end-1] == ')' && strings.Count(s[start:end], "(") < strings.Count(s[start:end], ")") {
			end--
		}
		link := s[start:end]
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		writeText(&b, s[last:start])
		esc := template.HTMLEscapeString(link)
		b.WriteString(`<a href="` + esc + `" rel="nofollow noopener noreferrer">` + esc + `</a>`)
		last = end
	}
	writeText(&b, s[last:])
	return template.HTML(b.String())
}

func writeText(b *strings.Builder, s string) {
	b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>\n"))
}
