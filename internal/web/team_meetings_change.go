package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The cancel confirmation, the pick and the calendar file of a team
// meeting.

// meetingCancelPage is the confirmation page of a meeting's cancel.
type meetingCancelPage struct {
	ui.Base
	Problems    []problem
	Item        meetingItem
	Project     string
	Action      string
	Reason      string
	ReasonError string
	Back        string
}

// teamMeetingCancelForm is GET /meetings/{id}/cancel.
func (h *Handler) teamMeetingCancelForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingCancel(w, r, l, false)
}

// teamMeetingCancelSave is POST /meetings/{id}/cancel: reason.
func (h *Handler) teamMeetingCancelSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamMeetingCancel(w, r, l, true)
}

func (h *Handler) teamMeetingCancel(w http.ResponseWriter, r *http.Request, l *ui.Locale, post bool) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	plan, err := h.meetingPlan(r, id)
	if err != nil {
		return err
	}
	back := teamURL(plan.Team.ID)
	p := meetingCancelPage{Base: h.base(r, l, l.T("meeting.cancel_title")), Back: back, Project: plan.Project.Title,
		Action: fmt.Sprintf("/meetings/%d/cancel", id),
		Item:   meetingItemOf(l, plan.Meeting, plan.Project.Title, false, false, time.Time{})}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if !post {
		return h.render(w, http.StatusOK, "team_meeting_cancel", p)
	}
	ferr := parseForm(w, r)
	p.Reason = r.PostFormValue("reason")
	if err = ferr; err == nil {
		err = h.svc.Teams.CancelMeeting(r.Context(), httpx.ActorFrom(r.Context()), id, p.Reason)
	}
	if inputError(err) {
		p.ReasonError = reasonError(l, l.T("meeting.reason"), "meeting.error.reason_long", ferr, err)
		p.Problems, p.ErrorTitle = []problem{{Text: p.ReasonError, Anchor: "reason"}}, true
		return h.render(w, errorStatus(err), "team_meeting_cancel", p)
	} else if err != nil {
		return backOnConflict(err, back, "meeting.flash_cancelled_already")
	}
	h.redirect(w, r, back, "meeting.flash_cancelled")
	return nil
}

// meetingPickPage is the pick form again, with its error.
type meetingPickPage struct {
	ui.Base
	Problems []problem
	Item     meetingItem
	Back     string
}

// teamMeetingPick is POST /meetings/{id}/pick: a participant or the
// coordinator picks a slot; back to the workspace with a flash. A pick
// that lost a race says so politely.
func (h *Handler) teamMeetingPick(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	teamID, err := h.svc.Teams.MeetingTeam(r.Context(), a, id)
	if err != nil {
		return err
	}
	back := teamURL(teamID)
	slot, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("slot")), 10, 64)
	err = h.svc.Teams.PickMeeting(r.Context(), a, id, slot)
	if inputError(err) {
		ms, gerr := h.svc.Teams.Meetings(r.Context(), a, teamID)
		if gerr != nil {
			return gerr
		}
		p := meetingPickPage{Base: h.base(r, l, l.T("meeting.pick_title")), Back: back}
		for _, m := range ms.Meetings {
			if m.ID == id {
				p.Item = meetingItemOf(l, m, ms.Project.Title, false, true, h.svc.Teams.Now())
			}
		}
		p.Problems = []problem{pickProblem(l, l.T("fixes.pick_meeting"), &p.Item.interviewItem, err)}
		p.NoIndex, p.HeaderSearch, p.ErrorTitle, p.Nav = true, false, true, "me"
		return h.render(w, errorStatus(err), "team_meeting_pick", p)
	} else if err != nil {
		flash := "meeting.flash_pick_conflict"
		if furusato.ConflictOf(err) == furusato.ConflictTimesPassed {
			flash = "fixes.flash.times_passed"
		}
		return backOnConflict(err, back, flash)
	}
	h.redirect(w, r, back, "meeting.flash_picked")
	return nil
}

// teamMeetingCalendar is GET /meetings/{file} for file ID.ics: the
// iCalendar file of a meeting whose time is fixed, for its team.
func (h *Handler) teamMeetingCalendar(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	id, err := strconv.ParseInt(name, 10, 64)
	if !ok || err != nil || id <= 0 {
		h.notFound(w, r, l)
		return nil
	}
	text, err := h.svc.Teams.MeetingCalendar(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="meeting-%d.ics"`, id))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write([]byte(text))
	return err
}
