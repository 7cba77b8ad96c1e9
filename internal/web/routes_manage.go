package web

import "net/http"

// registerManage adds the routes where company staff and coordinators
// manage projects, each line with the permission it needs. The decisions
// themselves are the policy's (internal/policy), made in the service.
func (h *Handler) registerManage(mux *http.ServeMux) {
}
