package ui

import (
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestLocale_TRemembersWhatTheCatalogueSays checks that T, which keeps
// the messages it has worded, gives for every message of both catalogues
// what the catalogue itself gives, the first time and the next.
func TestLocale_TRemembersWhatTheCatalogueSays(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Langs {
		l := u.Locale(lang)
		ids, err := MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for id := range ids {
			want, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id})
			if err != nil || strings.Contains(want, "<no value>") {
				continue // a message that needs values: T words it with them
			}
			for range 2 {
				if got := l.T(id); got != want {
					t.Fatalf("%s %s: T = %q, want %q", lang, id, got, want)
				}
			}
		}
	}
	ja, en := u.Locale("ja"), u.Locale("en")
	for range 2 { // the second round comes from what T keeps
		for _, c := range []struct{ got, want string }{
			{en.T("days.left", "Count", 1), "1 day left"},
			{en.T("days.left", "Count", 3), "3 days left"},
			{en.T("days.left", "Count", int64(2)), "2 days left"},
			{en.T("days.left", "Count", "2"), "2 days left"},
			{ja.T("days.left", "Count", 3), "あと3日"},
			{ja.T("list.range", "Total", "128", "From", "41", "To", "60", "Count", 128), "128件中 41〜60件"},
			{ja.T("list.range", "Total", "129", "From", "41", "To", "60", "Count", 129), "129件中 41〜60件"},
			{ja.T("projects.search_title", "Query", "<b>"), "「<b>」の検索結果"},
			// A value that holds the key's separators is not another set of values.
			{ja.T("list.range", "Total", "1\x00sFrom\x00s2", "From", "", "To", "3", "Count", 1), "1\x00sFrom\x00s2件中 〜3件"},
			{ja.T("list.range", "Total", "1", "From", "2", "To", "3", "Count", 1), "1件中 2〜3件"},
			{ja.T("projects.search_title", "Query", strings.Repeat("長", 10000)), "「" + strings.Repeat("長", 10000) + "」の検索結果"},
		} {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		}
	}
}

// TestLocale_TKeepsABoundedNumberOfMessages: words searched for are
// message values too; what T keeps must not grow with them.
func TestLocale_TKeepsABoundedNumberOfMessages(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	l := u.Locale("ja")
	for i := range 3 * memoMax {
		l.T("projects.search_title", "Query", Num(i))
	}
	l.memo.mu.RLock()
	n := len(l.memo.m)
	l.memo.mu.RUnlock()
	if n == 0 || n > memoMax {
		t.Fatalf("T keeps %d messages, want 1 to %d", n, memoMax)
	}
}

// TestLocale_TOfAFixedMessageDoesNotAllocate: a page asks for a hundred
// fixed words (labels, navigation); each used to cost go-i18n's lookup.
func TestLocale_TOfAFixedMessageDoesNotAllocate(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	l := u.Locale("en")
	if n := testing.AllocsPerRun(100, func() { l.T("nav.projects") }); n != 0 {
		t.Fatalf("T(nav.projects) allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { l.T("days.left", "Count", 3) }); n > 1 {
		t.Fatalf("T(days.left, Count, 3) allocates %v times", n)
	}
}
