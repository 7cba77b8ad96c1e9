package furusato

import (
	"strings"
	"unicode/utf8"
)

// ErrBadText is the field-error key (a message-catalogue key) of a value
// that holds invalid UTF-8, a control character or (BadProse) a
// bidirectional control.
const ErrBadText = "error.bad_text"

// BadText reports whether s cannot be kept as text: it is not valid UTF-8,
// or it holds a control character other than tab, line feed and carriage
// return (C0, DEL and C1). Such bytes would be served back inside UTF-8
// pages, and PostgreSQL refuses them (NUL, invalid sequences) with an error,
// so the edges refuse them before anything else sees them.
func BadText(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, badRune)
}

func badRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// BadProse reports whether s cannot be kept as text people wrote: BadText,
// or a bidirectional control, which Japanese and English never need and
// which could make "safe\u202Egnp.exe" pose as "safeexe.png". The domain's
// checks refuse it with ErrBadText beside the field, with the form's other
// errors (the edges refuse only BadText, as the form is read): never
// removed silently.
func BadProse(s string) bool {
	return BadText(s) || strings.ContainsFunc(s, bidiControl)
}

// CleanText returns s without what BadText refuses: invalid bytes and
// control characters other than tab and line ends are dropped. A form
// that is shown again with an error gives this back, so that what was
// typed is not lost and nothing harmful is echoed.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	if !strings.ContainsFunc(s, badRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if badRune(r) {
			return -1
		}
		return r
	}, s)
}

// Newlines makes every line end of s a line feed: CRLF and a lone CR (which
// some parsers, calendars among them, take as a line end) become LF.
func Newlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// bidiControl reports whether r changes the direction of the text around
// it: the embeddings and overrides U+202A–U+202E, the isolates
// U+2066–U+2069, and the marks U+200E, U+200F and U+061C.
func bidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	}
	return false
}

// StripBidi removes the bidirectional controls from a one-line value (a
// name, a title, a file name), so that "safe\u202Egnp.exe" cannot pose as
// "safeexe.png". Japanese and English need none of them; Arabic and Hebrew
// text still shows in its own direction without them.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, bidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// Line is a one-line value as the domain keeps it: surrounding spaces
// trimmed. A bidirectional control stays, for the value's check to refuse
// (BadProse): text is never changed silently. Callers normalise (NFKC) first.
func Line(s string) string { return strings.TrimSpace(s) }
