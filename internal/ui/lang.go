package ui

import (
	"html/template"
	"strings"
	"unicode"
)

// HasJapanese reports whether s holds kana or kanji: text people wrote in
// Japanese (a name, a place, a title), which an English page marks with
// lang="ja" so that screen readers read it with a Japanese voice and the
// browser picks Japanese glyphs and line breaking.
func HasJapanese(s string) bool {
	for _, r := range s {
		if r >= 0x3000 && (unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '々') {
			return true
		}
	}
	return false
}

// JaAttr is the one place that marks Japanese text on English pages: it
// returns ` lang="ja"` for the element whose text is s when l is English
// and s holds Japanese (HasJapanese), "" otherwise (a Japanese page, or
// text written in English). Templates write <h1{{.L.JaAttr .Title}}>, and
// the markup written in Go writes the same bytes.
func (l *Locale) JaAttr(s string) template.HTMLAttr {
	if l.English() && HasJapanese(s) {
		return ` lang="ja"`
	}
	return ""
}

// JaSpan is s escaped, inside <span lang="ja"> when JaAttr marks it: for
// Japanese text inside an element that also holds English (a person's
// name after the hidden "Account of").
func (l *Locale) JaSpan(s string) template.HTML {
	e := esc(s)
	if a := l.JaAttr(s); a != "" {
		return template.HTML("<span" + string(a) + ">" + e + "</span>")
	}
	return template.HTML(e)
}

// JaIn is s escaped, with each Japanese one of parts found in it marked by
// JaSpan: for a sentence in English that quotes what people wrote ("Entries:
// {{title}}", a notification naming a project and a person), where marking
// the whole element would have a Japanese voice read the English words. On
// a Japanese page, or when no part is Japanese, it is s escaped as
// html/template would write it. A longer part wins where two start at the
// same place, and a part is marked where it first and next occurs.
func (l *Locale) JaIn(s string, parts ...string) template.HTML {
	marked := parts[:0:0]
	for _, p := range parts {
		if l.JaAttr(p) != "" {
			marked = append(marked, p)
		}
	}
	if len(marked) == 0 {
		return template.HTML(esc(s))
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		best := ""
		for _, p := range marked {
			if len(p) > len(best) && strings.HasPrefix(s[i:], p) {
				best = p
			}
		}
		if best == "" {
			i++
			continue
		}
		b.WriteString(esc(s[last:i]))
		b.WriteString(string(l.JaSpan(best)))
		i += len(best)
		last = i
	}
	b.WriteString(esc(s[last:]))
	return template.HTML(b.String())
}
