package httpx_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/httpx"
)

// gzipGet serves one request through WithGzip(h).
func gzipGet(t *testing.T, h http.Handler, method, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "/", nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	httpx.WithGzip(h).ServeHTTP(w, r)
	return w
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v (%q)", err, b)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return string(out)
}

func hasVaryAcceptEncoding(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), "Accept-Encoding") {
				return true
			}
		}
	}
	return false
}

// serveBody answers with body as ctype, setting Content-Length as a file
// server would.
func serveBody(ctype, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.Header().Set("Content-Length", "999")
		_, _ = io.WriteString(w, body)
	})
}

var page = strings.Repeat("<p>ふるさと兼業 — 地域のプロジェクト</p>\n", 200)

func TestWithGzip_CompressesText(t *testing.T) {
	for _, ctype := range []string{"text/html; charset=utf-8", "application/json; charset=utf-8", "text/css", "application/atom+xml", "text/javascript"} {
		t.Run(ctype, func(t *testing.T) {
			w := gzipGet(t, serveBody(ctype, page), http.MethodGet, "gzip, deflate, br")
			if ce := w.Header().Get("Content-Encoding"); ce != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", ce)
			}
			if cl := w.Header().Get("Content-Length"); cl != "" {
				t.Errorf("Content-Length = %q kept on a compressed body", cl)
			}
			if w.Body.Len() >= len(page) {
				t.Errorf("compressed %d bytes into %d", len(page), w.Body.Len())
			}
			if got := gunzip(t, w.Body.Bytes()); got != page {
				t.Errorf("decompressed body differs from the original (%d vs %d bytes)", len(got), len(page))
			}
			if !hasVaryAcceptEncoding(w.Header()) {
				t.Errorf("Vary = %q, want Accept-Encoding", w.Header().Values("Vary"))
			}
			if ct := w.Header().Get("Content-Type"); ct != ctype {
				t.Errorf("Content-Type = %q, want %q", ct, ctype)
			}
		})
	}
}

func TestWithGzip_ManyWritesAndExplicitStatus(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusNotFound)
		for i := range 100 {
			_, _ = io.WriteString(w, strings.Repeat(string(rune('a'+i%26)), 100))
		}
	})
	w := gzipGet(t, h, http.MethodGet, "gzip")
	if w.Code != http.StatusNotFound || w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("got %d %q, want a gzip 404", w.Code, w.Header().Get("Content-Encoding"))
	}
	if got := gunzip(t, w.Body.Bytes()); len(got) != 10000 || got[:3] != "aaa" || got[9997:] != "vvv" {
		t.Errorf("decompressed %d bytes, want the 10000 written", len(got))
	}
}

func TestWithGzip_SniffsUntypedHTML(t *testing.T) {
	w := gzipGet(t, serveBody("", "<!doctype html>"+page), http.MethodGet, "gzip")
	if ce := w.Header().Get("Content-Encoding"); ce != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip for sniffed HTML", ce)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want sniffed text/html", ct)
	}
	if got := gunzip(t, w.Body.Bytes()); got != "<!doctype html>"+page {
		t.Error("decompressed body differs")
	}
}

func TestWithGzip_LeavesAlone(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 500)
	tests := []struct {
		name, accept, method string
		h                    http.Handler
		wantBody, wantCE     string
	}{
		{"image/png", "gzip", http.MethodGet, serveBody("image/png", png), png, ""},
		{"no Accept-Encoding", "", http.MethodGet, serveBody("text/html", page), page, ""},
		{"only br accepted", "br", http.MethodGet, serveBody("text/html", page), page, ""},
		{"already encoded", "gzip", http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.Header().Set("Content-Encoding", "br")
			_, _ = io.WriteString(w, "pretend-brotli")
		}), "pretend-brotli", "br"},
		{"precompressed gzip", "gzip", http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			w.Header().Set("Content-Encoding", "gzip")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, "\x1f\x8balready")
		}), "\x1f\x8balready", "gzip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := gzipGet(t, tc.h, tc.method, tc.accept)
			if ce := w.Header().Get("Content-Encoding"); ce != tc.wantCE {
				t.Errorf("Content-Encoding = %q, want %q", ce, tc.wantCE)
			}
			if w.Body.String() != tc.wantBody {
				t.Errorf("body changed: got %d bytes %q…", w.Body.Len(), w.Body.String()[:min(20, w.Body.Len())])
			}
			if !hasVaryAcceptEncoding(w.Header()) {
				t.Errorf("Vary = %q, want Accept-Encoding (the answer depends on it even when not compressed)", w.Header().Values("Vary"))
			}
		})
	}
}

// HEAD answers with the headers of GET, Content-Encoding included (the
// server drops the body of a HEAD).
func TestWithGzip_HeadHasTheGetEncoding(t *testing.T) {
	w := gzipGet(t, serveBody("text/html", page), http.MethodHead, "gzip")
	if ce := w.Header().Get("Content-Encoding"); ce != "gzip" || !hasVaryAcceptEncoding(w.Header()) {
		t.Errorf("HEAD: Content-Encoding %q, Vary %q; want gzip, Accept-Encoding", ce, w.Header().Values("Vary"))
	}
}

func TestWithGzip_NoBodyStatuses(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusNotModified} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
		})
		w := gzipGet(t, h, http.MethodGet, "gzip")
		if w.Code != status || w.Header().Get("Content-Encoding") != "" || w.Body.Len() != 0 {
			t.Errorf("%d: got %d, Content-Encoding %q, %d body bytes; want untouched and empty",
				status, w.Code, w.Header().Get("Content-Encoding"), w.Body.Len())
		}
	}
}

func TestWithGzip_RefusedByQZero(t *testing.T) {
	// "gzip;q=0" means the client does not accept gzip (RFC 9110 §12.5.3).
	for _, accept := range []string{"gzip;q=0", "gzip; q=0.0, identity", "identity"} {
		w := gzipGet(t, serveBody("text/html", page), http.MethodGet, accept)
		if ce := w.Header().Get("Content-Encoding"); ce != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q, want none", accept, ce)
		}
	}
	for _, accept := range []string{"GZIP", "deflate, gzip;q=0.5", "*", "x-gzip, gzip;q=1"} {
		w := gzipGet(t, serveBody("text/html", page), http.MethodGet, accept)
		if ce := w.Header().Get("Content-Encoding"); ce != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q, want gzip", accept, ce)
		}
	}
}

func TestWithGzip_WriterIsReusedCleanly(t *testing.T) {
	// Pooled writers must not carry one response's bytes into the next.
	for i := range 20 {
		body := strings.Repeat(string(rune('a'+i)), 1000+i)
		w := gzipGet(t, serveBody("text/plain", body), http.MethodGet, "gzip")
		if got := gunzip(t, w.Body.Bytes()); got != body {
			t.Fatalf("response %d: decompressed %d bytes, want %d", i, len(got), len(body))
		}
	}
}
