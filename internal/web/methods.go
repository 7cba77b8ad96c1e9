package web

import (
	"net/http"
	"strings"
)

// probeMethods are the methods a path may be registered for; HEAD is
// allowed wherever GET is (the mux serves HEAD with the GET handler).
var probeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// fallback is the handler of "/", the pattern every request no other route
// takes reaches: a path that exists for other methods answers 405 with an
// Allow header naming them (as the API does), anything else the 404 page.
// Its pattern has no method so that the method-less patterns of other
// packages (the API's 405 answers) do not conflict with it.
func (h *Handler) fallback(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allow := allowedMethods(mux, r)
		if len(allow) == 0 {
			h.NotFound(w, r)
			return
		}
		l, redirected := h.locale(w, r)
		if redirected {
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		p := errorPage{Base: h.base(r, l, l.T("notallowed.title")), Message: l.T("notallowed.message"), Search: true}
		p.HeaderSearch, p.NoIndex = false, true
		if err := h.render(w, http.StatusMethodNotAllowed, "error", p); err != nil {
			h.serverError(w, r, l, err)
		}
	}
}

// allowedMethods returns the methods for which mux has a route of r's path
// other than the catch-all "/".
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range probeMethods {
		probe := *r // mux.Handler reads only the method, host and URL
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" && pattern != "/" {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	return allow
}
