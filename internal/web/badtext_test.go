package web

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/ui"
)

// TestBadText_OneSentenceEverywhere: characters that cannot be used are
// one rule, so every form says it in one sentence with the field's name
// (experience review §1.2): the profile's name and occupation as the
// project and entry forms do, not 「…入力し直してください」 of their own.
func TestBadText_OneSentenceEverywhere(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	res, body := b.post("/account/profile", url.Values{"display_name": {"山田\n花子"}, "occupation": {"デザイ\u202eナー"}})
	status(t, "bad profile", res, body, 400)
	body = html.UnescapeString(body)
	for _, want := range []string{
		"お名前に使用できない文字（制御文字や、文字の向きを変える記号など）が含まれています。取り除いてから、もう一度送信してください。",
		"職業に使用できない文字（制御文字や、文字の向きを変える記号など）が含まれています。取り除いてから、もう一度送信してください。",
	} {
		if n := strings.Count(body, want); n != 2 {
			t.Errorf("%q is %d times on the page, want in the summary and beside the field", want, n)
		}
	}
	mustNotContain(t, "bad profile", body, "入力し直してください")

	// The sentences without a field and for a reflection's question say
	// the same, in both languages.
	for _, lang := range ui.Langs {
		l, _ := ui.LocaleOf(lang)
		field := l.T("hosts.error.bad_text", "Field", "X")
		quoted := l.T("reflections.error.bad_text", "Question", "X")
		whole := l.T("error.bad_text")
		if lang == ui.DefaultLang {
			if quoted != strings.Replace(field, "X", "「X」", 1) || field != "Xに"+whole {
				t.Errorf("ja: three wordings of one rule:\n%s\n%s\n%s", field, quoted, whole)
			}
			continue
		}
		if quoted != strings.Replace(field, "X", `"X"`, 1) || !strings.EqualFold(strings.TrimPrefix(field, "X: "), whole) {
			t.Errorf("en: three wordings of one rule:\n%s\n%s\n%s", field, quoted, whole)
		}
	}
}
