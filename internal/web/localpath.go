package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// localPath returns next when it is surely a path on this site, else "".
// It is the one guard of every redirect to a value the request names (a
// sign-in's next, a form's back), so it refuses all that a browser, or a
// server that decodes the value once more, could read as another origin:
// anything but a parsed path that starts with one "/" (no scheme, no
// host), a second "/" or a "\" at its start after any number of
// percent-decodings, a backslash, a control character, a space-like or
// invisible character or a slash look-alike (／, ＼, ∕, ⁄) anywhere,
// raw or decoded, and a malformed escape.
func localPath(next string) string {
	if len(next) > 2048 || !strings.HasPrefix(next, "/") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	// Decode until nothing changes (a few rounds at most): each form must
	// be harmless, as some hop might decode once more.
	for v, i := next, 0; ; i++ {
		if i > 3 || !safePathText(v) || strings.HasPrefix(v, "//") || strings.HasPrefix(v, "/\\") {
			return ""
		}
		d, err := url.PathUnescape(v)
		if err != nil {
			return ""
		}
		if d == v {
			return next
		}
		v = d
	}
}

// safePathText reports whether s is valid UTF-8 without a backslash, a
// control, space-like or format character, or a character that looks
// like a slash or a backslash.
func safePathText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\\', r < 0x20, r == 0x7f:
			return false
		case r < 0x80:
		case unicode.IsControl(r), unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
			return false
		case strings.ContainsRune("／＼∕⁄⧵⧸⧹﹨", r):
			return false
		}
	}
	return true
}
