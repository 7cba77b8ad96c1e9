package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The signed-in person's profile, the download of their data and the
// deletion of their account. These URLs hold no user id: each acts on the
// account of the session, so no one can reach another person's.

// profileField is a field of the profile form: an input, a select
// (Options) or a textarea (Rows), with who can see it.
type profileField struct {
	field
	Visibility string
	Options    []option // a select when set
	Rows       int      // a textarea when > 0
}

// Described is the aria-describedby of the control: hint, visibility, error.
func (f profileField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Visibility != "" {
		ids = append(ids, f.ID+"-visibility")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// profileChoices is a group of checkboxes in a fieldset.
type profileChoices struct {
	L                 *ui.Locale
	ID, Name, Legend  string
	Hint, Visibility  string
	Error             string
	Options           []option      // ungrouped
	Groups            []optionGroup // or grouped (prefectures by area)
	FirstID           string        // the checkbox the error summary links to
	IDPrefix          string
	AffiliationPublic bool
}

// Described is the aria-describedby of the fieldset.
func (c profileChoices) Described() string {
	f := profileField{field: field{ID: c.ID, Hint: c.Hint, Error: c.Error}, Visibility: c.Visibility}
	return f.Described()
}

// profilePage is GET /account/profile.
type profilePage struct {
	ui.Base
	Problems    []problem
	Fields      []profileField // before the affiliation checkbox
	Share       profileChoices // the affiliation checkbox
	More        []profileField // skills
	Themes      profileChoices
	Prefectures profileChoices
	Last        []profileField // bio, links
	Carry       []hidden       // an entry's answers on their way back to it (entries_profile.go)
}

// profileInput is the form as typed: texts as they came, choices parsed.
type profileInput struct {
	Name, Kana, City, Occupation, Affiliation, Skills, Bio, Links string
}

func inputOf(name string, p *furusato.Profile) profileInput {
	return profileInput{Name: name, Kana: p.NameKana, City: p.ResidenceCity, Occupation: p.Occupation, Affiliation: p.Affiliation,
		Skills: strings.Join(p.Skills, "、"), Bio: p.Bio, Links: strings.Join(p.Links, "\n")}
}

func prefOptions(l *ui.Locale, selected int) []option {
	opts := []option{{"", l.T("profile.choose"), selected == 0}}
	for _, p := range furusato.Prefectures {
		opts = append(opts, option{strconv.Itoa(p.Code), l.Pick(p.NameJa, p.NameEn), p.Code == selected})
	}
	return opts
}

func (h *Handler) profilePage(r *http.Request, l *ui.Locale, in profileInput, p *furusato.Profile) profilePage {
	restricted := l.T("profile.visible_restricted")
	text := func(id, value, autocomplete string) profileField {
		label := "account.name"
		if id != "display_name" {
			label = "profile." + id
		}
		return profileField{field: field{L: l, ID: id, Name: id, Type: "text", Label: l.T(label), Value: value,
			Autocomplete: autocomplete, Optional: id != "display_name"}, Visibility: restricted}
	}
	name := text("display_name", in.Name, "name")
	name.Hint = l.T("account.name_hint", "MaxName", service.MaxDisplayRunes)
	kana := text("name_kana", in.Kana, "")
	kana.Hint = l.T("profile.name_kana_hint")
	home := text("hometown", "", "")
	home.Options, home.Hint = prefOptions(l, p.Hometown), l.T("profile.hometown_hint")
	resPref := text("residence_prefecture", "", "")
	resPref.Options = prefOptions(l, p.ResidencePrefecture)
	city := text("residence_city", in.City, "address-level2")
	city.Hint = l.T("profile.residence_city_hint")
	occ := text("occupation", in.Occupation, "organization-title")
	occ.Hint = l.T("profile.occupation_hint")
	aff := text("affiliation", in.Affiliation, "organization")
	aff.Hint, aff.Visibility = l.T("profile.affiliation_hint"), l.T("profile.visible_affiliation")
	skills := text("skills", in.Skills, "")
	skills.Hint = l.T("profile.skills_hint")
	bio := text("bio", in.Bio, "")
	bio.Rows, bio.Hint = 6, l.T("profile.bio_hint")
	links := text("links", in.Links, "")
	links.Rows, links.Hint, links.Inputmode = 3, l.T("profile.links_hint"), "url"

	themes := map[string]bool{}
	for _, s := range p.InterestThemes {
		themes[s] = true
	}
	tc := profileChoices{L: l, ID: "interest_themes", Name: "theme", Legend: l.T("profile.interest_themes"), Visibility: restricted,
		IDPrefix: "theme-", FirstID: "theme-" + furusato.Themes[0].Slug}
	for _, t := range furusato.Themes {
		tc.Options = append(tc.Options, option{t.Slug, l.Pick(t.NameJa, t.NameEn), themes[t.Slug]})
	}
	prefs := map[int]bool{}
	for _, c := range p.InterestPrefectures {
		prefs[c] = true
	}
	pc := profileChoices{L: l, ID: "interest_prefectures", Name: "prefecture", Legend: l.T("profile.interest_prefectures"),
		Hint: l.T("profile.interest_prefectures_hint"), Visibility: restricted, IDPrefix: "pref-", FirstID: "pref-1"}
	for _, a := range furusato.Areas {
		g := optionGroup{Label: l.Pick(a.NameJa, a.NameEn)}
		for _, pr := range furusato.PrefecturesIn(a.Slug) {
			g.Options = append(g.Options, option{strconv.Itoa(pr.Code), l.Pick(pr.NameJa, pr.NameEn), prefs[pr.Code]})
			g.Open = g.Open || prefs[pr.Code]
		}
		pc.Groups = append(pc.Groups, g)
	}
	pg := profilePage{Base: h.base(r, l, l.T("profile.title")),
		Fields: []profileField{name, kana, home, resPref, city, occ, aff},
		Share: profileChoices{L: l, ID: "affiliation_share", Legend: l.T("profile.affiliation_share"),
			AffiliationPublic: p.AffiliationPublic},
		More:        []profileField{skills},
		Themes:      tc,
		Prefectures: pc,
		Last:        []profileField{bio, links},
	}
	pg.NoIndex, pg.HeaderSearch, pg.Nav = true, false, "account"
	return pg
}

// profileShow is GET /account/profile.
func (h *Handler) profileShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	a := httpx.ActorFrom(r.Context())
	p, err := h.svc.PersonalData.GetProfile(r.Context(), a)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "profile", h.profilePage(r, l, inputOf(a.User.DisplayName, p), p))
}

// splitList splits a typed list at commas (、，,) and line breaks.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '、' || r == '，' || r == '\n' || r == '\r' })
}

// prefCode parses a prefecture code of the form; "" is 0 (none) and
// anything unreadable -1, which validation refuses.
func prefCode(s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// profileSave is POST /account/profile.
func (h *Handler) profileSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	ferr := parseForm(w, r)
	f := r.PostForm
	in := profileInput{Name: f.Get("display_name"), Kana: f.Get("name_kana"), City: f.Get("residence_city"),
		Occupation: f.Get("occupation"), Affiliation: f.Get("affiliation"), Skills: f.Get("skills"), Bio: f.Get("bio"), Links: f.Get("links")}
	p := &furusato.Profile{NameKana: in.Kana, Hometown: prefCode(f.Get("hometown")), ResidencePrefecture: prefCode(f.Get("residence_prefecture")),
		ResidenceCity: in.City, Occupation: in.Occupation, Affiliation: in.Affiliation, AffiliationPublic: f.Get("affiliation_public") == "1",
		Skills: splitList(in.Skills), InterestThemes: f["theme"], Bio: in.Bio, Links: strings.Fields(in.Links)}
	for _, s := range f["prefecture"] {
		p.InterestPrefectures = append(p.InterestPrefectures, prefCode(s))
	}
	err := ferr
	if err == nil {
		err = h.svc.PersonalData.SaveProfile(r.Context(), httpx.ActorFrom(r.Context()), in.Name, p, h.clientIP(r))
	}
	if formError(err) {
		pg := h.profilePage(r, l, in, p)
		pg.Problems = h.profileErrors(l, err, &pg)
		pg.ErrorTitle, pg.Carry = true, entryCarry(r)
		return h.render(w, errorStatus(err), "profile", pg)
	} else if err != nil {
		return err
	}
	if len(entryCarry(r)) > 0 {
		return h.backToEntry(w, r, l)
	}
	h.redirect(w, r, "/account/profile", "profile.flash_saved")
	return nil
}

// profileErrors puts the errors of err beside the fields and returns the
// summary, in the order of the form.
func (h *Handler) profileErrors(l *ui.Locale, err error, pg *profilePage) []problem {
	errs, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	var ps []problem
	fields := func(fs []profileField) {
		for i := range fs {
			if key, ok := errs[fs[i].Name]; ok {
				fs[i].Error = fieldError(l, fs[i].Label, fs[i].Name, key, params[fs[i].Name])
				ps = append(ps, problem{Text: fs[i].Error, Anchor: fs[i].ID})
			}
		}
	}
	choices := func(c *profileChoices) {
		if key, ok := errs[c.ID]; ok {
			c.Error = fieldError(l, c.Legend, c.ID, key, params[c.ID])
			ps = append(ps, problem{Text: c.Error, Anchor: c.FirstID})
		}
	}
	fields(pg.Fields)
	fields(pg.More)
	choices(&pg.Themes)
	choices(&pg.Prefectures)
	fields(pg.Last)
	if len(ps) == 0 {
		ps = wholeFormProblems(l, errs)
	}
	if len(ps) == 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}

// exportData is GET /account/export: everything held about the person, as
// a JSON file to save.
func (h *Handler) exportData(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	x, err := h.svc.PersonalData.ExportData(r.Context(), httpx.ActorFrom(r.Context()), h.clientIP(r))
	if err != nil {
		return err
	}
	wordExport(l, x)
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="furusato-data.json"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(append(b, '\n'))
	return err
}

// deletePage is GET /account/delete: what deleting does, and the password.
type deletePage struct {
	ui.Base
	Problems []problem
	Password field
}

func (h *Handler) deletePage(r *http.Request, l *ui.Locale) deletePage {
	p := deletePage{Base: h.base(r, l, l.T("profile.delete_title")),
		Password: passwordField(l, "password", "password", l.T("account.current_password"), "current-password")}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "account"
	return p
}

// deleteForm is GET /account/delete.
func (h *Handler) deleteForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.render(w, http.StatusOK, "profile_delete", h.deletePage(r, l))
}

// deleteAccount is POST /account/delete: after the password, the account
// is deleted and this browser signed out (the others are, by the epoch).
func (h *Handler) deleteAccount(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	err := h.svc.PersonalData.DeleteAccount(r.Context(), httpx.ActorFrom(r.Context()), r.PostFormValue("password"), h.clientIP(r))
	if formError(err) {
		p := h.deletePage(r, l)
		f := &form{Fields: []field{p.Password}}
		p.Problems = applyErrors(l, err, nil, f)
		p.Password, p.ErrorTitle = f.Fields[0], true
		return h.render(w, errorStatus(err), "profile_delete", p)
	} else if err != nil {
		return err
	}
	if err := h.svc.Sessions.SignOut(r.Context()); err != nil {
		return err
	}
	h.redirect(w, r, "/", "profile.flash_deleted")
	return nil
}
