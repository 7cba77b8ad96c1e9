package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The pages where the organisation and the company propose, reschedule and
// cancel an interview. Each is a full page with the error summary and
// errors beside the fields; nothing typed is lost.

// interviewDurations are the choices of a slot's length, in minutes.
var interviewDurations = []int{15, 30, 45, 60, 90, 120, 180, 240}

// slotFields is one slot of the form as typed, with its errors.
type slotFields struct {
	L                        *ui.Locale
	N                        int // 1-based
	Legend                   string
	Optional                 bool
	Year, Month, Day, Time   string
	Durations                []selectOption
	DateError, TimeError     string
	DurationError            string
	DateHintID, TimeHintID   string
	DateErrorID, TimeErrorID string
}

// selectOption is an option of a select.
type selectOption struct {
	Value, Text string
	Selected    bool
}

// interviewFormPage is the proposal and the reschedule form.
type interviewFormPage struct {
	ui.Base
	Problems      []problem
	Action        string
	Lead          template.HTML // whose entry, which project, marked by ui.Locale.JaIn
	Slots         []slotFields
	Mode          string // online, onsite, or "" (none chosen)
	ModeError     string
	Location      string
	LocationError string
	Notes         string
	NotesError    string
	Submit        string
	Back          string
}

// interviewInput is the proposal form as typed.
func interviewInput(r *http.Request) furusato.InterviewProposal {
	f := r.PostForm
	in := furusato.InterviewProposal{Mode: f.Get("mode"), Location: f.Get("location"), Notes: f.Get("notes")}
	for n := 1; n <= furusato.MaxInterviewSlots; n++ {
		k := "slot" + strconv.Itoa(n) + "-"
		in.Slots = append(in.Slots, furusato.SlotDraft{Year: f.Get(k + "year"), Month: f.Get(k + "month"), Day: f.Get(k + "day"),
			Time: f.Get(k + "time"), Minutes: f.Get(k + "minutes")})
	}
	return in
}

// proposalOf is the form prefilled from iv (a reschedule keeps the place
// and notes; the times are to be typed anew).
func proposalOf(iv *furusato.Interview) furusato.InterviewProposal {
	return furusato.InterviewProposal{Mode: iv.Mode(), Location: iv.Location, Notes: iv.Notes}
}

// interviewPlanLead is the lead of the interview form of plan.
func interviewPlanLead(l *ui.Locale, plan *service.InterviewPlan) template.HTML {
	e := plan.Entry
	return l.JaIn(l.T("interview.form_lead", "Project", e.ProjectTitle, "Name", e.Participant), e.ProjectTitle, e.Participant)
}

// interviewFormPage is the slot form (of an interview or a team meeting)
// with lead above it, prefilled with in; reschedule words the button.
func (h *Handler) interviewFormPage(r *http.Request, l *ui.Locale, title, action, back string, lead template.HTML, reschedule bool, in furusato.InterviewProposal) interviewFormPage {
	p := interviewFormPage{Base: h.base(r, l, title), Action: action, Back: back, Lead: lead,
		Mode: in.Mode, Location: in.Location, Notes: in.Notes, Submit: l.T("interview.propose_submit")}
	if reschedule {
		p.Submit = l.T("interview.reschedule_submit")
	}
	for n := 1; n <= furusato.MaxInterviewSlots; n++ {
		var d furusato.SlotDraft
		if n <= len(in.Slots) {
			d = in.Slots[n-1]
		}
		if d.Minutes == "" {
			d.Minutes = "60"
		}
		s := slotFields{L: l, N: n, Legend: l.T("interview.slot_n", "N", n), Optional: n > 1,
			Year: d.Year, Month: d.Month, Day: d.Day, Time: d.Time}
		for _, m := range interviewDurations {
			s.Durations = append(s.Durations, selectOption{Value: strconv.Itoa(m), Text: durationText(l, m), Selected: strconv.Itoa(m) == d.Minutes})
		}
		p.Slots = append(p.Slots, s)
	}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
	return p
}

// durationText words a length in minutes: 30分, 1時間30分.
func durationText(l *ui.Locale, m int) string {
	h, min := m/60, m%60
	switch {
	case h == 0:
		return l.T("interview.minutes", "M", min)
	case min == 0:
		return l.T("interview.hours", "H", h)
	}
	return l.T("interview.hours_minutes", "H", h, "M", min)
}

// interviewFormErrors puts the errors of err beside the fields and returns
// the summary, in the order of the form.
func interviewFormErrors(l *ui.Locale, err error, p *interviewFormPage) []problem {
	errs := furusato.ErrorFields(err)
	var ps []problem
	if key, ok := errs["slots"]; ok {
		ps = append(ps, problem{Text: l.T(key, "Max", furusato.MaxInterviewSlots), Anchor: "slot1-year"})
	}
	for i := range p.Slots {
		s := &p.Slots[i]
		if key, ok := errs[furusato.SlotField(s.N, "date")]; ok {
			s.DateError = l.T(key, "N", s.N)
			ps = append(ps, problem{Text: s.DateError, Anchor: fmt.Sprintf("slot%d-year", s.N)})
		}
		if key, ok := errs[furusato.SlotField(s.N, "time")]; ok {
			s.TimeError = l.T(key, "N", s.N)
			ps = append(ps, problem{Text: s.TimeError, Anchor: fmt.Sprintf("slot%d-time", s.N)})
		}
		if key, ok := errs[furusato.SlotField(s.N, "duration")]; ok {
			s.DurationError = l.T(key, "N", s.N)
			ps = append(ps, problem{Text: s.DurationError, Anchor: fmt.Sprintf("slot%d-minutes", s.N)})
		}
	}
	if key, ok := errs["mode"]; ok {
		p.ModeError = l.T(key)
		ps = append(ps, problem{Text: p.ModeError, Anchor: "mode-online"})
	}
	if key, ok := errs["location"]; ok {
		p.LocationError = boundMessage(l, l.T("interview.location"), key, furusato.MaxInterviewLocation)
		ps = append(ps, problem{Text: p.LocationError, Anchor: "location"})
	}
	if key, ok := errs["notes"]; ok {
		p.NotesError = boundMessage(l, l.T("interview.notes"), key, furusato.MaxInterviewNotes)
		ps = append(ps, problem{Text: p.NotesError, Anchor: "notes"})
	}
	if len(ps) == 0 {
		ps = wholeFormProblems(l, errs)
	}
	if len(ps) == 0 {
		ps = append(ps, problem{Text: l.T("error.generic")})
	}
	return ps
}

// interviewNewForm is GET /manage/entries/{id}/interviews/new.
func (h *Handler) interviewNewForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewNew(w, r, l, false)
}

// interviewCreate is POST /manage/entries/{id}/interviews/new.
func (h *Handler) interviewCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewNew(w, r, l, true)
}

func (h *Handler) interviewNew(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id, err := h.interviewID(r)
	if err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	back := fmt.Sprintf("/manage/entries/%d", id)
	plan, err := h.svc.Interviews.PlanNew(r.Context(), a, id)
	if err != nil {
		return backOnConflict(err, back, "interview.flash_move_first")
	}
	return h.interviewPlanForm(w, r, l, post, planForm{
		Title: l.T("interview.new_title"), Action: fmt.Sprintf("/manage/entries/%d/interviews/new", id), Back: back,
		Plan: plan, Refused: "interview.flash_move_first", Done: "interview.flash_proposed",
		Save: func(in furusato.InterviewProposal) error {
			_, err := h.svc.Interviews.Propose(r.Context(), a, id, in)
			if service.IsInterviewOpen(err) { // a double submit: say so, not "move first"
				return backOnConflict(err, back, "hosts.flash.interview_open")
			}
			return err
		}})
}

// interviewRescheduleForm is GET /manage/interviews/{id}/reschedule.
func (h *Handler) interviewRescheduleForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewReschedule(w, r, l, false)
}

// interviewRescheduleSave is POST /manage/interviews/{id}/reschedule.
func (h *Handler) interviewRescheduleSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewReschedule(w, r, l, true)
}

func (h *Handler) interviewReschedule(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id, err := h.interviewID(r)
	if err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	back, err := h.interviewBack(r, a, id, "/manage")
	if err != nil {
		return err
	}
	plan, err := h.svc.Interviews.PlanReschedule(r.Context(), a, id)
	if err != nil {
		return backOnConflict(err, back, "interview.flash_cancelled_already")
	}
	return h.interviewPlanForm(w, r, l, post, planForm{
		Title: l.T("interview.reschedule_title"), Action: fmt.Sprintf("/manage/interviews/%d/reschedule", id), Back: back,
		Plan: plan, Typed: proposalOf(plan.Interview), Refused: "interview.flash_cancelled_already", Done: "interview.flash_rescheduled",
		Save: func(in furusato.InterviewProposal) error { return h.svc.Interviews.Reschedule(r.Context(), a, id, in) }})
}

// planForm is one use of the proposal form: where it posts, where it goes
// back to, and what saving it does.
type planForm struct {
	Title, Action, Back string
	Plan                *service.InterviewPlan
	Typed               furusato.InterviewProposal // what the empty form shows
	Refused, Done       string                     // the flash after a conflict, after saving
	Save                func(furusato.InterviewProposal) error
}

// interviewPlanForm serves form f: on GET the form, on POST it saves what
// was typed; invalid input comes back with the errors beside the fields,
// a refusal goes back with f.Refused, success with f.Done.
func (h *Handler) interviewPlanForm(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool, f planForm) error {
	if !post {
		return h.render(w, http.StatusOK, "interview_form", h.interviewFormPage(r, l, f.Title, f.Action, f.Back, interviewPlanLead(l, f.Plan), f.Plan.Interview != nil, f.Typed))
	}
	err := parseForm(w, r)
	in := interviewInput(r)
	if err == nil {
		err = f.Save(in)
	}
	if inputError(err) {
		p := h.interviewFormPage(r, l, f.Title, f.Action, f.Back, interviewPlanLead(l, f.Plan), f.Plan.Interview != nil, in)
		p.Problems, p.ErrorTitle = interviewFormErrors(l, err, &p), true
		return h.render(w, errorStatus(err), "interview_form", p)
	} else if err != nil {
		if sent := (*sentBack)(nil); errors.As(err, &sent) {
			return err // Save chose its own message
		}
		return backOnConflict(err, f.Back, f.Refused)
	}
	h.redirect(w, r, f.Back, f.Done)
	return nil
}

// interviewCancelPage is the confirmation page of a cancel.
type interviewCancelPage struct {
	ui.Base
	Problems    []problem
	Item        interviewItem
	Action      string
	Reason      string
	ReasonError string
	Back        string
}

// interviewCancelForm is GET /manage/interviews/{id}/cancel.
func (h *Handler) interviewCancelForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewCancel(w, r, l, false)
}

// interviewCancelSave is POST /manage/interviews/{id}/cancel: reason.
func (h *Handler) interviewCancelSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.interviewCancel(w, r, l, true)
}

func (h *Handler) interviewCancel(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id, err := h.interviewID(r)
	if err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	plan, err := h.svc.Interviews.PlanReschedule(r.Context(), a, id) // the same permission: policy.InterviewPlan
	if err != nil {
		// A cancelled interview goes back to its entry (when the person may
		// see it), with the flash that says so.
		back, berr := h.interviewBack(r, a, id, "/manage")
		if berr != nil {
			return err
		}
		return backOnConflict(err, back, "interview.flash_cancelled_already")
	}
	back := fmt.Sprintf("/manage/entries/%d", plan.Interview.EntryID)
	p := interviewCancelPage{Base: h.base(r, l, l.T("interview.cancel_title")), Back: back,
		Action: fmt.Sprintf("/manage/interviews/%d/cancel", id),
		Item:   interviewItemOf(l, 1, plan.Interview, false, false, time.Time{})}
	p.Item.Heading = plan.Entry.ProjectTitle
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
	if !post {
		return h.render(w, http.StatusOK, "interview_cancel", p)
	}
	ferr := parseForm(w, r)
	p.Reason = r.PostFormValue("reason")
	if err = ferr; err == nil {
		err = h.svc.Interviews.Cancel(r.Context(), a, id, p.Reason)
	}
	if inputError(err) {
		p.ReasonError = reasonError(l, l.T("interview.reason"), "interview.error.reason_long", ferr, err)
		p.Problems, p.ErrorTitle = []problem{{Text: p.ReasonError, Anchor: "reason"}}, true
		return h.render(w, errorStatus(err), "interview_cancel", p)
	} else if err != nil {
		return backOnConflict(err, back, "interview.flash_cancelled_already")
	}
	h.redirect(w, r, back, "interview.flash_cancelled")
	return nil
}
