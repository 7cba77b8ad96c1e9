package httpx

import (
	"net/http"
	"strings"
)

// AddVary adds to h's Vary the header names it does not name yet, so that
// the layers that each add theirs (compression, language, the session)
// send each name once.
func AddVary(h http.Header, names ...string) {
	var missing []string
	for _, n := range names {
		if !Varies(h, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		h.Add("Vary", strings.Join(missing, ", "))
	}
}

// Varies reports whether h's Vary names the header name.
func Varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); strings.EqualFold(f, name) || f == "*" {
				return true
			}
		}
	}
	return false
}
