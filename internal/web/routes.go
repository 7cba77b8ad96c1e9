package web

import "net/http"

// Register adds every page route to mux. All routes here are public: the
// catalogue is for anyone, without an account; nothing here needs a
// permission check (see policy from the accounts issue on).
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /{$}", h.page(h.home))                              // public
	mux.Handle("GET /projects", h.page(h.projectList))                  // public
	mux.Handle("GET /projects/{key}", h.page(h.projectShow))            // public; non-public statuses are 404
	mux.Handle("GET /regions/{slug}", h.page(h.regionShow))             // public
	mux.Handle("GET /areas/{slug}", h.page(h.areaShow))                 // public
	mux.Handle("GET /themes/{slug}", h.page(h.themeShow))               // public
	mux.Handle("GET /organizations", h.page(h.organizationList))        // public
	mux.Handle("GET /organizations/{slug}", h.page(h.organizationShow)) // public
	mux.HandleFunc("GET /static/{file}", h.static.serve)                // public, immutable
	mux.HandleFunc("GET /favicon.ico", h.static.favicon)                // public
	mux.HandleFunc("/", h.NotFound)                                     // public: everything else is 404 (any method, so that
	// method-less patterns of other packages, such as the API's 405 answers, do not conflict)
}
