package web

import "net/http"

// registerTeams adds the routes of the team workspaces (issue 10), each
// line with the permission it needs (decided by internal/policy in the
// service: policy.Team over the team's scope; outsiders get 404).
func (h *Handler) registerTeams(mux *http.ServeMux) {
	mux.Handle("GET /teams/{id}", h.signedIn(h.teamShow)) // signed-in: policy.TeamView (the team and admins); others 404

	// The charter and the agreement (teams_charter.go, teams_agreement.go).
	mux.Handle("GET /teams/{id}/charter", h.signedIn(h.charterShow))                  // signed-in: policy.TeamView; ?v=N an older version
	mux.Handle("GET /teams/{id}/charter/edit", h.signedIn(h.charterEditForm))         // signed-in: policy.CharterEdit (coordinators, company staff, admins)
	mux.Handle("POST /teams/{id}/charter/edit", h.signedIn(h.charterEditSave))        // signed-in: policy.CharterEdit; over the version read (409 + form as typed)
	mux.Handle("POST /teams/{id}/charter/confirm", h.signedIn(h.charterConfirm))      // signed-in: policy.CharterConfirm (members, for themselves); twice is a no-op
	mux.Handle("POST /teams/{id}/charter/expectation", h.signedIn(h.expectationSave)) // signed-in: policy.CharterExpect (members, their own)
	mux.Handle("GET /teams/{id}/agreement", h.signedIn(h.agreementShow))              // signed-in: policy.TeamView; the document, prints on A4
	mux.Handle("GET /teams/{id}/agreement/download", h.signedIn(h.agreementDownload)) // signed-in: policy.TeamView; text/plain attachment
	mux.Handle("GET /teams/{id}/agreement/issue", h.signedIn(h.agreementIssueForm))   // signed-in: policy.AgreementIssue (coordinators, admins)
	mux.Handle("POST /teams/{id}/agreement/issue", h.signedIn(h.agreementIssueSave))  // signed-in: policy.AgreementIssue; over the version read
	mux.Handle("POST /teams/{id}/agreement/accept", h.signedIn(h.agreementAccept))    // signed-in: policy.AgreementAcceptParticipant (for oneself) or AgreementAcceptCompany (company staff); twice is a no-op
	// The team's day-to-day work (team_work.go): every member of the team and admins unless said.
	mux.Handle("GET /teams/{id}/milestones/new", h.signedIn(h.milestoneNew))                 // signed-in: policy.MilestoneEdit (every member, admins); others 404
	mux.Handle("POST /teams/{id}/milestones", h.signedIn(h.milestoneCreate))                 // signed-in: policy.MilestoneEdit
	mux.Handle("GET /teams/{id}/milestones/{mid}/edit", h.signedIn(h.milestoneEditForm))     // signed-in: policy.MilestoneEdit
	mux.Handle("POST /teams/{id}/milestones/{mid}", h.signedIn(h.milestoneUpdate))           // signed-in: policy.MilestoneEdit; a status move is conditional on the status shown
	mux.Handle("POST /teams/{id}/milestones/{mid}/status", h.signedIn(h.milestoneMove))      // signed-in: policy.MilestoneEdit; conditional on "from"
	mux.Handle("GET /teams/{id}/thread", h.signedIn(h.teamThread))                           // signed-in: policy.TeamMessage (every member, admins); marks read
	mux.Handle("POST /teams/{id}/messages", h.signedIn(h.teamMessagePost))                   // signed-in: policy.TeamMessage; rate-limited per person and team
	mux.Handle("GET /teams/{id}/checkins", h.signedIn(h.teamCheckIns))                       // signed-in: policy.TeamView; ?before= pages older ones
	mux.Handle("GET /teams/{id}/checkins/new", h.signedIn(h.checkInNew))                     // signed-in: policy.CheckInWrite (the team's participants)
	mux.Handle("POST /teams/{id}/checkins", h.signedIn(h.checkInCreate))                     // signed-in: policy.CheckInWrite
	mux.Handle("POST /teams/{id}/checkins/{cid}/comments", h.signedIn(h.checkInCommentPost)) // signed-in: policy.CheckInComment (supporters, coordinators, admins)
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
	// Reflections, once the work has ended.
	mux.Handle("GET /teams/{id}/reflections", h.signedIn(h.reflectionsShow))  // signed-in: policy.ReflectionRead (the team and admins; what shows: policy.ReflectionVisible); others 404
	mux.Handle("POST /teams/{id}/reflections", h.signedIn(h.reflectionsPost)) // signed-in: policy.ReflectionWrite (participants, company staff, supporters, for their own side); others 404
	// Early warning: the flag and the interventions (teams_warn.go).
	mux.Handle("POST /teams/{id}/interventions", h.signedIn(h.teamInterventionCreate)) // signed-in: policy.InterventionRecord (the team's coordinators and admins); outsiders 404
}
