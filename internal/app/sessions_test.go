package app_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// sessionSite is the whole handler over a fresh SQLite file with the demo
// data, and a second, read-only connection to that file for looking into
// the sessions table.
type sessionSite struct {
	h    http.Handler
	base string
	raw  *sql.DB
}

func newSessionSite(t *testing.T, base string) *sessionSite {
	t.Helper()
	ctx := context.Background()
	path := testkit.SQLitePath(t)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db, appNow); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	if _, err := demo.LoadAccounts(ctx, db, appNow, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	h, err := app.New(db, newServices(t, db, base, func() time.Time { return appNow }), app.Options{BaseURL: base, Demo: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return &sessionSite{h: h, base: base, raw: raw}
}

// do serves one request from the client address ip with the cookies given
// as "name=value" strings.
func (s *sessionSite) do(method, path string, form url.Values, ip string, cookies ...string) *http.Response {
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, s.base+path, body)
	req.RemoteAddr = net.JoinHostPort(ip, "40000")
	req.Header.Set("Accept-Language", "ja")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.base)
	}
	for _, c := range cookies {
		req.Header.Add("Cookie", c)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec.Result()
}

// rows returns every sessions row as one string of its columns.
func (s *sessionSite) rows(t *testing.T) []string {
	t.Helper()
	rs, err := s.raw.Query(`SELECT token_hash, user_id, epoch, hex(data), expires_at FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var hash, data string
		var uid, epoch, exp int64
		if err := rs.Scan(&hash, &uid, &epoch, &data, &exp); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %d %s %d", hash, uid, epoch, data, exp))
	}
	return out
}

func setCookie(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

const coordinator = "coordinator.gifu@demo.furusato.example"

// Under an https base URL the session cookie is __Host-furusato_session
// (Secure, Path=/, no Domain) and every response carries
// Strict-Transport-Security; under http it is furusato_session, not
// Secure, and there is no HSTS (a browser would ignore it anyway, and a
// local setup must not be pinned to https).
func TestApp_SessionCookieAndHSTSFollowTheBaseURL(t *testing.T) {
	quiet(t)
	for _, c := range []struct {
		base, cookie string
		secure       bool
	}{
		{"https://furusato.example.jp", "__Host-furusato_session", true},
		{"http://furusato.example.jp", "furusato_session", false},
	} {
		t.Run(c.base[:strings.Index(c.base, ":")], func(t *testing.T) {
			s := newSessionSite(t, c.base)
			res := s.do("POST", "/account/signin", url.Values{"email": {coordinator}, "password": {demo.Password}}, "192.0.2.10")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", res.StatusCode)
			}
			var raw string
			for _, v := range res.Header.Values("Set-Cookie") {
				if strings.HasPrefix(v, c.cookie+"=") {
					raw = v
				}
			}
			if raw == "" {
				t.Fatalf("no %s cookie in %q", c.cookie, res.Header.Values("Set-Cookie"))
			}
			if strings.Contains(raw, "Secure") != c.secure || !strings.Contains(raw, "Path=/") || strings.Contains(raw, "Domain=") || !strings.Contains(raw, "HttpOnly") {
				t.Errorf("session cookie %q: want Secure=%v, Path=/, HttpOnly, no Domain", raw, c.secure)
			}
			hsts := "max-age=63072000"
			if !c.secure {
				hsts = ""
			}
			if got := res.Header.Get("Strict-Transport-Security"); got != hsts {
				t.Errorf("sign-in: Strict-Transport-Security %q, want %q", got, hsts)
			}
			for _, p := range []string{"/", "/static/nothing.css", "/healthz"} {
				if got := s.do("GET", p, nil, "192.0.2.10").Header.Get("Strict-Transport-Security"); got != hsts {
					t.Errorf("GET %s: Strict-Transport-Security %q, want %q", p, got, hsts)
				}
			}
			sc := setCookie(res, c.cookie)
			if got := s.do("GET", "/account", nil, "192.0.2.10", sc.Name+"="+sc.Value); got.StatusCode != http.StatusOK {
				t.Errorf("GET /account with the cookie: %d", got.StatusCode)
			}
		})
	}
}

// The database holds only the SHA-256 of a session token: the token in the
// cookie appears nowhere in the sessions table, and the session works.
func TestApp_SessionTokenIsStoredHashed(t *testing.T) {
	quiet(t)
	s := newSessionSite(t, appBaseURL)
	res := s.do("POST", "/account/signin", url.Values{"email": {coordinator}, "password": {demo.Password}}, "192.0.2.10")
	sc := setCookie(res, "__Host-furusato_session")
	if sc == nil || sc.Value == "" {
		t.Fatalf("sign-in: %d, no session cookie", res.StatusCode)
	}
	rows := s.rows(t)
	if len(rows) != 1 {
		t.Fatalf("sessions rows %q, want 1", rows)
	}
	sum := sha256.Sum256([]byte(sc.Value))
	tokenHex := strings.ToUpper(hex.EncodeToString([]byte(sc.Value)))
	if strings.Contains(rows[0], sc.Value) || strings.Contains(rows[0], tokenHex) {
		t.Errorf("the token %q is in the sessions table: %q", sc.Value, rows[0])
	}
	if !strings.HasPrefix(rows[0], hex.EncodeToString(sum[:])+" ") {
		t.Errorf("row %q is not keyed by the token's SHA-256", rows[0])
	}
	if got := s.do("GET", "/account", nil, "192.0.2.10", sc.Name+"="+sc.Value); got.StatusCode != http.StatusOK {
		t.Errorf("GET /account with the cookie: %d", got.StatusCode)
	}
	// The stored hash is no token.
	if got := s.do("GET", "/account", nil, "192.0.2.10", sc.Name+"="+hex.EncodeToString(sum[:])); got.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /account with the hash as the cookie: %d, want 303 to sign in", got.StatusCode)
	}
	// Signing out leaves no row.
	if got := s.do("POST", "/account/signout", url.Values{}, "192.0.2.10", sc.Name+"="+sc.Value); got.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", got.StatusCode)
	}
	if rows := s.rows(t); len(rows) != 0 {
		t.Errorf("after sign-out: rows %q", rows)
	}
}

// Visitors cost no session rows: forgot-password posts, sign-ups, the
// language switch and every page leave the sessions table as it was and
// set no session cookie, yet the flash message still shows on the next
// page. Forgot-password posts are limited per network; over the limit the
// form comes back with 429.
func TestApp_AnonymousPostsCreateNoSessionRows(t *testing.T) {
	quiet(t)
	s := newSessionSite(t, appBaseURL)
	noSession := func(what string, res *http.Response) {
		t.Helper()
		if c := setCookie(res, "__Host-furusato_session"); c != nil && c.MaxAge >= 0 {
			t.Errorf("%s: a session cookie %q", what, c.Value)
		}
	}
	var flash *http.Cookie
	for i := range service.ResetIPLimit {
		res := s.do("POST", "/account/password/forgot", url.Values{"email": {fmt.Sprintf("someone%d@example.jp", i)}}, fmt.Sprintf("2001:db8:1:1::%x", i+1))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("forgot %d: %d", i, res.StatusCode)
		}
		noSession("forgot", res)
		if flash = setCookie(res, "__Host-furusato_flash"); flash == nil {
			t.Fatalf("forgot %d: no flash cookie in %q", i, res.Header.Values("Set-Cookie"))
		}
	}
	res := s.do("GET", "/account/signin", nil, "2001:db8:1:1::1", flash.Name+"="+flash.Value)
	body := readBody(t, res)
	if !strings.Contains(body, "パスワード再設定のメールを送りました") {
		t.Errorf("the flash is not shown after forgot")
	}
	if c := setCookie(res, "__Host-furusato_flash"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the shown flash is not cleared: %v", c)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("a page with a flash: Cache-Control %q", cc)
	}
	noSession("signin page", res)

	res = s.do("POST", "/account/password/forgot", url.Values{"email": {"one-more@example.jp"}}, "2001:db8:1:1:ffff::9")
	body = readBody(t, res)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, `action="/account/password/forgot"`) || !strings.Contains(body, `value="one-more@example.jp"`) {
		t.Errorf("over the per-network limit: %d, want 429 with the form\n%s", res.StatusCode, body)
	}
	noSession("forgot over the limit", res)

	res = s.do("POST", "/account/signup", url.Values{"display_name": {"花子"}, "email": {"hanako@example.jp"}, "password": {"kuresonn-no-sato-2026"}, "agree": {"1"}}, "192.0.2.20")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d", res.StatusCode)
	}
	noSession("sign-up", res)
	noSession("language switch", s.do("GET", "/?lang=en", nil, "192.0.2.20"))
	noSession("top page", s.do("GET", "/", nil, "192.0.2.20"))
	res = s.do("POST", "/account/signin", url.Values{"email": {"nobody@example.jp"}, "password": {"wrong-password-1"}}, "192.0.2.20")
	noSession("failed sign-in", res)
	if rows := s.rows(t); len(rows) != 0 {
		t.Errorf("visitors left %d session rows", len(rows))
	}
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
