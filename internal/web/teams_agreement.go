package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The team's side-job agreement (業務委託・謝礼の取り決め): the document
// (a page that prints on A4, and a plain-text download), the acceptances,
// and the coordinator's issue form. The standard clauses are worded here
// from the agreement's values, in the reader's language, once for the page
// and the download alike.

// agreementClause is one numbered clause of the document.
type agreementClause struct {
	N             int
	Heading, Text string
}

// agreementParty is one party's line of the acceptances.
type agreementParty struct {
	Party, Name, Role string
	Accepted          bool
	At                string
}

// agreementDoc is an agreement version worded as a document.
type agreementDoc struct {
	L       *ui.Locale
	Title   string
	Intro   string
	Clauses []agreementClause
	Meta    []string // version, date, charter version
	Parties []agreementParty
}

// agreementDocOf words v's current agreement in l's language.
func agreementDocOf(l *ui.Locale, v *service.AgreementView) agreementDoc {
	a, p := v.Agreement, v.Project
	company := ""
	if p.Company != nil {
		company = p.Company.Name
	}
	d := agreementDoc{L: l, Title: l.T("agreement.title"),
		Intro: l.T("agreement.intro", "Company", company, "Project", p.Title)}
	add := func(heading, text string) {
		d.Clauses = append(d.Clauses, agreementClause{N: len(d.Clauses) + 1, Heading: heading, Text: text})
	}
	add(l.T("agreement.clause.period"), l.T("agreement.text.period", "Start", l.Date(a.Start), "End", l.Date(a.End)))
	add(l.T("agreement.clause.hours"), l.T("agreement.text.hours", "Hours", a.HoursPerWeek))
	switch a.RewardType {
	case furusato.RewardHonorarium, furusato.RewardPaid:
		key := "agreement.text.reward_" + string(a.RewardType)
		if a.RewardAmount == 0 {
			key += "_tbd"
		}
		add(l.T("agreement.clause.reward"), l.T(key, "Amount", l.Yen(a.RewardAmount)))
	default:
		add(l.T("agreement.clause.reward"), l.T("agreement.text.reward_none"))
	}
	add(l.T("agreement.clause.travel"), l.T("agreement.text.travel_"+string(a.TravelCost)))
	if a.Confidential {
		add(l.T("agreement.clause.confidential"), l.T("agreement.text.confidential"))
	} else {
		add(l.T("agreement.clause.confidential"), l.T("agreement.text.not_confidential"))
	}
	add(l.T("agreement.clause.ownership"), l.T("agreement.text.ownership_"+string(a.Ownership)))
	if a.NoticeDays == 0 {
		add(l.T("agreement.clause.ending"), l.T("agreement.text.ending_any"))
	} else {
		add(l.T("agreement.clause.ending"), l.T("agreement.text.ending", "Days", a.NoticeDays))
	}
	add(l.T("agreement.clause.other"), l.T("agreement.text.other"))
	if a.Notes != "" {
		add(l.T("agreement.clause.notes"), a.Notes)
	}
	d.Meta = []string{l.T("agreement.meta_version", "Version", a.Version, "Date", l.Date(a.CreatedAt)),
		l.T("agreement.meta_charter", "Version", a.CharterVersion)}
	for _, m := range v.Participants() {
		row := agreementParty{Party: l.T("agreement.party.participant"), Name: m.Name}
		for _, acc := range v.Acceptances {
			if acc.Party == furusato.PartyParticipant && acc.UserID == m.UserID {
				row.Accepted, row.At = true, when(l, acc.AcceptedAt)
			}
		}
		d.Parties = append(d.Parties, row)
	}
	row := agreementParty{Party: l.T("agreement.party.company"), Name: company}
	if acc, ok := v.CompanyAcceptance(); ok {
		name := acc.Name
		if name == "" {
			name = l.T("messages.former_user")
		}
		row.Accepted, row.At, row.Role = true, when(l, acc.AcceptedAt), l.T("agreement.accepted_by", "Name", name)
	}
	d.Parties = append(d.Parties, row)
	return d
}

// text is the document as plain text, for the download.
func (d agreementDoc) text(l *ui.Locale, project string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n%s\n\n", d.Title, project, d.Intro)
	for _, c := range d.Clauses {
		fmt.Fprintf(&b, "%s\n%s\n\n", l.T("agreement.clause_n", "N", c.N, "Heading", c.Heading), c.Text)
	}
	for _, m := range d.Meta {
		fmt.Fprintf(&b, "%s\n", m)
	}
	fmt.Fprintf(&b, "\n%s\n", l.T("agreement.acceptances"))
	for _, p := range d.Parties {
		status := l.T("agreement.not_accepted")
		if p.Accepted {
			status = l.T("agreement.accepted_at", "At", p.At)
		}
		line := p.Party + ": " + p.Name
		if p.Role != "" {
			line += " (" + p.Role + ")"
		}
		fmt.Fprintf(&b, "- %s / %s\n", line, status)
	}
	return b.String()
}

// acceptButton is a form that accepts the current version for one party.
type acceptButton struct {
	Party, Label string
}

// agreementPage is GET /teams/{id}/agreement: the document.
type agreementPage struct {
	ui.Base
	Problems    []problem
	TeamURL     string
	Project     string
	Has         bool
	Doc         agreementDoc
	Version     int
	Accept      []acceptButton
	AcceptURL   string
	DownloadURL string
	IssueURL    string // "" unless the viewer may issue a version
	IssueNote   string // why a new version may be due
}

func (h *Handler) agreementPage(r *http.Request, l *ui.Locale, v *service.AgreementView) agreementPage {
	id := v.Team.ID
	p := agreementPage{Base: h.base(r, l, l.T("agreement.title")), TeamURL: teamURL(id), Project: v.Project.Title,
		AcceptURL: agreementURL(id) + "/accept", DownloadURL: agreementURL(id) + "/download"}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if v.Can[policy.AgreementIssue] && !v.Team.Ended() {
		p.IssueURL = agreementURL(id) + "/issue"
		if v.CharterVersion == 0 {
			p.IssueURL, p.IssueNote = "", l.T("agreement.charter_first")
		} else if v.Agreement != nil && v.Agreement.CharterVersion != v.CharterVersion {
			p.IssueNote = l.T("agreement.charter_moved", "Version", v.CharterVersion)
		}
	}
	if v.Agreement == nil {
		return p
	}
	p.Has, p.Version, p.Doc = true, v.Agreement.Version, agreementDocOf(l, v)
	for _, party := range v.MayAccept() {
		p.Accept = append(p.Accept, acceptButton{Party: string(party), Label: l.T("agreement.accept_" + string(party))})
	}
	return p
}

// agreementShow is GET /teams/{id}/agreement.
func (h *Handler) agreementShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	v, err := h.svc.Teams.Agreement(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team_agreement", h.agreementPage(r, l, v))
}

// agreementDownload is GET /teams/{id}/agreement/download: the current
// version as a UTF-8 plain-text attachment.
func (h *Handler) agreementDownload(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	v, err := h.svc.Teams.Agreement(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if v.Agreement == nil {
		h.notFound(w, r, l)
		return nil
	}
	body := agreementDocOf(l, v).text(l, v.Project.Title)
	hd := w.Header()
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="furusato-agreement-%d-v%d.txt"`, id, v.Agreement.Version))
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write([]byte(body))
	return err
}

// agreementAccept is POST /teams/{id}/agreement/accept: a participant for
// themself, or the company's staff for the company, accepts the version
// they read. Twice is a no-op; a version no longer current sends them
// back to read the new one.
func (h *Handler) agreementAccept(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("version")))
	party := furusato.Party(r.PostFormValue("party"))
	if _, err := h.svc.Teams.AcceptAgreement(r.Context(), actorOf(r), id, version, party); err != nil {
		return backOnConflict(err, agreementURL(id), "agreement.flash.newer")
	}
	h.redirect(w, r, agreementURL(id), "agreement.flash.accepted")
	return nil
}

// agreementFormPage is the coordinator's issue form.
type agreementFormPage struct {
	ui.Base
	Problems []problem
	Lead     string
	Action   string
	Read     int
	Fields   []*tfield
	Back     string
}

// agreementValues is the issue form as typed.
type agreementValues struct {
	StartY, StartM, StartD, EndY, EndM, EndD string
	Hours, RewardType, RewardAmount, Travel  string
	Confidential                             bool
	Ownership, NoticeDays, Notes             string
}

func readAgreementValues(r *http.Request) agreementValues {
	v := r.PostFormValue
	return agreementValues{StartY: v("start-year"), StartM: v("start-month"), StartD: v("start-day"),
		EndY: v("end-year"), EndM: v("end-month"), EndD: v("end-day"), Hours: v("hours_per_week"),
		RewardType: v("reward_type"), RewardAmount: v("reward_amount"), Travel: v("travel_cost"),
		Confidential: v("confidential") == "1", Ownership: v("ownership"), NoticeDays: v("notice_days"), Notes: v("notes")}
}

func agreementValuesOf(a furusato.Agreement) agreementValues {
	in := agreementValues{Hours: strconv.Itoa(a.HoursPerWeek), RewardType: string(a.RewardType), RewardAmount: strconv.Itoa(a.RewardAmount),
		Travel: string(a.TravelCost), Confidential: a.Confidential, Ownership: string(a.Ownership),
		NoticeDays: strconv.Itoa(a.NoticeDays), Notes: a.Notes}
	in.StartY, in.StartM, in.StartD = dateParts(a.Start)
	in.EndY, in.EndM, in.EndD = dateParts(a.End)
	return in
}

// agreement reads the form's numbers and dates; one it cannot read is a
// field error.
func (in agreementValues) agreement() (furusato.Agreement, error) {
	f := map[string]string{}
	num := func(name, s string, units ...string) int {
		n, ok := service.ReadNumber(s, units...)
		if !ok || strings.TrimSpace(s) == "" {
			f[name] = "charter.error.number"
		}
		return n
	}
	date := func(name, y, m, d string) furusato.Date {
		dt, ok := service.ReadDate(y, m, d)
		if !ok {
			f[name] = "charter.error.date"
		}
		return dt
	}
	a := furusato.Agreement{Start: date("start", in.StartY, in.StartM, in.StartD), End: date("end", in.EndY, in.EndM, in.EndD),
		HoursPerWeek: num("hours_per_week", in.Hours, "時間", "h"), RewardType: furusato.RewardType(in.RewardType),
		TravelCost: furusato.TravelCost(in.Travel), Confidential: in.Confidential, Ownership: furusato.Ownership(in.Ownership),
		NoticeDays: num("notice_days", in.NoticeDays, "日"), Notes: in.Notes}
	if strings.TrimSpace(in.RewardAmount) != "" {
		a.RewardAmount = num("reward_amount", in.RewardAmount, "円")
	}
	if len(f) > 0 {
		return a, withDomainErrors(f, &a)
	}
	return a, nil
}

func (h *Handler) agreementFormPage(r *http.Request, l *ui.Locale, v *service.AgreementView, in agreementValues, read int) agreementFormPage {
	id := v.Team.ID
	p := agreementFormPage{Base: h.base(r, l, l.T("agreement.issue_title")), Lead: l.T("agreement.issue_lead", "Project", v.Project.Title),
		Action: agreementURL(id) + "/issue", Read: read, Back: agreementURL(id)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	opts := func(values []string, prefix, selected string) []selectOption {
		var out []selectOption
		for _, val := range values {
			out = append(out, selectOption{Value: val, Text: l.T(prefix + val), Selected: val == selected})
		}
		return out
	}
	fd := func(name, kind string) *tfield {
		return &tfield{L: l, ID: name, Name: name, Kind: kind, Label: l.T("agreement.field." + name)}
	}
	start, end := fd("start", "date"), fd("end", "date")
	start.Year, start.Month, start.Day = in.StartY, in.StartM, in.StartD
	end.Year, end.Month, end.Day = in.EndY, in.EndM, in.EndD
	hours := fd("hours_per_week", "number")
	hours.Value, hours.Inputmode, hours.Hint = in.Hours, "numeric", l.T("agreement.hint.hours", "Max", ui.Num(furusato.MaxHoursPerWeek))
	reward := fd("reward_type", "select")
	reward.Options = opts([]string{string(furusato.RewardNone), string(furusato.RewardHonorarium), string(furusato.RewardPaid)}, "agreement.reward.", in.RewardType)
	amount := fd("reward_amount", "number")
	amount.Value, amount.Inputmode, amount.Optional, amount.Hint = in.RewardAmount, "numeric", true, l.T("agreement.hint.reward_amount")
	travel := fd("travel_cost", "select")
	travel.Options = opts([]string{string(furusato.TravelNone), string(furusato.TravelPart), string(furusato.TravelFull)}, "travel.", in.Travel)
	conf := fd("confidential", "checkbox")
	conf.Checked, conf.Optional, conf.Hint = in.Confidential, true, l.T("agreement.text.confidential")
	own := fd("ownership", "radios")
	own.Options = opts(strs(furusato.Ownerships), "agreement.ownership.", in.Ownership)
	notice := fd("notice_days", "number")
	notice.Value, notice.Inputmode, notice.Hint = in.NoticeDays, "numeric", l.T("agreement.hint.notice_days", "Max", ui.Num(furusato.MaxNoticeDays))
	notes := fd("notes", "textarea")
	notes.Value, notes.Optional, notes.Rows, notes.Hint = in.Notes, true, 5, l.T("agreement.hint.notes", "Max", ui.Num(furusato.MaxAgreementNotes))
	p.Fields = []*tfield{start, end, hours, reward, amount, travel, conf, own, notice, notes}
	return p
}

// agreementIssueForm is GET /teams/{id}/agreement/issue: the terms filled
// from the project and the charter.
func (h *Handler) agreementIssueForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	v, draft, err := h.svc.Teams.AgreementDraft(r.Context(), actorOf(r), id)
	if err != nil {
		return backOnConflict(err, agreementURL(id), "agreement.flash.charter_first")
	}
	return h.render(w, http.StatusOK, "team_agreement_form", h.agreementFormPage(r, l, v, agreementValuesOf(draft), v.Team.AgreementVersion))
}

// agreementIssueSave is POST /teams/{id}/agreement/issue: a new version
// over the version the coordinator read; a conflict brings the form back
// as typed.
func (h *Handler) agreementIssueSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := teamID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	ferr := parseForm(w, r)
	a := actorOf(r)
	v, _, err := h.svc.Teams.AgreementDraft(r.Context(), a, id)
	if err != nil {
		return backOnConflict(err, agreementURL(id), "agreement.flash.charter_first")
	}
	in := readAgreementValues(r)
	read, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("read")))
	ag, rerr := in.agreement()
	if ferr != nil && rerr == nil {
		rerr = withDomainErrors(nil, &ag) // every field's error at once
	}
	if err = mergeFieldErrors(ferr, rerr); err == nil {
		_, err = h.svc.Teams.IssueAgreement(r.Context(), a, id, ag, read)
	}
	if err == nil {
		h.redirect(w, r, agreementURL(id), "agreement.flash.issued")
		return nil
	}
	if !formError(err) {
		return err
	}
	if !inputError(err) {
		read = v.Team.AgreementVersion
	}
	p := h.agreementFormPage(r, l, v, in, read)
	p.Problems = applyTeamErrors(l, err, "agreement.error.conflict", p.Fields)
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "team_agreement_form", p)
}
