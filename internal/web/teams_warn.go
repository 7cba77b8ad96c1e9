package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The early warning on the pages (issue 10): the "teams needing
// attention" section of /manage (coordinators, supporters, admins) and the
// workspace's section of a team's warnings and interventions, with the
// form a coordinator records an intervention with.

// warnReason is one warning in words, with since when it fires; Text
// marks the member's Japanese name for English pages (ui.Locale.JaIn).
type warnReason struct {
	Text  template.HTML
	Since string
}

// attentionRow is one team of the dashboard section.
type attentionRow struct {
	URL, Title, Since string
	Reasons           []warnReason
}

// attentionSection is the dashboard's section of teams.
type attentionSection struct {
	Heading, Lead, Count, Empty, More string
	Rows                              []attentionRow
}

// warningText words warning w; names are the display names of the
// people warnings name.
func warningText(l *ui.Locale, w furusato.Warning, names map[int64]string) string {
	name := names[w.UserID]
	if name == "" {
		name = l.T("warn.someone")
	}
	p := w.Params
	date := func(s string) string {
		if d, err := furusato.ParseDate(s); err == nil {
			return l.Date(d)
		}
		return ""
	}
	switch w.Rule {
	case furusato.RuleCheckInOverdue:
		if p["last"] == "" {
			return l.T("warn.reason.checkin_overdue_none", "Name", name, "Due", date(p["due"]))
		}
		return l.T("warn.reason.checkin_overdue", "Name", name, "Due", date(p["due"]), "Last", date(p["last"]))
	case furusato.RuleLowHours:
		return l.T("warn.reason.low_hours", "Name", name, "Hours", strings.ReplaceAll(p["hours"], ",", l.T("warn.hours_sep")),
			"Charter", p["charter"], "Periods", p["periods"])
	case furusato.RuleBlocker:
		return l.T("warn.reason.blocker_open", "Name", name, "CheckIns", p["checkins"])
	case furusato.RuleSilent:
		if p["last"] == "" {
			return l.T("warn.reason.thread_silent_never", "Days", p["days"])
		}
		return l.T("warn.reason.thread_silent", "Days", p["days"], "Last", date(p["last"]))
	case furusato.RuleUnconfirmed:
		if p["version"] == "0" {
			return l.T("warn.reason.no_charter")
		}
		if p["party"] == string(furusato.PartyCompany) {
			return l.T("warn.reason.unconfirmed_company", "Version", p["version"])
		}
		return l.T("warn.reason.unconfirmed", "Name", name, "Version", p["version"])
	}
	return l.T("warn.reason.other")
}

// warnReasons words ws.
func warnReasons(l *ui.Locale, ws []furusato.Warning, names map[int64]string) []warnReason {
	out := make([]warnReason, 0, len(ws))
	for _, w := range ws {
		out = append(out, warnReason{Text: l.JaIn(warningText(l, w, names), names[w.UserID]), Since: l.T("warn.since", "Date", l.Date(w.Since))})
	}
	return out
}

// attentionOf builds the dashboard's section for the request's actor; nil
// for those without a team dashboard (company staff).
func (h *Handler) attentionOf(r *http.Request, l *ui.Locale) (*attentionSection, error) {
	a := actorOf(r)
	if _, err := policy.Dashboard(a, policy.TeamDashboard); err != nil {
		return nil, nil
	}
	d, err := h.svc.Warnings.Dashboard(r.Context(), a)
	if err != nil {
		return nil, err
	}
	s := &attentionSection{Heading: l.T("warn.dashboard.heading"), Lead: l.T("warn.dashboard.lead"),
		Count: l.T("warn.dashboard.count", "Flagged", ui.Num(d.Flagged), "Total", ui.Num(d.Total), "Count", d.Flagged)}
	if d.Assigned {
		s.Heading, s.Lead = l.T("warn.dashboard.assigned"), l.T("warn.dashboard.assigned_lead")
	}
	shown := 0
	for _, t := range d.Teams {
		if !t.Flagged() && !d.Assigned {
			continue // a coordinator's calm teams are counted, not listed
		}
		row := attentionRow{URL: teamURL(t.TeamID), Title: t.ProjectTitle, Reasons: warnReasons(l, t.Warnings, t.Names)}
		if t.Flagged() {
			row.Since = l.Date(t.Since)
			shown++
		}
		s.Rows = append(s.Rows, row)
	}
	switch {
	case d.Total == 0 && d.Assigned:
		s.Empty = l.T("warn.dashboard.none_assigned")
	case d.Total == 0:
		s.Empty = l.T("warn.dashboard.none")
	case d.Flagged == 0:
		// One sentence, not "0 of N teams show signs" followed by "no team shows signs".
		s.Count = l.T("warn.dashboard.count_calm", "Total", ui.Num(d.Total), "Count", d.Total)
	}
	if d.Flagged > shown {
		s.More = l.T("warn.dashboard.more", "Count", d.Flagged-shown)
	}
	return s, nil
}

// interventionRow is one intervention as listed on the workspace.
type interventionRow struct {
	At, Who, Next string
	Action        []string // lines
}

// interventionForm is the form a coordinator records an intervention with,
// as typed.
type interventionForm struct {
	Action                       string
	ActionValue                  string
	Year, Month, Day             string
	ActionError, NextError, Hint string
	Problems                     []problem
}

// teamWarnSection is the workspace's section of the team's warnings, for
// its coordinators, supporters and admins (policy.TeamWarnings).
type teamWarnSection struct {
	Reasons       []warnReason
	Interventions []interventionRow
	Form          *interventionForm // nil for those who may not record one
}

// teamWarnOf builds the warning section of team id for the request's
// actor; nil when they may not see it. form, when not nil, is the form as
// typed (with its errors).
func (h *Handler) teamWarnOf(r *http.Request, l *ui.Locale, ws *service.Workspace, form *interventionForm) (*teamWarnSection, error) {
	if !ws.Can[policy.TeamWarnings] {
		return nil, nil
	}
	tw, err := h.svc.Warnings.Team(r.Context(), actorOf(r), ws.Team.ID)
	if err != nil {
		return nil, err
	}
	s := &teamWarnSection{Reasons: warnReasons(l, tw.Warnings, tw.Names)}
	for _, iv := range tw.Interventions {
		who := iv.AuthorName
		if who == "" {
			who = l.T("warn.someone")
		}
		s.Interventions = append(s.Interventions, interventionRow{At: l.Date(iv.CreatedAt), Who: who, Next: l.Date(iv.Next),
			Action: strings.Split(iv.Action, "\n")})
	}
	if tw.CanRecord {
		if form == nil {
			form = &interventionForm{}
		}
		form.Action = teamURL(ws.Team.ID) + "/interventions"
		form.Hint = l.T("warn.form.next_hint")
		s.Form = form
	}
	return s, nil
}

// teamInterventionCreate is POST /teams/{id}/interventions: a coordinator
// records what was done about the team's warnings. Bad input comes back on
// the workspace with the errors beside the fields and nothing typed lost.
func (h *Handler) teamInterventionCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	perr := parseForm(w, r)
	v := r.PostFormValue
	form := &interventionForm{ActionValue: v("action"), Year: v("next-year"), Month: v("next-month"), Day: v("next-day")}
	err := perr
	if err == nil {
		next, ok := service.ReadDate(form.Year, form.Month, form.Day)
		iv := &furusato.Intervention{Action: form.ActionValue, Next: next}
		if !ok {
			err = &furusato.Error{Code: furusato.EINVALID, Message: "The next date cannot be read.", Fields: map[string]string{"next": "warn.error.next_date"}}
		} else {
			err = h.svc.Warnings.RecordIntervention(r.Context(), actorOf(r), id, iv)
		}
	}
	if err == nil {
		h.redirect(w, r, teamURL(id)+"#s-warn", "warn.flash_recorded")
		return nil
	}
	if !inputError(err) {
		return err
	}
	ws, werr := h.svc.Teams.Workspace(r.Context(), actorOf(r), id)
	if werr != nil {
		return werr
	}
	form.Problems = interventionErrors(l, err, form)
	p := h.teamPage(r, l, ws)
	if p.Warn, werr = h.teamWarnOf(r, l, ws, form); werr != nil {
		return werr
	}
	if p.Warn == nil || p.Warn.Form == nil {
		// Bad text from someone who may not record: the refusal, not the form.
		return furusato.Errorf(furusato.EFORBIDDEN, "Only the team's coordinators record interventions.")
	}
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "team", p)
}

// interventionMessages words the service's error keys for the form's fields.
var interventionMessages = map[string]string{
	"action error.required": "warn.error.action_required",
	"action error.too_long": "warn.error.action_too_long",
	"next error.required":   "warn.error.next_required",
}

// interventionErrors puts the errors of err beside the form's fields and
// returns the summary, in the order of the form.
func interventionErrors(l *ui.Locale, err error, f *interventionForm) []problem {
	errs := furusato.ErrorFields(err)
	word := func(name string) string {
		key := errs[name]
		if id, ok := interventionMessages[name+" "+key]; ok {
			key = id
		}
		delete(errs, name)
		return l.T(key, "Max", ui.Num(furusato.MaxInterventText))
	}
	var ps []problem
	if _, ok := errs["action"]; ok {
		f.ActionError = word("action")
		ps = append(ps, problem{Text: f.ActionError, Anchor: "iv-action"})
	}
	if _, ok := errs["next"]; ok {
		f.NextError = word("next")
		ps = append(ps, problem{Text: f.NextError, Anchor: "iv-next-year"})
	}
	ps = append(ps, wholeFormProblems(l, errs)...)
	if len(ps) == 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}
