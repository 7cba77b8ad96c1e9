package search

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "Hello World", "hello world"},
		{"full-width latin and digits", "ＡＢＣ１２３", "abc123"},
		{"full-width lower", "ＩＴ ｉｔ It", "it it it"},
		{"half-width kana", "ｸﾚｿﾝ", "くれそん"},
		{"half-width dakuten", "ｶﾞ", "が"},
		{"half-width dakuten and handakuten", "ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ ｳﾞ", "がぎぐ ぱぴ ゔ"},
		{"half-width dakuten that does not compose", "ｱﾞ", "あ\u3099"},
		{"decomposed dakuten", "か\u3099", "が"},
		{"dakuten after small ka", "ヵ\u3099", "が"},
		{"katakana to hiragana", "クレソン", "くれそん"},
		{"katakana vu", "ヴァイオリン", "ゔぁいおりん"},
		{"katakana iteration marks", "ヽヾ", "ゝゞ"},
		{"small ka and ke", "一ヵ月 一ヶ月 関ヶ原 ゕゖ", "一か月 一か月 関か原 かか"},
		{"ke between kanji or after a digit", "関ケ原 4ケ月 四ケ所 八ケ岳", "関か原 4か月 四か所 八か岳"},
		{"ke elsewhere", "ケーキ 日本ケミカル ケ原 関ケ", "けーき 日本けみかる け原 関け"},
		{"months written four ways", "4ヶ月 4か月 4ヵ月 4カ月 ４ヶ月", "4か月 4か月 4か月 4か月 4か月"},
		{"long vowel at the end of a katakana word", "データー データ サーバー分析 コンピューター ﾃﾞｰﾀｰ", "でーた でーた さーば分析 こんぴゅーた でーた"},
		{"long vowel inside a word or after kana kept", "ラーメン ビール すごーい データーを ヷーア", "らーめん びーる すごーい でーたーを ヷーあ"},
		{"long vowel run at the end", "データーー ーー", "でーた ーー"},
		{"kanji variants", "髙山 濱田 渡邊 渡邉 山﨑 齋藤 𠮷田", "高山 浜田 渡辺 渡辺 山崎 斎藤 吉田"},
		{"katakana without hiragana", "ヷ", "ヷ"},
		{"hiragana unchanged", "ひらがな", "ひらがな"},
		{"kanji unchanged", "岐阜県飛騨市", "岐阜県飛騨市"},
		{"prolonged sound mark kept", "ラーメン", "らーめん"},
		{"half-width prolonged sound mark", "ﾗｰﾒﾝ", "らーめん"},
		{"lone prolonged sound mark", "ー", "ー"},
		{"iteration marks kept", "人々 〆切 二〇二六", "人々 〆切 二〇二六"},
		{"japanese punctuation", "岐阜県・飛騨市「広報」、お知らせ。", "岐阜県 飛騨市 広報 お知らせ"},
		{"full-width punctuation", "ＩＴ・ＤＸ！？（推進）", "it dx 推進"},
		{"ascii punctuation", `a/b(c)d%e_f-g'h"i`, "a b c d e f g h i"},
		{"symbols", "100% ¥500 $5 #tag @user a+b=c ★☆♪ 〜 ～", "100 500 5 tag user a b c"},
		{"emoji", "岐阜😀👍🏽飛騨 👨‍👩‍👧 🇯🇵", "岐阜 飛騨"},
		{"whitespace collapses", "  a \t\n b\u3000\u3000c  ", "a b c"},
		{"only punctuation", "・「」、。！？", ""},
		{"invalid utf-8", "a\xffb\xc0", "a b"},
		{"invalid utf-8 inside kanji", "岐\xe5阜", "岐 阜"},
		{"only invalid utf-8", "\xff\xfe", ""},
		{"zero-width space removed", "岐阜\u200b県", "岐阜県"},
		{"soft hyphen removed", "in\u00adformation", "information"},
		{"variation selector removed", "葛\U000E0100城", "葛城"},
		{"joiner does not block composition", "か\u200dﾞ", "が"},
		{"compatibility characters", "Ⅻ ① ㈱ ㍻ ﬁ", "xii 1 株 平成 fi"},
		{"accented latin kept composed", "Café CAFÉ", "café café"},
		{"stray combining mark", "\u3099a \u0301", "a"},
		{"other scripts", "Ελληνικά Русский 한국어", "ελληνικά русский 한국어"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Normalize(tt.want); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want it unchanged", tt.want, got)
			}
		})
	}
}

// TestNormalizeAllRunes checks Normalize on every rune, alone and with
// combining marks after it.
func TestNormalizeAllRunes(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "\u3099", string(r) + "\u0301"} {
			n := Normalize(s)
			checkNormalized(t, s, n)
			if n2 := Normalize(n); n2 != n {
				t.Fatalf("Normalize(%q) = %q, but Normalize of that is %q", s, n, n2)
			}
		}
	}
}

// FuzzNormalize checks properties of Normalize, Terms and ParseQuery on any
// input.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "ＡＢＣ１２３ ｸﾚｿﾝ", "ｶﾞｷﾞ", "岐阜県・飛騨市「広報」", "a\xffb", "ーー", "ｱﾞ",
		"か\u200dﾞ", "İ ß Ⅻ ㍻", "2026年度 IT・DX推進", "it's a\\b \"q\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		checkNormalized(t, s, n)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize of that is %q", s, n, n2)
		}
		for _, term := range Terms(s) {
			if term == "" || strings.Contains(term, " ") || !strings.Contains(n, term) {
				t.Fatalf("Terms(%q) has term %q", s, term)
			}
		}
		q := ParseQuery(s)
		if len(q.Words) > MaxWords {
			t.Fatalf("ParseQuery(%q) has %d words", s, len(q.Words))
		}
		for _, w := range q.Words {
			if w.Text == "" || len(w.Terms) == 0 {
				t.Fatalf("ParseQuery(%q) has word %+v", s, w)
			}
		}
		if (q.FTS5("") == "") != q.Empty() || (q.TSQuery("") == "") != q.Empty() {
			t.Fatalf("ParseQuery(%q): Empty() = %v but FTS5 %q, TSQuery %q", s, q.Empty(), q.FTS5(""), q.TSQuery(""))
		}
	})
}

// checkNormalized checks that n = Normalize(s) is trimmed, has single
// spaces, and holds only letters, numbers and combining marks after them.
func checkNormalized(t *testing.T, s, n string) {
	// The problem is found first and t.Helper called only then: it costs more
	// than the check itself, over every rune of TestNormalizeAllRunes.
	if msg := normalizedProblem(s, n); msg != "" {
		t.Helper()
		t.Fatal(msg)
	}
}

// normalizedProblem says what is wrong with n as Normalize(s), or "".
func normalizedProblem(s, n string) string {
	if !utf8.ValidString(n) {
		return fmt.Sprintf("Normalize(%q) = %q: invalid UTF-8", s, n)
	}
	if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
		return fmt.Sprintf("Normalize(%q) = %q: stray spaces", s, n)
	}
	prev := ' '
	for _, r := range n {
		ok := r == ' ' || unicode.IsLetter(r) || unicode.IsNumber(r) ||
			unicode.IsMark(r) && prev != ' '
		if !ok {
			return fmt.Sprintf("Normalize(%q) = %q: has %U", s, n, r)
		}
		if unicode.IsUpper(r) || 'ァ' <= r && r <= 'ヶ' {
			return fmt.Sprintf("Normalize(%q) = %q: has %q", s, n, r)
		}
		prev = r
	}
	return ""
}
