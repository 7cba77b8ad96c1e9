package web

import "net/http"

// Register adds every page route to mux, each with who may use it: public
// (anyone), visitor-only (a signed-in person is sent to /account) or
// signed-in (a visitor is sent to sign in). The catalogue is for anyone,
// without an account. POSTs from other sites are refused before they get
// here (http.CrossOriginProtection in app). The public pages are served to
// visitors without a session from the page cache (pagecache.go).
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /{$}", h.cached(h.page(h.home)))                                // public
	mux.Handle("GET /projects", h.cached(h.page(h.projectList)))                    // public
	mux.Handle("GET /projects/filters", h.cached(h.page(h.projectFilters)))         // public: the filter form on its own page (phones)
	mux.Handle("GET /projects/{key}", h.cached(h.page(h.projectShow)))              // public; non-public statuses are 404
	mux.Handle("GET /regions/{slug}", h.cached(h.page(h.regionShow)))               // public
	mux.Handle("GET /areas/{slug}", h.cached(h.page(h.areaShow)))                   // public
	mux.Handle("GET /themes/{slug}", h.cached(h.page(h.themeShow)))                 // public
	mux.Handle("GET /organizations", h.cached(h.page(h.organizationList)))          // public
	mux.Handle("GET /organizations/{slug}", h.cached(h.page(h.organizationShow)))   // public
	mux.Handle("GET /account/signup", h.visitorOnly(h.signupForm))                  // visitor-only
	mux.Handle("POST /account/signup", h.visitorOnly(h.signup))                     // visitor-only; throttled per IP
	mux.Handle("GET /account/signin", h.visitorOnly(h.signinForm))                  // visitor-only
	mux.Handle("POST /account/signin", h.visitorOnly(h.signin))                     // visitor-only; throttled per account and IP
	mux.Handle("POST /account/signout", h.account(h.signout))                       // public (a visitor is just sent home)
	mux.Handle("GET /account/verify/{token}", h.account(h.verify))                  // public: the token is the permission
	mux.Handle("GET /account/password/forgot", h.account(h.forgotForm))             // public
	mux.Handle("POST /account/password/forgot", h.account(h.forgot))                // public; the same answer for every address
	mux.Handle("GET /account/password/reset/{token}", h.account(h.resetForm))       // public: the token is the permission
	mux.Handle("POST /account/password/reset/{token}", h.account(h.reset))          // public: the token is the permission
	mux.Handle("GET /account", h.signedIn(h.accountShow))                           // signed-in: own account only
	mux.Handle("POST /account/password", h.signedIn(h.passwordChange))              // signed-in: own account, current password
	mux.Handle("POST /account/email", h.signedIn(h.emailChange))                    // signed-in: own account, current password
	mux.Handle("POST /account/signout-everywhere", h.signedIn(h.signoutEverywhere)) // signed-in: own account
	mux.Handle("POST /account/language", h.signedIn(h.languageSave))                // signed-in: own account; mail and pages in this language
	mux.Handle("GET /mail/unsubscribe/{token}", h.page(h.unsubscribePage))          // public: the signed token is the permission; asks first
	mux.Handle("POST /mail/unsubscribe/{token}", h.page(h.unsubscribe))             // public: the signed token is the permission; one-click (RFC 8058)
	mux.Handle("GET /account/tokens", h.signedIn(h.tokenList))                      // signed-in: own API tokens only (policy.TokenManageOwn)
	mux.Handle("POST /account/tokens", h.signedIn(h.tokenCreate))                   // signed-in: own API tokens; the token is shown once
	mux.Handle("POST /account/tokens/{id}/revoke", h.signedIn(h.tokenRevoke))       // signed-in: own API tokens; another's id is 404
	mux.Handle("GET /account/profile", h.signedIn(h.profileShow))                   // signed-in: own profile only, no user id in the URL
	mux.Handle("POST /account/profile", h.signedIn(h.profileSave))                  // signed-in: own profile only
	mux.Handle("GET /account/export", h.signedIn(h.exportData))                     // signed-in: own data only, as a JSON download; audited
	mux.Handle("GET /account/delete", h.signedIn(h.deleteForm))                     // signed-in: own account
	mux.Handle("POST /account/delete", h.signedIn(h.deleteAccount))                 // signed-in: own account, current password
	h.registerManage(mux)                                                           // routes_manage.go: projects and dashboards of staff and coordinators
	h.registerEntries(mux)                                                          // routes_entries.go: favourites, entries, My page, boards (issue 4)
	h.registerInterviews(mux)                                                       // routes_interviews.go: interview slots, picks, .ics
	h.registerMessages(mux)                                                         // routes_messages.go: entry threads, notification centre, preferences
	h.registerTeams(mux)                                                            // routes_teams.go: team workspaces after the match (issue 10)
	h.registerRecords(mux)                                                          // routes_records.go: participation records and their credentials (issue 10)
	h.registerAdmin(mux)                                                            // routes_admin.go: organisations, memberships, invitations, audit, outbox
	h.registerTrust(mux)                                                            // routes_trust.go: site pages (terms, privacy, FAQ…), consent, resending the confirmation
	mux.HandleFunc("GET /images/{key...}", h.imageServe)                            // public: keys are unguessable content hashes; immutable
	mux.HandleFunc("GET /static/{file}", h.static.serve)                            // public, immutable
	mux.HandleFunc("GET /favicon.ico", h.static.favicon)                            // public
	mux.HandleFunc("/", h.fallback(mux))                                            // public: a path of other methods is 405 with Allow, everything else 404 (methods.go)
}
