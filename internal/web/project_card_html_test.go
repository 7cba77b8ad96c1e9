package web

import (
	"bytes"
	"context"
	"html/template"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// cardTemplate is the card as a template (testdata/card.tmpl, the markup
// partials.html held), with the site's own t.
func cardTemplate(t *testing.T) *template.Template {
	t.Helper()
	tm, err := template.New("").Funcs(template.FuncMap{
		"t": func(l *ui.Locale, id string, args ...any) string { return l.T(id, args...) },
	}).ParseFiles("testdata/card.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func sameCard(t *testing.T, tm *template.Template, c projectCard) {
	t.Helper()
	var want bytes.Buffer
	if err := tm.ExecuteTemplate(&want, "card", c); err != nil {
		t.Fatal(err)
	}
	if got := string(c.HTML()); got != want.String() {
		t.Fatalf("card %q (%s):\n got %q\nwant %q", c.Title, c.L.Lang, got, want.String())
	}
}

// TestCardHTML_IsTheTemplatesMarkup: the card written in Go is, byte for
// byte, what html/template wrote from the former template, for every demo
// project in both languages and for hostile text, addresses and images.
func TestCardHTML_IsTheTemplatesMarkup(t *testing.T) {
	s := newSite(t)
	tm := cardTemplate(t)
	u, err := ui.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := s.h.svc.Catalogue.FindProjects(context.Background(), furusato.ProjectFilter{Limit: 100})
	if err != nil || len(ps) < 10 {
		t.Fatalf("%d projects, %v", len(ps), err)
	}
	for _, lang := range ui.Langs {
		l := u.Locale(lang)
		for i, c := range cards(l, ps, testNow, lang == ui.English) {
			if i%3 == 0 {
				c.Cover = newCoverImage(furusato.Cover{Key: "ab12cd34ef", Width: 1600, Height: 900}, 640, 320)
			}
			sameCard(t, tm, c)
		}
	}
	hostile := []string{"", "<script>alert('x')</script> & \"q\" + 1", "\x00nul", "\u202eevil\u202c", "bad \xff\xfe utf-8",
		strings.Repeat("長い", 5000), "&amp; already", "a\nb\tc", "{{.Title}}", "`back` ='eq'"}
	urls := []string{"/projects/abc-1", "/projects/a b", "/projects/日本", "javascript:alert(1)", "/p?x=1&y=2+3",
		"https://example.com/x", "/projects/%zz", "//evil.example", "/a\"b", "", "/a'b(c)"}
	srcsets := []string{"/images/a 320w, /images/b 640w", "/images/a 320w,/images/b 640w", "/images/a, b 1x",
		"javascript:x 1x", "/i/a 320w, /i/b 2.5x", "/i/a\" 320w", " /i/a 320w", "/i/a?x=1&y=2 320w", ""}
	for _, lang := range ui.Langs {
		l := u.Locale(lang)
		for i, text := range hostile {
			c := projectCard{L: l, H3: i%2 == 0, URL: urls[i%len(urls)], Title: text, CatchCopy: text, Region: text,
				WorkStyle: text, Reward: text, Deadline: text, DaysLeft: text, ClosingSoon: i%3 == 0, Closed: i%4 == 0,
				Themes: []string{text, "デザイン"}, Facts: factsView{L: l, Effort: text, PlacesLeft: text}}
			sameCard(t, tm, c)
			c.Themes = []string{}
			c.Cover = &coverImage{Src: urls[(i+3)%len(urls)], Srcset: srcsets[i%len(srcsets)], Sizes: text, Width: i, Height: -i}
			sameCard(t, tm, c)
		}
		for i, u := range urls {
			sameCard(t, tm, projectCard{L: l, URL: u, Cover: &coverImage{Src: u, Srcset: srcsets[i%len(srcsets)]}})
		}
		for _, set := range srcsets {
			sameCard(t, tm, projectCard{L: l, URL: "/x", Cover: &coverImage{Src: "/x", Srcset: set}})
		}
	}
}

// TestCardIcons_AreThoseOfThePartials: the card's badge draws the icons
// partials.html defines for every other chip.
func TestCardIcons_AreThoseOfThePartials(t *testing.T) {
	u, err := ui.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"icon-stop": iconStop, "icon-clock": iconClock, "icon-open": iconOpen} {
		got, err := u.Partial(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s:\n partials.html %q\n card          %q", name, got, want)
		}
	}
}
