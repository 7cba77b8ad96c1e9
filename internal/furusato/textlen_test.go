package furusato

import (
	"strings"
	"testing"
)

func TestTextLen_CountsWhatPeopleSee(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"ふるさと兼業", 6},
		{"👨‍👩‍👧", 1},
		{"👨‍👩‍👧‍👦👍🏽", 2},
		{"🇯🇵🇫🇷", 2},
		{"🇯🇵🇫", 2},
		{"🏴󠁧󠁢󠁳󠁣󠁴󠁿", 1},
		{"❤️", 1},
		{"1️⃣", 1},
		{"が", 1},                  // か + combining dakuten
		{"ｶﾞｷﾞ", 2},               // half-width with ﾞ
		{"e\u0301", 1},            // é decomposed
		{"a\r\nb", 3},             // CR LF is one
		{"\u1100\u1161\u11a8", 1}, // 각 in jamo
		{"\u0301a", 2},            // a mark with nothing before it
		{strings.Repeat("👨‍👩‍👧", 100), 100},
		{"a" + strings.Repeat("\u0301", 1000), 100}, // a tail of marks counts by tenths
	} {
		if got := TextLen(c.in); got != c.want {
			t.Errorf("TextLen(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
