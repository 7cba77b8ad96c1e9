// Package httpx holds what both HTTP edges (web pages and the JSON API)
// share: middleware (request id, logging, recovery, security headers, gzip,
// metrics, the session and the Actor of each request), the mapping from
// domain error codes to HTTP statuses, client addresses behind trusted
// proxies, and JSON helpers.
//
// It imports furusato and service (the actor and token lookups the
// middleware needs), scs for sessions and the Prometheus client; never
// store.
package httpx
