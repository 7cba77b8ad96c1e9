package httpx_test

import (
	"bytes"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/httpx"
)

// quietLog sends the default slog logger to buf for the test's duration, so
// that recovered panics do not clutter the output and can be inspected.
func quietLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

func TestWithRequestID_SetsHeaderAndContext(t *testing.T) {
	var inCtx string
	h := httpx.WithRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inCtx = httpx.RequestID(r.Context())
	}))
	seen := map[string]bool{}
	for range 50 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		id := w.Header().Get("X-Request-Id")
		if id == "" {
			t.Fatal("X-Request-Id is missing")
		}
		if _, err := hex.DecodeString(id); err != nil || len(id) != 16 {
			t.Errorf("X-Request-Id = %q, want 16 hex digits", id)
		}
		if inCtx != id {
			t.Errorf("RequestID(ctx) = %q, header says %q", inCtx, id)
		}
		if seen[id] {
			t.Fatalf("request id %q repeated", id)
		}
		seen[id] = true
	}
}

func TestRequestID_EmptyOutsideMiddleware(t *testing.T) {
	if id := httpx.RequestID(httptest.NewRequest(http.MethodGet, "/", nil).Context()); id != "" {
		t.Errorf("RequestID without middleware = %q, want empty", id)
	}
}

func TestWithRequestID_IgnoresClientSuppliedID(t *testing.T) {
	h := httpx.WithRequestID(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("X-Request-Id", "attacker-chosen\nvalue")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got := w.Header().Get("X-Request-Id"); got == "" || strings.Contains(got, "attacker") {
		t.Errorf("X-Request-Id = %q, want a fresh server-made id", got)
	}
}

func TestChain_FirstIsOutermost(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	h := httpx.Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { order = append(order, "handler") }),
		mw("a"), mw("b"), mw("c"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if got := strings.Join(order, ","); got != "a,b,c,handler" {
		t.Errorf("order = %s, want a,b,c,handler", got)
	}
}

func TestWithRecover_PanicBecomesGeneric500(t *testing.T) {
	logs := quietLog(t)
	const secret = "secret-db-password-in-panic"
	h := httpx.WithRequestID(httpx.WithRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		panic(secret)
	})))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))

	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	body := w.Body.String()
	if strings.TrimSpace(body) != "500 Internal Server Error" {
		t.Errorf("body = %q, want the generic message", body)
	}
	for _, leak := range []string{secret, "goroutine", ".go:", "panic"} {
		if strings.Contains(body, leak) {
			t.Errorf("body leaks %q: %q", leak, body)
		}
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain", ct)
	}
	if cc := w.Header().Get("Cache-Control"); strings.Contains(cc, "public") {
		t.Errorf("Cache-Control = %q: a 500 must not be cached as the handler's response would be", cc)
	}
	// The panic and its stack go to the log, with the request id.
	id := w.Header().Get("X-Request-Id")
	if !strings.Contains(logs.String(), secret) || !strings.Contains(logs.String(), "request_id="+id) || !strings.Contains(logs.String(), "stack=") {
		t.Errorf("log lacks the panic, request id %s or stack:\n%s", id, logs)
	}
}

func TestWithRecover_DropsContentEncodingOfHandler(t *testing.T) {
	quietLog(t)
	// A handler that was about to send a precompressed file panics: the
	// plain-text 500 must not claim to be gzip.
	h := httpx.WithRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", "1234")
		panic("boom")
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	if ce := w.Header().Get("Content-Encoding"); ce != "" {
		t.Errorf("Content-Encoding = %q on a plain-text 500", ce)
	}
	if cl := w.Header().Get("Content-Length"); cl == "1234" {
		t.Errorf("Content-Length of the handler's file kept: %q", cl)
	}
}

func TestWithRecover_PanicInsideGzipGivesReadable500(t *testing.T) {
	quietLog(t)
	// The order app.New uses: recover outside gzip.
	h := httpx.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		httpx.WithRecover, httpx.WithSecurityHeaders, httpx.WithGzip)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	if ce := w.Header().Get("Content-Encoding"); ce != "" {
		t.Errorf("Content-Encoding = %q, but the body is plain: %q", ce, w.Body)
	}
	if strings.TrimSpace(w.Body.String()) != "500 Internal Server Error" {
		t.Errorf("body = %q", w.Body)
	}
	if w.Header().Get("Content-Security-Policy") != httpx.ContentSecurityPolicy {
		t.Error("500 lacks the CSP header")
	}
}

func TestWithRecover_ErrAbortHandlerRepanics(t *testing.T) {
	logs := quietLog(t)
	h := httpx.WithRecover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	w := httptest.NewRecorder()
	defer func() {
		p := recover()
		if p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", p)
		}
		if w.Code == http.StatusInternalServerError && w.Body.Len() > 0 {
			t.Errorf("a 500 was written for an aborted handler: %q", w.Body)
		}
		if strings.Contains(logs.String(), "panic") {
			t.Errorf("an aborted handler was logged as a panic:\n%s", logs)
		}
	}()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	t.Fatal("ServeHTTP returned: ErrAbortHandler was swallowed")
}

func TestWithRecover_NoPanicPassesThrough(t *testing.T) {
	h := httpx.WithRecover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, "ok")
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusTeapot || w.Body.String() != "ok" {
		t.Errorf("got %d %q, want 418 ok", w.Code, w.Body)
	}
}

func TestWithSecurityHeaders(t *testing.T) {
	h := httpx.WithSecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<p>hi</p>")
	}))
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodHead} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, "/x", nil))
		hd := w.Header()
		if got := hd.Get("Content-Security-Policy"); got != httpx.ContentSecurityPolicy {
			t.Errorf("%s: CSP = %q, want %q", method, got, httpx.ContentSecurityPolicy)
		}
		if got := hd.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", method, got)
		}
		if got := hd.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("%s: X-Frame-Options = %q", method, got)
		}
		if got := hd.Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" {
			t.Errorf("%s: Referrer-Policy = %q", method, got)
		}
	}
}

func TestContentSecurityPolicy_Directives(t *testing.T) {
	directives := map[string]string{}
	for _, d := range strings.Split(httpx.ContentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if _, dup := directives[name]; dup {
			t.Errorf("directive %s repeated", name)
		}
		directives[name] = value
	}
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"object-src":      "'none'",
		"base-uri":        "'self'",
		"frame-ancestors": "'none'",
		"form-action":     "'self'",
	}
	for name, v := range want {
		if directives[name] != v {
			t.Errorf("%s = %q, want %q", name, directives[name], v)
		}
	}
	for name, v := range directives {
		if strings.Contains(v, "unsafe-inline") || strings.Contains(v, "unsafe-eval") || strings.Contains(v, "*") {
			t.Errorf("%s allows %q", name, v)
		}
	}
}
