package web

import (
	"net/http"
	"sort"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// errorPage is the 400, 404 and 500 page.
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

// fail renders the page that err's code calls for: 400 with the problems,
// 404, or 500 (logged once, with the request id).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, l *ui.Locale, err error) {
	switch httpx.Status(err) {
	case http.StatusNotFound:
		h.notFound(w, r, l)
	case http.StatusBadRequest:
		h.badRequest(w, r, l, err)
	default:
		h.serverError(w, r, l, err)
	}
}

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
