package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"sync/atomic"
)

// The layout (templates/layout.html) was some 140 template actions around
// every page, each through reflection and an escaper: most of a built
// project page's remaining template time. So Render writes it here, with
// its fixed words looked up and escaped once per language (layoutWords),
// and executes only the page's "content" template between header and
// footer. layout.html stays the reference: with CheckLayout on (the web
// package's tests), Render also executes it and fails on any difference.
// Change both together.

// layoutBase is met by every page's data that embeds Base, by value or
// by pointer.
type layoutBase interface{ LayoutBase() Base }

// LayoutBase returns the page's own Base: the layout reads its fields
// through it, so that a page's field of the same name (a form's Version or
// Description) is never shown as the site's.
func (b Base) LayoutBase() Base { return b }

var checkLayout atomic.Bool

// CheckLayout makes Render also execute the layout template and return an
// error when its bytes differ from those written in Go: for tests.
func CheckLayout(on bool) { checkLayout.Store(on) }

// layoutWords are the layout's fixed messages in one language, escaped.
type layoutWords struct {
	titlePrefix, siteName, skip, navLabel, projects, areas, organizations               string
	manage, notifications, unreadSuffix, myPage, accountOf, signout, signin, signup     string
	menu, unverified, unverifiedLink, termsBanner, termsLink, searchLabel, searchSubmit string
	demo, flashPrefix, footerLabel, home, about                                         string
	terms, privacy, operator, contact, faq                                              string
}

func newLayoutWords(l *Locale) *layoutWords {
	t := func(id string) string { return esc(l.T(id)) }
	return &layoutWords{
		titlePrefix: t("error.title_prefix"), siteName: t("site.name"), skip: t("a11y.skip"),
		navLabel: t("nav.label"), projects: t("nav.projects"), areas: t("nav.areas"),
		organizations: t("nav.organizations"), manage: t("manage.nav"), notifications: t("notifications.nav"),
		unreadSuffix: t("notifications.unread_suffix"), myPage: t("entries.nav_mypage"),
		accountOf: t("nav.account_of"), signout: t("nav.signout"), signin: t("nav.signin"), signup: t("nav.signup"),
		menu: t("phone.menu"), unverified: t("account.unverified_banner"), unverifiedLink: t("account.unverified_link"),
		termsBanner: t("trust.terms_banner"), termsLink: t("trust.terms_banner_link"),
		searchLabel: t("search.label"), searchSubmit: t("search.submit"), demo: t("site.demo_note"),
		flashPrefix: t("trust.flash_prefix"), footerLabel: t("nav.footer_label"), home: t("nav.home"),
		about: t("site.footer_about"), terms: t("trust.terms"), privacy: t("trust.privacy"),
		operator: t("trust.operator"), contact: t("trust.contact"), faq: t("trust.faq"),
	}
}

const iconOpen = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5 8.2l2 2 4-4.2" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>`

// lw writes the layout of one page.
type lw struct {
	b *bytes.Buffer
	p *Base
	w *layoutWords
}

func (w *lw) s(s string)   { w.b.WriteString(s) }
func (w *lw) e(s string)   { WriteEsc(w.b, s) }
func (w *lw) url(s string) { WriteURL(w.b, s) }

// cur writes aria-current when nav is the page's section.
func (w *lw) cur(nav string) {
	if w.p.Nav == nav {
		w.s(` aria-current="page"`)
	}
}

// head writes everything before the page's content.
func (w *lw) head() {
	p, t := w.p, w.w
	w.s("<!doctype html>\n<html lang=\"")
	w.e(p.L.Lang)
	w.s("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.ErrorTitle {
		w.s(t.titlePrefix)
	}
	w.e(p.Title)
	w.s(" | ")
	w.s(t.siteName)
	w.s("</title>\n")
	if p.Description != "" {
		w.s(`<meta name="description" content="`)
		w.e(p.Description)
		w.s(`">`)
	}
	w.s("\n")
	if p.NoIndex {
		w.s(`<meta name="robots" content="noindex">`)
	}
	w.s("\n")
	if p.Canonical != "" {
		w.s(`<link rel="canonical" href="`)
		w.url(p.Canonical)
		w.s(`">`)
	}
	w.s("\n")
	for _, a := range p.Alternates {
		w.s(`<link rel="alternate" type="`)
		if a.Type == "application/atom+xml" {
			w.s(a.Type) // the template's literal, unescaped +
		} else {
			w.e(a.Type)
		}
		w.s(`" href="`)
		w.url(a.Href)
		w.s(`"`)
		if a.Title != "" {
			w.s(` title="`)
			w.e(a.Title)
			w.s(`"`)
		}
		w.s(">\n")
	}
	if og := p.OG; og != nil {
		w.s(`<meta property="og:title" content="`)
		w.e(og.Title)
		w.s("\">\n<meta property=\"og:description\" content=\"")
		w.e(og.Description)
		w.s("\">\n<meta property=\"og:url\" content=\"")
		w.e(og.URL)
		w.s("\">\n<meta property=\"og:type\" content=\"")
		w.e(og.Type)
		w.s("\">\n<meta property=\"og:site_name\" content=\"")
		w.e(og.SiteName)
		w.s("\">\n<meta property=\"og:locale\" content=\"")
		if p.L.English() {
			w.s("en_US")
		} else {
			w.s("ja_JP")
		}
		w.s("\">\n")
		if og.Image != "" {
			w.s(`<meta property="og:image" content="`)
			w.e(og.Image)
			w.s("\">\n")
		}
		w.s("<meta name=\"twitter:card\" content=\"summary\">\n<meta name=\"twitter:title\" content=\"")
		w.e(og.Title)
		w.s("\">\n<meta name=\"twitter:description\" content=\"")
		w.e(og.Description)
		w.s("\">\n")
	}
	w.s(`<link rel="stylesheet" href="`)
	w.url(p.CSS)
	w.s("\">\n<link rel=\"icon\" href=\"")
	w.url(p.Icon)
	w.s("\" type=\"image/svg+xml\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">")
	w.s(t.skip)
	w.s("</a>\n<header class=\"site-header\">\n<div class=\"wrap header-row\">\n<a class=\"logo\" href=\"/\">")
	w.s(t.siteName)
	w.s("</a>\n<nav class=\"main-nav\" aria-label=\"")
	w.s(t.navLabel)
	w.s("\">\n<ul>\n<li><a href=\"/projects\"")
	w.cur("projects")
	w.s(">")
	w.s(t.projects)
	w.s("</a></li>\n<li class=\"nav-more\"><a href=\"/#areas\">")
	w.s(t.areas)
	w.s("</a></li>\n<li class=\"nav-more\"><a href=\"/organizations\"")
	w.cur("organizations")
	w.s(">")
	w.s(t.organizations)
	w.s("</a></li>\n")
	w.headerAccount()
	w.s("</ul>\n</nav>\n<ul class=\"header-tools\">\n")
	w.switchLink()
	w.s("<li class=\"menu-link\"><a href=\"#site-menu\">")
	w.s(t.menu)
	w.s("</a></li>\n</ul>\n</div>\n")
	w.banners()
	w.s("</header>\n<main id=\"main\" tabindex=\"-1\">\n<div class=\"wrap\">\n")
	if p.Flash != "" {
		w.s(`<div class="flash" id="flash" tabindex="-1"`)
		if !p.ErrorTitle {
			w.s(" autofocus")
		}
		w.s(">" + iconOpen + `<p><span class="vh">`)
		w.s(t.flashPrefix)
		w.s(`</span><span role="status">`)
		w.e(p.Flash)
		w.s("</span></p></div>")
	}
	w.s("\n")
}

// headerAccount writes the header's links that depend on who is signed in.
func (w *lw) headerAccount() {
	p, t := w.p, w.w
	if p.Account.Manage {
		w.s(`<li class="nav-more"><a href="/manage"`)
		w.cur("manage")
		w.s(">")
		w.s(t.manage)
		w.s("</a></li>\n")
	}
	if !p.Account.SignedIn {
		w.s(`<li><a href="/account/signin"`)
		w.cur("signin")
		w.s(">")
		w.s(t.signin)
		w.s("</a></li>\n<li class=\"nav-more\"><a href=\"/account/signup\"")
		w.cur("signup")
		w.s(">")
		w.s(t.signup)
		w.s("</a></li>\n")
		return
	}
	w.s(`<li><a href="/notifications"`)
	w.cur("notifications")
	w.s(">")
	w.s(t.notifications)
	if n := p.Account.Unread; n != 0 {
		w.s(` <span class="nav-badge num">`)
		if n > 99 {
			w.s("99+")
		} else {
			w.s(strconv.Itoa(n))
		}
		w.s(`</span><span class="vh">`)
		w.s(t.unreadSuffix)
		w.s("</span>")
	}
	w.s("</a></li>\n<li><a href=\"/me\"")
	w.cur("me")
	w.s(">")
	w.s(t.myPage)
	w.s("</a></li>\n<li class=\"nav-more\"><a href=\"/account\"")
	w.cur("account")
	w.s(`><span class="vh">`)
	w.s(t.accountOf)
	w.s("</span>")
	w.s(string(p.L.JaSpan(p.Account.Name)))
	w.s("</a></li>\n<li class=\"nav-more\">")
	w.signout()
	w.s("</li>\n")
}

func (w *lw) signout() {
	w.s(`<form method="post" action="/account/signout" class="signout"><button type="submit" class="link-button">`)
	w.s(w.w.signout)
	w.s("</button></form>")
}

func (w *lw) switchLink() {
	sw := w.p.Switch
	w.s(`<li><a href="`)
	w.url(sw.URL)
	w.s(`" lang="`)
	w.e(sw.Lang)
	w.s(`" hreflang="`)
	w.e(sw.Lang)
	w.s(`">`)
	w.e(sw.Label)
	w.s("</a></li>\n")
}

// banners writes the header's notes and search form.
func (w *lw) banners() {
	p, t := w.p, w.w
	if p.Account.Unverified {
		w.s(`<p class="verify-note"><span class="wrap">`)
		w.s(t.unverified)
		w.s(` <a href="/account/verify/resend">`)
		w.s(t.unverifiedLink)
		w.s("</a></span></p>")
	}
	w.s("\n")
	if p.Account.Terms != 0 {
		w.s(`<p class="verify-note"><span class="wrap">`)
		w.s(t.termsBanner)
		w.s(` <a href="/account/terms">`)
		w.s(t.termsLink)
		w.s("</a></span></p>")
	}
	w.s("\n")
	if p.HeaderSearch { // the "searchform" partial
		w.s("<div class=\"wrap header-search\"><search class=\"site-search\" role=\"search\">\n<form method=\"get\" action=\"/projects\" class=\"search-form\">\n<label for=\"site-q\">")
		w.s(t.searchLabel)
		w.s("</label>\n<div class=\"search-row\">\n<input id=\"site-q\" name=\"q\" type=\"search\" value=\"")
		w.e(p.Query)
		w.s("\" maxlength=\"200\" autocomplete=\"off\" enterkeyhint=\"search\">\n<button type=\"submit\" class=\"btn btn-primary\">")
		w.s(t.searchSubmit)
		w.s("</button>\n</div>\n</form>\n</search></div>")
	}
	w.s("\n")
	if p.Demo {
		w.s(`<p class="demo-note"><span class="wrap">`)
		w.s(t.demo)
		w.s("</span></p>")
	}
	w.s("\n")
}

// foot writes everything after the page's content.
func (w *lw) foot() {
	p, t := w.p, w.w
	w.s("\n</div>\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<nav id=\"site-menu\" aria-label=\"")
	w.s(t.footerLabel)
	w.s("\" tabindex=\"-1\">\n<ul>\n<li><a href=\"/\">")
	w.s(t.home)
	w.s("</a></li>\n<li><a href=\"/projects\">")
	w.s(t.projects)
	w.s("</a></li>\n<li><a href=\"/#areas\">")
	w.s(t.areas)
	w.s("</a></li>\n<li><a href=\"/organizations\">")
	w.s(t.organizations)
	w.s("</a></li>\n")
	if p.Account.Manage {
		w.s(`<li><a href="/manage">`)
		w.s(t.manage)
		w.s("</a></li>\n")
	}
	if p.Account.SignedIn {
		w.s(`<li><a href="/notifications">`)
		w.s(t.notifications)
		w.s("</a></li>\n<li><a href=\"/me\">")
		w.s(t.myPage)
		w.s("</a></li>\n<li><a href=\"/account\"><span class=\"vh\">")
		w.s(t.accountOf)
		w.s("</span>")
		w.s(string(p.L.JaSpan(p.Account.Name)))
		w.s("</a></li>\n<li>")
		w.signout()
		w.s("</li>\n")
	} else {
		w.s(`<li><a href="/account/signin">`)
		w.s(t.signin)
		w.s("</a></li>\n<li><a href=\"/account/signup\">")
		w.s(t.signup)
		w.s("</a></li>\n")
	}
	w.switchLink()
	// the "trustlinks" partial
	w.s(`<li><a href="/pages/terms">`)
	w.s(t.terms)
	w.s("</a></li>\n<li><a href=\"/pages/privacy\">")
	w.s(t.privacy)
	w.s("</a></li>\n<li><a href=\"/pages/operator\">")
	w.s(t.operator)
	w.s("</a></li>\n<li><a href=\"/pages/contact\">")
	w.s(t.contact)
	w.s("</a></li>\n<li><a href=\"/pages/faq\">")
	w.s(t.faq)
	w.s("</a></li>\n</ul>\n</nav>\n<p class=\"footer-about\">")
	w.s(t.about)
	w.s("</p>\n<p class=\"footer-meta\">")
	w.s(t.siteName)
	if p.Version != "" {
		w.s(` <span class="num">`)
		w.e(p.Version)
		w.s("</span>")
	}
	w.s("</p>\n</div>\n</footer>\n</body>\n</html>\n")
}

// execute writes the page: the layout in Go around its "content" template
// when data embeds Base with a catalogue's Locale, else the layout
// template.
func (u *UI) execute(buf *bytes.Buffer, t *template.Template, data any) error {
	lb, ok := data.(layoutBase)
	if !ok {
		return t.ExecuteTemplate(buf, "layout", data)
	}
	p := lb.LayoutBase()
	if p.L == nil || p.L.layout == nil {
		return t.ExecuteTemplate(buf, "layout", data)
	}
	start := buf.Len()
	w := lw{b: buf, p: &p, w: p.L.layout()}
	w.head()
	if err := t.ExecuteTemplate(buf, "content", data); err != nil {
		return err
	}
	w.foot()
	if checkLayout.Load() {
		var want bytes.Buffer
		if err := t.ExecuteTemplate(&want, "layout", data); err != nil {
			return err
		}
		if got := buf.Bytes()[start:]; !bytes.Equal(got, want.Bytes()) {
			return fmt.Errorf("the layout written in Go differs from layout.html:\n%s", firstDiff(got, want.Bytes()))
		}
	}
	return nil
}

// firstDiff shows where got first differs from want.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-80, 0)
	return fmt.Sprintf("at byte %d:\n got: %q\nwant: %q", i, got[from:min(i+120, len(got))], want[from:min(i+120, len(want))])
}
