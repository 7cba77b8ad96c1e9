package web

import "net/http"

// registerMessages adds the routes of this area, each line with the permission it
// needs (decided by internal/policy in the service).
func (h *Handler) registerMessages(mux *http.ServeMux) {
	mux.Handle("POST /entries/{id}/messages", h.signedIn(h.messagePost))           // signed-in: policy.EntryMessage (participant, coordinators, company staff); others 404
	mux.Handle("GET /notifications", h.signedIn(h.notificationList))               // signed-in: own notices only
	mux.Handle("POST /notifications/read-all", h.signedIn(h.notificationReadAll))  // signed-in: own notices only
	mux.Handle("GET /notifications/{id}", h.signedIn(h.notificationOpen))          // signed-in: own notice; another's id is 404; marks read, goes to its link
	mux.Handle("POST /notifications/{id}/read", h.signedIn(h.notificationRead))    // signed-in: own notice; another's id is 404
	mux.Handle("GET /account/notifications", h.signedIn(h.notificationPrefs))      // signed-in: own preferences only
	mux.Handle("POST /account/notifications", h.signedIn(h.notificationPrefsSave)) // signed-in: own preferences only
}
