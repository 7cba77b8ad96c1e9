package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

type fakeTokens map[string]*furusato.Actor

func (f fakeTokens) Authenticate(_ context.Context, token string) (*furusato.Actor, error) {
	if a, ok := f[token]; ok {
		return a, nil
	}
	return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "bad token")
}

func TestWithAPITokens_ActorFromTheTokenNeverTheSession(t *testing.T) {
	hanako := &furusato.Actor{User: &furusato.User{ID: 7}}
	cookieUser := &furusato.Actor{User: &furusato.User{ID: 9}}
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := httpx.ActorFrom(r.Context()); a.SignedIn() {
			w.Header().Set("X-Actor", string(rune('0'+a.User.ID)))
		}
		w.WriteHeader(http.StatusNoContent)
	})
	// The session middleware's actor, as if a cookie signed someone in.
	session := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(httpx.WithActor(r.Context(), cookieUser)))
		})
	}
	h := httpx.Chain(inner, session, httpx.WithAPITokens(fakeTokens{"fst_good": hanako}))
	for _, c := range []struct {
		path, auth string
		status     int
		actor      string
	}{
		{"/account", "", 204, "9"},               // pages: the session's actor
		{"/account", "Bearer fst_bad", 204, "9"}, // pages ignore the header
		{"/api/v1/me", "", 204, ""},              // the API: never the cookie's
		{"/api/v1/me", "Bearer fst_good", 204, "7"},
		{"/api/v1/me", "bearer  fst_good ", 204, "7"},
		{"/api/v1/me", "Bearer fst_bad", 401, ""},
		{"/api/v1/me", "Bearer ", 401, ""},
		{"/api/v1/me", "Basic Zm9vOmJhcg==", 401, ""},
	} {
		req := httptest.NewRequest("GET", c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Header().Get("X-Actor") != c.actor {
			t.Errorf("%s %q: %d actor %q, want %d %q", c.path, c.auth, rec.Code, rec.Header().Get("X-Actor"), c.status, c.actor)
		}
		if c.status == 401 {
			if !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
				t.Errorf("%q: 401 %v %s", c.auth, rec.Header(), rec.Body)
			}
		}
	}
}

// TestWithAPITokens_ReadTokenRefusedEveryWrite: a read-scoped token reads
// but every other method is 403 with a stable code, before any handler
// runs; a write token and a session's actor (scope "") pass.
func TestWithAPITokens_ReadTokenRefusedEveryWrite(t *testing.T) {
	reader := &furusato.Actor{User: &furusato.User{ID: 7}, Scope: furusato.ScopeRead}
	writer := &furusato.Actor{User: &furusato.User{ID: 8}, Scope: furusato.ScopeWrite}
	reached := 0
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.WriteHeader(http.StatusNoContent)
	})
	h := httpx.WithAPITokens(fakeTokens{"fst_read": reader, "fst_write": writer})(inner)
	for _, c := range []struct {
		method, token string
		status        int
	}{
		{"GET", "fst_read", 204},
		{"HEAD", "fst_read", 204},
		{"OPTIONS", "fst_read", 204},
		{"POST", "fst_read", 403},
		{"PATCH", "fst_read", 403},
		{"PUT", "fst_read", 403},
		{"DELETE", "fst_read", 403},
		{"POST", "fst_write", 204},
		{"PATCH", "fst_write", 204},
		{"DELETE", "fst_write", 204},
	} {
		reached = 0
		req := httptest.NewRequest(c.method, "/api/v1/projects", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s with %s: %d, want %d", c.method, c.token, rec.Code, c.status)
		}
		if c.status == 403 {
			if reached != 0 {
				t.Errorf("%s with a read token reached the handler", c.method)
			}
			body := rec.Body.String()
			if !strings.Contains(body, `"code":"forbidden"`) || !strings.Contains(body, `"token":"error.token_read_only"`) ||
				!strings.Contains(rec.Header().Get("WWW-Authenticate"), `error="insufficient_scope"`) {
				t.Errorf("%s with a read token: %v %s", c.method, rec.Header(), body)
			}
		}
	}
}
