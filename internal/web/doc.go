// Package web serves the server-rendered HTML pages of the platform: the
// catalogue (top page, project list and search, project detail, regions,
// themes, organisations), the account, management, entry, interview,
// message and admin pages, the error pages, the language switch and the
// content-hashed static files.
//
// New takes every service the pages call (Services), each required: no page
// depends on whether a service was wired.
//
// Handlers are thin: they parse and check the request, call one service
// method and render a typed page with package ui. They return errors and
// never decide a status from an error's code: fail (errors.go) is the one
// mapping of a domain code to a status and a page (404, a sign-in, 403,
// 409, 429, 400, or a logged 500). A form that shows its errors beside its
// fields asks inputError or formError (forms.go) and takes its status from
// errorStatus; a stale action that should go back with a flash marks its
// error with backOnConflict, a mailed link with deadLink. The package imports
// furusato, service, httpx and ui; never store, and it writes no SQL.
package web
