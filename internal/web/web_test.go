package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// testNow is the fixed clock of these tests: a Friday morning in JST.
var testNow = time.Date(2026, 11, 20, 10, 0, 0, 0, furusato.JST)

const testBaseURL = "https://furusato.example.jp"

type site struct {
	h    *Handler
	srv  http.Handler
	db   *store.DB
	auth *service.Auth
}

// newSite returns the pages over a fresh SQLite database with the demo
// catalogue, behind the request-id and security-header middleware. The
// database is a copy of one that demo.Load filled once per test process.
func newSite(t *testing.T) *site {
	t.Helper()
	db := testkit.NewSQLiteWith(t, "web demo", func(ctx context.Context, db *store.DB) error {
		_, err := demo.Load(ctx, db, testNow)
		return err
	})
	return newSiteOver(t, db)
}

// newSiteOn is newSite over db, for tests that run on both engines.
func newSiteOn(t *testing.T, db *store.DB) *site {
	t.Helper()
	if _, err := demo.Load(context.Background(), db, testNow); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	return newSiteOver(t, db)
}

// newSiteOver is newSite over db, which holds the demo catalogue already.
func newSiteOver(t *testing.T, db *store.DB) *site {
	t.Helper()
	svc := newServices(t, db)
	h, err := New(Config{BaseURL: testBaseURL + "/", Demo: true, Version: "test"}, svc)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := httpx.Chain(mux, httpx.WithRequestID, httpx.WithSecurityHeaders, http.NewCrossOriginProtection().Handler, svc.Sessions.Middleware)
	return &site{h: h, srv: srv, db: db, auth: svc.Auth}
}

// newServices returns every service the pages need over db, each built
// once (service.New) as the site builds them, with the tests' clock.
func newServices(t *testing.T, db *store.DB) Services {
	t.Helper()
	s, err := service.New(db, service.Config{BaseURL: testBaseURL, Now: func() time.Time { return testNow }, Argon: service.TestArgon})
	if err != nil {
		t.Fatal(err)
	}
	return ServicesOf(s, httpx.NewSessions(db.SessionStore(httpx.SessionOwner), false, s.Auth)) // the test server speaks http
}

// get requests path with headers given as name, value pairs.
func (s *site) get(t *testing.T, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "evil.example.com"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// page requests path and checks the status and that it is a whole page of
// the site.
func (s *site) page(t *testing.T, path string, status int, headers ...string) string {
	t.Helper()
	res, body := s.get(t, path, headers...)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, res.StatusCode, status, snippet(body))
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	for _, want := range []string{"<!doctype html>", `<a class="skip" href="#main">`, `<main id="main"`, "<footer", s.h.StaticURL("app.css")} {
		if !strings.Contains(body, want) {
			t.Fatalf("GET %s: page lacks %q", path, want)
		}
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script") || strings.Contains(body, " onclick") {
		t.Fatalf("GET %s: inline style or script breaks the CSP", path)
	}
	// A catalogue message rendered without one of its values.
	if strings.Contains(body, "&lt;no value&gt;") || strings.Contains(body, "<no value>") {
		t.Fatalf("GET %s: a message lacks a value: %s", path, snippet(body[max(0, strings.Index(body, "no value")-200):]))
	}
	checkHeadings(t, path, body)
	return body
}

func snippet(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// checkHeadings checks there is one h1, that <title> contains it, and that
// no heading level is skipped.
func checkHeadings(t *testing.T, path, body string) {
	t.Helper()
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Fatalf("GET %s: %d h1 elements", path, n)
	}
	h1 := textOf(between(body, "<h1", "</h1>"))
	title := between(body, "<title>", "</title>")
	if h1 == "" || !strings.Contains(title, h1) {
		t.Fatalf("GET %s: title %q does not contain h1 %q", path, title, h1)
	}
	level := 0
	for i := 0; i < len(body)-3; i++ {
		if body[i] == '<' && body[i+1] == 'h' && body[i+2] >= '1' && body[i+2] <= '6' && (body[i+3] == '>' || body[i+3] == ' ') {
			l := int(body[i+2] - '0')
			if level != 0 && l > level+1 {
				t.Fatalf("GET %s: heading h%d after h%d near %q", path, l, level, snippet(body[i:min(len(body), i+120)]))
			}
			level = l
		}
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, ">"); from[len(from)-1] != '>' && j >= 0 {
		s = s[j+1:]
	}
	j := strings.Index(s, to)
	if j < 0 {
		return ""
	}
	return s[:j]
}

// textOf drops tags.
func textOf(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

func mustContain(t *testing.T, where, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: lacks %q", where, w)
		}
	}
}

func mustNotContain(t *testing.T, where, body string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(body, w) {
			t.Errorf("%s: should not contain %q", where, w)
		}
	}
}
