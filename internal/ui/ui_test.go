package ui

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

type fakeDate struct{ t time.Time }

func (d fakeDate) Start() time.Time { return d.t }
func (d fakeDate) IsZero() bool     { return d.t.IsZero() }

func TestLocale_FormatsDatesAndMoney(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ja, en := u.Locale("ja"), u.Locale("en")
	d := fakeDate{time.Date(2026, 11, 24, 0, 0, 0, 0, jst)}
	late := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC) // 24th 05:00 in JST
	cases := []struct{ got, want string }{
		{ja.Date(d), "2026年11月24日(火)"},
		{en.Date(d), "Tue, 24 Nov 2026"},
		{ja.Date(late), "2026年11月24日(火)"},
		{ja.Date(fakeDate{}), ""},
		{ja.Month(d), "2026年11月"},
		{en.Month(d), "Nov 2026"},
		{ja.Yen(50000), "50,000円"},
		{en.Yen(1234567), "¥1,234,567"},
		{Num(0), "0"},
		{Num(999), "999"},
		{Num(1000), "1,000"},
		{Num(-12345), "-12,345"},
		{ja.T("days.left", "Count", 3), "あと3日"},
		{en.T("days.left", "Count", 1), "1 day left"},
		{en.T("days.left", "Count", 3), "3 days left"},
		{en.T("count.paren", "Count", 1), "(1)"},
		{ja.T("list.range", "Total", "128", "From", "41", "To", "60", "Count", 128), "128件中 41〜60件"},
		{u.Locale("fr").Lang, "ja"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestCatalogues_SameKeysInBothLanguages(t *testing.T) {
	ja, err := MessageIDs("ja")
	if err != nil {
		t.Fatal(err)
	}
	en, err := MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	for k := range ja {
		if !en[k] {
			t.Errorf("%s is in ja but not en", k)
		}
	}
	for k := range en {
		if !ja[k] {
			t.Errorf("%s is in en but not ja", k)
		}
	}
}

var templateKey = regexp.MustCompile(`\bt \$?\.L "([a-z0-9_.]+)"`)

func TestTemplates_EveryKeyExistsInBothLanguages(t *testing.T) {
	names, _ := fs.Glob(files, "templates/*.html")
	used := 0
	for _, lang := range Langs {
		ids, err := MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			b, _ := fs.ReadFile(files, n)
			for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
				used++
				if !ids[m[1]] {
					t.Errorf("%s uses %q, missing in %s", n, m[1], lang)
				}
			}
		}
	}
	if used < 50 {
		t.Errorf("found only %d keys; is the pattern right?", used)
	}
}

func TestJapaneseWording(t *testing.T) {
	b, _ := fs.ReadFile(files, "i18n/ja.json")
	for _, bad := range []string{"！", "!", "こちら", "OK"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("ja.json contains %q (ui.md §5)", bad)
		}
	}
}

func TestStylesheetBudget(t *testing.T) {
	b, err := fs.ReadFile(Static(), "app.css")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 30*1024 {
		t.Errorf("app.css is %d bytes, over 30KB", len(b))
	}
}

func TestRender_FailsWithoutWriting(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	if err := u.Render(rec, 200, "home", struct{}{}); err == nil {
		t.Fatal("rendering with the wrong data should fail")
	}
	if rec.Body.Len() != 0 || rec.Code != 200 || rec.Header().Get("Content-Type") != "" {
		t.Errorf("a failed render wrote something: %d %q", rec.Code, rec.Body.String())
	}
	if err := u.Render(rec, 200, "nope", nil); err == nil {
		t.Error("unknown page rendered")
	}
}

// TestJapaneseFlashesEndWithAFullStop: a flash message is a sentence
// shown on its own, and every one ends with 「。」 (experience review §1.2),
// in every area's catalogue.
func TestJapaneseFlashesEndWithAFullStop(t *testing.T) {
	seen := 0
	eachJapaneseMessage(t, func(n, k, s string) {
		if !isFlashKey(k) {
			return
		}
		seen++
		if !strings.HasSuffix(s, "。") {
			t.Errorf("%s: %s = %q does not end with 「。」", n, k, s)
		}
	})
	if seen < 50 {
		t.Errorf("found only %d flash messages; did the keys change?", seen)
	}
}

// isFlashKey tells the catalogue's flash messages by their key
// (…flash.x, …flash_x), leaving out the hidden prefix 「お知らせ：」.
func isFlashKey(k string) bool {
	return (strings.Contains(k, ".flash.") || strings.Contains(k, ".flash_") || strings.Contains(k, "flash.")) &&
		!strings.HasSuffix(k, "flash_prefix")
}
