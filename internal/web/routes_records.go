package web

import "net/http"

// registerRecords adds the routes of participation records and their
// verifiable credentials (issue 10), each with the permission it needs
// (policy.Record, decided in service.Records). The /ob3 documents are for
// verifiers: public, JSON-LD, never HTML.
func (h *Handler) registerRecords(mux *http.ServeMux) {
	mux.Handle("GET /records/{id}", h.page(h.recordShow))                     // public once issued and made public; otherwise policy.RecordView (participant, company staff, coordinators, admins); others 404
	mux.Handle("GET /records/{id}/certificate", h.page(h.recordCertificate))  // as GET /records/{id}; a draft has no certificate (404)
	mux.Handle("POST /records/{id}/public", h.signedIn(h.recordPublic))       // signed-in: policy.RecordPublish, the participant only
	mux.Handle("GET /records/{id}/confirm", h.signedIn(h.recordConfirmForm))  // signed-in: policy.RecordConfirm, the company's staff, while a draft
	mux.Handle("POST /records/{id}/confirm", h.signedIn(h.recordConfirm))     // signed-in: policy.RecordConfirm; issues the record
	mux.Handle("GET /admin/records/{id}/revoke", h.admin(h.recordRevokeForm)) // signed-in: policy.RecordRevoke, admins, while issued
	mux.Handle("POST /admin/records/{id}/revoke", h.admin(h.recordRevoke))    // signed-in: policy.RecordRevoke; final
	mux.HandleFunc("GET /ob3/issuer", h.ob3Issuer)                            // public: the issuer profile and key controller document
	mux.HandleFunc("GET /ob3/credentials/{id}", h.ob3Credential)              // public for a public issued record; otherwise 404, its participant included
	mux.HandleFunc("GET /ob3/status/{n}", h.ob3StatusList)                    // public: the signed revocation status list
}
