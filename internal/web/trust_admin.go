package web

import (
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// Admins edit the site's pages: every save is a new version, made only
// from the version the editor read; a save from an older one (a second
// tab) is a conflict that shows both what was typed and what was saved.

// textArea is a labelled multi-line field.
type textArea struct {
	L               *ui.Locale
	ID, Label, Hint string
	Value, Error    string
	Rows            int
}

// pageRow is one page, or one version of a page, in an admin list.
type pageRow struct {
	URL, Title string
	Version    int
	Updated    string // "" for the default text
}

// pageEditPage is the admin form of one page.
type pageEditPage struct {
	ui.Base
	Problems         []problem
	Action           string
	Version          int // the version the form was read from
	TitleJa, TitleEn field
	BodyJa, BodyEn   textArea
	Conflict         *furusato.Page // the version saved meanwhile, or nil
	History          []pageRow
}

func pageUpdated(l *ui.Locale, p *furusato.Page) string {
	if p.AuthorID == 0 {
		return l.T("trust.default_text")
	}
	return when(l, p.CreatedAt)
}

// adminPages is GET /admin/pages.
func (h *Handler) adminPages(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	a := httpx.ActorFrom(r.Context())
	type listPage struct {
		ui.Base
		Rows []pageRow
	}
	p := listPage{Base: h.adminBase(r, l, l.T("trust.admin_title"))}
	for _, slug := range furusato.PageSlugs {
		vs, err := h.svc.Pages.Versions(r.Context(), a, slug)
		if err != nil {
			return err
		}
		if len(vs) == 0 {
			continue
		}
		p.Rows = append(p.Rows, pageRow{URL: "/admin/pages/" + string(slug), Title: vs[0].Text(l.Lang).Title,
			Version: vs[0].Version, Updated: pageUpdated(l, vs[0])})
	}
	return h.render(w, http.StatusOK, "admin_pages", p)
}

// pageEdit builds the form of slug holding in, read from version.
func (h *Handler) pageEdit(r *http.Request, l *ui.Locale, slug furusato.PageSlug, in *furusato.Page, version int, history []*furusato.Page) pageEditPage {
	p := pageEditPage{Base: h.adminBase(r, l, l.T("trust.admin_edit_title", "Title", in.Ja.Title)), Action: "/admin/pages/" + string(slug), Version: version,
		TitleJa: field{L: l, ID: "title_ja", Name: "title_ja", Type: "text", Label: l.T("trust.field_title_ja"), Value: in.Ja.Title},
		TitleEn: field{L: l, ID: "title_en", Name: "title_en", Type: "text", Label: l.T("trust.field_title_en"), Value: in.En.Title},
		BodyJa:  textArea{L: l, ID: "body_ja", Label: l.T("trust.field_body_ja"), Hint: l.T("trust.body_hint", "Max", ui.Num(furusato.MaxPageBody)), Value: in.Ja.Body, Rows: 20},
		BodyEn:  textArea{L: l, ID: "body_en", Label: l.T("trust.field_body_en"), Hint: l.T("trust.body_hint", "Max", ui.Num(furusato.MaxPageBody)), Value: in.En.Body, Rows: 20},
	}
	for _, v := range history {
		p.History = append(p.History, pageRow{URL: "/pages/" + string(slug), Title: v.Text(l.Lang).Title, Version: v.Version, Updated: pageUpdated(l, v)})
	}
	return p
}

// adminPageEdit is GET /admin/pages/{slug}.
func (h *Handler) adminPageEdit(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	slug := furusato.PageSlug(r.PathValue("slug"))
	vs, err := h.svc.Pages.Versions(r.Context(), httpx.ActorFrom(r.Context()), slug)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "No such page.")
	}
	return h.render(w, http.StatusOK, "admin_page_form", h.pageEdit(r, l, slug, vs[0], vs[0].Version, vs))
}

// adminPageSave is POST /admin/pages/{slug}.
func (h *Handler) adminPageSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	slug := furusato.PageSlug(r.PathValue("slug"))
	a := httpx.ActorFrom(r.Context())
	err := parseForm(w, r)
	in := furusato.Page{Ja: furusato.PageText{Title: r.PostFormValue("title_ja"), Body: r.PostFormValue("body_ja")},
		En: furusato.PageText{Title: r.PostFormValue("title_en"), Body: r.PostFormValue("body_en")}}
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	if err == nil {
		if _, err = h.svc.Pages.Save(r.Context(), a, slug, base, in); err == nil {
			h.redirect(w, r, "/admin/pages/"+string(slug), "trust.flash_saved")
			return nil
		}
	}
	if !formError(err) {
		return err
	}
	vs, verr := h.svc.Pages.Versions(r.Context(), a, slug)
	if verr != nil {
		return verr
	}
	if len(vs) == 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "No such page.")
	}
	p := h.pageEdit(r, l, slug, &in, base, vs)
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		// Saving again replaces the newer version knowingly.
		p.Conflict, p.Version = vs[0], vs[0].Version
	}
	p.Problems = h.pageProblems(l, err, &p)
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "admin_page_form", p)
}

// pageProblems puts err's field errors beside the fields of p and returns
// the error summary, in the order of the form.
func (h *Handler) pageProblems(l *ui.Locale, err error, p *pageEditPage) []problem {
	fs, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	var ps []problem
	put := func(id, label string, msg *string) {
		if key, ok := fs[id]; ok {
			*msg = fieldError(l, label, id, key, params[id])
			ps = append(ps, problem{Text: *msg, Anchor: id})
			delete(fs, id)
		}
	}
	put("title_ja", p.TitleJa.Label, &p.TitleJa.Error)
	put("body_ja", p.BodyJa.Label, &p.BodyJa.Error)
	put("title_en", p.TitleEn.Label, &p.TitleEn.Error)
	put("body_en", p.BodyEn.Label, &p.BodyEn.Error)
	if key, ok := fs["version"]; ok {
		ps = append([]problem{{Text: l.T(key), Anchor: "conflict"}}, ps...)
		delete(fs, "version")
	}
	ps = append(ps, wholeFormProblems(l, fs)...)
	if len(ps) == 0 || len(fs) > 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}
