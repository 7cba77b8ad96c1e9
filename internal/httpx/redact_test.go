package httpx_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/httpx"
)

// captureHandler keeps every record logged through it, with its attributes
// as text.
type captureHandler struct {
	mu   *sync.Mutex
	recs *[]map[string]string
}

func (h captureHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h captureHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h captureHandler) WithGroup(string) slog.Handler            { return h }
func (h captureHandler) Handle(_ context.Context, r slog.Record) error {
	m := map[string]string{"msg": r.Message}
	r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	h.mu.Lock()
	*h.recs = append(*h.recs, m)
	h.mu.Unlock()
	return nil
}

func captureLog(t *testing.T) func() []map[string]string {
	t.Helper()
	var mu sync.Mutex
	var recs []map[string]string
	old := slog.Default()
	slog.SetDefault(slog.New(captureHandler{&mu, &recs}))
	t.Cleanup(func() { slog.SetDefault(old) })
	return func() []map[string]string {
		mu.Lock()
		defer mu.Unlock()
		return append([]map[string]string(nil), recs...)
	}
}

const secretTok = "qO1SJjnfQeJrvnPYj3kxzNq-AbC_dEf0123456789xyz"

func TestWithLog_TokenPathsAreLoggedWithoutTheToken(t *testing.T) {
	logs := captureLog(t)
	h := httpx.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) }),
		httpx.WithRequestID, httpx.WithLog(nil), httpx.WithSecurityHeaders)
	for path, want := range map[string]string{
		"/account/password/reset/" + secretTok:     "/account/password/reset/{token}",
		"/account/verify/" + secretTok:             "/account/verify/{token}",
		"/invitations/" + secretTok:                "/invitations/{token}",
		"/invitations/" + secretTok + "/accept":    "/invitations/{token}/accept",
		"/account//password/reset/" + secretTok:    "/account/password/reset/{token}",
		"/account/verify/" + secretTok + "%2Fmore": "/account/verify/{token}/more",
		"/projects/gifu-kuresonn":                  "/projects/gifu-kuresonn",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			before := len(logs())
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
			recs := logs()[before:]
			if len(recs) != 1 || recs[0]["msg"] != "request" {
				t.Fatalf("%s %s: logged %v, want one request line", method, path, recs)
			}
			for k, v := range recs[0] {
				if strings.Contains(v, secretTok) {
					t.Errorf("%s %s: %s=%q holds the token", method, path, k, v)
				}
			}
			if got := recs[0]["path"]; got != want {
				t.Errorf("%s %s: path=%q, want %q", method, path, got, want)
			}
			rp := w.Header().Get("Referrer-Policy")
			if strings.Contains(want, "{token}") && rp != "no-referrer" {
				t.Errorf("%s %s: Referrer-Policy %q, want no-referrer on a page with a token in its address", method, path, rp)
			}
			if !strings.Contains(want, "{token}") && rp != "strict-origin-when-cross-origin" {
				t.Errorf("%s %s: Referrer-Policy %q", method, path, rp)
			}
		}
	}
}

func TestLogError_TokenPathIsLoggedWithoutTheToken(t *testing.T) {
	logs := captureLog(t)
	r := httptest.NewRequest(http.MethodPost, "/account/password/reset/"+secretTok, nil)
	httpx.LogError(r, errors.New("database is gone"))
	recs := logs()
	if len(recs) != 1 || recs[0]["path"] != "/account/password/reset/{token}" {
		t.Fatalf("logged %v, want one line with the path without its token", recs)
	}
	for k, v := range recs[0] {
		if strings.Contains(v, secretTok) {
			t.Errorf("%s=%q holds the token", k, v)
		}
	}
}

// A page whose query names a token path (the sign-in page an invitation
// sends a visitor to) sends no Referer either.
func TestWithSecurityHeaders_NoReferrerWhenTheQueryHoldsATokenPath(t *testing.T) {
	h := httpx.WithSecurityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for target, want := range map[string]string{
		"/account/signin?next=%2Finvitations%2F" + secretTok:         "no-referrer",
		"/account/signup?next=/invitations/" + secretTok + "/accept": "no-referrer",
		"/account/signin?next=%2Faccount":                            "strict-origin-when-cross-origin",
		"/projects?q=invitations":                                    "strict-origin-when-cross-origin",
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		if got := w.Header().Get("Referrer-Policy"); got != want {
			t.Errorf("%s: Referrer-Policy %q, want %q", target, got, want)
		}
	}
}
