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
//     become か, and so does ケ between a kanji or digit and a kanji, so
//     4ヶ月 = 4ヵ月 = 4か月 = 4カ月 = 4ケ月 and 関ヶ原 = 関ケ原;
//   - the long vowel mark ー that ends a katakana word is dropped
//     (データー = データ, サーバー = サーバ), see endsKatakanaWord;
//   - old and variant forms of kanji fold to the common one (髙 → 高,
//     濱 → 浜, 邊 → 辺, 﨑 → 崎): kanjiVariants;
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
	var prev rune  // the rune before r in s (after NFKC, before folding)
	for i, r := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		before := prev
		prev = r
		switch {
		case r == prolongedSoundMark && endsKatakanaWord(s, i, before):
			continue // データー = データ
		case r == 'ケ' && (unicode.Is(unicode.Han, before) || unicode.IsDigit(before)) && unicode.Is(unicode.Han, next):
			r = 'か' // 関ケ原 = 関ヶ原, 4ケ月 = 4ヶ月 = 4か月
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

// endsKatakanaWord reports whether the ー at s[i] is the long vowel mark
// at the end of a katakana word: after katakana (before is the rune before
// it), with only ー up to the next rune that is not kana. Such a mark is
// dropped, so データー, サーバー and コンピューター are found by データ,
// サーバ and コンピュータ and the other way round; ラーメン and ビール keep
// theirs. (A mark followed by kana is kept, which also keeps Normalize
// idempotent: after one pass the katakana are hiragana.)
func endsKatakanaWord(s string, i int, before rune) bool {
	if !isKatakana(before) && before != prolongedSoundMark {
		return false
	}
	if before == prolongedSoundMark {
		// Only the first ー of a run decides; the rest follow it, and the
		// first was dropped exactly when the whole run is.
		j := i
		for j > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:j])
			if r != prolongedSoundMark {
				break
			}
			j -= n
		}
		r, _ := utf8.DecodeLastRuneInString(s[:j])
		if !isKatakana(r) {
			return false
		}
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r != prolongedSoundMark {
			return !isKana(r)
		}
		j += n
	}
	return true
}

// isKatakana reports whether r is a full-width katakana letter (NFKC has
// made half-width ones full-width).
func isKatakana(r rune) bool { return 'ァ' <= r && r <= 'ヺ' }

// isKana reports whether r is hiragana or katakana.
func isKana(r rune) bool { return 'ぁ' <= r && r <= 'ゖ' || isKatakana(r) }

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
	if v, ok := kanjiVariants[r]; ok {
		return v
	}
	switch {
	case r == 'ヵ' || r == 'ヶ' || r == 'ゕ' || r == 'ゖ':
		// Read ka in 4ヶ月, 3ヵ所 (the commonest use) and ga in 関ヶ原; as
		// か, 4ヶ月 = 4ヵ月 = 4か月 = 4カ月, and with ケ between kanji
		// (normalize) 関ヶ原 = 関ケ原.
		return 'か'
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
