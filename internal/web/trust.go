package web

import (
	"cmp"
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The site's own pages (terms, privacy policy, operator, contact, FAQ),
// linked from every footer, and the page where a signed-in person agrees
// to terms that changed since they last agreed.

// sitePage is GET /pages/{slug} and the terms at /account/terms.
type sitePage struct {
	ui.Base
	Problems []problem
	Blocks   []furusato.PageBlock
	Updated  string // the date of the version, "" for the default text
	Version  int
	Agree    *form // the terms to agree to again, or nil
	// Contact is the operator's configured address and form, under the
	// text of the contact and operator pages; nil elsewhere or unset.
	Contact *furusato.Contact
}

// pageBase fills a sitePage from p in l's language.
func (h *Handler) pageBase(r *http.Request, l *ui.Locale, p *furusato.Page) sitePage {
	t := p.Text(l.Lang)
	sp := sitePage{Base: h.base(r, l, t.Title), Blocks: furusato.PageBlocks(t.Body), Version: p.Version}
	if p.AuthorID != 0 {
		sp.Updated = l.Date(p.CreatedAt)
	}
	sp.Nav = "page-" + string(p.Slug)
	return sp
}

// pageShow is GET /pages/{slug}.
func (h *Handler) pageShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	p, err := h.svc.Pages.Current(r.Context(), furusato.PageSlug(r.PathValue("slug")))
	if err != nil {
		return err
	}
	sp := h.pageBase(r, l, p)
	sp.HeaderSearch = false
	sp.Canonical = h.abs("/pages/" + string(p.Slug))
	if c := h.svc.Pages.Contact(); !c.IsZero() && (p.Slug == furusato.PageContact || p.Slug == furusato.PageOperator) {
		sp.Contact = &c
	}
	return h.render(w, http.StatusOK, "trust_page", sp)
}

// termsPage is the newest terms with the form that agrees to them.
func (h *Handler) termsPage(r *http.Request, l *ui.Locale, next string) (sitePage, error) {
	p, err := h.svc.Pages.Current(r.Context(), furusato.PageTerms)
	if err != nil {
		return sitePage{}, err
	}
	sp := h.pageBase(r, l, p)
	sp.Title = l.T("trust.agree_title")
	sp.NoIndex, sp.HeaderSearch = true, false
	f := &form{Action: "/account/terms", Submit: l.T("trust.agree_submit"), Hidden: []hidden{{"version", strconv.Itoa(p.Version)}}}
	if next != "" {
		f.Hidden = append(f.Hidden, hidden{"next", next})
	}
	sp.Agree = f
	return sp, nil
}

// termsForm is GET /account/terms: the terms changed since the person
// last agreed (the banner of every page links here).
func (h *Handler) termsForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	next := localPath(r.URL.Query().Get("next"))
	if v, err := h.svc.Pages.TermsToAgree(r.Context(), httpx.ActorFrom(r.Context())); err != nil {
		return err
	} else if v == 0 {
		http.Redirect(w, r, cmp.Or(next, "/pages/terms"), http.StatusSeeOther)
		return nil
	}
	sp, err := h.termsPage(r, l, next)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "trust_page", sp)
}

// termsAgree is POST /account/terms: agreement to the version shown; when
// the terms changed again meanwhile, the newest is shown to read first.
func (h *Handler) termsAgree(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	next := localPath(r.PostFormValue("next"))
	if err == nil {
		v, _ := strconv.Atoi(r.PostFormValue("version"))
		err = h.svc.Pages.AgreeToTerms(r.Context(), httpx.ActorFrom(r.Context()), v)
	}
	if formError(err) {
		sp, perr := h.termsPage(r, l, next)
		if perr != nil {
			return perr
		}
		sp.Problems = applyErrors(l, err, nil, sp.Agree)
		sp.ErrorTitle = true
		return h.render(w, errorStatus(err), "trust_page", sp)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, cmp.Or(next, "/me"), "trust.flash_agreed")
	return nil
}

// termsToAgree returns the version of the terms a must agree to again, 0
// for none; an error is logged, and the page shown without the banner.
func (h *Handler) termsToAgree(r *http.Request, a *furusato.Actor) int {
	v, err := h.svc.Pages.TermsToAgree(r.Context(), a)
	if err != nil {
		httpx.LogError(r, err)
		return 0
	}
	return v
}
