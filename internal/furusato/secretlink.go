package furusato

import (
	"path"
	"regexp"
	"strings"
)

// SecretPathPrefixes are the paths whose next segment is a secret: a
// single-use token that is itself the permission (to confirm an address,
// set a new password, see and accept an invitation). Such a link goes out
// in one e-mail and nowhere else; the database keeps only its hash.
// Logs, the admins' view of the outbox and the outbox once the mail is
// sent hold RedactedSecret in the token's place. A new route with a token
// in its path belongs here (a test in web checks the route table).
var SecretPathPrefixes = []string{"/account/verify/", "/account/password/reset/", "/invitations/", "/mail/unsubscribe/"}

// RedactedSecret stands in for a secret path segment: the wildcard of its
// route pattern.
const RedactedSecret = "{token}"

// IsSecretPath reports whether the URL path p carries a secret segment.
func IsSecretPath(p string) bool { return RedactSecretPath(p) != p }

// RedactSecretPath returns the URL path p with its secret segment (see
// SecretPathPrefixes) replaced by RedactedSecret, the rest cleaned as a
// router would; a path without one is returned as it is.
func RedactSecretPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		return p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	for _, pre := range SecretPathPrefixes {
		rest, ok := strings.CutPrefix(c, pre)
		if !ok || rest == "" {
			continue
		}
		if _, tail, found := strings.Cut(rest, "/"); found {
			return pre + RedactedSecret + "/" + tail
		}
		return pre + RedactedSecret
	}
	return p
}

// secretLinkRE finds a secret path in text: after an origin
// ("https://host:port") or at a place a path may start (line start,
// space, quote, bracket, "="), the prefix and the token (URL-safe base64,
// as the tokens are made).
var secretLinkRE = func() *regexp.Regexp {
	alts := make([]string, len(SecretPathPrefixes))
	for i, p := range SecretPathPrefixes {
		alts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`(://[^/\s"'<>]*|^|[\s"'(<>=])(` + strings.Join(alts, "|") + `)[A-Za-z0-9_\-.~%]+`)
}()

// RedactSecretLinks returns text (a mail's text or HTML) with the secret
// segment of every link in it replaced by RedactedSecret, so that it can be
// kept and shown without handing anyone the permission the link carries.
func RedactSecretLinks(text string) string {
	return secretLinkRE.ReplaceAllString(text, "${1}${2}"+RedactedSecret)
}
