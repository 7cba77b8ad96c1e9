package app_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// pageOf returns the body of res, gunzipped when it came gzipped.
func pageOf(t *testing.T, res *http.Response) string {
	t.Helper()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// visit serves a GET of path with the headers given as name, value pairs.
func (s *sessionSite) visit(t *testing.T, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, s.base+path, nil)
	req.Header.Set("Accept-Language", "ja")
	req.Header.Set("Accept-Encoding", "gzip")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	res := rec.Result()
	return res, pageOf(t, res)
}

// Visitors without a session share cached pages (same body, a weak ETag,
// revalidation with 304, the right Vary), and nothing of a signed-in person
// ever gets into them or out of them: a signed-in person's page is built
// for them (private, no-store, no ETag) before and after visitors filled
// the cache, and a visitor never sees their name or badge. A language or
// a flash message of one visitor is never served to another.
func TestPageCache_VisitorsShareOnlyPublicPages(t *testing.T) {
	quiet(t)
	s := newSessionSite(t, "http://furusato.test")
	const name = "参加者 デモ"
	for _, path := range []string{"/", "/projects", "/projects?q=" + url.QueryEscape("岐阜") + "&page=1", "/projects/" + demoProject, "/organizations"} {
		first, body := s.visit(t, path)
		if first.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, first.StatusCode)
		}
		etag := first.Header.Get("ETag")
		if !strings.HasPrefix(etag, `W/"`) || first.Header.Get("Cache-Control") != "no-cache" || first.Header.Get("Content-Encoding") != "gzip" ||
			first.Header.Get("Set-Cookie") != "" || first.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("%s: headers %v", path, first.Header)
		}
		vary := strings.Join(first.Header.Values("Vary"), ", ")
		for _, v := range []string{"Accept-Encoding", "Accept-Language", "Cookie"} {
			if n := strings.Count(vary, v); n != 1 {
				t.Errorf("%s: Vary %q names %s %d times, want once", path, vary, v, n)
			}
		}
		again, body2 := s.visit(t, path)
		if again.Header.Get("ETag") != etag || body2 != body || strings.Join(again.Header.Values("Vary"), ", ") != vary {
			t.Errorf("%s: the second visit differs: %v", path, again.Header)
		}
		plain, body3 := s.visit(t, path, "Accept-Encoding", "identity")
		if plain.Header.Get("Content-Encoding") != "" || body3 != body {
			t.Errorf("%s: without gzip: %v, same body %v", path, plain.Header, body3 == body)
		}
		if res, b := s.visit(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified || b != "" || res.Header.Get("ETag") != etag {
			t.Errorf("%s with If-None-Match: %d %q", path, res.StatusCode, b)
		}
		if strings.Contains(body, name) || strings.Contains(body, `href="/notifications"`) {
			t.Errorf("%s: a visitor's page names someone", path)
		}
	}

	res := s.do(http.MethodPost, "/account/signin", url.Values{"email": {"participant@demo.furusato.example"}, "password": {demo.Password}}, "192.0.2.7")
	c := setCookie(res, "furusato_session")
	if c == nil {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	cookie := c.Name + "=" + c.Value
	for _, path := range []string{"/", "/projects", "/projects/" + demoProject} {
		res, body := s.visit(t, path, "Cookie", cookie)
		if res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("ETag") != "" {
			t.Errorf("%s signed in: headers %v", path, res.Header)
		}
		if !strings.Contains(body, name) || !strings.Contains(body, `href="/notifications"`) {
			t.Errorf("%s signed in: the page is not the person's own", path)
		}
		_, visitor := s.visit(t, path)
		if strings.Contains(visitor, name) || strings.Contains(visitor, `href="/notifications"`) {
			t.Errorf("%s: a visitor sees the signed-in person's page", path)
		}
	}

	_, ja := s.visit(t, "/projects")
	en, enBody := s.visit(t, "/projects", "Accept-Language", "en")
	if !strings.Contains(enBody, `<html lang="en"`) || enBody == ja || en.Header.Get("ETag") == "" {
		t.Errorf("an English visitor got the Japanese page")
	}
	if _, b := s.visit(t, "/projects", "Cookie", "lang=en"); b != enBody {
		t.Errorf("the lang cookie does not pick the English page")
	}

	flash, flashBody := s.visit(t, "/projects", "Cookie", "furusato_flash=invite.flash_accepted")
	if flash.Header.Get("ETag") != "" || flash.Header.Get("Cache-Control") != "private, no-store" || flashBody == ja || !strings.Contains(flashBody, `class="flash"`) {
		t.Errorf("a visitor's flash message went through the cache: %v", flash.Header)
	}
	if _, b := s.visit(t, "/projects"); b != ja || strings.Contains(b, `class="flash"`) {
		t.Errorf("another visitor sees the flash message")
	}
}

// A cached page follows the catalogue: a write on this node shows at once
// (a withdrawn project leaves the list and its page), on both engines.
func TestPageCache_FollowsCatalogueWrites(t *testing.T) {
	quiet(t)
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newApp(t, db)
		path := "/projects/" + demoProject
		for range 2 {
			if res, body := get(t, h, "/projects?q="+url.QueryEscape("クレソン")); res.StatusCode != http.StatusOK || !strings.Contains(body, path) {
				t.Fatalf("/projects before: %d, lists the project %v", res.StatusCode, strings.Contains(body, path))
			}
			if res, _ := get(t, h, path); res.StatusCode != http.StatusOK {
				t.Fatalf("%s before: %d", path, res.StatusCode)
			}
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			p, err := tx.FindProject(ctx, demoProject, furusato.PublicStatuses)
			if err != nil {
				return err
			}
			return tx.SetProjectStatus(ctx, p.ID, p.Status, furusato.StatusDraft, appNow)
		})
		if err != nil {
			t.Fatal(err)
		}
		if res, _ := get(t, h, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after withdrawal: %d, want 404", path, res.StatusCode)
		}
		if _, body := get(t, h, "/projects?q="+url.QueryEscape("クレソン")); strings.Contains(body, path) {
			t.Errorf("/projects still lists the withdrawn project")
		}
	})
}
