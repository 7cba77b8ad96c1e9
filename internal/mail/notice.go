package mail

import (
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"regexp"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// The kinds of message of the entry workflow: one notice (its event named
// by NoticeData.Event) and the digest of a message thread.
const (
	KindNotice        Kind = "notice"         // something happened to an entry, interview or favourite
	KindMessageDigest Kind = "message_digest" // new messages in an entry's thread, grouped
)

// NoticeData is what a notice e-mail says. Event is a furusato.NoticeKind
// ("entry.new", …); Params are the notice's (project, participant, stage,
// message, when, place, online, reason, deadline). The reason of
// entry.closed is a code (filled, deadline, cancelled, completed) that the
// message words; any other reason is people's text, shown as written.
type NoticeData struct {
	Event    string
	Name     string            // the recipient's display name
	URL      string            // absolute link to the page concerned
	Settings string            // absolute link to the notification preferences
	Params   map[string]string // as the notice's
	Calendar string            // an iCalendar attachment, "" for none
	// Unsubscribe is the one-click link that turns this kind of mail off
	// (RFC 8058): in the footer and the List-Unsubscribe header; "" for none.
	Unsubscribe string
	Contact     furusato.Contact // the operator's, for the signature
}

// DigestData is what a message digest says: the thread's new messages.
type DigestData struct {
	Name     string
	URL      string // absolute link to the entry page
	Settings string
	Project  string
	Messages []DigestMessage
	More     int  // messages left out of the list
	Team     bool // a team's thread (issue 10), not an entry's
	// Unsubscribe and Contact are as NoticeData's.
	Unsubscribe string
	Contact     furusato.Contact
}

// DigestMessage is one message in a digest.
type DigestMessage struct {
	Author string
	At     time.Time
	Body   string
}

// ReplyDays is how many days the receipt of an entry tells its
// participant to expect a first answer within, unless its params say.
const ReplyDays = 7

// maxDigestList bounds the messages a digest lists; the rest are counted.
const maxDigestList = 20

// maxDigestBody bounds each message in a digest, in runes.
const maxDigestBody = 1000

// noticeView is what the notice templates see.
type noticeView struct {
	Event    string
	Name     string
	URL      string
	Settings string
	Subject  string
	P        map[string]string
	Stage    string // Params["stage"] in words
	Closed   string // entry.closed: why (filled, deadline, cancelled, completed), worded by the template
	Messages []digestLine
	Project  string
	More     int
	Total    int  // messages in the digest, listed or not
	Team     bool // a team's thread, not an entry's
	// When is the interview or meeting time, or every proposed one, in
	// the reader's language; First the first of them (for a subject).
	When  []string
	First string
	Host  bool   // written to an entry's hosts, not its participant
	Next  string // what happens next, for the kinds that say it
	// Unsubscribe is the one-click link; Site the site's address, for
	// the signature.
	Unsubscribe string
	Site        string
	Contact     furusato.Contact
}

type digestLine struct {
	Author string
	At     string
	Body   string
}

var noticeTemplates = mustParseNotices()

func mustParseNotices() map[string]map[Kind]templateSet {
	out := map[string]map[Kind]templateSet{}
	for _, lang := range Langs {
		out[lang] = map[Kind]templateSet{}
		for _, k := range []Kind{KindNotice, KindMessageDigest} {
			dir := "templates/" + lang + "/"
			// The notice's words (subject, lead, next steps) are written
			// once and shared by its text and HTML parts, so they cannot drift.
			txt, html := []string{dir + "common.txt", dir + string(k) + ".txt"}, []string{dir + "common.html", dir + string(k) + ".html"}
			if k == KindNotice {
				txt, html = append(txt, dir+"notice_words.txt"), append(html, dir+"notice_words.txt")
			}
			tt, err := texttemplate.New(string(k)).ParseFS(files, txt...)
			if err != nil {
				panic(fmt.Sprintf("mail: parse %s%s.txt: %v", dir, k, err))
			}
			ht, err := htmltemplate.New(string(k)).Funcs(htmltemplate.FuncMap{"button": newButton}).
				ParseFS(files, html...)
			if err != nil {
				panic(fmt.Sprintf("mail: parse %s%s.html: %v", dir, k, err))
			}
			out[lang][k] = templateSet{text: tt, html: ht}
		}
	}
	return out
}

// ComposeNotice renders the e-mail of one notice in lang ("" means ja) for
// the address to. An unknown event or language or an empty to is an error.
func ComposeNotice(lang, to string, d NoticeData) (*Message, error) {
	lang = orDefault(lang)
	if !knownEvent(d.Event) {
		return nil, fmt.Errorf("mail: compose notice: unknown event %q", d.Event)
	}
	l, err := ui.LocaleOf(lang)
	if err != nil {
		return nil, fmt.Errorf("mail: compose notice: %w", err)
	}
	p := map[string]string{}
	for k, v := range l.NoticeParams(d.Params) {
		if k == "message" {
			p[k] = strings.TrimSpace(v)
		} else {
			p[k] = oneLine(v)
		}
	}
	v := noticeView{Event: d.Event, Name: oneLine(d.Name), URL: d.URL, Settings: d.Settings, P: p, Stage: stageName(lang, p["stage"]),
		When: l.SlotList(p[furusato.ParamSlots]), Host: p[furusato.ParamHost] != "", Unsubscribe: d.Unsubscribe, Site: siteOf(d.URL),
		Contact: d.Contact}
	if v.When == nil && p["when"] != "" { // a notice from before the instants were kept
		v.When = []string{p["when"]}
	}
	if len(v.When) > 0 {
		v.First = v.When[0]
	}
	if d.Event == string(furusato.NoticeEntryReceived) && p["reply_days"] == "" {
		p["reply_days"] = fmt.Sprint(ReplyDays)
	}
	if d.Event == "entry.closed" {
		// The reason is a code the lead words; it never reaches the reader as is.
		v.Closed = p["reason"]
		delete(p, "reason")
	} else {
		p["reason"] = reasonText(l, p["reason"])
	}
	if p["reason"] == "" {
		delete(p, "reason")
	}
	m, err := composeNotice(KindNotice, lang, to, &v)
	if err != nil {
		return nil, err
	}
	m.Calendar, m.ListUnsubscribe = d.Calendar, d.Unsubscribe
	return m, nil
}

// ComposeDigest renders the digest of a thread's new messages in lang for
// the address to; at least one message is needed.
func ComposeDigest(lang, to string, d DigestData) (*Message, error) {
	lang = orDefault(lang)
	if len(d.Messages) == 0 {
		return nil, fmt.Errorf("mail: compose digest: no messages")
	}
	v := noticeView{Name: oneLine(d.Name), URL: d.URL, Settings: d.Settings, Project: oneLine(d.Project), More: d.More, Team: d.Team,
		Unsubscribe: d.Unsubscribe, Site: siteOf(d.URL), Contact: d.Contact}
	l, err := ui.LocaleOf(lang)
	if err != nil {
		return nil, fmt.Errorf("mail: compose digest: %w", err)
	}
	for i, m := range d.Messages {
		if i == maxDigestList {
			v.More += len(d.Messages) - i
			break
		}
		body := strings.TrimSpace(m.Body)
		if utf8.RuneCountInString(body) > maxDigestBody {
			body = string([]rune(body)[:maxDigestBody]) + "…"
		}
		v.Messages = append(v.Messages, digestLine{Author: oneLine(m.Author), At: l.Date(m.At) + " " + ui.Clock(m.At), Body: body})
	}
	v.Total = len(v.Messages) + v.More
	m, err := composeNotice(KindMessageDigest, lang, to, &v)
	if err != nil {
		return nil, err
	}
	m.ListUnsubscribe = d.Unsubscribe
	return m, nil
}

func orDefault(lang string) string {
	if lang == "" {
		return ui.DefaultLang
	}
	return lang
}

func composeNotice(kind Kind, lang, to string, v *noticeView) (*Message, error) {
	set, ok := noticeTemplates[lang][kind]
	if !ok {
		return nil, fmt.Errorf("mail: unknown language %q", lang)
	}
	if strings.TrimSpace(to) == "" {
		return nil, fmt.Errorf("mail: compose %s: no recipient", kind)
	}
	if kind == KindNotice {
		var b strings.Builder
		if err := set.text.ExecuteTemplate(&b, "next", v); err != nil {
			return nil, fmt.Errorf("mail: compose notice next: %w", err)
		}
		v.Next = b.String()
	}
	return render(kind, set, to, v.URL, v, &v.Subject)
}

// reasonText words a notice's reason for the reader: a reason the system
// recorded is a catalogue key (entry.reason.*), worded in lang; any other
// code-like token ("filled") is dropped, never shown; text a person
// typed is shown as typed.
func reasonText(l *ui.Locale, r string) string {
	if r == "" {
		return ""
	}
	if codeLike.MatchString(r) {
		if strings.Contains(r, ".") && l.T(r) != r {
			return l.T(r)
		}
		return ""
	}
	return r
}

// codeLike matches a code rather than words: lower-case ASCII, digits,
// dots and underscores only.
var codeLike = regexp.MustCompile(`^[a-z0-9_.]+$`)

// siteOf returns the site's address (scheme and host) of link, for the
// signature; "" when link has none.
func siteOf(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

func knownEvent(e string) bool { return furusato.NoticeKind(e).Valid() }

// stageName writes an entry stage in words, from the catalogue
// (entries.stage.*) the pages use.
func stageName(lang, stage string) string {
	l, err := ui.LocaleOf(lang)
	if err != nil || !furusato.Stage(stage).Valid() {
		return stage
	}
	return l.T("entries.stage." + stage)
}
