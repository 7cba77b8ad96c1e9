package service

import (
	"unicode"
	"unicode/utf8"
)

// textWords calls fn with the words of a Japanese or English text as
// people would search them, found without a dictionary: a word is a run of
// one script (kanji, katakana with its ー, or Latin letters and digits);
// hiragana (mostly particles and endings), punctuation and spaces end it.
// A run of four or six kanji is most often two or three words of two
// (採用広報, 醤油醸造, 漁業協同組合), so its pairs of kanji are words too.
// Runs of two scripts side by side are two words (SNS運用: SNS and 運用;
// ECサイト: EC and サイト, so ECサイト itself is missed). Words of one
// character are left out, and so are runs longer than maxTextWord
// characters.
//
// It is how the word cache guesses, from the catalogue's own texts, the
// words a crowd will search for (words_warm.go); a wrong guess costs one
// word's match in the background.
func textWords(text string, fn func(w string)) {
	start, n := -1, 0 // the current run's byte offset and length in runes
	var kind int
	flush := func(end int) {
		if start >= 0 && n >= 2 && n <= maxTextWord {
			w := text[start:end]
			fn(w)
			if kind == scriptHan && (n == 4 || n == 6) {
				for i := 0; i < len(w); {
					_, s1 := utf8.DecodeRuneInString(w[i:])
					_, s2 := utf8.DecodeRuneInString(w[i+s1:])
					fn(w[i : i+s1+s2])
					i += s1 + s2
				}
			}
		}
		start, n = -1, 0
	}
	for i, r := range text {
		k := scriptOf(r)
		if k != kind || k == scriptNone {
			flush(i)
			kind = k
		}
		if k != scriptNone {
			if start < 0 {
				start = i
			}
			n++
		}
	}
	flush(len(text))
}

// maxTextWord is the longest run textWords takes for a word.
const maxTextWord = 12

// The scripts of textWords.
const (
	scriptNone = iota
	scriptHan
	scriptKatakana
	scriptLatin
)

func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r) || r == '々':
		return scriptHan
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return scriptKatakana
	case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'),
		r >= 'ａ' && r <= 'ｚ' || r >= 'Ａ' && r <= 'Ｚ' || r >= '０' && r <= '９':
		return scriptLatin
	}
	return scriptNone
}
