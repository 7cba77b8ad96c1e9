package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"・、。", nil},
		{"岐阜県", []string{"岐阜", "阜県", "県"}},
		{"岐阜県庁", []string{"岐阜", "阜県", "県庁", "庁"}},
		{"広報", []string{"広報", "報"}},
		{"柿", []string{"柿"}},
		{"a", []string{"a"}},
		{"飛騨市ファンクラブ", []string{"飛騨", "騨市", "市ふ", "ふぁ", "ぁん", "んく", "くら", "らぶ", "ぶ"}},
		{"IT・DX推進", []string{"it", "dx", "推進", "進"}},
		{"2026年", []string{"2026", "年"}},
		{"2026年度", []string{"2026", "年度", "度"}},
		{"第3回目", []string{"第", "3", "回目", "目"}},
		{"Instagramで発信", []string{"instagram", "で発", "発信", "信"}},
		{"ＩＴ it", []string{"it", "it"}},
		{"クレソン", []string{"くれ", "れそ", "そん", "ん"}},
		{"ｸﾚｿﾝ", []string{"くれ", "れそ", "そん", "ん"}},
		{"ラーメン", []string{"らー", "ーめ", "めん", "ん"}},
		{"ーメン", []string{"めん", "ん"}},
		{"ーー", nil},
		{"aーb", []string{"a", "b"}},
		{"人々", []string{"人々", "々"}},
		{"ｶﾞｲﾄﾞ", []string{"がい", "いど", "ど"}},
		{"ｱﾞｲ", []string{"あ\u3099い", "い"}},
		{"Ελληνικά και 日本", []string{"ελληνικά", "και", "日本", "本"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTermsKanaForms(t *testing.T) {
	want := Terms("くれそん")
	for _, s := range []string{"クレソン", "ｸﾚｿﾝ", "「クレソン」"} {
		if got := Terms(s); !reflect.DeepEqual(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []Word
	}{
		{"", nil},
		{"・ ー 「」", nil},
		{"岐阜県", []Word{{"岐阜県", []string{"岐阜", "阜県"}, false}}},
		{"柿", []Word{{"柿", []string{"柿"}, true}}},
		{"阜", []Word{{"阜", []string{"阜"}, true}}},
		{"it", []Word{{"it", []string{"it"}, false}}},
		{"ＩＴ", []Word{{"it", []string{"it"}, false}}},
		{"クレソン", []Word{{"くれそん", []string{"くれ", "れそ", "そん"}, false}}},
		{"ｸﾚｿﾝ", []Word{{"くれそん", []string{"くれ", "れそ", "そん"}, false}}},
		{"IT・DX推進", []Word{
			{"it", []string{"it"}, false},
			{"dx推進", []string{"dx", "推進"}, false},
		}},
		{"2026年", []Word{{"2026年", []string{"2026", "年"}, true}}},
		{"第3回", []Word{{"第3回", []string{"第", "3", "回"}, true}}},
		{"年度2026", []Word{{"年度2026", []string{"年度", "度", "2026"}, false}}},
		{"越境EC", []Word{{"越境ec", []string{"越境", "境", "ec"}, false}}},
		{"確認3f2a", []Word{{"確認3f2a", []string{"確認", "認", "3f2a"}, false}}},
		{"美容室2.0", []Word{{"美容室2", []string{"美容", "容室", "室", "2"}, false}, {"0", []string{"0"}, false}}},
		{"ec越境", []Word{{"ec越境", []string{"ec", "越境"}, false}}},
		{"ーめん", []Word{{"ーめん", []string{"めん"}, false}}},
		{"岐阜　飛騨市", []Word{
			{"岐阜", []string{"岐阜"}, false},
			{"飛騨市", []string{"飛騨", "騨市"}, false},
		}},
		{"岐阜 岐阜 ｷﾞﾌ ぎふ", []Word{
			{"岐阜", []string{"岐阜"}, false},
			{"ぎふ", []string{"ぎふ"}, false},
		}},
		{"a b c d e f g h i j", []Word{
			{"a", []string{"a"}, false}, {"b", []string{"b"}, false},
			{"c", []string{"c"}, false}, {"d", []string{"d"}, false},
			{"e", []string{"e"}, false}, {"f", []string{"f"}, false},
			{"g", []string{"g"}, false}, {"h", []string{"h"}, false},
		}},
		{"a a ー ー b c d e f g h i j", []Word{
			{"a", []string{"a"}, false}, {"b", []string{"b"}, false},
			{"c", []string{"c"}, false}, {"d", []string{"d"}, false},
			{"e", []string{"e"}, false}, {"f", []string{"f"}, false},
			{"g", []string{"g"}, false}, {"h", []string{"h"}, false},
		}},
	}
	for _, tt := range tests {
		got := ParseQuery(tt.in)
		if !reflect.DeepEqual(got.Words, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got.Words, tt.want)
		}
		if got.Empty() != (len(tt.want) == 0) {
			t.Errorf("ParseQuery(%q).Empty() = %v", tt.in, got.Empty())
		}
	}
}

func TestParseQueryTruncates(t *testing.T) {
	long := strings.Repeat("a", MaxQueryRunes-1) + "bc d"
	q := ParseQuery(long)
	want := strings.Repeat("a", MaxQueryRunes-1) + "b"
	if len(q.Words) != 1 || q.Words[0].Text != want {
		t.Errorf("ParseQuery(%d runes) = %+v, want the one word %q", len(long), q.Words, want)
	}

	// Invalid bytes count as runes.
	q = ParseQuery(strings.Repeat("\xff", MaxQueryRunes) + "x")
	if !q.Empty() {
		t.Errorf("ParseQuery(invalid bytes) = %+v, want empty", q.Words)
	}

	q = ParseQuery(strings.Repeat("あ", 300))
	if len(q.Words) != 1 || len(q.Words[0].Terms) != MaxQueryRunes-1 {
		t.Errorf("ParseQuery(300 あ) has %d words", len(q.Words))
	}
}

func TestFTS5(t *testing.T) {
	tests := []struct {
		query, column, want string
	}{
		{"", "", ""},
		{"、", "title", ""},
		{"岐阜県", "", `"岐阜 阜県"`},
		{"柿", "", `"柿" *`},
		{"岐阜県 柿", "", `"岐阜 阜県" AND "柿" *`},
		{"IT・DX推進 2026年", "", `"it" AND "dx 推進" AND "2026 年" *`},
		{"岐阜県 柿", "title", `{title} : ("岐阜 阜県" AND "柿" *)`},
		{"岐阜県", " title  body ", `{title body} : ("岐阜 阜県")`},
		{"岐阜県", "my col", `{my col} : ("岐阜 阜県")`},
		{"岐阜県", "タイトル", `{タイトル} : ("岐阜 阜県")`},
		{"岐阜県", "NEAR x-y", `{"NEAR" "x-y"} : ("岐阜 阜県")`},
		{"near and", "", `"near" AND "and"`},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.query).FTS5(tt.column); got != tt.want {
			t.Errorf("ParseQuery(%q).FTS5(%q) = %s, want %s", tt.query, tt.column, got, tt.want)
		}
	}

	q := Query{Words: []Word{{Text: `a"b`, Terms: []string{`a"b`, "c"}, Prefix: true}}}
	if got, want := q.FTS5(`t"`), `{"t"""} : ("a""b c" *)`; got != want {
		t.Errorf("FTS5 with quotes = %s, want %s", got, want)
	}
}

func TestTSQuery(t *testing.T) {
	tests := []struct {
		query, weights, want string
	}{
		{"", "", ""},
		{"", "A", ""},
		{"岐阜県", "", `('岐阜' <-> '阜県')`},
		{"柿", "", `('柿':*)`},
		{"岐阜県 柿", "", `('岐阜' <-> '阜県') & ('柿':*)`},
		{"岐阜県 柿", "A", `('岐阜':A <-> '阜県':A) & ('柿':*A)`},
		{"岐阜県 柿", "ba", `('岐阜':AB <-> '阜県':AB) & ('柿':*AB)`},
		{"柿", "x!", `('柿':*)`},
		{"IT・DX推進 2026年", "", `('it') & ('dx' <-> '推進') & ('2026' <-> '年':*)`},
		{"2026年", "B", `('2026':B <-> '年':*B)`},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.query).TSQuery(tt.weights); got != tt.want {
			t.Errorf("ParseQuery(%q).TSQuery(%q) = %s, want %s", tt.query, tt.weights, got, tt.want)
		}
	}

	q := Query{Words: []Word{{Text: "x", Terms: []string{`it's`, `a\b`}}}}
	if got, want := q.TSQuery(""), `('it''s' <-> 'a\\b')`; got != want {
		t.Errorf("TSQuery with quotes = %s, want %s", got, want)
	}
}

func TestTSVector(t *testing.T) {
	tests := []struct {
		name     string
		sections []Section
		want     string
	}{
		{"none", nil, ""},
		{"empty sections", []Section{{'A', nil}, {'B', []string{}}}, ""},
		{"one section", []Section{{'A', Terms("岐阜県")}}, `'岐阜':1A '県':3A '阜県':2A`},
		{"repeated lexeme", []Section{{'D', Terms("広報 広報")}}, `'報':2D,4D '広報':1D,3D`},
		{
			"sections with gaps",
			[]Section{{'A', Terms("岐阜県")}, {'B', nil}, {'B', Terms("飛騨 it")}, {'D', Terms("IT 岐阜")}},
			`'it':16B,27D '岐阜':1A,28D '県':3A '阜':29D '阜県':2A '飛騨':14B '騨':15B`,
		},
		{"weight letters", []Section{{'a', []string{"x"}}, {'c', []string{"y"}}, {0, []string{"z"}}, {'E', []string{"w"}}},
			`'w':34D 'x':1A 'y':12C 'z':23D`},
		{"quoting", []Section{{'A', []string{`it's`, `a\b`, ""}}}, `'a\\b':2A 'it''s':1A`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TSVector(tt.sections...); got != tt.want {
				t.Errorf("TSVector = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestTSVectorLimits(t *testing.T) {
	// 300 times "x": only the first 256 positions are kept.
	terms := make([]string, 300)
	for i := range terms {
		terms[i] = "x"
	}
	var want strings.Builder
	want.WriteString("'x':")
	for i := 1; i <= maxPositions; i++ {
		if i > 1 {
			want.WriteByte(',')
		}
		fmt.Fprintf(&want, "%dA", i)
	}
	if got := TSVector(Section{'A', terms}); got != want.String() {
		t.Errorf("TSVector(300 x) = %s, want %s", got, want.String())
	}

	// Positions past 16383 are clamped, and written once with the highest
	// weight.
	long := make([]string, 16380)
	for i := range long {
		long[i] = "a"
	}
	long = append(long, "b", "c", "y", "z", "y")
	got := TSVector(Section{'B', long}, Section{'A', []string{"y", "b"}})
	if _, tail, _ := strings.Cut(got, " "); tail != `'b':16381B,16383A 'c':16382B 'y':16383A 'z':16383B` {
		t.Errorf("TSVector(16385 terms, 2 terms) ends %s", tail)
	}

	// A lexeme longer than 2047 bytes is left out but takes its position.
	got = TSVector(Section{'A', []string{"a", strings.Repeat("b", maxLexemeBytes+1), strings.Repeat("c", maxLexemeBytes), "d"}})
	want.Reset()
	fmt.Fprintf(&want, "'a':1A '%s':3A 'd':4A", strings.Repeat("c", maxLexemeBytes))
	if got != want.String() {
		t.Errorf("TSVector with a long lexeme = %.40s…, want %.40s…", got, want.String())
	}
}

// matchesPhrase reports whether w matches terms as the index would: its
// terms at adjacent positions, the last one as a prefix if w.Prefix.
func matchesPhrase(terms []string, w Word) bool {
	n := len(w.Terms)
	for i := 0; i+n <= len(terms); i++ {
		ok := true
		for j, term := range w.Terms {
			if w.Prefix && j == n-1 {
				ok = strings.HasPrefix(terms[i+j], term)
			} else {
				ok = terms[i+j] == term
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// TestQueryPhraseProperty checks what makes search correct: for random CJK
// texts, every substring is found by its query in the text's terms, and a
// CJK query is found exactly when the text contains it.
func TestQueryPhraseProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("岐阜県飛騨市あいかが々ーアイカケe1")
	randomOf := func(alphabet []rune, n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	random := func(n int) string { return randomOf(alphabet, n) }
	for range 2000 {
		text := random(1 + rng.IntN(12))
		norm := Normalize(text)
		terms := Terms(text)
		runes := []rune(text)

		// Every substring of the text, in a longer document, is found.
		doc := "it " + text + " 2026年 " + random(5)
		docTerms := Terms(doc)
		for i := range runes {
			for j := i + 1; j <= len(runes); j++ {
				sub := string(runes[i:j])
				if !strings.Contains(norm, Normalize(sub)) {
					// Cut inside a spelling folded by its neighbours
					// (関ケ原 = 関か原, but ケ原 alone stays け原).
					continue
				}
				if latin(runes, i) || latin(runes, j) {
					continue // a Latin word is only found whole
				}
				q := ParseQuery(sub)
				if q.Empty() {
					if strings.Trim(Normalize(sub), "ー") != "" {
						t.Fatalf("ParseQuery(%q) is empty", sub)
					}
					continue
				}
				if len(q.Words) != 1 {
					t.Fatalf("ParseQuery(%q) = %+v, want one word", sub, q.Words)
				}
				if j-i >= 2 && !q.Words[0].Prefix && !isSubsequence(terms, q.Words[0].Terms) {
					t.Fatalf("ParseQuery(%q) terms %q are not in Terms(%q) = %q", sub, q.Words[0].Terms, text, terms)
				}
				if !matchesPhrase(terms, q.Words[0]) || !matchesPhrase(docTerms, q.Words[0]) {
					t.Fatalf("ParseQuery(%q) = %+v does not match Terms(%q) = %q", sub, q.Words, text, terms)
				}
			}
		}

		// A random query matches exactly when the text contains it (less
		// any ー it starts with).
		query := randomOf(alphabet[:len(alphabet)-2], 1+rng.IntN(3)) // kana and kanji
		q := ParseQuery(query)
		stripped := strings.TrimLeft(Normalize(query), "ー")
		if q.Empty() {
			if stripped != "" {
				t.Fatalf("ParseQuery(%q) is empty", query)
			}
			continue
		}
		if got, want := matchesPhrase(terms, q.Words[0]), strings.Contains(norm, stripped); got != want {
			t.Fatalf("ParseQuery(%q) = %+v matches Terms(%q) = %q: %v, want %v", query, q.Words, text, terms, got, want)
		}
	}
}

// latin reports whether a cut at rune i of text falls inside a Latin word
// or number.
func latin(text []rune, i int) bool {
	isLatin := func(r rune) bool { return r < 0x80 }
	return i > 0 && i < len(text) && isLatin(text[i-1]) && isLatin(text[i])
}

// isSubsequence reports whether sub occurs in terms as a contiguous run.
func isSubsequence(terms, sub []string) bool {
	for i := 0; i+len(sub) <= len(terms); i++ {
		if reflect.DeepEqual(terms[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
