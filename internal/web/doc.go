// Package web serves the server-rendered HTML pages of the platform: the
// catalogue (top page, project list and search, project detail, regions,
// themes, organisations), the 404/400/500 pages, the language switch and
// the content-hashed static files.
//
// Handlers are thin: they parse and check the request, call one service
// method and render a typed page with package ui. The package imports
// furusato, service, httpx and ui; never store, and it writes no SQL.
package web
