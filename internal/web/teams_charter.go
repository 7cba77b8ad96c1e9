package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The team's charter (チームの約束): the full charter with its versions,
// who confirmed which and each member's expectations; the edit form; the
// confirm and expectation posts. Every form keeps what was typed when it
// comes back with an error or a conflict.

// tfield is one input of the charter, expectation and agreement forms.
type tfield struct {
	L                   *ui.Locale
	ID, Name            string
	Kind                string // text, number, textarea, select, radios, checkbox, date
	Label, Hint, Error  string
	Value               string
	Optional            bool
	Options             []selectOption
	Year, Month, Day    string
	Checked             bool
	Rows                int
	Inputmode, Autocomp string
}

// Described is the aria-describedby of the input: its hint and its error.
func (f tfield) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Anchor is the id the error summary links to.
func (f tfield) Anchor() string {
	switch f.Kind {
	case "date":
		return f.ID + "-year"
	case "radios":
		return f.ID + "-0"
	}
	return f.ID
}

// charterLimits are the limits the messages of each field name.
var charterLimits = map[string]int{"goal": furusato.MaxCharterText, "done": furusato.MaxCharterText,
	"meetings": furusato.MaxCharterShort, "tools": furusato.MaxCharterShort, "company_provides": furusato.MaxCharterText,
	"rules": furusato.MaxCharterText, "hours_per_week": furusato.MaxHoursPerWeek, "give": furusato.MaxExpectation,
	"get": furusato.MaxExpectation, "notes": furusato.MaxAgreementNotes, "notice_days": furusato.MaxNoticeDays}

// ownMessages are the field errors with words of their own
// (charter.error.NAME.KEY).
var ownMessages = map[string]bool{"charter.error.give.required": true, "charter.error.cadence.invalid": true,
	"charter.error.end.range": true, "charter.error.reward_amount.invalid": true, "charter.error.ownership.invalid": true,
	"charter.error.reward_type.invalid": true, "charter.error.travel_cost.invalid": true}

// charterHinted lists the charter fields with a hint (charter.hint.NAME).
var charterHinted = map[string]bool{"goal": true, "done": true, "hours_per_week": true, "meetings": true,
	"tools": true, "company_provides": true, "rules": true}

// teamFieldMessage words error key for the field f: the catalogue's own
// words for the field when it has them (charter.error.NAME.KEY), else the
// common ones with the field's label.
func teamFieldMessage(l *ui.Locale, f *tfield, key string) string {
	if key == furusato.ErrBadText {
		return ruleMessage(l, f.Label, kindInput, key, nil)
	}
	short := key[strings.LastIndex(key, ".")+1:]
	args := []any{"Field", f.Label, "Max", ui.Num(charterLimits[f.Name]), "Min", 1}
	if f.Name == "notice_days" {
		args[5] = 0
	}
	if own := "charter.error." + f.Name + "." + short; ownMessages[own] {
		return l.T(own, args...)
	}
	return l.T("charter.error."+short, args...)
}

// applyTeamErrors puts the field errors of err beside fs and returns the
// summary in field order; a conflict or an error without a field is one
// line of its own (conflict: the conflict key).
func applyTeamErrors(l *ui.Locale, err error, conflict string, fs []*tfield) []problem {
	errs := map[string]string{}
	for k, v := range furusato.ErrorFields(err) {
		errs[k] = v
	}
	var ps []problem
	for _, f := range fs {
		if key, ok := errs[f.Name]; ok {
			f.Error = teamFieldMessage(l, f, key)
			ps = append(ps, problem{Text: f.Error, Anchor: f.Anchor()})
			delete(errs, f.Name)
		}
	}
	ps = append(ps, wholeFormProblems(l, errs)...)
	if len(ps) == 0 || len(errs) > 0 {
		k := "error.generic"
		if furusato.ErrorCode(err) == furusato.ECONFLICT {
			k = conflict
		}
		ps = append(ps, problem{Text: l.T(k)})
	}
	return ps
}

func teamID(r *http.Request) int64 { return pathID(r) }

func charterURL(id int64) string   { return teamURL(id) + "/charter" }
func agreementURL(id int64) string { return teamURL(id) + "/agreement" }

// cadenceText words a cadence.
func cadenceText(l *ui.Locale, c furusato.Cadence) string { return l.T("charter.cadence." + string(c)) }

// charterRow is one labelled value of a charter as shown.
type charterRow struct {
	Label, Value string
}

// charterRows lists c's content in reading order.
func charterRows(l *ui.Locale, c *furusato.Charter) []charterRow {
	rows := []charterRow{
		{l.T("charter.field.goal"), c.Goal},
		{l.T("charter.field.done"), c.Done},
		{l.T("charter.field.hours_per_week"), l.T("charter.hours_value", "Hours", c.HoursPerWeek)},
		{l.T("charter.field.meetings"), c.Meetings},
		{l.T("charter.field.cadence"), cadenceText(l, c.Cadence)},
		{l.T("charter.field.tools"), c.Tools},
		{l.T("charter.field.company_provides"), c.CompanyProvides},
		{l.T("charter.field.rules"), c.Rules},
	}
	for i := range rows {
		if rows[i].Value == "" {
			rows[i].Value = l.T("charter.none")
		}
	}
	return rows
}

// charterMemberRow is a member and whether they confirmed the version shown.
type charterMemberRow struct {
	Name, Role  string
	Confirmed   bool
	ConfirmedAt string
	Me          bool
}

// expectationRow is one member's expectation as shown.
type expectationRow struct {
	Name, Give, Get string
	Me              bool
}

// versionRow is one version in the list of versions.
type versionRow struct {
	Version   int
	URL       string
	Date      string
	Confirmed int
	Shown     bool
}

// charterPage is GET /teams/{id}/charter.
type charterPage struct {
	ui.Base
	Problems      []problem
	TeamURL       string
	Project       string
	HasCharter    bool
	Version       int
	Current       bool
	CurrentURL    string
	Updated       string
	Rows          []charterRow
	Members       []charterMemberRow
	Expectations  []expectationRow
	Versions      []versionRow
	NeedsConfirm  bool
	ConfirmAction string
	EditURL       string // "" when the viewer may not edit
	// ExpForm is the viewer's own expectation form (nil when they may not write one).
	ExpForm *expectationForm
}

// expectationForm is the form of the viewer's own expectation.
type expectationForm struct {
	L       *ui.Locale
	Action  string
	Version int
	Give    *tfield
	Get     *tfield
}

// charterShow is GET /teams/{id}/charter[?v=N]: the charter as the team reads it.
func (h *Handler) charterShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	version := 0
	if s := r.URL.Query().Get("v"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			h.notFound(w, r, l)
			return nil
		}
		version = n
	}
	v, err := h.svc.Teams.Charter(r.Context(), actorOf(r), id, version)
	if err != nil {
		return err
	}
	p := h.charterPage(r, l, v, nil)
	return h.render(w, http.StatusOK, "team_charter", p)
}

// charterPage fills the charter page of v; typed is the expectation as
// typed when its form comes back (nil: the saved one).
func (h *Handler) charterPage(r *http.Request, l *ui.Locale, v *service.CharterView, typed *furusato.Expectation) charterPage {
	id := v.Team.ID
	p := charterPage{Base: h.base(r, l, l.T("charter.title")), TeamURL: teamURL(id), Project: v.Project.Title, CurrentURL: charterURL(id)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if v.Can[policy.CharterEdit] && !v.Team.Ended() {
		p.EditURL = charterURL(id) + "/edit"
	}
	for _, c := range v.Versions {
		p.Versions = append(p.Versions, versionRow{Version: c.Version, URL: charterURL(id) + "?v=" + strconv.Itoa(c.Version),
			Date: when(l, c.CreatedAt), Confirmed: len(v.Confirmations[c.Version]), Shown: v.Shown != nil && c.Version == v.Shown.Version})
	}
	if v.Shown == nil {
		return p
	}
	c := v.Shown
	p.HasCharter, p.Version, p.Current, p.Updated, p.Rows = true, c.Version, v.Current, when(l, c.CreatedAt), charterRows(l, c)
	if !v.Current {
		p.Title = l.T("charter.title_version", "Version", c.Version)
	}
	p.NeedsConfirm = v.NeedsMyConfirmation() && !v.Team.Ended()
	p.ConfirmAction = charterURL(id) + "/confirm"
	confirmedAt := map[int64]string{}
	for _, cc := range v.Confirmations[c.Version] {
		confirmedAt[cc.UserID] = when(l, cc.ConfirmedAt)
	}
	for _, m := range v.Members {
		at, ok := confirmedAt[m.UserID]
		p.Members = append(p.Members, charterMemberRow{Name: m.Name, Role: teamRoleText(l, m.Role), Confirmed: ok, ConfirmedAt: at, Me: m.UserID == v.Me})
	}
	for _, e := range v.Expectations {
		name := e.Name
		if name == "" {
			name = l.T("messages.former_user")
		}
		p.Expectations = append(p.Expectations, expectationRow{Name: name, Give: e.Give, Get: e.Get, Me: e.UserID == v.Me})
	}
	if v.Current && v.Can[policy.CharterExpect] && !v.Team.Ended() {
		mine, _ := v.Expectation(v.Me)
		if typed != nil {
			mine = *typed
		}
		p.ExpForm = &expectationForm{L: l, Action: charterURL(id) + "/expectation", Version: c.Version,
			Give: &tfield{L: l, ID: "give", Name: "give", Kind: "textarea", Rows: 4, Label: l.T("charter.field.give"),
				Hint: l.T("charter.hint.give", "Max", ui.Num(furusato.MaxExpectation)), Value: mine.Give, Optional: true},
			Get: &tfield{L: l, ID: "get", Name: "get", Kind: "textarea", Rows: 4, Label: l.T("charter.field.get"),
				Hint: l.T("charter.hint.get", "Max", ui.Num(furusato.MaxExpectation)), Value: mine.Get, Optional: true}}
	}
	return p
}

// charterConfirm is POST /teams/{id}/charter/confirm: the member agrees to
// the version they read (a hidden field). Twice is a no-op; a version no
// longer current sends them back to read the new one.
func (h *Handler) charterConfirm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	if err := parseForm(w, r); err != nil {
		return backOnConflict(furusato.Errorf(furusato.ECONFLICT, "unreadable form"), charterURL(id), "charter.flash.newer")
	}
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	_, err := h.svc.Teams.ConfirmCharter(r.Context(), actorOf(r), id, version)
	if err != nil {
		return backOnConflict(err, charterURL(id), "charter.flash.newer")
	}
	back := r.PostFormValue("back")
	if back != teamURL(id) {
		back = charterURL(id)
	}
	h.redirect(w, r, back, "charter.flash.confirmed")
	return nil
}

// expectationSave is POST /teams/{id}/charter/expectation: the member's
// own expectation on the version they read.
func (h *Handler) expectationSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	err := parseForm(w, r)
	a := actorOf(r)
	typed := furusato.Expectation{Give: r.PostFormValue("give"), Get: r.PostFormValue("get")}
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	if err == nil {
		if _, err = h.svc.Teams.SaveExpectation(r.Context(), a, id, version, typed); err == nil {
			h.redirect(w, r, charterURL(id)+"#expectations", "charter.flash.expectation_saved")
			return nil
		}
	}
	if !formError(err) {
		return err
	}
	v, verr := h.svc.Teams.Charter(r.Context(), a, id, 0)
	if verr != nil {
		return verr
	}
	p := h.charterPage(r, l, v, &typed)
	if p.ExpForm == nil { // refused: nothing of theirs to show
		return err
	}
	p.Problems = applyTeamErrors(l, err, "charter.error.conflict_expectation", []*tfield{p.ExpForm.Give, p.ExpForm.Get})
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "team_charter", p)
}

// charterFormPage is the charter's edit form.
type charterFormPage struct {
	ui.Base
	Problems []problem
	Lead     string
	Action   string
	Read     int
	Fields   []*tfield
	Back     string
}

// charterValues is the charter form as typed.
type charterValues struct {
	Goal, Done, Hours, Meetings, Cadence, Tools, Provides, Rules string
}

func readCharterValues(r *http.Request) charterValues {
	v := r.PostFormValue
	return charterValues{Goal: v("goal"), Done: v("done"), Hours: v("hours_per_week"), Meetings: v("meetings"),
		Cadence: v("cadence"), Tools: v("tools"), Provides: v("company_provides"), Rules: v("rules")}
}

func charterValuesOf(c *furusato.Charter) charterValues {
	if c == nil {
		return charterValues{Cadence: string(furusato.CadenceWeekly)}
	}
	return charterValues{Goal: c.Goal, Done: c.Done, Hours: strconv.Itoa(c.HoursPerWeek), Meetings: c.Meetings,
		Cadence: string(c.Cadence), Tools: c.Tools, Provides: c.CompanyProvides, Rules: c.Rules}
}

// charter reads the form's numbers; a number it cannot read is a field error.
func (in charterValues) charter() (furusato.Charter, error) {
	c := furusato.Charter{Goal: in.Goal, Done: in.Done, Meetings: in.Meetings, Cadence: furusato.Cadence(in.Cadence),
		Tools: in.Tools, CompanyProvides: in.Provides, Rules: in.Rules}
	n, ok := service.ReadNumber(in.Hours, "時間", "h")
	if !ok || strings.TrimSpace(in.Hours) == "" {
		return c, withDomainErrors(map[string]string{"hours_per_week": "charter.error.number"}, &c)
	}
	c.HoursPerWeek = n
	return c, nil
}

// mergeFieldErrors is one EINVALID with the fields of both errors (those
// of first win), nil when both are nil; a form's unreadable characters
// (parseForm) and its unreadable numbers show together.
func mergeFieldErrors(first, second error) error {
	if first == nil || second == nil {
		if first != nil {
			return first
		}
		return second
	}
	fields := map[string]string{}
	for k, key := range furusato.ErrorFields(second) {
		fields[k] = key
	}
	for k, key := range furusato.ErrorFields(first) {
		fields[k] = key
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "Please check the highlighted fields.", Fields: fields}
}

// withDomainErrors is the EINVALID of the fields the form could not read
// (unread), together with what the domain says of the rest of v, so that
// every field's error shows at once (the service checks again).
func withDomainErrors(unread map[string]string, v interface {
	Normalize()
	Validate() error
}) error {
	v.Normalize()
	fields := map[string]string{}
	for k, key := range furusato.ErrorFields(v.Validate()) {
		fields[k] = key
	}
	for k, key := range unread {
		fields[k] = key
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "Some fields could not be read.", Fields: fields}
}

func (h *Handler) charterFormPage(r *http.Request, l *ui.Locale, v *service.CharterView, in charterValues, read int) charterFormPage {
	id := v.Team.ID
	title := l.T("charter.edit_title")
	if v.Shown == nil {
		title = l.T("charter.new_title")
	}
	p := charterFormPage{Base: h.base(r, l, title), Lead: l.T("charter.edit_lead", "Project", v.Project.Title),
		Action: charterURL(id) + "/edit", Read: read, Back: charterURL(id)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	text := func(name, kind, value string, optional bool, max int) *tfield {
		f := &tfield{L: l, ID: name, Name: name, Kind: kind, Label: l.T("charter.field." + name), Value: value, Optional: optional, Rows: 4}
		if charterHinted[name] {
			f.Hint = l.T("charter.hint."+name, "Max", ui.Num(max))
		}
		return f
	}
	cad := &tfield{L: l, ID: "cadence", Name: "cadence", Kind: "radios", Label: l.T("charter.field.cadence"), Hint: l.T("charter.hint.cadence")}
	for _, c := range furusato.Cadences {
		cad.Options = append(cad.Options, selectOption{Value: string(c), Text: cadenceText(l, c), Selected: string(c) == in.Cadence})
	}
	hours := text("hours_per_week", "number", in.Hours, false, furusato.MaxHoursPerWeek)
	hours.Inputmode = "numeric"
	p.Fields = []*tfield{
		text("goal", "textarea", in.Goal, false, furusato.MaxCharterText),
		text("done", "textarea", in.Done, false, furusato.MaxCharterText),
		hours,
		text("meetings", "textarea", in.Meetings, false, furusato.MaxCharterShort),
		cad,
		text("tools", "text", in.Tools, true, furusato.MaxCharterShort),
		text("company_provides", "textarea", in.Provides, true, furusato.MaxCharterText),
		text("rules", "textarea", in.Rules, true, furusato.MaxCharterText),
	}
	return p
}

// charterEditForm is GET /teams/{id}/charter/edit: the form, filled from
// the current version.
func (h *Handler) charterEditForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	v, err := h.svc.Teams.CharterForEdit(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_charter_form", h.charterFormPage(r, l, v, charterValuesOf(v.Shown), v.Team.CharterVersion))
}

// charterEditSave is POST /teams/{id}/charter/edit: a new version over the
// version the editor read. When someone saved meanwhile, the form comes
// back with what was typed and the conflict above it; saving again saves
// over the newer version.
func (h *Handler) charterEditSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	ferr := parseForm(w, r)
	a := actorOf(r)
	v, err := h.svc.Teams.CharterForEdit(r.Context(), a, id)
	if err != nil {
		return err
	}
	in := readCharterValues(r)
	read, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("read")))
	c, rerr := in.charter()
	if ferr != nil && rerr == nil {
		rerr = withDomainErrors(nil, &c) // every field's error at once
	}
	if err = mergeFieldErrors(ferr, rerr); err == nil {
		_, err = h.svc.Teams.SaveCharter(r.Context(), a, id, c, read)
	}
	if err == nil {
		h.redirect(w, r, charterURL(id), "charter.flash.saved")
		return nil
	}
	if !formError(err) {
		return err
	}
	if !inputError(err) {
		read = v.Team.CharterVersion // seen now: saving again saves over it
	}
	p := h.charterFormPage(r, l, v, in, read)
	p.Problems = applyTeamErrors(l, err, "charter.error.conflict", p.Fields)
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "team_charter_form", p)
}

// charterSection is the workspace's charter and agreement sections
// (partials_team_charter.html).
type charterSection struct {
	L       *ui.Locale
	TeamID  int64
	Charter *charterSummary
	// CharterURL is the full charter; EditURL the edit form ("" when the
	// viewer may not edit).
	CharterURL, EditURL string
	Agreement           *agreementSummary
	AgreementURL        string
	IssueURL            string
}

// charterSummary is the current charter in brief.
type charterSummary struct {
	Goal, Cadence, Meetings string
	Version                 int
	Confirmed, Members      int
	NeedsConfirm            bool
	ConfirmAction           string
}

// agreementSummary is the current agreement's status in brief.
type agreementSummary struct {
	L         *ui.Locale
	Version   int
	Parties   []agreementParty
	Accept    []acceptButton
	AcceptURL string
}

// teamCharterSection reads the charter and agreement of workspace ws for
// the request's actor.
func (h *Handler) teamCharterSection(r *http.Request, l *ui.Locale, ws *service.Workspace) (*charterSection, error) {
	a, id := actorOf(r), ws.Team.ID
	cv, err := h.svc.Teams.Charter(r.Context(), a, id, 0)
	if err != nil {
		return nil, err
	}
	av, err := h.svc.Teams.Agreement(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	s := &charterSection{L: l, TeamID: id, CharterURL: charterURL(id), AgreementURL: agreementURL(id)}
	if cv.Can[policy.CharterEdit] && !cv.Team.Ended() {
		s.EditURL = charterURL(id) + "/edit"
	}
	if c := cv.Shown; c != nil {
		s.Charter = &charterSummary{Goal: c.Goal, Cadence: cadenceText(l, c.Cadence), Meetings: c.Meetings, Version: c.Version,
			Confirmed: cv.ConfirmedCount(), Members: len(cv.Members), NeedsConfirm: cv.NeedsMyConfirmation() && !cv.Team.Ended(),
			ConfirmAction: charterURL(id) + "/confirm"}
	}
	if av.Can[policy.AgreementIssue] && !av.Team.Ended() && av.CharterVersion > 0 {
		s.IssueURL = agreementURL(id) + "/issue"
	}
	if av.Agreement != nil {
		doc := agreementDocOf(l, av)
		s.Agreement = &agreementSummary{L: l, Version: av.Agreement.Version, Parties: doc.Parties, AcceptURL: agreementURL(id) + "/accept"}
		for _, party := range av.MayAccept() {
			s.Agreement.Accept = append(s.Agreement.Accept, acceptButton{Party: string(party), Label: l.T("agreement.accept_" + string(party))})
		}
	}
	return s, nil
}
