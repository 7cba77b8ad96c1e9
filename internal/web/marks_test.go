package web

import (
	"os"
	"strings"
	"testing"
)

// TestMarkers_AsteriskHiddenFromScreenReaders: the sign-up form's
// 「※必須」 keeps 「※」 on screen but out of what a screen reader says;
// the English form says "(required)" with no mark.
func TestMarkers_AsteriskHiddenFromScreenReaders(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	_, body := s.browser(t, srv).get("/account/signup")
	mustContain(t, "ja", body, `<label for="email">メールアドレス<span class="req"><span aria-hidden="true">※</span>必須</span></label>`)
	mustNotContain(t, "ja", body, `>※必須`, `>※任意`)
	b := s.browser(t, srv)
	inEnglish(t, b)
	_, body = b.get("/account/signup")
	mustContain(t, "en", body, `<span class="req">(required)</span>`)
	mustNotContain(t, "en", body, "※")
}

// TestMarkers_NoGoCodeWritesTheMark: markup written in Go uses the
// catalogue and the partials, not a 「※」 of its own.
func TestMarkers_NoGoCodeWritesTheMark(t *testing.T) {
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(n)
		for i, line := range strings.Split(string(b), "\n") {
			if code, _, _ := strings.Cut(line, "//"); strings.Contains(code, "※") {
				t.Errorf("%s:%d writes 「※」: %s", n, i+1, strings.TrimSpace(line))
			}
		}
	}
}
