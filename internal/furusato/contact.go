package furusato

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Contact is how people reach the site's operator: an e-mail address, the
// address of a contact form, both or neither. It is configuration
// (--contact-email, --contact-url); the contact and operator pages and
// every e-mail's signature show it. Zero: the pages and mails say only
// what they said before (the contact page).
type Contact struct {
	Email string // a bare address, info@furusato.example.jp
	URL   string // an absolute http(s) URL of a form
}

// contactMax bounds each value: an address or a form's URL, never prose.
const contactMax = 500

// IsZero reports whether no contact is set.
func (c Contact) IsZero() bool { return c.Email == "" && c.URL == "" }

// Validate returns an error naming what is wrong with c: Email must be one
// bare address, URL an absolute http or https URL, each printable text.
func (c Contact) Validate() error {
	for _, v := range []string{c.Email, c.URL} {
		if len(v) > contactMax || !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool {
			return r < 0x21 || r == 0x7f || (r >= 0x200e && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
		}) {
			return fmt.Errorf("contact: %q is not a plain address or URL", v)
		}
	}
	if c.Email != "" {
		a, err := mail.ParseAddress(c.Email)
		if err != nil || a.Name != "" || a.Address != c.Email || !strings.Contains(c.Email, "@") {
			return fmt.Errorf("contact: want one bare e-mail address such as info@furusato.example.jp, got %q", c.Email)
		}
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("contact: want an absolute http(s) URL of a form, got %q", c.URL)
		}
	}
	return nil
}
