package web

import "net/http"

// registerInterviews adds the routes of this area, each line with the permission it
// needs (decided by internal/policy in the service).
func (h *Handler) registerInterviews(mux *http.ServeMux) {
}
