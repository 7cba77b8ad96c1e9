package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/httpx"
)

// asset is one static file, hashed and compressed once at start.
type asset struct {
	url   string // /static/app.1a2b3c4d.css
	ctype string
	body  []byte
	gz    []byte // nil when gzip would not make it smaller
	etag  string
}

// staticFiles serves the files of ui.Static at content-hashed URLs, so they
// can be cached for a year: a change makes a new URL.
type staticFiles struct {
	byName   map[string]*asset // app.css
	byHashed map[string]*asset // app.1a2b3c4d.css
	notFound http.HandlerFunc
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.Contains(name, "/") {
			return fmt.Errorf("web: static file %s: subdirectories are not served", name)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:8]
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hash + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if strings.HasPrefix(ctype, "text/") && !strings.Contains(ctype, "charset") {
			ctype += "; charset=utf-8"
		}
		a := &asset{url: "/static/" + hashed, ctype: ctype, body: body, etag: `"` + hash + `"`}
		if compressible(ctype) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(body)
			if err := zw.Close(); err != nil {
				return err
			}
			if buf.Len() < len(body) {
				a.gz = buf.Bytes()
			}
		}
		s.byName[name], s.byHashed[hashed] = a, a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	for _, need := range []string{"app.css", "favicon.svg"} {
		if s.byName[need] == nil {
			return nil, fmt.Errorf("web: static file %s is missing", need)
		}
	}
	return s, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "json")
}

func (s *staticFiles) url(name string) string {
	if a := s.byName[name]; a != nil {
		return a.url
	}
	return ""
}

// serve sends a file by its hashed name; any other name is 404, so an old
// or made-up hash never gets a wrong file cached for a year.
func (s *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	a := s.byHashed[r.PathValue("file")]
	if a == nil {
		s.notFound(w, r)
		return
	}
	s.write(w, r, a, "public, max-age=31536000, immutable")
}

// favicon answers browsers that ask for /favicon.ico with our SVG icon.
func (s *staticFiles) favicon(w http.ResponseWriter, r *http.Request) {
	s.write(w, r, s.byName["favicon.svg"], "public, max-age=86400")
}

func (s *staticFiles) write(w http.ResponseWriter, r *http.Request, a *asset, cache string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cache)
	h.Set("ETag", a.etag)
	if a.gz != nil {
		httpx.AddVary(h, "Accept-Encoding")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// acceptsGzip reports whether the client takes gzip (and did not refuse it
// with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			params = strings.ReplaceAll(params, " ", "")
			return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
		}
	}
	return false
}
