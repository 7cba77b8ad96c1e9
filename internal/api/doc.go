// Package api is the public JSON API under /api/v1/ and the Atom feed of
// newly published projects (/feed.atom).
//
// Most routes are public reads of the catalogue: handlers parse and check
// the query (unknown parameters and bad values are 400s with the offending
// fields), call one method of service.Catalogue, and encode a typed
// response. The token routes (manage.go) act for the owner of a personal
// access token, whom httpx.WithAPITokens puts in the request context (a
// session cookie never counts): they read a JSON body (at most 1 MB, no
// unknown fields) and call one method of service.Projects, which asks the
// policy. Errors are always {"error":{"code","message","fields","params"}}
// (httpx.WriteJSONError; params are each field's rule values, and the
// message names field, rule and bound); absolute URLs come from Config.BaseURL, never from
// the request's Host. The route table (routes.go) and the embedded OpenAPI
// document (openapi.json) describe the same API, which openapi_test.go
// keeps true.
//
// New takes every service the API calls (Services), each required: no route
// depends on whether a service was wired.
//
// It imports furusato, service and httpx; never store.
package api
