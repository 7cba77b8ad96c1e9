package web

import "net/http"

// registerTrust adds the routes of the site's own pages (terms, privacy
// policy, operator, contact, FAQ), their admin editing, agreeing to
// changed terms, and sending the confirmation mail again.
func (h *Handler) registerTrust(mux *http.ServeMux) {
	mux.Handle("GET /pages/{slug}", h.page(h.pageShow))               // public; an unknown slug is 404
	mux.Handle("GET /account/verify/resend", h.account(h.resendForm)) // public: a visitor types the address; signed-in: their own
	mux.Handle("POST /account/verify/resend", h.account(h.resend))    // public; the same answer for every address; throttled per account and network
	mux.Handle("GET /account/terms", h.signedIn(h.termsForm))         // signed-in: own consent only
	mux.Handle("POST /account/terms", h.signedIn(h.termsAgree))       // signed-in: own consent to the version shown
	mux.Handle("GET /admin/pages", h.admin(h.adminPages))             // policy.Global PageEdit: admins
	mux.Handle("GET /admin/pages/{slug}", h.admin(h.adminPageEdit))   // policy.Global PageEdit: admins
	mux.Handle("POST /admin/pages/{slug}", h.admin(h.adminPageSave))  // policy.Global PageEdit: admins; conditional on the version read; audited
}
