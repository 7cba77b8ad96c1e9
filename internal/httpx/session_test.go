package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/alexedwards/scs/v2/memstore"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

type noActors struct{}

func (noActors) Actor(context.Context, int64) (*furusato.Actor, error) {
	return nil, furusato.Errorf(furusato.ENOTFOUND, "none")
}

// A flash travels in its own cookie (no session for a visitor), is shown
// once and then cleared; a flash cookie that cannot be a catalogue key is
// ignored.
func TestSessions_FlashCookieIsOneShotAndIgnoresJunk(t *testing.T) {
	s := httpx.NewSessions(memstore.New(), true, noActors{})
	h := s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/set" {
			s.Flash(r.Context(), "account.flash_reset_sent")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		_, _ = w.Write([]byte("flash=" + s.PopFlash(r.Context())))
	}))
	serve := func(path, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "https://furusato.example.jp"+path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := serve("/set", "")
	var flash *http.Cookie
	for _, c := range rec.Result().Cookies() {
		switch c.Name {
		case httpx.SecureFlashCookie:
			flash = c
		case httpx.SecureSessionCookie:
			t.Errorf("a visitor's flash made a session: %v", c)
		}
	}
	if flash == nil || flash.Value != "account.flash_reset_sent" || !flash.Secure || !flash.HttpOnly || flash.Path != "/" || flash.MaxAge <= 0 || flash.MaxAge > 60 {
		t.Fatalf("flash cookie %+v", flash)
	}
	rec = serve("/", flash.Name+"="+flash.Value)
	if rec.Body.String() != "flash=account.flash_reset_sent" {
		t.Errorf("shown: %q", rec.Body.String())
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("page with a flash: Cache-Control %q", cc)
	}
	cleared := false
	for _, c := range rec.Result().Cookies() {
		cleared = cleared || (c.Name == httpx.SecureFlashCookie && c.MaxAge < 0)
	}
	if !cleared {
		t.Errorf("shown flash not cleared: %q", rec.Header().Values("Set-Cookie"))
	}
	if got := serve("/", httpx.SecureFlashCookie+"=<script>").Body.String(); got != "flash=" {
		t.Errorf("junk flash cookie shown: %q", got)
	}
	if cc := serve("/", "").Header().Get("Cache-Control"); cc != "" {
		t.Errorf("a visitor's page without flash: Cache-Control %q", cc)
	}
}

// A response that writes the session cookie says once that it must not be
// stored: the session library's own no-cache="Set-Cookie" is folded into
// our private, no-store, whether the handler writes a body, redirects or
// writes nothing.
func TestSessions_CookieResponseSaysCacheControlOnce(t *testing.T) {
	s := httpx.NewSessions(memstore.New(), true, noActors{})
	h := s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.SignIn(r.Context(), &furusato.User{ID: 7, SessionEpoch: 1}); err != nil {
			t.Error(err)
		}
		switch r.URL.Path {
		case "/body":
			_, _ = w.Write([]byte("signed in"))
		case "/redirect":
			http.Redirect(w, r, "/", http.StatusSeeOther)
		}
	}))
	for _, path := range []string{"/body", "/redirect", "/nothing"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "https://furusato.example.jp"+path, nil))
		if len(rec.Result().Cookies()) == 0 {
			t.Fatalf("%s: no session cookie", path)
		}
		if cc := rec.Header().Values("Cache-Control"); len(cc) != 1 || cc[0] != "private, no-store" {
			t.Errorf("%s: Cache-Control %q, want private, no-store once", path, cc)
		}
	}
}
