package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed templates/*.html static/* i18n/*.json
var files embed.FS

// Static returns the static files (stylesheet, favicon), rooted at static/.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}

// shared templates are parsed into every page's template set: the layout
// and every templates/partials*.html, the sections that several pages
// include (partials_interviews.html, partials_messages.html and the team
// workspace's partials_team*.html).
var shared = []string{"templates/layout.html", "templates/partials*.html"}

// UI renders pages. It is safe for concurrent use.
type UI struct {
	pages   map[string]*template.Template
	shared  *template.Template // the layout and partials alone, for Partial
	locales map[string]*Locale
}

// New parses every template and loads both message catalogues. A broken
// template or catalogue is an error here, so it fails start-up rather than
// a request. funcs adds template functions for the caller's own types.
func New(funcs template.FuncMap) (*UI, error) {
	locales, err := catalogue() // loaded once per process: it never changes
	if err != nil {
		return nil, err
	}
	fm := baseFuncs()
	for k, v := range funcs {
		fm[k] = v
	}
	base, err := template.New("").Funcs(fm).ParseFS(files, shared...)
	if err != nil {
		return nil, fmt.Errorf("ui: parse shared templates: %w", err)
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	u := &UI{pages: map[string]*template.Template{}, locales: locales}
	if u.shared, err = base.Clone(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if isShared(name) {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(files, name); err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("ui: %s defines no \"content\"", name)
		}
		u.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return u, nil
}

func isShared(name string) bool {
	for _, s := range shared {
		if ok, _ := path.Match(s, name); ok {
			return true
		}
	}
	return false
}

// Locale returns the locale of lang ("ja" or "en"); anything else gets
// Japanese.
func (u *UI) Locale(lang string) *Locale {
	if l, ok := u.locales[lang]; ok {
		return l
	}
	return u.locales[DefaultLang]
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render executes page into a pooled buffer and, only when that worked,
// writes it with status as text/html. On error nothing has been written,
// so the caller can still send an error page.
func (u *UI) Render(w http.ResponseWriter, status int, page string, data any) error {
	t, ok := u.pages[page]
	if !ok {
		return fmt.Errorf("ui: no page %q", page)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // do not keep huge buffers alive
			bufPool.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("ui: render %s: %w", page, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Partial returns shared template name (an icon, say) executed with data:
// for tests that check markup written in Go against the templates'.
func (u *UI) Partial(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := u.shared.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("ui: partial %s: %w", name, err)
	}
	return b.String(), nil
}
