package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Interviews (面談) on the entry pages of both sides: the section that
// lists them (interviewsView, template "entry_interviews"), the
// participant's pick and the iCalendar download. The forms of the
// organisation and company are in interviews_form.go.

// interviewsView is the interviews section of an entry page.
type interviewsView struct {
	L          *ui.Locale
	Host       bool   // the organisation's or company's side
	ProposeURL string // the proposal form, when the actor may propose now
	MoveFirst  bool   // a host, but the entry is not at stage interview
	Items      []interviewItem
}

// interviewItem is one interview as the section shows it.
type interviewItem struct {
	L          *ui.Locale
	ID         int64
	Heading    string
	Status     string // the chip's text
	Tone       string // chip colour: blue, green, grey
	Slots      []slotView
	Online     bool
	Location   string
	Notes      string // hosts only
	ICS        string // the .ics link, when a time is fixed
	PickAction string // the participant's pick form, while proposed
	PickError  string // the message beside the pick radios
	// TimesPassed says, instead of the pick form, that every proposed time
	// has passed and what to do: ask for new times, or (hosts) propose them.
	TimesPassed   string
	RescheduleURL string // hosts, unless cancelled
	CancelURL     string // hosts, unless cancelled
	// NeverFixed is a cancelled interview whose time was never agreed: its
	// proposed times are not shown as if they had been.
	NeverFixed   bool
	CancelReason string
}

// slotView is one slot: its text in JST and whether it is the chosen one.
type slotView struct {
	ID     int64
	Text   string
	Chosen bool
	Past   bool
}

// slotText formats a slot in JST: 2026年11月24日(火) 14:00〜15:00, or
// Tue, 24 Nov 2026 14:00–15:00 in English.
func slotText(l *ui.Locale, s furusato.InterviewSlot) string {
	st, en := s.Start.In(furusato.JST), s.End().In(furusato.JST)
	sep := "〜"
	if l.English() {
		sep = "–"
	}
	clock := func(t time.Time) string { return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute()) }
	end := clock(en)
	if en.YearDay() != st.YearDay() || en.Year() != st.Year() {
		end = l.Date(en) + " " + end
	}
	return l.Date(st) + " " + clock(st) + sep + end
}

// interviewItemOf builds the view of iv, the nth of its entry: canPlan
// adds the hosts' links, canPick the participant's pick form.
func interviewItemOf(l *ui.Locale, n int, iv *furusato.Interview, canPlan, canPick bool, now time.Time) interviewItem {
	it := interviewItem{L: l, ID: iv.ID, Heading: l.T("interview.heading_n", "N", n), Online: iv.Online, Location: iv.Location, Notes: iv.Notes}
	switch iv.Status {
	case furusato.InterviewProposed:
		it.Status, it.Tone = l.T("interview.status.proposed"), "blue"
	case furusato.InterviewConfirmed:
		it.Status, it.Tone = l.T("interview.status.confirmed"), "green"
	default:
		it.Status, it.Tone = l.T("interview.status.cancelled"), "grey"
	}
	if iv.Status == furusato.InterviewCancelled {
		it.NeverFixed, it.CancelReason = iv.ChosenID == 0, iv.CancelReason
	}
	for _, s := range iv.Slots {
		chosen := s.ID == iv.ChosenID
		if (iv.Status == furusato.InterviewConfirmed || it.NeverFixed) && !chosen {
			continue // once confirmed, only the chosen time matters
		}
		it.Slots = append(it.Slots, slotView{ID: s.ID, Text: slotText(l, s), Chosen: chosen, Past: !s.Start.After(now)})
	}
	if iv.ChosenID != 0 {
		it.ICS = fmt.Sprintf("/interviews/%d.ics", iv.ID)
	}
	if iv.Status == furusato.InterviewProposed && furusato.AllPassed(iv.Slots, now) {
		it.TimesPassed = timesPassed(l, canPlan, canPick)
	} else if canPick && iv.Status == furusato.InterviewProposed {
		it.PickAction = fmt.Sprintf("/me/interviews/%d/pick", iv.ID)
	}
	if canPlan && iv.Status != furusato.InterviewCancelled {
		it.RescheduleURL = fmt.Sprintf("/manage/interviews/%d/reschedule", iv.ID)
		it.CancelURL = fmt.Sprintf("/manage/interviews/%d/cancel", iv.ID)
	}
	return it
}

// interviewsView returns the interviews section of entry page d, nil when
// there is nothing to show (nothing the actor may do or see).
func (h *Handler) interviewsView(r *http.Request, l *ui.Locale, d *service.EntryDetail) (*interviewsView, error) {
	if d == nil || d.Entry == nil {
		return nil, nil
	}
	ei, err := h.svc.Interviews.ForEntry(r.Context(), httpx.ActorFrom(r.Context()), d.Entry.ID)
	if err != nil {
		return nil, err
	}
	v := &interviewsView{L: l, Host: ei.CanPlan}
	if ei.CanPropose {
		v.ProposeURL = fmt.Sprintf("/manage/entries/%d/interviews/new", d.Entry.ID)
	} else if ei.CanPlan && ei.Entry.Stage.Active() {
		v.MoveFirst = true
	}
	now := h.svc.Interviews.Now()
	plan := ei.CanPlan && ei.Entry.Stage.Active() // a matched entry's interview is done
	for i, iv := range ei.Interviews {
		v.Items = append(v.Items, interviewItemOf(l, i+1, iv, plan, ei.CanPick, now))
	}
	if len(v.Items) == 0 && v.ProposeURL == "" && !v.MoveFirst {
		return nil, nil
	}
	return v, nil
}

// interviewID reads the path value id as a positive id; ENOTFOUND
// otherwise.
func (h *Handler) interviewID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	return id, nil
}

// interviewBack returns the entry page of interview id on side ("/me" for
// the participant, "/manage" for the hosts), for an actor a who may view
// the entry; ENOTFOUND otherwise.
func (h *Handler) interviewBack(r *http.Request, a *furusato.Actor, id int64, side string) (string, error) {
	entryID, err := h.svc.Interviews.EntryOf(r.Context(), a, id)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s/entries/%d", side, entryID), nil
}

// interviewPickPage is the pick form again, with its error (POST
// /me/interviews/{id}/pick without a valid choice).
type interviewPickPage struct {
	ui.Base
	Problems []problem
	Item     interviewItem
	Back     string
}

// interviewPick is POST /me/interviews/{id}/pick: the participant picks a
// slot; back to their entry page with a flash. A pick that lost a race
// (or came after a reschedule) says so politely.
func (h *Handler) interviewPick(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, err := h.interviewID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	back, err := h.interviewBack(r, a, id, "/me")
	if err != nil {
		return err
	}
	slot, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("slot")), 10, 64)
	err = h.svc.Interviews.Pick(r.Context(), a, id, slot)
	if inputError(err) {
		iv, _, gerr := h.svc.Interviews.Get(r.Context(), a, id)
		if gerr != nil {
			return gerr
		}
		p := interviewPickPage{Base: h.base(r, l, l.T("interview.pick_title")), Back: back,
			Item: interviewItemOf(l, 1, iv, false, true, h.svc.Interviews.Now())}
		p.Problems = []problem{pickProblem(l, l.T("fixes.pick_interview"), &p.Item, err)}
		p.NoIndex, p.HeaderSearch, p.ErrorTitle = true, false, true
		return h.render(w, errorStatus(err), "interview_pick", p)
	} else if err != nil {
		return backOnConflict(err, back, pickConflictFlash[furusato.ConflictOf(err)])
	}
	h.redirect(w, r, back, "interview.flash_picked")
	return nil
}

// pickConflictFlash words each conflict of a pick: the times changed, or
// another interview is already fixed; any other (picked, cancelled,
// passed) the generic flash.
var pickConflictFlash = map[string]string{
	"":                            "interview.flash_pick_conflict",
	furusato.ConflictStale:        "interview.flash_pick_conflict",
	furusato.ConflictSlotsChanged: "truth.interview.flash_slots_changed",
	furusato.ConflictOtherConfirm: "truth.interview.flash_other_confirmed",
	furusato.ConflictTimesPassed:  "fixes.flash.times_passed",
}

// interviewCalendar is GET /interviews/{file} for file ID.ics: the
// iCalendar file of a confirmed (or cancelled) interview, for anyone who
// may view its entry.
func (h *Handler) interviewCalendar(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	id, err := strconv.ParseInt(name, 10, 64)
	if !ok || err != nil || id <= 0 {
		h.notFound(w, r, l)
		return nil
	}
	text, err := h.svc.Interviews.Calendar(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		return err // ENOTFOUND too while no time is fixed: there is no file yet
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="interview-%d.ics"`, id))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write([]byte(text))
	return err
}
