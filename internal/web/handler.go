package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Config is what the pages need to know about the deployment.
type Config struct {
	BaseURL string         // public origin, e.g. https://furusato.example.jp; absolute URLs use it, never the Host header
	Demo    bool           // show the demo-site notice
	Version string         // shown in the footer
	Proxies *httpx.Proxies // trusted reverse proxies, for the client address of rate limits and audit
	// PageCacheBytes is the budget of the page cache for visitors without
	// a session: 0 means DefaultPageCacheBytes, a negative value turns the
	// cache off (benchmarks of pages as they are built).
	PageCacheBytes int64
}

// Services is every service the pages call, and the sessions they run
// behind; New refuses a Services that lacks one.
type Services struct {
	Catalogue    *service.Catalogue
	Auth         *service.Auth
	PersonalData *service.PersonalData
	Users        *service.Users
	Orgs         *service.Orgs
	AuditLog     *service.AuditLog
	Outbox       *service.Outbox
	APITokens    *service.APITokens
	Jobs         *service.Jobs
	Projects     *service.Projects
	Entries      *service.Entries
	Interviews   *service.Interviews
	Messages     *service.Messages
	Notifier     *service.Notifier
	Teams        *service.Teams
	Reflections  *service.Reflections
	Records      *service.Records
	Warnings     *service.Warnings
	Pages        *service.Pages
	Sessions     *httpx.Sessions // the session and the Actor of each request (its middleware runs before the pages)
}

// ServicesOf takes the services the pages call from s (as service.New built
// them) and the sessions they run behind.
func ServicesOf(s *service.Services, sessions *httpx.Sessions) Services {
	return Services{
		Catalogue: s.Catalogue, Auth: s.Auth, PersonalData: s.PersonalData, Users: s.Users, Orgs: s.Orgs,
		AuditLog: s.AuditLog, Outbox: s.Outbox, APITokens: s.APITokens, Jobs: s.Jobs, Projects: s.Projects,
		Entries: s.Entries, Interviews: s.Interviews, Messages: s.Messages, Notifier: s.Notifier, Teams: s.Teams,
		Reflections: s.Reflections, Records: s.Records,
		Sessions: sessions,
		Warnings: s.Warnings,
		Pages:    s.Pages,
	}
}

// checkRender, when set (by the package's TestMain), is given every page
// before it is rendered, and its error fails the request: the tests compare
// the markup written in Go with its reference templates this way, for every
// page they render.
var checkRender func(page string, data any) error

// Handler serves the HTML pages.
type Handler struct {
	cfg     Config
	svc     Services
	ui      *ui.UI
	static  *staticFiles
	matcher language.Matcher
	pages   *pageCache               // whole pages for visitors without a session
	words   map[*ui.Locale]pageWords // the project and list pages' fixed messages, escaped, per language
}

// New parses the templates and hashes the static files; a broken template
// is an error here, not in a request, and so is a missing service.
func New(cfg Config, svc Services) (*Handler, error) {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		return nil, fmt.Errorf("web: BaseURL is required")
	}
	if name := httpx.MissingService(svc); name != "" {
		return nil, fmt.Errorf("web: Services.%s is required", name)
	}
	u, err := ui.New(template.FuncMap{})
	if err != nil {
		return nil, err
	}
	st, err := newStaticFiles(ui.Static())
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, svc: svc, ui: u, static: st, matcher: language.NewMatcher(ui.Tags), pages: newPageCache(cmp.Or(cfg.PageCacheBytes, DefaultPageCacheBytes))}
	st.notFound = h.NotFound
	h.words = map[*ui.Locale]pageWords{}
	for _, lang := range ui.Langs {
		l := u.Locale(lang)
		h.words[l] = newPageWords(l)
	}
	return h, nil
}

// StaticURL returns the content-hashed URL of the static file name, such
// as "/static/app.1a2b3c4d.css" for "app.css", or "" when there is none.
func (h *Handler) StaticURL(name string) string { return h.static.url(name) }

// pageFunc is a page handler: it renders or returns an error, which page
// turns into the 400, 404 or 500 page.
type pageFunc func(w http.ResponseWriter, r *http.Request, l *ui.Locale) error

// page resolves the language (handling the ?lang= switch) and renders
// errors in the site design.
func (h *Handler) page(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, redirected := h.locale(w, r)
		if redirected {
			return
		}
		if err := checkURL(r); err != nil {
			h.fail(w, r, l, err)
			return
		}
		if err := fn(w, r, l); err != nil {
			h.fail(w, r, l, err)
		}
	})
}

// checkURL refuses, for every page, a path or query parameter that holds
// invalid UTF-8 or a control character (furusato.BadText), and keywords
// (q) that hold a bidirectional control (furusato.BadProse): such a path is
// a 404, such a parameter a 400 naming it, so no page hands one to the
// service (PostgreSQL would refuse it with a 500) or echoes it back.
func checkURL(r *http.Request) error {
	if furusato.BadText(r.URL.Path) {
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	fields := map[string]string{}
	for name, vs := range r.URL.Query() {
		key := furusato.ErrBadText
		if name == "q" {
			key = "error.query_encoding"
		}
		if furusato.BadText(name) {
			fields[bodyField] = key
		}
		for _, v := range vs {
			// Keywords are echoed in headings: a bidirectional control
			// is refused there as in every text people write.
			if furusato.BadText(v) || name == "q" && furusato.BadProse(v) {
				fields[name] = key
			}
		}
	}
	if len(fields) > 0 {
		return &furusato.Error{Code: furusato.EINVALID, Message: "The address holds characters that cannot be used.", Fields: fields}
	}
	return nil
}

// base fills what the layout needs; title is the page's h1. It takes the
// flash message of the session, which is shown once.
func (h *Handler) base(r *http.Request, l *ui.Locale, title string) ui.Base {
	var acc ui.Account
	if a := httpx.ActorFrom(r.Context()); a.SignedIn() {
		acc = ui.Account{SignedIn: true, Name: a.User.DisplayName, Unverified: !a.User.Verified(),
			Manage: policy.Global(a, policy.ManageOpen) == nil}
		acc.Unread = h.unreadCount(r, a)
		acc.Terms = h.termsToAgree(r, a)
	}
	var flash string
	if key := h.svc.Sessions.PopFlash(r.Context()); key != "" {
		flash = l.T(key)
	}
	return ui.Base{
		Account:      acc,
		Flash:        flash,
		L:            l,
		Title:        title,
		CSS:          h.StaticURL("app.css"),
		Icon:         h.StaticURL("favicon.svg"),
		Switch:       switchLink(r, l),
		HeaderSearch: true,
		Demo:         h.cfg.Demo,
		Version:      h.cfg.Version,
	}
}

// abs returns the absolute URL of path on the configured origin.
func (h *Handler) abs(path string) string { return h.cfg.BaseURL + path }

// render writes page with status; on failure nothing is written and the
// error goes back to page, which sends the 500 page.
func (h *Handler) render(w http.ResponseWriter, status int, page string, data any) error {
	if checkRender != nil {
		if err := checkRender(page, data); err != nil {
			return fmt.Errorf("web: check %s: %w", page, err)
		}
	}
	if err := h.ui.Render(w, status, page, data); err != nil {
		return fmt.Errorf("web: %w", err) // nothing was written yet
	}
	return nil
}
