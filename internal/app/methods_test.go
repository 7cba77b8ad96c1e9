package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A wrong method on a page answers 405 with Allow, as the API does; a path
// no method has is still the 404 page.
func TestPages_WrongMethodIs405WithAllow(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	for _, c := range []struct{ method, path, allow string }{
		{"POST", "/projects", "GET, HEAD"},
		{"DELETE", "/", "GET, HEAD"},
		{"PUT", "/projects/" + demoProject, "GET, HEAD"},
		{"POST", "/regions/gifu", "GET, HEAD"},
		{"GET", "/account/signout", "POST"},
		{"PATCH", "/account/signin", "GET, HEAD, POST"},
		{"DELETE", "/api/v1/projects", "GET, HEAD, OPTIONS, POST"},
	} {
		req := httptest.NewRequest(c.method, c.path, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		allow := strings.Split(rec.Header().Get("Allow"), ", ")
		want := strings.Split(c.allow, ", ")
		slices.Sort(allow)
		slices.Sort(want)
		if rec.Code != http.StatusMethodNotAllowed || !slices.Equal(allow, want) {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", c.method, c.path, rec.Code, rec.Header().Get("Allow"), c.allow)
		}
		if !strings.HasPrefix(c.path, "/api/") && !strings.Contains(rec.Body.String(), "<!doctype html>") {
			t.Errorf("%s %s: not the HTML error page", c.method, c.path)
		}
	}
	for _, m := range []string{"GET", "POST"} {
		req := httptest.NewRequest(m, "/no-such-page", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotFound || rec.Header().Get("Allow") != "" {
			t.Errorf("%s /no-such-page: %d Allow %q, want 404", m, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

// HEAD answers with the headers GET gives (Content-Encoding included when
// gzip applies) and no body.
func TestPages_HeadHasTheGetHeaders(t *testing.T) {
	srv := httptest.NewServer(newApp(t, testkit.NewDB(t, store.SQLite)))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	do := func(method, path string, gzip bool) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		if gzip {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	skip := map[string]bool{"Date": true, "X-Request-Id": true, "Content-Length": true}
	for _, path := range []string{"/", "/projects?prefecture=gifu", "/projects/" + demoProject, "/api/v1/projects", "/feed.atom", "/no-such-page"} {
		for _, gz := range []bool{false, true} {
			get, _ := do("GET", path, gz)
			head, body := do("HEAD", path, gz)
			if head.StatusCode != get.StatusCode || len(body) != 0 {
				t.Errorf("HEAD %s gzip=%v: %d with %d bytes, GET %d", path, gz, head.StatusCode, len(body), get.StatusCode)
			}
			for name := range get.Header {
				if !skip[name] && !slices.Equal(get.Header.Values(name), head.Header.Values(name)) {
					t.Errorf("HEAD %s gzip=%v: %s = %q, GET has %q", path, gz, name, head.Header.Values(name), get.Header.Values(name))
				}
			}
			for name := range head.Header {
				if !skip[name] && get.Header.Get(name) == "" {
					t.Errorf("HEAD %s gzip=%v: %s only on HEAD", path, gz, name)
				}
			}
			if gz && get.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("GET %s: not gzipped", path)
			}
		}
	}
}
