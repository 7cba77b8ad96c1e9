package furusato

import (
	"strings"
	"time"
	"unicode/utf8"
)

// PageSlug names one of the site's own pages: the terms, the privacy
// policy, who runs the site, how to reach them and the participants' FAQ.
// Admins edit them; every save is a new version, and the newest is shown.
type PageSlug string

// The site's pages.
const (
	PageTerms    PageSlug = "terms"
	PagePrivacy  PageSlug = "privacy"
	PageOperator PageSlug = "operator"
	PageContact  PageSlug = "contact"
	PageFAQ      PageSlug = "faq"
)

// PageSlugs lists the pages in the order the footer and the admin list show them.
var PageSlugs = []PageSlug{PageTerms, PagePrivacy, PageOperator, PageContact, PageFAQ}

// Valid reports whether s is one of PageSlugs.
func (s PageSlug) Valid() bool {
	for _, v := range PageSlugs {
		if s == v {
			return true
		}
	}
	return false
}

// Limits of a page's text, in runes.
const (
	MaxPageTitle = 100
	MaxPageBody  = 8000
)

// PageText is a page in one language. Body is plain text: paragraphs
// separated by blank lines, "## " starting a heading and "- " an item of a
// list (see PageBlocks); nothing in it is ever taken as HTML.
type PageText struct {
	Title, Body string
}

// Page is one version of a site page in both languages.
type Page struct {
	Slug      PageSlug
	Version   int // 1, 2, …: the version this text is
	Ja, En    PageText
	AuthorID  int64 // 0 for the default text
	CreatedAt time.Time
}

// Text returns the page in lang ("en" or Japanese).
func (p *Page) Text(lang string) PageText {
	if lang == "en" {
		return p.En
	}
	return p.Ja
}

// Normalize trims the titles to one line and makes every line end of the
// bodies a line feed.
func (p *Page) Normalize() {
	for _, t := range []*PageText{&p.Ja, &p.En} {
		t.Title = strings.TrimSpace(t.Title)
		t.Body = strings.TrimSpace(Newlines(t.Body))
	}
}

// Validate returns EINVALID with Fields (title_ja, body_ja, title_en,
// body_en) for an empty or too long value, a title over one line, and
// text that BadText refuses or that holds bidirectional controls (a page
// of the site's own terms has no use for them, and they could make a
// sentence read differently from what is stored).
func (p *Page) Validate() error {
	var f FieldErrors
	check := func(name, v string, max int, line bool) {
		switch n := utf8.RuneCountInString(v); {
		case BadText(v) || strings.ContainsFunc(v, bidiControl) || (line && strings.ContainsAny(v, "\n\t")):
			f.Add(name, ErrBadText)
		case n == 0:
			f.Add(name, "trust.error.required")
		case n > max && line:
			f.Add(name, "trust.error.title_long", "Max", max)
		case n > max:
			f.Add(name, "trust.error.body_long", "Max", max)
		}
	}
	check("title_ja", p.Ja.Title, MaxPageTitle, true)
	check("body_ja", p.Ja.Body, MaxPageBody, false)
	check("title_en", p.En.Title, MaxPageTitle, true)
	check("body_en", p.En.Body, MaxPageBody, false)
	if len(f.Fields) > 0 {
		return &Error{Code: EINVALID, Message: "Please check the page.", Fields: f.Fields, Params: f.Params}
	}
	return nil
}

// PageBlock is one block of a page's body as it is shown.
type PageBlock struct {
	Heading string   // a "## " line
	Para    []string // the lines of a paragraph
	Items   []string // a list of "- " lines
}

// PageBlocks splits body into headings, paragraphs and lists. It is the
// whole of the pages' markup: templates escape every string it returns.
func PageBlocks(body string) []PageBlock {
	var out []PageBlock
	var cur *PageBlock
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(Newlines(body), "\n") {
		line = strings.TrimRight(line, " \t")
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "## "):
			flush()
			out = append(out, PageBlock{Heading: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "- "):
			if cur == nil || cur.Items == nil {
				flush()
				cur = &PageBlock{Items: []string{}}
			}
			cur.Items = append(cur.Items, strings.TrimSpace(line[2:]))
		default:
			if cur == nil || cur.Items != nil {
				flush()
				cur = &PageBlock{}
			}
			cur.Para = append(cur.Para, line)
		}
	}
	flush()
	return out
}

// Consent is a person's agreement to one version of a page (the terms).
type Consent struct {
	UserID   int64
	Slug     PageSlug
	Version  int
	AgreedAt time.Time
}
