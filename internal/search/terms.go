package search

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxWords is the most words a Query keeps; ParseQuery drops the rest.
const MaxWords = 8

// MaxQueryRunes is the longest query, in runes, that callers should accept.
// ParseQuery itself ignores anything past it.
const MaxQueryRunes = 200

// Terms returns the index terms of text, in order. Normalize(text) is split
// on spaces into tokens, and each token into runs of CJK characters (Han
// ideographs including 々 and 〆, hiragana, katakana that Normalize left,
// and ー) and runs of other characters (Latin letters, digits, other
// scripts). A non-CJK run is one term, kept whole ("dx", "2026",
// "instagram"). A CJK run of one character is that character; a CJK run of
// n ≥ 2 characters gives its n−1 overlapping bigrams and then its last
// character alone: "岐阜県" → [岐阜 阜県 県], "広報" → [広報 報]. A ー at the
// start of a CJK run is dropped. (A character here is a rune with any
// combining marks that follow it.)
//
// Every word of a query that the text contains (see ParseQuery) is found in
// these terms as a phrase of adjacent terms.
func Terms(text string) []string {
	s := Normalize(text)
	if s == "" {
		return nil
	}
	// A token of n runes gives at most n terms.
	terms := make([]string, 0, utf8.RuneCountInString(s))
	var buf [32]int
	for s != "" {
		tok, rest, _ := strings.Cut(s, " ")
		s = rest
		terms, _ = appendTokenTerms(terms, tok, false, buf[:0])
	}
	if len(terms) == 0 {
		return nil
	}
	return terms
}

// appendTokenTerms appends the terms of tok, a normalised token without
// spaces, to dst. For a query (query true) a CJK run of two or more
// characters gives only its bigrams, not its last character alone.
// lastSingle reports whether the last term appended is a one-character CJK
// run. bounds is scratch space.
func appendTokenTerms(dst []string, tok string, query bool, bounds []int) (_ []string, lastSingle bool) {
	for i := 0; i < len(tok); {
		r, end := nextChar(tok, i)
		if !isCJK(r) {
			j := end
			for j < len(tok) {
				r, end := nextChar(tok, j)
				if isCJK(r) {
					break
				}
				j = end
			}
			dst = append(dst, tok[i:j])
			lastSingle = false
			i = j
			continue
		}
		// A CJK run: bounds gets the offset of each of its characters, less
		// any ー at its start, and then its end.
		bounds = bounds[:0]
		j := i
		for j < len(tok) {
			r, end := nextChar(tok, j)
			if !isCJK(r) {
				break
			}
			if len(bounds) > 0 || r != prolongedSoundMark {
				bounds = append(bounds, j)
			}
			j = end
		}
		i = j
		n := len(bounds)
		if n == 0 {
			continue
		}
		bounds = append(bounds, j)
		if n == 1 {
			dst = append(dst, tok[bounds[0]:j])
			lastSingle = true
			continue
		}
		for k := 0; k+2 <= n; k++ {
			dst = append(dst, tok[bounds[k]:bounds[k+2]])
		}
		if !query || j < len(tok) {
			// A query's last run may stop inside a longer run of the
			// text, so it leaves out the last character alone; a run
			// followed by Latin letters or digits ends at that script
			// boundary in the text too, so it keeps it, as the text
			// does (越境EC → 越境 境 ec).
			dst = append(dst, tok[bounds[n-1]:j])
		}
		lastSingle = false
	}
	return dst, lastSingle
}

// nextChar returns the rune at s[i] and the offset just past it and any
// combining marks after it.
func nextChar(s string, i int) (rune, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	end := i + n
	for end < len(s) {
		m, n := utf8.DecodeRuneInString(s[end:])
		if m < utf8.RuneSelf || !unicode.IsMark(m) {
			break
		}
		end += n
	}
	return r, end
}

// isCJK reports whether r is written without spaces between words, and so
// indexed by bigrams: a Han ideograph (with 々, 〆 and 〇), kana, or ー.
func isCJK(r rune) bool {
	if r < 0x2e80 { // the first of these, in CJK Radicals Supplement
		return false
	}
	return isKanaOrKanji(r) || r == '〆' ||
		unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// Query is a parsed search query: one Word per space-separated word that
// the person typed, after Normalize. Words that normalise to nothing (or to
// no terms, such as a lone ー) are dropped, and so are repeated words; at
// most MaxWords words are kept. A text matches the query when it matches
// every word.
type Query struct {
	Words []Word
}

// Word is one word of a Query.
type Word struct {
	// Text is the normalised word, for matching titles by substring.
	Text string
	// Terms are the consecutive terms that must appear as a phrase
	// (adjacent positions, in this order) for the word to match. Each run
	// of the word (see Terms) gives, in order: a non-CJK run its whole
	// term; a CJK run of one character that character; a CJK run of n ≥ 2
	// characters its bigrams and, unless it ends the word, its last
	// character alone, exactly as Terms cuts the text (越境EC → 越境 境 ec;
	// 確認3f2a → 確認 認 3f2a).
	Terms []string
	// Prefix reports that the last term is to be matched as a prefix of an
	// index term. It is set when the word ends in a CJK run of one
	// character: a one-character word like 柿 must match the index term 柿
	// and also every bigram that starts with 柿 (柿の in 柿の種), and
	// likewise 2026年 must match 2026年度, indexed as [2026 年度 度].
	Prefix bool
}

// ParseQuery parses what a person typed into a Query. Only the first
// MaxQueryRunes runes of q are read.
func ParseQuery(q string) Query {
	q = truncateRunes(q, MaxQueryRunes)
	s := Normalize(q)
	var query Query
	var buf [32]int
	for s != "" && len(query.Words) < MaxWords {
		text, rest, _ := strings.Cut(s, " ")
		s = rest
		if slices.ContainsFunc(query.Words, func(w Word) bool { return w.Text == text }) {
			continue
		}
		terms, prefix := appendTokenTerms(nil, text, true, buf[:0])
		if len(terms) == 0 {
			continue
		}
		query.Words = append(query.Words, Word{Text: text, Terms: terms, Prefix: prefix})
	}
	return query
}

// truncateRunes returns the first n runes of s, counting each invalid byte
// as a rune.
func truncateRunes(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// Empty reports whether q has no words. An empty query matches nothing:
// callers should not run it (FTS5 and TSQuery return "" for it).
func (q Query) Empty() bool {
	return len(q.Words) == 0
}

// FTS5 renders q as an SQLite FTS5 MATCH expression. Each word is a phrase
// of its terms in double quotes ("岐阜 阜県"); the phrase of a Prefix word is
// followed by * ("柿" *, which FTS5 applies to the last term of the phrase);
// the words are joined with AND.
//
// column restricts the match to the named columns: "" for all columns, or
// one or more column names separated by spaces, giving
// {title} : ("岐阜 阜県" AND "柿" *).
//
// FTS5 returns "" for an empty query.
func (q Query) FTS5(column string) string {
	if q.Empty() {
		return ""
	}
	var b strings.Builder
	cols := strings.Fields(column)
	if len(cols) > 0 {
		b.WriteByte('{')
		for i, c := range cols {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeFTS5Column(&b, c)
		}
		b.WriteString("} : (")
	}
	for i, w := range q.Words {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('"')
		for j, t := range w.Terms {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.ReplaceAll(t, `"`, `""`))
		}
		b.WriteByte('"')
		if w.Prefix {
			b.WriteString(" *")
		}
	}
	if len(cols) > 0 {
		b.WriteByte(')')
	}
	return b.String()
}

// writeFTS5Column writes a column name for an FTS5 column filter: as it is
// when it is an FTS5 bareword, else as a string in double quotes.
func writeFTS5Column(b *strings.Builder, name string) {
	bare := name != "AND" && name != "OR" && name != "NOT" && name != "NEAR"
	for _, r := range name {
		if !(r >= utf8.RuneSelf || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			bare = false
			break
		}
	}
	if bare {
		b.WriteString(name)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(name, `"`, `""`))
	b.WriteByte('"')
}

// TSQuery renders q as a PostgreSQL tsquery literal, to be cast with
// ::tsquery (not parsed with to_tsquery). Each term is a quoted lexeme
// ('岐阜'), a word's terms are joined with <-> into a phrase, the last
// lexeme of a Prefix word is marked :* ('柿':*), each word is in
// parentheses, and the words are joined with &:
//
//	('岐阜' <-> '阜県') & ('柿':*)
//
// When weights is not empty every lexeme is restricted to those weights:
// with "A", ('岐阜':A <-> '阜県':A) & ('柿':*A). Only the letters A to D (of
// either case) in weights count; others are ignored.
//
// TSQuery returns "" for an empty query.
func (q Query) TSQuery(weights string) string {
	if q.Empty() {
		return ""
	}
	w := tsWeights(weights)
	var b strings.Builder
	for i, word := range q.Words {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteByte('(')
		for j, t := range word.Terms {
			if j > 0 {
				b.WriteString(" <-> ")
			}
			writeLexeme(&b, t)
			prefix := word.Prefix && j == len(word.Terms)-1
			if prefix || w != "" {
				b.WriteByte(':')
				if prefix {
					b.WriteByte('*')
				}
				b.WriteString(w)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// tsWeights returns the weight letters A to D found in s, upper case, each
// once, in order.
func tsWeights(s string) string {
	var seen [4]bool
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'd' {
			seen[c-'a'] = true
		}
	}
	var w []byte
	for i, ok := range seen {
		if ok {
			w = append(w, byte('A'+i))
		}
	}
	return string(w)
}

// writeLexeme writes t as a quoted tsvector/tsquery lexeme, with ' doubled
// and \ escaped as \\.
func writeLexeme(b *strings.Builder, t string) {
	b.WriteByte('\'')
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
}

// Section is a part of a document for TSVector: its index terms (from
// Terms) and the weight they get, 'A', 'B', 'C' or 'D' (anything else is
// taken as 'D').
type Section struct {
	Weight byte
	Terms  []string
}

// Limits of PostgreSQL's tsvector.
const (
	maxPosition      = 16383     // the largest position
	maxPositions     = 256       // positions kept for one lexeme
	maxLexemeBytes   = 2047      // the longest lexeme, in bytes
	maxTSVectorBytes = 1<<20 - 1 // the most bytes of lexemes in one tsvector
)

// sectionGap is the number of positions left unused between sections, so
// that no phrase matches across the end of one section and the start of
// the next.
const sectionGap = 10

// TSVector renders weighted index terms as a PostgreSQL tsvector literal,
// to be cast with ::tsvector (not parsed with to_tsvector).
//
// Positions start at 1 and run on across the sections in order, but with
// 10 unused positions between one section's last term and the next
// section's first, so that no phrase matches across sections; empty
// sections take no positions. Each distinct lexeme is written once, with
// its positions and their weights, 'lexeme':1A,2A,15D, quoted as for
// TSQuery, and the lexemes are sorted, so the output is deterministic.
//
// Within PostgreSQL's limits: positions past 16383 are written as 16383
// (once, with the highest of their weights); only the first 256 positions
// of a lexeme are kept; lexemes longer than 2047 bytes are left out (but
// take their positions); and once the lexemes written add up to 1 MiB, new
// ones are left out.
func TSVector(sections ...Section) string {
	type position struct {
		pos    int
		weight byte
	}
	lexemes := make(map[string][]position)
	size := 0
	pos := 0
	for _, sec := range sections {
		if len(sec.Terms) == 0 {
			continue
		}
		if pos > 0 {
			pos += sectionGap
		}
		weight := sec.Weight &^ 0x20 // upper case
		if weight < 'A' || weight > 'D' {
			weight = 'D'
		}
		for _, t := range sec.Terms {
			pos++
			if t == "" || len(t) > maxLexemeBytes {
				continue
			}
			p := min(pos, maxPosition)
			ps, ok := lexemes[t]
			if !ok {
				if size+len(t) > maxTSVectorBytes {
					continue
				}
				size += len(t)
			}
			switch {
			case len(ps) > 0 && ps[len(ps)-1].pos == p:
				// A position clamped to 16383 again: keep the highest
				// weight, as PostgreSQL does (A is the highest).
				if weight < ps[len(ps)-1].weight {
					ps[len(ps)-1].weight = weight
				}
			case len(ps) < maxPositions:
				lexemes[t] = append(ps, position{p, weight})
			}
		}
	}
	keys := make([]string, 0, len(lexemes))
	for t := range lexemes {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, t := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeLexeme(&b, t)
		for j, p := range lexemes[t] {
			if j == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p.pos))
			b.WriteByte(p.weight)
		}
	}
	return b.String()
}
