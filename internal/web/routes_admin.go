package web

import "net/http"

// registerAdmin adds the routes of organisations, memberships, invitations
// and the admin views (audit log, mail outbox), each line with the
// permission it needs. The decisions themselves are the policy's.
func (h *Handler) registerAdmin(mux *http.ServeMux) {
}
