package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the id of the request ctx belongs to.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Chain wraps h in middleware, the first being the outermost.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// WithRequestID gives every request an id, sent back as X-Request-Id.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// WithLog logs one line per request with its id, status, size and duration.
// A path with a secret in it (a reset, confirmation or invitation link) is
// logged with the secret replaced by furusato.RedactedSecret.
func WithLog(proxies *Proxies) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			slog.InfoContext(r.Context(), "request",
				"request_id", RequestID(r.Context()), "method", r.Method, "path", furusato.RedactSecretPath(r.URL.Path),
				"status", sw.status, "bytes", sw.size, "duration_ms", float64(time.Since(start).Microseconds())/1000,
				"ip", proxies.ClientIP(r))
		})
	}
}

// WithRecover turns a panic into a logged internal error and a plain 500,
// never a stack trace to the user.
func WithRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()), "panic", p, "stack", string(debug.Stack()))
				// Headers the handler set for the response it meant to send
				// must not describe (or let caches keep) this plain 500.
				h := w.Header()
				for _, k := range []string{"Content-Encoding", "Content-Disposition", "ETag", "Last-Modified"} {
					h.Del(k)
				}
				h.Set("Cache-Control", "no-store")
				http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy allows only our own scripts, styles and images; no
// inline script, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// referrerPolicy is the Referrer-Policy of the response to r: none at all
// from a page whose address (path or query) holds a secret (so that the secret never
// leaves in a Referer header, not even to this site), else the origin
// only to other sites.
func referrerPolicy(r *http.Request) string {
	if furusato.IsSecretPath(r.URL.Path) {
		return "no-referrer"
	}
	// The sign-in and sign-up pages an invitation sends a visitor to carry
	// its link in their next parameter.
	if q, err := url.QueryUnescape(r.URL.RawQuery); r.URL.RawQuery != "" && (err != nil || furusato.RedactSecretLinks(q) != q) {
		return "no-referrer"
	}
	return "strict-origin-when-cross-origin"
}

// WithSecurityHeaders sets the headers every response carries.
func WithSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", referrerPolicy(r))
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// HSTS is the Strict-Transport-Security header sent under an https public
// origin: browsers use only https for the site for two years.
const HSTS = "max-age=63072000"

// WithHSTS sets Strict-Transport-Security on every response when https
// (the public origin is https); under http it changes nothing, so a local
// or test setup is never pinned to https.
func WithHSTS(https bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if !https {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", HSTS)
			next.ServeHTTP(w, r)
		})
	}
}
