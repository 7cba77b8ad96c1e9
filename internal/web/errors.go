package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// errorPage is the page of every error fail answers with a page (400, 403,
// 404, 409, 429, 500).
type errorPage struct {
	ui.Base
	Message   string
	Problems  []problem // 400: one per bad parameter
	Search    bool      // show the keyword field (400, 404)
	QError    string    // the message beside the keyword field
	RequestID string    // 500: for support
}

// problem is one line of the error summary; Anchor is the id of the field
// it is about, when the page has that field.
type problem struct {
	Text   string
	Anchor string
}

// fieldOrder lists the list parameters in the order of the filter form.
var fieldOrder = append([]string{"query"}, service.ListParams...)

// NotFound renders the 404 page; other packages may use it for their
// unknown paths.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	l, redirected := h.locale(w, r)
	if redirected {
		return
	}
	h.notFound(w, r, l)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, l *ui.Locale) {
	p := errorPage{Base: h.base(r, l, l.T("notfound.title")), Message: l.T("notfound.message"), Search: true}
	p.HeaderSearch, p.NoIndex = false, true
	if err := h.render(w, http.StatusNotFound, "error", p); err != nil {
		h.serverError(w, r, l, err)
	}
}

// fail answers err with the status and page its code calls for. It is the
// one place in web where a domain error's code decides what the person
// sees (the API's is httpx.WriteJSONError, with the same statuses):
// handlers return their errors to page, which calls fail.
//
//	ENOTFOUND      404, the not-found page with the search field; for an
//	               error marked by deadLink (a mailed link), the page of
//	               that link, which says what to do instead
//	EUNAUTHORIZED  303 to the sign-in page (and back here afterwards, for a GET)
//	EFORBIDDEN     403, the page says that this needs a permission the person lacks
//	ECONFLICT      409, the page says that someone changed it meanwhile; or, for an
//	               error marked by backOnConflict, 303 back to where the
//	               person came from, with a flash that says so; or, marked
//	               by deadLink, the link's page with the error's field message
//	ERATELIMIT     429, the page asks to try again later
//	EINVALID       400, the problems listed (a form that shows its errors
//	               beside its fields does so itself, see formError)
//	anything else  500, logged once with the request id; no detail shown
//
// Only the 500 is logged as an error: the others are the person's business.
// Whether a refusal looks like "not found" is the policy's decision (see
// internal/policy), never a handler's: fail maps codes, it does not change them.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, l *ui.Locale, err error) {
	switch furusato.ErrorCode(err) {
	case furusato.ENOTFOUND:
		var dead *deadLinkError
		if errors.As(err, &dead) {
			h.deadLinkPage(w, r, l, http.StatusNotFound, dead, "")
			return
		}
		h.notFound(w, r, l)
	case furusato.EUNAUTHORIZED:
		h.signInFirst(w, r)
	case furusato.EFORBIDDEN:
		title := "forbidden.title_page"
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			title = "forbidden.title_action"
		}
		h.refused(w, r, l, http.StatusForbidden, title, "forbidden.message")
	case furusato.ECONFLICT:
		var back *sentBack
		if errors.As(err, &back) {
			h.redirect(w, r, back.to, back.flash)
			return
		}
		var dead *deadLinkError
		if errors.As(err, &dead) { // the link's object changed since it was mailed
			h.deadLinkPage(w, r, l, http.StatusConflict, dead, firstField(err))
			return
		}
		h.refused(w, r, l, http.StatusConflict, "conflict.title", "conflict.message")
	case furusato.ERATELIMIT:
		h.refused(w, r, l, http.StatusTooManyRequests, "ratelimit.title", "ratelimit.message")
	case furusato.EINVALID:
		h.badRequest(w, r, l, err)
	default:
		h.serverError(w, r, l, err)
	}
}

// errorStatus is the HTTP status of err's code, for a form shown again with
// err: the same table as fail's and the API's (httpx.Status).
func errorStatus(err error) int { return httpx.Status(err) }

// signInFirst sends a visitor to the sign-in page; after signing in, a
// GET comes back here (a form post cannot be replayed).
func (h *Handler) signInFirst(w http.ResponseWriter, r *http.Request) {
	target := "/account/signin"
	if r.Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(r.URL.Path)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// refused renders the error page of a refusal that is neither a 404 nor a
// 400: status, with the title and message of the catalogue keys.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, l *ui.Locale, status int, title, message string) {
	p := errorPage{Base: h.base(r, l, l.T(title)), Message: l.T(message)}
	p.NoIndex, p.HeaderSearch = true, false
	if err := h.render(w, status, "error", p); err != nil {
		h.serverError(w, r, l, err)
	}
}

// backOnConflict marks err so that fail answers a conflict (the object
// moved on since the page was shown: a stale form, a lost race) by sending
// the person back to the page at to, which shows the new state, with the
// flash message flash, instead of the 409 page. Other codes are answered as
// usual. nil stays nil.
func backOnConflict(err error, to, flash string) error {
	if err == nil {
		return nil
	}
	return &sentBack{err: err, to: to, flash: flash}
}

// deadLink marks err, the answer to a link from a mail (an address to
// confirm, a password reset, an invitation), so that fail answers a link
// that names nothing (ENOTFOUND) or no longer fits (ECONFLICT) with a page
// of its own: title and message (catalogue keys) and links (whose Text is
// a catalogue key), instead of the site's not-found page. Other codes are
// answered as usual. nil stays nil.
func deadLink(err error, title, message string, links ...link) error {
	if err == nil {
		return nil
	}
	return &deadLinkError{err: err, title: title, message: message, links: links}
}

// deadLinkError is an error marked by deadLink.
type deadLinkError struct {
	err            error
	title, message string
	links          []link
}

func (e *deadLinkError) Error() string { return e.err.Error() }
func (e *deadLinkError) Unwrap() error { return e.err }

// deadLinkPage renders the page of a dead link d with status; message,
// when not empty, is the catalogue key that replaces d's message.
func (h *Handler) deadLinkPage(w http.ResponseWriter, r *http.Request, l *ui.Locale, status int, d *deadLinkError, message string) {
	if message == "" {
		message = d.message
	}
	p := formPage{Base: h.base(r, l, l.T(d.title)), Intro: []string{l.T(message)}}
	for _, k := range d.links {
		p.Links = append(p.Links, link{k.URL, l.T(k.Text)})
	}
	if err := h.renderForm(w, r, status, p); err != nil {
		h.serverError(w, r, l, err)
	}
}

// firstField is the message key of err's field error (the first, by
// field name), or "".
func firstField(err error) string {
	fs := furusato.ErrorFields(err)
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return ""
	}
	return fs[keys[0]]
}

// sentBack is an error marked by backOnConflict.
type sentBack struct {
	err       error
	to, flash string
}

func (e *sentBack) Error() string { return e.err.Error() }
func (e *sentBack) Unwrap() error { return e.err }

func (h *Handler) badRequest(w http.ResponseWriter, r *http.Request, l *ui.Locale, err error) {
	p := errorPage{Base: h.base(r, l, l.T("badrequest.title")), Message: l.T("badrequest.message"), Search: true}
	p.HeaderSearch, p.NoIndex, p.ErrorTitle = false, true, true
	q := r.URL.Query().Get("q")
	// Give back what was typed so nothing is lost (bounded, so that a
	// hostile URL cannot make the page huge); the message says the limit.
	p.Query = truncateRunes(furusato.CleanText(q), 5*search.MaxQueryRunes)
	fields := furusato.ErrorFields(err)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fieldRank(keys[i]) < fieldRank(keys[j]) })
	for _, k := range keys {
		text := l.T(fields[k], "Max", service.MaxPage, "MaxPerPage", service.MaxPerPage, "MaxRunes", search.MaxQueryRunes)
		pr := problem{Text: text}
		if k == "q" {
			p.QError, pr.Anchor = text, "q"
		}
		p.Problems = append(p.Problems, pr)
	}
	if len(p.Problems) == 0 {
		p.Problems = []problem{{Text: l.T("badrequest.generic")}}
	}
	if rerr := h.render(w, http.StatusBadRequest, "error", p); rerr != nil {
		h.serverError(w, r, l, rerr)
	}
}

func fieldRank(k string) int {
	for i, f := range fieldOrder {
		if f == k {
			return i
		}
	}
	return len(fieldOrder)
}

// serverError logs err once with the request id and shows a polite page
// with that id; the error's detail never reaches the person.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, l *ui.Locale, err error) {
	if furusato.ErrorCode(err) != furusato.EINTERNAL {
		err = &wrapped{err} // log domain errors that end up here too
	}
	httpx.LogError(r, err)
	p := errorPage{Base: h.base(r, l, l.T("servererror.title")), Message: l.T("servererror.message"), RequestID: httpx.RequestID(r.Context())}
	p.NoIndex = true
	if rerr := h.render(w, http.StatusInternalServerError, "error", p); rerr != nil {
		httpx.LogError(r, rerr)
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
	}
}

// wrapped hides a domain error's code so that LogError logs it.
type wrapped struct{ err error }

func (e *wrapped) Error() string { return e.err.Error() }

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
