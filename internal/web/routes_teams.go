package web

import "net/http"

// registerTeams adds the routes of the team workspaces (issue 10), each
// line with the permission it needs (decided by internal/policy in the
// service: policy.Team over the team's scope; outsiders get 404).
func (h *Handler) registerTeams(mux *http.ServeMux) {
	mux.Handle("GET /teams/{id}", h.signedIn(h.teamShow)) // signed-in: policy.TeamView (the team and admins); others 404
	// Team meetings (kickoff and later) and the project's start and completion.
	mux.Handle("GET /teams/{id}/meetings/new", h.signedIn(h.teamMeetingNewForm))          // signed-in: policy.TeamMeetingSchedule (coordinators, company staff, admins)
	mux.Handle("POST /teams/{id}/meetings/new", h.signedIn(h.teamMeetingCreate))          // signed-in: policy.TeamMeetingSchedule
	mux.Handle("GET /meetings/{id}/reschedule", h.signedIn(h.teamMeetingRescheduleForm))  // signed-in: policy.TeamMeetingSchedule on the meeting's team
	mux.Handle("POST /meetings/{id}/reschedule", h.signedIn(h.teamMeetingRescheduleSave)) // signed-in: policy.TeamMeetingSchedule
	mux.Handle("GET /meetings/{id}/cancel", h.signedIn(h.teamMeetingCancelForm))          // signed-in: policy.TeamMeetingSchedule (confirmation page)
	mux.Handle("POST /meetings/{id}/cancel", h.signedIn(h.teamMeetingCancelSave))         // signed-in: policy.TeamMeetingSchedule
	mux.Handle("POST /meetings/{id}/pick", h.signedIn(h.teamMeetingPick))                 // signed-in: policy.TeamMeetingPick (participants, coordinators, admins)
	mux.Handle("GET /meetings/{file}", h.signedIn(h.teamMeetingCalendar))                 // signed-in: policy.TeamView; file is ID.ics
	mux.Handle("GET /teams/{id}/start", h.signedIn(h.teamStartForm))                      // signed-in: policy.TeamStart (confirmation page)
	mux.Handle("POST /teams/{id}/start", h.signedIn(h.teamStartSave))                     // signed-in: policy.TeamStart, then policy.Move
	mux.Handle("GET /teams/{id}/complete", h.signedIn(h.teamCompleteForm))                // signed-in: policy.TeamComplete (confirmation page)
	mux.Handle("POST /teams/{id}/complete", h.signedIn(h.teamCompleteSave))               // signed-in: policy.TeamComplete, then policy.Move
	mux.Handle("GET /teams/{id}/end-early", h.signedIn(h.teamEndEarlyForm))               // signed-in: policy.TeamComplete (confirmation page with the reason)
	mux.Handle("POST /teams/{id}/end-early", h.signedIn(h.teamEndEarlySave))              // signed-in: policy.TeamComplete, then policy.Move
}
