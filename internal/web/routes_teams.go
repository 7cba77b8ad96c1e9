package web

import "net/http"

// registerTeams adds the routes of the team workspaces (issue 10), each
// line with the permission it needs (decided by internal/policy in the
// service: policy.Team over the team's scope; outsiders get 404).
func (h *Handler) registerTeams(mux *http.ServeMux) {
	mux.Handle("GET /teams/{id}", h.signedIn(h.teamShow)) // signed-in: policy.TeamView (the team and admins); others 404
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
}
