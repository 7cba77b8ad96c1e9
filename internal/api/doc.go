// Package api is the public JSON API under /api/v1/ and the Atom feed of
// newly published projects (/feed.atom).
//
// Every route is a public read of the catalogue: handlers parse and check
// the query (unknown parameters and bad values are 400s with the offending
// fields), call one method of service.Catalogue, and encode a typed
// response. Errors are always {"error":{"code","message","fields"}}
// (httpx.WriteJSONError); absolute URLs come from Config.BaseURL, never from
// the request's Host. The route table (routes.go) and the embedded OpenAPI
// document (openapi.json) describe the same API, which openapi_test.go
// keeps true.
//
// It imports furusato, service and httpx; never store.
package api
