package ui

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
)

// These write values as html/template does, for the markup written in Go:
// the layout here, the project page and the cards in internal/web (whose
// TestWriteURL_IsHTMLTemplates checks WriteURL against html/template).

func esc(s string) string {
	var b bytes.Buffer
	WriteEsc(&b, s)
	return b.String()
}

// WriteEsc writes s escaped as html/template escapes text, RCDATA and
// quoted attribute values (its htmlReplacementTable; its bytes are all
// ASCII, so a byte scan finds them as its rune scan does).
func WriteEsc(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// normalURL reports whether html/template writes s, in a URL attribute,
// as the attribute escaper alone would: a path or an http(s) address of
// bytes its normaliser keeps, and valid %-escapes not at the very end.
func normalURL(s string) bool {
	if !(strings.HasPrefix(s, "/") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		case strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// WriteURL writes a URL attribute value as html/template does; anything
// unusual goes through html/template itself.
func WriteURL(b *bytes.Buffer, s string) {
	if normalURL(s) {
		WriteEsc(b, s)
		return
	}
	var t bytes.Buffer
	if err := hrefTemplate().Execute(&t, s); err != nil {
		b.WriteString("#ZgotmplZ") // html/template's own value for what it refuses
		return
	}
	out := t.String()
	out = out[strings.IndexByte(out, '"')+1:]
	b.WriteString(out[:len(out)-2]) // the closing quote and >
}

var hrefTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Parse(`<a href="{{.}}">`))
})
