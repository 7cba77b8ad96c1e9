package web

import "net/http"

// registerMessages adds the routes of this area, each line with the permission it
// needs (decided by internal/policy in the service).
func (h *Handler) registerMessages(mux *http.ServeMux) {
}
