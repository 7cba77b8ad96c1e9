package web

import "net/http"

// registerTeams adds the routes of the team workspaces (issue 10), each
// line with the permission it needs (decided by internal/policy in the
// service: policy.Team over the team's scope; outsiders get 404).
func (h *Handler) registerTeams(mux *http.ServeMux) {
	mux.Handle("GET /teams/{id}", h.signedIn(h.teamShow))                              // signed-in: policy.TeamView (the team and admins); others 404
	mux.Handle("POST /teams/{id}/interventions", h.signedIn(h.teamInterventionCreate)) // signed-in: policy.InterventionRecord (the team's coordinators and admins); outsiders 404
}
