package mail

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// Kinds lists every kind of message, for tests and admin pages.
var Kinds = []Kind{KindVerifyEmail, KindEmailChange, KindResetPassword, KindInvitation, KindAccountExists,
	KindEmailChangeRequested, KindEmailChanged}

// Langs lists the languages messages are written in; "" means the first.
var Langs = []string{ui.DefaultLang, ui.English}

//go:embed templates
var files embed.FS

// templateSet is one kind in one language: the text template (which also
// defines "subject") and the HTML template.
type templateSet struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates holds every kind × language, parsed once when the program
// starts, so a broken template fails start-up rather than a sign-up.
var templates = mustParse()

func mustParse() map[string]map[Kind]templateSet {
	out := map[string]map[Kind]templateSet{}
	for _, lang := range Langs {
		out[lang] = map[Kind]templateSet{}
		for _, k := range Kinds {
			dir := "templates/" + lang + "/"
			tt, err := texttemplate.New(string(k)).ParseFS(files, dir+"common.txt", dir+string(k)+".txt")
			if err != nil {
				panic(fmt.Sprintf("mail: parse %s%s.txt: %v", dir, k, err))
			}
			if tt.Lookup("subject") == nil {
				panic(fmt.Sprintf("mail: %s%s.txt defines no subject", dir, k))
			}
			ht, err := htmltemplate.New(string(k)).Funcs(htmltemplate.FuncMap{"button": newButton}).
				ParseFS(files, dir+"common.html", dir+string(k)+".html")
			if err != nil {
				panic(fmt.Sprintf("mail: parse %s%s.html: %v", dir, k, err))
			}
			out[lang][k] = templateSet{text: tt, html: ht}
		}
	}
	return out
}

// button is the argument of the HTML templates' "button" block.
type button struct {
	URL   string
	Label string
}

func newButton(u, label string) button { return button{URL: u, Label: label} }

// view is what the templates see: Data, with the expiry already written
// out in the message's language and the subject for the HTML title.
type view struct {
	Name      string
	URL       string
	Expires   string    // 2026年11月24日(火) 14:00（日本時間）
	ExpiresAt time.Time // the instant, for {{if not .ExpiresAt.IsZero}}
	Inviter   string
	Target    string
	Role      string
	NewEmail  string
	Subject   string
	Site      string // the site's address, for the signature
	Contact   furusato.Contact
}

// Compose renders the message of kind in lang ("ja", "en"; "" means ja)
// for the address to. It fixes a random Message-ID, so that a resend of
// the same outbox row keeps it. An unknown kind or language, an empty to,
// or a zero d.Expires (except for KindAccountExists and KindEmailChanged,
// where it is optional) is an error.
func Compose(kind Kind, lang, to string, d Data) (*Message, error) {
	if lang == "" {
		lang = ui.DefaultLang
	}
	byKind, ok := templates[lang]
	if !ok {
		return nil, fmt.Errorf("mail: unknown language %q", lang)
	}
	set, ok := byKind[kind]
	if !ok {
		return nil, fmt.Errorf("mail: unknown kind %q", kind)
	}
	if strings.TrimSpace(to) == "" {
		return nil, fmt.Errorf("mail: compose %s: no recipient", kind)
	}
	if d.Expires.IsZero() && kind != KindAccountExists && kind != KindEmailChanged {
		return nil, fmt.Errorf("mail: compose %s: the link needs an expiry", kind)
	}
	v := view{
		Name:      oneLine(d.Name),
		URL:       d.URL,
		Expires:   FormatTime(lang, d.Expires),
		ExpiresAt: d.Expires,
		Inviter:   oneLine(d.Inviter),
		Target:    oneLine(d.Target),
		Role:      oneLine(d.Role),
		NewEmail:  oneLine(d.NewEmail),
		Site:      siteOf(d.URL),
		Contact:   d.Contact,
	}
	return render(kind, set, to, d.URL, &v, &v.Subject)
}

// render executes set for data: the subject first (written into *subject,
// which data shows to the HTML layout's title), then the text and HTML
// parts, and fixes a new Message-ID (link names the host).
func render(kind Kind, set templateSet, to, link string, data any, subject *string) (*Message, error) {
	var b bytes.Buffer
	if err := set.text.ExecuteTemplate(&b, "subject", data); err != nil {
		return nil, fmt.Errorf("mail: compose %s subject: %w", kind, err)
	}
	*subject = oneLine(b.String())
	if *subject == "" {
		return nil, fmt.Errorf("mail: compose %s: empty subject", kind)
	}
	b.Reset()
	if err := set.text.ExecuteTemplate(&b, string(kind)+".txt", data); err != nil {
		return nil, fmt.Errorf("mail: compose %s text: %w", kind, err)
	}
	text := strings.Trim(b.String(), "\n") + "\n"
	b.Reset()
	if err := set.html.ExecuteTemplate(&b, "layout", data); err != nil {
		return nil, fmt.Errorf("mail: compose %s html: %w", kind, err)
	}
	id, err := newMessageID(link)
	if err != nil {
		return nil, err
	}
	return &Message{Kind: kind, To: to, Subject: *subject, Text: text, HTML: b.String(), MessageID: id}, nil
}

// FormatTime writes an instant in Japan time for an e-mail:
// 2026年11月24日(火) 14:00（日本時間）, or Tue, 24 Nov 2026 14:00 (Japan time).
// A zero time gives "".
func FormatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := &ui.Locale{Lang: lang}
	hm := ui.Clock(t)
	if lang == ui.English {
		return l.Date(t) + " " + hm + " (Japan time)"
	}
	return l.Date(t) + " " + hm + "（日本時間）"
}

// oneLine keeps user data from breaking a header or a line of the message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// newMessageID returns "<32 hex digits@host>", host taken from link when it
// has one.
func newMessageID(link string) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	host := "furusato"
	if u, err := url.Parse(link); err == nil && u.Hostname() != "" && !strings.Contains(u.Hostname(), ":") {
		host = u.Hostname()
	}
	return "<" + hex.EncodeToString(b[:]) + "@" + host + ">", nil
}
