package ui

import (
	"bytes"
	"strings"
	"testing"
)

// Japanese text is marked on English pages only, and only when it is
// Japanese: a name, a place; and the layout marks a Japanese account name
// in the header (inside the link, after the hidden English words).
func TestJaAttr_MarksJapaneseOnEnglishPagesOnly(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ja, en := u.Locale(DefaultLang), u.Locale(English)
	for s, want := range map[string]bool{"郡上市, Gifu": true, "ひだ": true, "カタカナ": true, "Hida Takayama": false, "": false, "１２３": false, "Ａ": false} {
		if got := en.JaAttr(s) == ` lang="ja"`; got != want {
			t.Errorf("English JaAttr(%q) = %q", s, en.JaAttr(s))
		}
		if ja.JaAttr(s) != "" {
			t.Errorf("Japanese JaAttr(%q) = %q", s, ja.JaAttr(s))
		}
	}
	if got := string(en.JaSpan("山田 <花子>")); got != `<span lang="ja">山田 &lt;花子&gt;</span>` {
		t.Errorf("JaSpan = %s", got)
	}
	if got := string(ja.JaSpan("山田")); got != "山田" {
		t.Errorf("Japanese JaSpan = %s", got)
	}
	ref, err := u.shared.Clone()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.New("c").Parse(`{{define "content"}}<h1>{{.Title}}</h1>{{end}}`); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	base := Base{L: en, Title: "T", Account: Account{SignedIn: true, Name: "山田 花子"}}
	if err := u.execute(&b, ref, base); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `</span><span lang="ja">山田 花子</span></a>`) {
		t.Errorf("the English header does not mark the Japanese name:\n%s", b.String())
	}
}

// A sentence in English marks only the Japanese it quotes; a Japanese page,
// or a sentence quoting English, is the text escaped as html/template writes it.
func TestJaIn_MarksOnlyTheJapanesePartsOfASentence(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ja, en := u.Locale(DefaultLang), u.Locale(English)
	for _, c := range []struct {
		l       *Locale
		s, want string
		parts   []string
	}{
		{en, `Entries: 清流 <川>`, `Entries: <span lang="ja">清流 &lt;川&gt;</span>`, []string{"清流 <川>"}},
		{en, `山田 entered "清流" & "清流"`, `<span lang="ja">山田</span> entered &#34;<span lang="ja">清流</span>&#34; &amp; &#34;<span lang="ja">清流</span>&#34;`, []string{"清流", "山田", ""}},
		{en, `Entries: 清流の村`, `Entries: <span lang="ja">清流の村</span>`, []string{"清流", "清流の村"}},
		{en, `Entries: Hida`, `Entries: Hida`, []string{"Hida"}},
		{ja, `応募: 清流`, `応募: 清流`, []string{"清流"}},
		{en, `No parts "x"`, `No parts &#34;x&#34;`, nil},
	} {
		if got := string(c.l.JaIn(c.s, c.parts...)); got != c.want {
			t.Errorf("%s JaIn(%q, %q) = %s, want %s", c.l.Lang, c.s, c.parts, got, c.want)
		}
	}
}
