package furusato

import (
	"unicode"
	"unicode/utf8"
)

// TextLen is the length of s as a limit counts it: what people see as
// characters (extended grapheme clusters, approximately as UAX #29 has
// them), so that one emoji is one character, also 👨‍👩‍👧 (five code
// points) or a flag. A string of mostly combining marks counts at least
// a tenth of its code points, so that a "character" cannot carry an
// unbounded tail.
func TextLen(s string) int {
	g, r := Graphemes(s), utf8.RuneCountInString(s)
	if r/10 > g {
		return r / 10
	}
	return g
}

// Graphemes counts the user-perceived characters of s: a base followed by
// its combining marks, variation selectors, emoji modifiers and tags is
// one; so are code points joined by ZWJ, a pair of regional indicators (a
// flag), CR LF, and a Hangul syllable spelt in jamo.
func Graphemes(s string) int {
	n := 0
	var prev rune = -1
	flagHalf := false // a regional indicator waiting for its pair
	for _, r := range s {
		joined := false
		switch {
		case prev == '\r' && r == '\n':
			joined = true
		case prev >= 0 && prev != '\r' && prev != '\n' && extends(r):
			joined = true
		case prev == 0x200d: // ZWJ joins what follows it
			joined = true
		case prev >= 0 && hangulJamoTail(r) && hangul(prev):
			joined = true
		case regionalIndicator(r) && flagHalf:
			joined, flagHalf = true, false
			prev = r
			continue
		}
		if regionalIndicator(r) && !joined {
			flagHalf = true
		} else if !joined {
			flagHalf = false
		}
		if !joined {
			n++
		}
		prev = r
	}
	return n
}

// extends reports whether r attaches to the character before it.
func extends(r rune) bool {
	switch {
	case r == 0x200d, r == 0x200c: // ZWJ, ZWNJ
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff: // emoji skin tones
		return true
	case r >= 0xe0020 && r <= 0xe007f: // tags (subdivision flags)
		return true
	case r == 0xff9e || r == 0xff9f: // half-width ﾞ ﾟ
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

func regionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// hangulJamoTail is a medial vowel or final consonant jamo, which joins a
// leading jamo or syllable before it.
func hangulJamoTail(r rune) bool {
	return (r >= 0x1160 && r <= 0x11ff) || (r >= 0xd7b0 && r <= 0xd7ff)
}

func hangul(r rune) bool {
	return (r >= 0x1100 && r <= 0x11ff) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xa960 && r <= 0xa97f) || (r >= 0xd7b0 && r <= 0xd7ff)
}
