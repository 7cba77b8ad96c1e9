package ui

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

var markDefs = regexp.MustCompile(`(?m)^\{\{define "(req|opt|req-to-add|mark)"\}\}.*$`)

var comment = regexp.MustCompile(`(?s)\{\{/\*.*?\*/\}\}`)

// TestMarkers_OnePartialHidesTheAsterisk: 「※」 is read aloud (NVDA-ja:
// 「こめ」), so every ※必須/※任意 marker is the partial "req" or "opt",
// which hides it from screen readers; no template writes the marker
// itself (experience review §1.3).
func TestMarkers_OnePartialHidesTheAsterisk(t *testing.T) {
	names, _ := fs.Glob(files, "templates/*.html")
	uses := 0
	for _, n := range names {
		b, _ := fs.ReadFile(files, n)
		s := string(b)
		uses += strings.Count(s, `{{template "req`) + strings.Count(s, `{{template "opt"`)
		if strings.HasSuffix(n, "/partials.html") {
			s = markDefs.ReplaceAllString(s, "") // the marker partials themselves
		}
		s = comment.ReplaceAllString(s, "") // a comment may quote 「※」
		for _, bad := range []string{"※", `"form.required"`, `"form.optional"`, `class="req"`, `class="opt"`} {
			if strings.Contains(s, bad) {
				t.Errorf("%s writes %s itself: use {{template \"req\" .L}} or {{template \"opt\" .L}}", n, bad)
			}
		}
	}
	if uses < 40 {
		t.Errorf("found only %d markers; is the pattern right?", uses)
	}
	for _, lang := range Langs {
		l, _ := LocaleOf(lang)
		for _, id := range []string{"form.required", "form.optional"} {
			if s := l.T(id); strings.Contains(s, "※") {
				t.Errorf("%s %s = %q: the mark belongs to the partial", lang, id, s)
			}
		}
	}
}
