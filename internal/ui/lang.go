package ui

import (
	"html/template"
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
