package ui

// Base is what the layout needs from every page; each page's data embeds
// it, so templates reach these fields directly ({{.L}}, {{.Title}}).
type Base struct {
	L           *Locale
	Title       string // the page's h1; <title> adds the site name
	ErrorTitle  bool   // <title> starts with 「エラー：」
	Description string // meta description
	Canonical   string // absolute URL of the page, or ""
	OG          *OpenGraph
	NoIndex     bool
	// Alternates are other representations of the page (<link
	// rel="alternate">): a record's verifiable credential.
	Alternates []Alternate

	CSS  string // URL of the stylesheet
	Icon string // URL of the favicon

	Switch       LangLink // the link to the page in the other language
	HeaderSearch bool     // show the keyword search in the header
	Query        string   // the words last searched, to prefill it
	Nav          string   // the current section: "projects", "organizations"

	Demo    bool
	Version string

	Account Account // who is signed in, for the header
	Flash   string  // a message from the previous request (POST-redirect-GET), already translated
}

// Account is the signed-in person as the header shows them; zero for a
// visitor.
type Account struct {
	SignedIn   bool
	Name       string
	Unverified bool // the e-mail address is not confirmed yet: show a banner
	Manage     bool // coordinator, company staff or admin: show the 管理 link
	Unread     int  // unread notifications, for the badge of the 通知 link; never cached
	Terms      int  // the version of changed terms to agree to (a banner), 0 for none
}

// OpenGraph holds the Open Graph and Twitter card fields of a page; URL is
// absolute.
type OpenGraph struct {
	Title       string
	Description string
	URL         string
	Type        string // "website" or "article"
	SiteName    string
	Image       string // absolute URL of og:image; "" for none
}

// LangLink links to the same page in another language.
type LangLink struct {
	URL   string
	Lang  string // "ja" or "en"
	Label string // the language's own name: 日本語, English
}

// Alternate is another representation of a page: its media type and
// absolute URL.
type Alternate struct {
	Type, Href string
	Title      string // optional: how a feed reader names it
}
