package web

import "net/http"

// registerEntries adds the routes of this area, each line with the permission it
// needs (decided by internal/policy in the service).
func (h *Handler) registerEntries(mux *http.ServeMux) {
	mux.Handle("POST /projects/{key}/favorite", h.signedIn(h.favoriteSet))           // signed-in: own favourites; public projects only
	mux.Handle("GET /me/favorites", h.signedIn(h.favoriteList))                      // signed-in: own favourites only
	mux.Handle("GET /projects/{key}/entry", h.signedIn(h.entryForm))                 // signed-in: policy.EntryCreate (not the project's own hosts)
	mux.Handle("POST /projects/{key}/entry/next", h.signedIn(h.entryNext))           // signed-in: policy.EntryCreate; step 1 checked, nothing is saved
	mux.Handle("POST /projects/{key}/entry/preview", h.signedIn(h.entryPreview))     // signed-in: policy.EntryCreate; nothing is saved
	mux.Handle("POST /projects/{key}/entry/profile", h.signedIn(h.entryToProfile))   // signed-in: own profile; the answers ride along as hidden fields, nothing is saved
	mux.Handle("POST /projects/{key}/entry", h.signedIn(h.entrySubmit))              // signed-in: policy.EntryCreate; one active entry per project
	mux.Handle("GET /me", h.signedIn(h.myPage))                                      // signed-in: own entries only
	mux.Handle("GET /me/entries/{id}", h.signedIn(h.myEntry))                        // signed-in: policy.EntryView; another's entry is 404
	mux.Handle("GET /me/entries/{id}/withdraw", h.signedIn(h.myEntryWithdrawForm))   // signed-in: policy.EntryView, own entry only (hosts: 404)
	mux.Handle("POST /me/entries/{id}/withdraw", h.signedIn(h.myEntryWithdraw))      // signed-in: policy.EntryWithdraw (the participant only)
	mux.Handle("POST /me/entries/{id}/accept", h.signedIn(h.myEntryAccept))          // signed-in: policy.EntryAccept (the participant only)
	mux.Handle("GET /manage/projects/{id}/entries", h.signedIn(h.entryBoard))        // signed-in: policy.EntryBoard; others 404
	mux.Handle("GET /manage/projects/{id}/entries.csv", h.signedIn(h.entryBoardCSV)) // signed-in: policy.EntryBoard; others 404
	mux.Handle("GET /manage/entries/{id}", h.signedIn(h.hostEntry))                  // signed-in: policy.EntryView as a host; others 404
	mux.Handle("POST /manage/entries/{id}/notes", h.signedIn(h.hostEntryNote))       // signed-in: policy.EntryNotes
	mux.Handle("POST /manage/entries/{id}/move", h.signedIn(h.hostEntryMove))        // signed-in: policy.EntryMove
}
