package service

import (
	"slices"
	"testing"
)

// The catalogue's texts give the words people type: runs of one script,
// hiragana and punctuation ending them, four- and six-kanji runs also as
// their two-kanji words.
func TestTextWords_SplitsByScript(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"ふるさと納税の返礼品を見直す", []string{"納税", "返礼品", "見直"}},
		{"Instagram発信と観光ツアー", []string{"Instagram", "発信", "観光", "ツアー"}},
		{"岐阜県の採用広報を一緒に考える", []string{"岐阜県", "採用広報", "採用", "広報", "一緒"}},
		{"・競合や市場の調査、社内向けの勉強会。", []string{"競合", "市場", "調査", "社内向", "勉強会"}},
		{"漁業協同組合とECサイト", []string{"漁業協同組合", "漁業", "協同", "組合", "EC", "サイト"}},
		{"a 字 パッケージデザインDX推進 ｗｅｂ", []string{"パッケージデザイン", "DX", "推進", "ｗｅｂ"}},
		{"", nil},
	} {
		var got []string
		textWords(c.text, func(w string) { got = append(got, w) })
		if !slices.Equal(got, c.want) {
			t.Errorf("textWords(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
