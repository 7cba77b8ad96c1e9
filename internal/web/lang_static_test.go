package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestLanguage_AcceptLanguageCookieAndSwitch(t *testing.T) {
	s := newSite(t)
	ja := s.page(t, "/projects", http.StatusOK)
	mustContain(t, "default", ja, `<html lang="ja">`, "プロジェクトを探す", `href="/projects?lang=en" lang="en" hreflang="en">English</a>`)

	en := s.page(t, "/projects", http.StatusOK, "Accept-Language", "en-GB,en;q=0.9")
	mustContain(t, "accept-language en", en, `<html lang="en">`, "<h1>Find projects</h1>", "Search with these conditions", ">日本語</a>")
	mustNotContain(t, "accept-language en", en, "この条件で検索する")
	fr := s.page(t, "/", http.StatusOK, "Accept-Language", "fr")
	mustContain(t, "unsupported language", fr, `<html lang="ja">`)

	// ?lang=en sets a cookie and redirects to the same URL without it.
	res, _ := s.get(t, "/projects?prefecture=gifu&lang=en&page=1")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("?lang=en: status %d", res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != "/projects?page=1&prefecture=gifu" {
		t.Errorf("?lang=en: Location %q", loc)
	}
	var c *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == "lang" {
			c = k
		}
	}
	if c == nil || c.Value != "en" || c.SameSite != http.SameSiteLaxMode || c.MaxAge < 364*24*3600 || c.Path != "/" || !c.Secure {
		t.Fatalf("lang cookie: %+v", c)
	}
	// The cookie wins over Accept-Language.
	body := s.page(t, "/projects?prefecture=gifu", http.StatusOK, "Cookie", "lang=en", "Accept-Language", "ja")
	mustContain(t, "cookie en", body, `<html lang="en">`, "<h1>Find projects</h1>", "Gifu</label>")
	body = s.page(t, "/projects/gifu-watercress-evangelist", http.StatusOK, "Cookie", "lang=ja", "Accept-Language", "en")
	mustContain(t, "cookie ja", body, `<html lang="ja">`, "背景と課題")
	// English formats dates and money its own way.
	body = s.page(t, "/projects/gifu-watercress-evangelist", http.StatusOK, "Cookie", "lang=en")
	mustContain(t, "en detail", body, "Background and challenge", "¥15,000 a month", "Tue, 1 Dec 2026", `<meta property="og:locale" content="en_US">`)

	res, _ = s.get(t, "/?lang=xx")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" || len(res.Cookies()) != 0 {
		t.Errorf("?lang=xx: %d %q %v", res.StatusCode, res.Header.Get("Location"), res.Cookies())
	}
}

func TestStatic_HashedImmutableAndGzip(t *testing.T) {
	s := newSite(t)
	css := s.h.StaticURL("app.css")
	if !strings.HasPrefix(css, "/static/app.") || len(css) != len("/static/app.12345678.css") {
		t.Fatalf("StaticURL = %q", css)
	}
	res, body := s.get(t, css)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/css; charset=utf-8" ||
		res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("GET %s: %d %v", css, res.StatusCode, res.Header)
	}
	if !strings.Contains(body, "--c-primary: #0017c1") || len(body) > 30*1024 {
		t.Errorf("stylesheet: %d bytes", len(body))
	}
	res, gz := s.get(t, css, "Accept-Encoding", "gzip, br")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip: %v", res.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(gz)))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != body {
		t.Error("gzip variant differs from the file")
	}
	if len(gz) > 8*1024 {
		t.Errorf("stylesheet is %d bytes gzipped, over the 8KB budget", len(gz))
	}
	res, _ = s.get(t, css, "Accept-Encoding", "gzip;q=0")
	if res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	res, _ = s.get(t, css, "If-None-Match", res.Header.Get("ETag"))
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
	for _, bad := range []string{"/static/app.00000000.css", "/static/app.css", "/static/nope.js"} {
		res, body := s.get(t, bad)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "ページが見つかりません") {
			t.Errorf("GET %s: %d", bad, res.StatusCode)
		}
	}
	res, body = s.get(t, "/favicon.ico")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(body, "<svg") {
		t.Errorf("favicon: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	icon := s.h.StaticURL("favicon.svg")
	if res, _ := s.get(t, icon); res.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", icon, res.StatusCode)
	}
}

func TestSecurityHeadersAndNoHostLeak(t *testing.T) {
	s := newSite(t)
	res, body := s.get(t, "/projects/gifu-watercress-evangelist")
	if res.Header.Get("Content-Security-Policy") == "" {
		t.Error("no CSP")
	}
	if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
		t.Errorf("Vary = %q", vary)
	}
	mustNotContain(t, "detail", body, "evil.example.com", "http://furusato")
}
