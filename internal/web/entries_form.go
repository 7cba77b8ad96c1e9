package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The entry form asks one thing per page (ui.md "Entry flow"): step 1,
// about you (GET /projects/{key}/entry; POST …/entry/next checks it), step
// 2, time and questions (POST …/entry/preview checks everything), then the
// check-answers page and the entry itself (POST …/entry). The values of
// the other step travel in hidden fields, so nothing typed is lost.

// entrySteps are the form's fields, step by step.
var entrySteps = [][]string{{"motivation", "contribution"}, {"hours_per_week", "questions"}}

// entryStepOf returns the first step (1-based) with one of the fields of
// err, 1 when none has.
func entryStepOf(err error) int {
	errs := furusato.ErrorFields(err)
	for i, names := range entrySteps {
		for _, n := range names {
			if _, ok := errs[n]; ok {
				return i + 1
			}
		}
	}
	return 1
}

// entryInput is the form as typed, kept as text so nothing is lost.
type entryInput struct {
	Motivation, Contribution, Hours, Questions string
}

func entryInputOf(r *http.Request) entryInput {
	f := r.PostForm
	return entryInput{Motivation: f.Get("motivation"), Contribution: f.Get("contribution"),
		Hours: f.Get("hours_per_week"), Questions: f.Get("questions")}
}

// entry is the input as the service takes it: text as typed (the service
// normalises it), hours read by the service's reader (full-width digits,
// "時間" or "h" after them); unreadable hours are -1, which validation
// refuses.
func (in entryInput) entry() furusato.Entry {
	e := furusato.Entry{Motivation: in.Motivation, Contribution: in.Contribution, Questions: in.Questions, HoursPerWeek: -1}
	if n, ok := service.ReadNumber(in.Hours, "時間", "h"); ok && strings.TrimSpace(in.Hours) != "" {
		e.HoursPerWeek = n
	}
	return e
}

// entryField is a field of the entry form: a textarea (Rows > 0) or an
// input.
type entryField struct {
	field
	Rows int
}

// entryFormPage is the entry form, or why there is none.
type entryFormPage struct {
	ui.Base
	Problems   []problem
	Project    *furusato.Project
	ProjectURL string
	Closed     string // why the project takes no entries
	ActiveURL  string // the person's active entry on it
	Profile    []link // the profile that will be attached: term (Text), value (URL)
	ProfileURL string
	Action     string // where the step posts
	Step       string // 「質問 1 / 2：自己紹介」
	Fields     []entryField
	Hidden     []hidden // the other step's values
	Submit     string
	BackAction string // step 2: back to step 1, values kept
	// ProfileAction takes the answers so far to the profile form and back
	// (entries_profile.go), so editing the profile loses nothing.
	ProfileAction string
	Limit         string // the daily entry limit was reached: why and until when
}

// entryFormOf lays out step (1 or 2) of the form for st with what was typed.
func (h *Handler) entryFormOf(r *http.Request, l *ui.Locale, st *service.EntryStart, in entryInput, step int) entryFormPage {
	pr := st.Project
	p := entryFormPage{Base: h.base(r, l, l.T("entries.form_title", "Title", pr.Title)), Project: pr, ProjectURL: projectURL(pr), ProfileAction: entryFormURL(pr) + "/profile",
		Closed: closedText(l, st.Closed), ProfileURL: "/account/profile", Action: entryFormURL(pr) + "/next",
		Submit: l.T("entries.next_step"), Step: l.T("entries.step", "N", step, "Of", len(entrySteps), "Name", l.T(fmt.Sprintf("entries.step_name.%d", step)))}
	if step == 2 {
		p.Action, p.Submit, p.BackAction = entryFormURL(pr)+"/preview", l.T("entries.to_preview"), entryFormURL(pr)+"/next"
	}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if st.Active != nil {
		p.ActiveURL = myEntryURL(st.Active.ID)
	}
	p.Profile = profileSummary(l, actorOf(r).User, st.Profile)
	mk := func(id, value string, rows int, optional bool) entryField {
		return entryField{field: field{L: l, ID: id, Name: id, Type: "text", Label: l.T("entries.field." + id),
			Hint: l.T("entries.hint." + id), Value: value, Optional: optional}, Rows: rows}
	}
	hours := mk("hours_per_week", in.Hours, 0, false)
	hours.Inputmode, hours.Autocomplete = "numeric", "off"
	if pr.HoursPerWeek > 0 { // the project's own guide, in the same unit
		hours.Hint = l.T("facts.entry_hours_hint", "Hours", pr.HoursPerWeek)
	}
	all := []entryField{
		mk("motivation", in.Motivation, 6, false),
		mk("contribution", in.Contribution, 6, false),
		hours,
		mk("questions", in.Questions, 4, true),
	}
	for _, f := range all {
		if slices.Contains(entrySteps[step-1], f.Name) {
			p.Fields = append(p.Fields, f)
		} else {
			p.Hidden = append(p.Hidden, hidden{f.Name, f.Value})
		}
	}
	return p
}

// entryStepWithErrors is the step of the form that holds the first error of
// err, with its errors beside the fields (status from the error).
func (h *Handler) entryStepWithErrors(w http.ResponseWriter, r *http.Request, l *ui.Locale, st *service.EntryStart, in entryInput, err error) error {
	p := h.entryFormOf(r, l, st, in, entryStepOf(err))
	p.Problems, p.ErrorTitle = entryErrors(l, err, p.Fields), true
	return h.render(w, errorStatus(err), "entry_form", p)
}

// profileSummary is what the organisation and company will see of the
// person: the name and the profile fields they filled in.
func profileSummary(l *ui.Locale, u *furusato.User, pf *furusato.Profile) []link {
	var out []link
	add := func(key, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, link{Text: l.T(key), URL: value})
		}
	}
	if u != nil {
		add("account.name", u.DisplayName)
	}
	if pf == nil {
		return out
	}
	add("profile.name_kana", pf.NameKana)
	add("profile.hometown", prefName(l, pf.Hometown))
	add("profile.residence_prefecture", region(l, pf.ResidencePrefecture, pf.ResidenceCity))
	add("profile.occupation", pf.Occupation)
	if pf.AffiliationPublic {
		add("profile.affiliation", pf.Affiliation)
	}
	add("profile.skills", strings.Join(pf.Skills, l.Pick("、", ", ")))
	add("profile.interest_themes", strings.Join(themeNames(l, pf.InterestThemes), l.Pick("、", ", ")))
	add("profile.interest_prefectures", prefList(l, pf.InterestPrefectures))
	add("profile.bio", pf.Bio)
	add("profile.links", strings.Join(pf.Links, "\n"))
	return out
}

// entryErrors puts the errors of err beside the fields and returns the
// summary, in the order of the form.
func entryErrors(l *ui.Locale, err error, fs []entryField) []problem {
	errs, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	var ps []problem
	for i := range fs {
		if key, ok := errs[fs[i].Name]; ok {
			p := furusato.Params{"Max": entryMax(fs[i].Name)}
			for k, v := range params[fs[i].Name] {
				p[k] = v
			}
			fs[i].Error = ruleMessage(l, fs[i].Label, kindInput, key, p)
			ps = append(ps, problem{Text: fs[i].Error, Anchor: fs[i].ID})
		}
	}
	if len(ps) == 0 {
		ps = wholeFormProblems(l, errs)
	}
	if len(ps) == 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}

func entryMax(name string) int {
	switch name {
	case "motivation":
		return furusato.MaxMotivation
	case "contribution":
		return furusato.MaxContribution
	case "questions":
		return furusato.MaxQuestions
	case "hours_per_week":
		return furusato.MaxHoursPerWeek
	}
	return furusato.MaxReason
}

// entryForm is GET /projects/{key}/entry.
func (h *Handler) entryForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		st, err := h.svc.Entries.Start(r.Context(), actorOf(r), r.PathValue("key"))
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, "entry_form", h.entryFormOf(r, l, st, entryInput{}, 1))
	})
}

// entryPosted reads a posted step of the form and the project's entry
// state. When the project takes no entries, or the person has an active
// entry there, it renders the form's explanation (409) and reports done.
func (h *Handler) entryPosted(w http.ResponseWriter, r *http.Request, l *ui.Locale) (st *service.EntryStart, in entryInput, done bool, err error) {
	ferr := parseForm(w, r)
	if st, err = h.svc.Entries.Start(r.Context(), actorOf(r), r.PathValue("key")); err != nil {
		return nil, in, false, err
	}
	in = entryInputOf(r)
	if st.Closed != furusato.ClosedNot || st.Active != nil {
		return st, in, true, h.render(w, http.StatusConflict, "entry_form", h.entryFormOf(r, l, st, in, 1))
	}
	if ferr != nil {
		return st, in, true, h.entryStepWithErrors(w, r, l, st, in, ferr)
	}
	return st, in, false, nil
}

// entryNext is POST /projects/{key}/entry/next: step 1 is checked and step
// 2 follows; with back=1 (from step 2) step 1 comes back unchecked.
func (h *Handler) entryNext(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		st, in, done, err := h.entryPosted(w, r, l)
		if done || err != nil {
			return err
		}
		if r.PostFormValue("back") == "1" {
			return h.render(w, http.StatusOK, "entry_form", h.entryFormOf(r, l, st, in, 1))
		}
		e := in.entry()
		if err := e.Validate(); err != nil && entryStepOf(err) == 1 {
			return h.entryStepWithErrors(w, r, l, st, in, err)
		}
		return h.render(w, http.StatusOK, "entry_form", h.entryFormOf(r, l, st, in, 2))
	})
}

// entryPreviewPage is the check-answers page before the entry is sent.
type entryPreviewPage struct {
	ui.Base
	Project    *furusato.Project
	ProjectURL string
	Profile    []link
	ProfileURL string
	Answers    []link // term (Text), value (URL)
	Action     string
	Hidden     []hidden
	// ProfileAction: as on the form, the answers go along to the profile.
	ProfileAction string
}

// entryPreview is POST /projects/{key}/entry/preview: the answers are
// checked; with errors the form comes back, else the check-answers page.
func (h *Handler) entryPreview(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		st, in, done, err := h.entryPosted(w, r, l)
		if done || err != nil {
			return err
		}
		e := in.entry()
		if err := e.Validate(); err != nil {
			return h.entryStepWithErrors(w, r, l, st, in, err)
		}
		return h.render(w, http.StatusOK, "entry_preview", h.previewPageOf(r, l, st, e))
	})
}

// previewPageOf is the check-answers page of e, entered on st's project.
func (h *Handler) previewPageOf(r *http.Request, l *ui.Locale, st *service.EntryStart, e furusato.Entry) entryPreviewPage {
	pr := st.Project
	p := entryPreviewPage{Base: h.base(r, l, l.T("entries.preview_title")), Project: pr, ProjectURL: projectURL(pr),
		Profile: profileSummary(l, actorOf(r).User, st.Profile), ProfileURL: "/account/profile", Action: entryFormURL(pr)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	questions := e.Questions
	if questions == "" {
		questions = l.T("entries.none")
	}
	p.Answers = []link{
		{Text: l.T("entries.field.motivation"), URL: e.Motivation},
		{Text: l.T("entries.field.contribution"), URL: e.Contribution},
		{Text: l.T("entries.field.hours_per_week"), URL: l.T("entries.hours_value", "Count", e.HoursPerWeek)},
		{Text: l.T("entries.field.questions"), URL: questions},
	}
	p.Hidden = []hidden{{"motivation", e.Motivation}, {"contribution", e.Contribution},
		{"hours_per_week", strconv.Itoa(e.HoursPerWeek)}, {"questions", e.Questions}}
	p.ProfileAction = entryFormURL(pr) + "/profile"
	return p
}

// entrySubmit is POST /projects/{key}/entry: with edit=1 (「修正する」) the
// form comes back with the values; else the entry is made and the person
// sent to it.
func (h *Handler) entrySubmit(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		ferr := parseForm(w, r)
		a := actorOf(r)
		st, err := h.svc.Entries.Start(r.Context(), a, r.PathValue("key"))
		if err != nil {
			return err
		}
		in := entryInputOf(r)
		if ferr != nil {
			return h.entryStepWithErrors(w, r, l, st, in, ferr)
		}
		if r.PostFormValue("edit") == "1" {
			return h.render(w, http.StatusOK, "entry_form", h.entryFormOf(r, l, st, in, 1))
		}
		e, err := h.svc.Entries.Submit(r.Context(), a, st.Project.ID, in.entry())
		if furusato.ErrorCode(err) == furusato.ERATELIMIT {
			// Not a fault of any answer: said at the top, with when entering
			// works again; everything typed stays in the form.
			p := h.entryFormOf(r, l, st, in, 1)
			p.Limit, p.ErrorTitle = l.T("truth.entry.limit", "Max", service.EntriesPerDay, "When", when(l, furusato.RetryAt(err))), true
			return h.render(w, errorStatus(err), "entry_form", p)
		} else if inputError(err) {
			return h.entryStepWithErrors(w, r, l, st, in, err)
		} else if formError(err) {
			// A conflict: closed meanwhile, or entered from another tab.
			// The form comes back with what was typed and says why.
			now, serr := h.svc.Entries.Start(r.Context(), a, r.PathValue("key"))
			if serr != nil {
				return serr
			}
			p := h.entryFormOf(r, l, now, in, 1)
			if p.Closed == "" && p.ActiveURL == "" {
				p.Closed = l.T("entries.closed.closed")
			}
			return h.render(w, errorStatus(err), "entry_form", p)
		} else if err != nil {
			return err
		}
		h.redirect(w, r, myEntryURL(e.ID), "entries.flash.submitted")
		return nil
	})
}
