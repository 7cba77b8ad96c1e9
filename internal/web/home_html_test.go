package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// TestCountLinks_AreTheTemplatesMarkup: the top page's links with counts
// written in Go are, byte for byte, what the former template wrote, for
// every prefecture and theme in both languages and for hostile names and
// addresses.
func TestCountLinks_AreTheTemplatesMarkup(t *testing.T) {
	tm := template.Must(template.New("").Funcs(template.FuncMap{
		"t": func(l *ui.Locale, id string, args ...any) string { return l.T(id, args...) },
	}).ParseFiles("testdata/countlinks.tmpl"))
	u, err := ui.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	var real countLinks
	for i, p := range furusato.Prefectures {
		real = append(real, countLink{p.NameJa, "/regions/" + p.Slug, i * 37})
	}
	for _, th := range furusato.Themes {
		real = append(real, countLink{th.NameEn, "/themes/" + th.Slug, 1})
	}
	var hostile countLinks
	for i, s := range []string{"<b>&'\"+", "\x00", "\u202e", "\xff\xfe", strings.Repeat("長", 10000), "/a b", "", "javascript:x", "/日本", "/p?x=1&y=2"} {
		hostile = append(hostile, countLink{s, s, i - 1})
	}
	for _, lang := range ui.Langs {
		l := u.Locale(lang)
		for _, cs := range []countLinks{real, hostile, nil} {
			var want bytes.Buffer
			if err := tm.ExecuteTemplate(&want, "links", struct {
				L     *ui.Locale
				Links countLinks
			}{l, cs}); err != nil {
				t.Fatal(err)
			}
			if got := string(cs.HTML(l)); got != want.String() {
				t.Fatalf("%s:\n got %q\nwant %q", lang, got, want.String())
			}
		}
	}
}
