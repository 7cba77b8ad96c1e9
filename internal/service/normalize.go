package service

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
)

// Normalising what people type happens here, and only here (package doc):
// the edges read their own syntax with these readers and pass text as
// typed.

// ReadNumber reads a whole number as a person types it in a form: full- or
// half-width digits, stray spaces, thousands separators and one of units
// after it (円, 時間, …); empty is 0 and ok, a negative number is not ok.
// The edges use it for their forms, so that normalising stays here.
func ReadNumber(s string, units ...string) (n int, ok bool) {
	s = strings.NewReplacer(",", "", " ", "").Replace(normText(s))
	for _, u := range units {
		if t, cut := strings.CutSuffix(s, u); cut {
			s = t
			break
		}
	}
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// ReadID reads an id as a form sends it (a select's value); empty is 0 and
// ok, anything but a positive whole number is not ok.
func ReadID(s string) (int64, bool) {
	s = normText(s)
	if s == "" {
		return 0, true
	}
	return parseInt64(s)
}

// ReadDate reads a date from its year, month and day parts as typed; all
// empty is the zero date (ok), a date that does not exist is not ok. The
// years a project may name are checked with the rest of the project.
func ReadDate(y, m, d string) (furusato.Date, bool) {
	y, m, d = normText(y), normText(m), normText(d)
	if y == "" && m == "" && d == "" {
		return furusato.Date{}, true
	}
	yi, ok1 := ReadNumber(y)
	mi, ok2 := ReadNumber(m)
	di, ok3 := ReadNumber(d)
	if !ok1 || !ok2 || !ok3 || yi < 1 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return furusato.Date{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, furusato.JST)
	if t.Day() != di {
		return furusato.Date{}, false
	}
	return furusato.DateOf(t), true
}

// normText is NFKC, trimmed, with CRLF line ends made LF.
func normText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(norm.NFKC.String(s))
}

// prose is free text as people wrote it: NFC (the same characters always
// stored the same way), trimmed, line ends LF. Unlike normText it keeps
// full-width punctuation, circled numbers, ㈱ and ㎡: NFKC would turn
// 「②3月～5月」 into 「23月~5月」. NFKC stays for what is matched or
// read, not shown: numbers, slugs, e-mail addresses, search keys.
// Bidirectional controls are kept, for the domain's checks to refuse with
// a field error (furusato.BadText): text is never changed silently.
func prose(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(norm.NFC.String(s))
}

// proseLine is prose for a one-line value (a title, a name, a place).
func proseLine(s string) string { return prose(s) }
