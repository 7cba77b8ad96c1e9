package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Team meetings on the workspace (partials_team_meetings.html): the next
// meeting, the proposals to pick, and the coordinator's start and
// completion buttons; the forms to propose, reschedule and cancel a
// meeting reuse the interview form's machinery (slot fields, parsing,
// errors beside the fields).

// teamMeetingsView is the meetings section of a workspace.
type teamMeetingsView struct {
	L           *ui.Locale
	Status      statusChip // the project's status in words
	StatusLead  string     // what the status means for the team
	EndReason   string     // why the coordinator ended the project early; "" otherwise
	Next        *meetingItem
	Items       []meetingItem // every other meeting, newest first
	NewURL      string        // the proposal form, for those who schedule
	StartURL    string        // the coordinator's start page
	CompleteURL string
	EndEarlyURL string
}

// meetingItem is one meeting as the section shows it; Item is the
// interview's view of it, so the pick form (template "iv-pick") is shared.
type meetingItem struct {
	interviewItem
	Kind        string // キックオフ / ミーティング
	Note        string
	GoogleURL   string // add to Google Calendar, when a time is fixed
	WhenText    string // the chosen slot in JST
	Cancelled   bool
	SlotsHeader string
}

// meetingItemOf builds the view of m; canPlan adds the change links,
// canPick the pick form.
func meetingItemOf(l *ui.Locale, m *furusato.TeamMeeting, project string, canPlan, canPick bool, now time.Time) meetingItem {
	it := meetingItem{interviewItem: interviewItem{L: l, ID: m.ID, Online: m.Online, Location: m.Location}, Note: m.Note,
		Kind: l.T("meeting.kind." + string(m.Kind)), Cancelled: m.Status == furusato.InterviewCancelled}
	it.Heading = it.Kind
	it.CancelReason = m.CancelReason
	if m.CancelCause == furusato.MeetingCancelTeamEnded {
		it.CancelReason = l.T("fixes.meeting.cancel_team_ended")
	}
	switch m.Status {
	case furusato.InterviewProposed:
		it.Status, it.Tone = l.T("interview.status.proposed"), "blue"
	case furusato.InterviewConfirmed:
		it.Status, it.Tone = l.T("interview.status.confirmed"), "green"
	default:
		it.Status, it.Tone = l.T("interview.status.cancelled"), "grey"
	}
	for _, s := range m.Slots {
		chosen := s.ID == m.ChosenID
		if m.Status == furusato.InterviewConfirmed && !chosen {
			continue
		}
		it.Slots = append(it.Slots, slotView{ID: s.ID, Text: slotText(l, s), Chosen: chosen, Past: !s.Start.After(now)})
	}
	if slot, ok := m.Chosen(); ok {
		it.ICS = fmt.Sprintf("/meetings/%d.ics", m.ID)
		it.WhenText = slotText(l, slot)
		if m.Status == furusato.InterviewConfirmed {
			it.GoogleURL = googleCalendarURL(it.Kind+"："+project, slot, m)
		}
	}
	if m.Status == furusato.InterviewProposed && furusato.AllPassed(m.Slots, now) {
		it.TimesPassed = timesPassed(l, canPlan, canPick)
	} else if canPick && m.Status == furusato.InterviewProposed {
		it.PickAction = fmt.Sprintf("/meetings/%d/pick", m.ID)
	}
	if canPlan && m.Status != furusato.InterviewCancelled {
		it.RescheduleURL = fmt.Sprintf("/meetings/%d/reschedule", m.ID)
		it.CancelURL = fmt.Sprintf("/meetings/%d/cancel", m.ID)
	}
	return it
}

// googleCalendarURL is Google Calendar's "add an event" link for the
// meeting: the title, the time in UTC, the place or link and the note.
func googleCalendarURL(title string, slot furusato.InterviewSlot, m *furusato.TeamMeeting) string {
	const layout = "20060102T150405Z"
	v := url.Values{}
	v.Set("action", "TEMPLATE")
	v.Set("text", title)
	v.Set("dates", slot.Start.UTC().Format(layout)+"/"+slot.End().UTC().Format(layout))
	v.Set("location", m.Location)
	v.Set("details", m.Note)
	v.Set("ctz", "Asia/Tokyo")
	return "https://calendar.google.com/calendar/render?" + v.Encode()
}

// teamMeetingsView returns the meetings section of team id for the
// request's actor.
func (h *Handler) teamMeetingsView(r *http.Request, l *ui.Locale, id int64) (*teamMeetingsView, error) {
	a := actorOf(r)
	ms, err := h.svc.Teams.Meetings(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	life, err := h.svc.Teams.Life(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	now := h.svc.Teams.Now()
	v := &teamMeetingsView{L: l, Status: statusOf(l, ms.Project.Status)}
	v.StatusLead = lifeLead(l, life)
	if life.Team.Ended() && life.Team.EndedEarly {
		v.EndReason = life.Team.EndReason
	}
	if ms.CanSchedule {
		v.NewURL = teamURL(id) + "/meetings/new"
	}
	if life.CanStart {
		v.StartURL = teamURL(id) + "/start"
	}
	if life.CanComplete {
		v.CompleteURL, v.EndEarlyURL = teamURL(id)+"/complete", teamURL(id)+"/end-early"
	}
	for _, m := range ms.Meetings {
		it := meetingItemOf(l, m, ms.Project.Title, ms.CanSchedule, ms.CanPick, now)
		if ms.Next != nil && m.ID == ms.Next.ID {
			v.Next = &it
			continue
		}
		v.Items = append(v.Items, it)
	}
	return v, nil
}

// lifeLead says in words where the team's project stands.
func lifeLead(l *ui.Locale, life *service.TeamLife) string {
	t := life.Team
	switch {
	case t.Ended() && t.EndedEarly:
		return l.T("life.lead.ended_early", "Date", l.Date(t.EndedAt))
	case t.Ended():
		return l.T("life.lead.completed", "Date", l.Date(t.EndedAt))
	case life.Project.Status == furusato.StatusInProgress:
		return l.T("life.lead.in_progress")
	case life.Project.Status == furusato.StatusPublished:
		return l.T("life.lead.published")
	}
	return l.T("life.lead.closed")
}

// meetingID reads the path value id as a positive id; ENOTFOUND
// otherwise.
func meetingID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	return id, nil
}

// meetingFormPage is the proposal and reschedule form of a meeting: the
// interview form's slots with the meeting's kind, place and note.
type meetingFormPage struct {
	interviewFormPage
	Kinds     []selectOption
	Kind      string
	KindError string
}

// meetingInput is the meeting form as typed.
func meetingInput(r *http.Request) furusato.MeetingProposal {
	return furusato.MeetingProposal{Kind: r.PostForm.Get("kind"), InterviewProposal: interviewInput(r)}
}

func (h *Handler) meetingFormPage(r *http.Request, l *ui.Locale, title, action, back string, plan *service.MeetingPlan, in furusato.MeetingProposal) meetingFormPage {
	ip := h.interviewFormPage(r, l, title, action, back, l.JaIn(l.T("meeting.form_lead", "Project", plan.Project.Title), plan.Project.Title), plan.Meeting != nil, in.InterviewProposal)
	ip.Nav = "me"
	p := meetingFormPage{interviewFormPage: ip, Kind: in.Kind}
	for _, k := range furusato.MeetingKinds {
		p.Kinds = append(p.Kinds, selectOption{Value: string(k), Text: l.T("meeting.kind." + string(k)), Selected: string(k) == in.Kind})
	}
	return p
}

// meetingForm is one use of the meeting form (new or reschedule).
type meetingForm struct {
	Title, Action, Back string
	Plan                *service.MeetingPlan
	Typed               furusato.MeetingProposal
	Done                string
	Save                func(furusato.MeetingProposal) error
}

// serveMeetingForm serves f as interviewPlanForm does an interview's.
func (h *Handler) serveMeetingForm(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool, f meetingForm) error {
	if !post {
		return h.render(w, http.StatusOK, "team_meeting_form", h.meetingFormPage(r, l, f.Title, f.Action, f.Back, f.Plan, f.Typed))
	}
	err := parseForm(w, r)
	in := meetingInput(r)
	if err == nil {
		err = f.Save(in)
	}
	if inputError(err) {
		p := h.meetingFormPage(r, l, f.Title, f.Action, f.Back, f.Plan, in)
		var kindProblem []problem
		if key, ok := furusato.ErrorFields(err)["kind"]; ok {
			p.KindError = l.T(key)
			kindProblem = []problem{{Text: p.KindError, Anchor: "kind-kickoff"}}
		}
		ps := interviewFormErrors(l, err, &p.interviewFormPage)
		if len(kindProblem) > 0 && len(ps) == 1 && ps[0].Anchor == "" {
			ps = nil // only the kind was wrong
		}
		p.Problems, p.ErrorTitle = append(kindProblem, ps...), true
		return h.render(w, errorStatus(err), "team_meeting_form", p)
	} else if err != nil {
		return backOnConflict(err, f.Back, "meeting.flash_conflict")
	}
	h.redirect(w, r, f.Back, f.Done)
	return nil
}

// teamMeetingNewForm is GET /teams/{id}/meetings/new.
func (h *Handler) teamMeetingNewForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingNew(w, r, l, false)
}

// teamMeetingCreate is POST /teams/{id}/meetings/new.
func (h *Handler) teamMeetingCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingNew(w, r, l, true)
}

func (h *Handler) teamMeetingNew(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id := pathID(r)
	if id == 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	a := httpx.ActorFrom(r.Context())
	back := teamURL(id)
	plan, err := h.svc.Teams.PlanMeeting(r.Context(), a, id)
	if err != nil {
		return backOnConflict(err, back, "meeting.flash_ended")
	}
	typed := furusato.MeetingProposal{Kind: string(furusato.MeetingRegular)}
	if plan.Team.KickoffAt.IsZero() {
		typed.Kind = string(furusato.MeetingKickoff)
	}
	return h.serveMeetingForm(w, r, l, post, meetingForm{Title: l.T("meeting.new_title"), Action: back + "/meetings/new", Back: back,
		Plan: plan, Typed: typed, Done: "meeting.flash_proposed",
		Save: func(in furusato.MeetingProposal) error {
			_, err := h.svc.Teams.ProposeMeeting(r.Context(), a, id, in)
			return err
		}})
}

// teamMeetingRescheduleForm is GET /meetings/{id}/reschedule.
func (h *Handler) teamMeetingRescheduleForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingReschedule(w, r, l, false)
}

// teamMeetingRescheduleSave is POST /meetings/{id}/reschedule.
func (h *Handler) teamMeetingRescheduleSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingReschedule(w, r, l, true)
}

// meetingPlan reads the plan of meeting id for a change; a meeting that
// can no longer change goes back to its team, when the actor may see it.
func (h *Handler) meetingPlan(r *http.Request, id int64) (*service.MeetingPlan, error) {
	a := httpx.ActorFrom(r.Context())
	plan, err := h.svc.Teams.PlanMeetingChange(r.Context(), a, id)
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		if ms, gerr := h.svc.Teams.MeetingTeam(r.Context(), a, id); gerr == nil {
			return nil, backOnConflict(err, teamURL(ms), "meeting.flash_cancelled_already")
		}
	}
	return plan, err
}

func (h *Handler) teamMeetingReschedule(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	plan, err := h.meetingPlan(r, id)
	if err != nil {
		return err
	}
	m := plan.Meeting
	typed := furusato.MeetingProposal{Kind: string(m.Kind), InterviewProposal: furusato.InterviewProposal{Mode: m.Mode(), Location: m.Location, Notes: m.Note}}
	a := httpx.ActorFrom(r.Context())
	return h.serveMeetingForm(w, r, l, post, meetingForm{Title: l.T("meeting.reschedule_title"), Action: fmt.Sprintf("/meetings/%d/reschedule", id),
		Back: teamURL(plan.Team.ID), Plan: plan, Typed: typed, Done: "meeting.flash_rescheduled",
		Save: func(in furusato.MeetingProposal) error { return h.svc.Teams.RescheduleMeeting(r.Context(), a, id, in) }})
}
