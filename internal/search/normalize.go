package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// prolongedSoundMark is ー (U+30FC), kept by Normalize although it is a
// mark of length rather than a sound.
const prolongedSoundMark = 'ー'

// Normalize folds text for matching:
//
//   - NFKC, so full-width ＡＢＣ１２３ becomes ABC123 and half-width ｸﾚｿﾝ becomes
//     クレソン; voiced marks stay composed (ｶﾞ → ガ);
//   - lower case;
//   - katakana to hiragana (クレソン → くれそん, ヴ → ゔ); the small ヵ and ヶ
//     become か and け, as in 一ヵ月 = 一か月 and 関ヶ原 = 関ケ原;
//   - every character that is not a letter, a number or the prolonged
//     sound mark ー becomes a space (punctuation such as ・「」、。, symbols,
//     emoji), except that a combining mark is kept after the character it
//     belongs to, and invisible format characters (zero-width space and
//     joiners, soft hyphen, byte order mark) and variation selectors are
//     removed;
//   - runs of spaces collapse to one, and the result is trimmed.
//
// Invalid UTF-8 bytes are treated as spaces. Normalize(Normalize(s)) ==
// Normalize(s).
func Normalize(s string) string {
	n, marks := normalize(clean(s))
	if marks {
		// Lower-casing or mapping kana may have made a rune that NFKC can
		// compose with the combining mark after it (ヵ + ゙ → か + ゙ → が).
		n, _ = normalize(n)
	}
	return n
}

// normalize is Normalize for an s that clean left as it is. marks reports
// whether the result has combining marks.
func normalize(s string) (_ string, marks bool) {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a separator has been seen since the last rune written
	for _, r := range s {
		switch {
		case isKanaOrKanji(r) || unicode.IsLetter(r) || unicode.IsNumber(r):
			r = fold(r)
		case unicode.IsMark(r) && b.Len() > 0 && !space:
			// A combining mark that NFKC could not compose with the rune
			// before it: keep it with that rune.
			marks = true
		default:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String(), marks
}

// isKanaOrKanji reports whether r is a hiragana, katakana or ー, or in CJK
// Unified Ideographs: a quick check for the letters of Japanese text.
func isKanaOrKanji(r rune) bool {
	return 'ぁ' <= r && r <= 'ゖ' || 'ァ' <= r && r <= 'ヺ' || r == prolongedSoundMark ||
		0x4e00 <= r && r <= 0x9fff
}

// fold lower-cases r and maps katakana to hiragana.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	switch {
	case r == 'ヵ' || r == 'ゕ':
		return 'か'
	case r == 'ヶ' || r == 'ゖ':
		return 'け'
	case 'ァ' <= r && r <= 'ヴ', r == 'ヽ', r == 'ヾ':
		// ァ..ヴ, ヽ and ヾ are 0x60 above ぁ..ゔ, ゝ and ゞ.
		return r - 0x60
	}
	return r
}

// clean replaces each invalid UTF-8 byte of s with a space and removes
// format characters and variation selectors, which are invisible: removing
// them before NFKC lets NFKC compose across them.
func clean(s string) string {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || ignorable(r) {
			return cleanFrom(s, i)
		}
		i += n
	}
	return s
}

// cleanFrom is clean for an s that needs changing from byte i on.
func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteByte(' ')
		case ignorable(r):
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// ignorable reports whether r is an invisible character that Normalize
// removes rather than turning into a space.
func ignorable(r rune) bool {
	if 0x2070 <= r && r < 0xfe00 { // none in between, the kana and kanji among them
		return false
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}
