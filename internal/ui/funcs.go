package ui

import "html/template"

// baseFuncs are the template functions every page may use. Those that
// depend on the language take the *Locale first: {{t .L "nav.projects"}},
// {{date .L .Deadline}}, {{yen .L 50000}}.
func baseFuncs() template.FuncMap {
	return template.FuncMap{
		"t":     func(l *Locale, id string, args ...any) string { return l.T(id, args...) },
		"date":  func(l *Locale, d any) string { return l.Date(d) },
		"month": func(l *Locale, d any) string { return l.Month(d) },
		"yen":   func(l *Locale, n int) string { return l.Yen(n) },
		"num":   Num,
		"pick":  func(l *Locale, ja, en string) string { return l.Pick(ja, en) },
		// linkify shows text people wrote: escaped, links and line breaks kept.
		"linkify": Linkify,
	}
}
