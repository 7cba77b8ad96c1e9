package app_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A form post from another site is refused before it reaches a page; a
// same-site post of a visitor gets no session, only its flash cookie,
// Secure and __Host- because the base URL is https, and a private,
// uncacheable answer.
func TestApp_CrossOriginPostRefusedAndSecureSessionCookie(t *testing.T) {
	quiet(t)
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	post := func(origin string) *http.Response {
		req := httptest.NewRequest(http.MethodPost, "https://furusato.example.jp/account/password/forgot", strings.NewReader("email=hanako%40example.jp"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	if res := post("https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: status %d, want 403", res.StatusCode)
	}
	res := post("https://furusato.example.jp")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin POST: status %d, want 303", res.StatusCode)
	}
	var cookie string
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "__Host-furusato_flash=") {
			cookie = c
		}
		if strings.Contains(c, "furusato_session=") {
			t.Errorf("a visitor's post got a session cookie %q", c)
		}
	}
	for _, want := range []string{"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("flash cookie %q lacks %s", cookie, want)
		}
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
}
