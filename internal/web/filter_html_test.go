package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// TestCheckboxes_AreTheTemplatesMarkup: the filter form's checkboxes
// written in Go are, byte for byte, what the former template wrote, for
// the real form in both languages and for hostile values and labels.
func TestCheckboxes_AreTheTemplatesMarkup(t *testing.T) {
	tm := template.Must(template.ParseFiles("testdata/checkboxes.tmpl"))
	u, err := ui.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	same := func(tmpl, prefix, name string, os options) {
		t.Helper()
		var want bytes.Buffer
		if err := tm.ExecuteTemplate(&want, tmpl, os); err != nil {
			t.Fatal(err)
		}
		if got := `<ul class="checks">` + string(os.Checkboxes(prefix, name)) + "</ul>"; got != want.String() {
			t.Fatalf("%s:\n got %q\nwant %q", tmpl, got, want.String())
		}
	}
	for _, lang := range ui.Langs {
		ff := newFilterForm(u.Locale(lang), furusato.ProjectFilter{Prefectures: []int{21, 1}, Themes: []string{"pr"}})
		for _, g := range ff.PrefGroups {
			same("prefs", "pref", "prefecture", g.Options)
		}
		same("themes", "theme", "theme", ff.Themes)
	}
	var hostile options
	for i, s := range []string{"<b>&'\"+", "\x00", "\u202e", "\xff\xfe", strings.Repeat("長", 10000), "a b", "", "javascript:x"} {
		hostile = append(hostile, option{Value: s, Label: s, Checked: i%2 == 0})
	}
	same("prefs", "pref", "prefecture", hostile)
	same("themes", "theme", "theme", hostile)
	same("themes", "theme", "theme", nil)
}
