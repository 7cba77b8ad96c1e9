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
	"text/template/parse"
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
	deps, err := sharedDeps(fm)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	u := &UI{pages: map[string]*template.Template{}, locales: locales, shared: base}
	for _, name := range names {
		if isShared(name) {
			continue
		}
		// Each page's set holds the layout and only the shared files whose
		// templates it (or the layout) uses: a copy of every partial in
		// every page's set took some 37 MB of a node's heap.
		page, err := template.New("").Funcs(fm).ParseFS(files, name)
		if err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", name, err)
		}
		t, err := template.New("").Funcs(fm).ParseFS(files, append(deps.filesFor(page), name)...)
		if err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("ui: %s defines no \"content\"", name)
		}
		u.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return u, nil
}

// sharedFiles are the shared template files, each with the templates it
// defines and the templates those call.
type sharedFiles struct {
	files   []string            // in the order of shared
	defines map[string]string   // template name → the file defining it
	calls   map[string][]string // template name → the templates it calls
}

// sharedDeps parses every shared file on its own to learn what it defines
// and what that calls.
func sharedDeps(fm template.FuncMap) (*sharedFiles, error) {
	d := &sharedFiles{defines: map[string]string{}, calls: map[string][]string{}}
	for _, pattern := range shared {
		matches, err := fs.Glob(files, pattern)
		if err != nil {
			return nil, err
		}
		for _, file := range matches {
			t, err := template.New("").Funcs(fm).ParseFS(files, file)
			if err != nil {
				return nil, fmt.Errorf("ui: parse %s: %w", file, err)
			}
			d.files = append(d.files, file)
			for _, def := range t.Templates() {
				if def.Tree == nil || def.Name() == path.Base(file) && isBlank(def.Tree.Root) {
					continue // the file's own (empty) body
				}
				d.defines[def.Name()] = file
				d.calls[def.Name()] = calledTemplates(def.Tree.Root, nil)
			}
		}
	}
	return d, nil
}

// filesFor returns the shared files that page's set needs: the layout's
// and those defining a template that page or the layout calls, directly
// or through another, in the order of shared.
func (d *sharedFiles) filesFor(page *template.Template) []string {
	need := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		f, ok := d.defines[name]
		if !ok || need[name] {
			return
		}
		need[name] = true
		need[f] = true
		for _, c := range d.calls[name] {
			visit(c)
		}
	}
	visit("layout")
	for _, def := range page.Templates() {
		if def.Tree != nil {
			for _, c := range calledTemplates(def.Tree.Root, nil) {
				visit(c)
			}
		}
	}
	var out []string
	for _, f := range d.files {
		if need[f] {
			out = append(out, f)
		}
	}
	return out
}

// calledTemplates appends to dst the names of the templates that node
// calls ({{template "name"}}), however deep.
func calledTemplates(node parse.Node, dst []string) []string {
	switch n := node.(type) {
	case *parse.TemplateNode:
		dst = append(dst, n.Name)
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				dst = calledTemplates(c, dst)
			}
		}
	case *parse.IfNode:
		dst = calledTemplates(n.List, dst)
		dst = calledTemplates(n.ElseList, dst)
	case *parse.RangeNode:
		dst = calledTemplates(n.List, dst)
		dst = calledTemplates(n.ElseList, dst)
	case *parse.WithNode:
		dst = calledTemplates(n.List, dst)
		dst = calledTemplates(n.ElseList, dst)
	}
	return dst
}

// isBlank reports whether a template body holds only white space.
func isBlank(l *parse.ListNode) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if t, ok := n.(*parse.TextNode); !ok || strings.TrimSpace(string(t.Text)) != "" {
			return false
		}
	}
	return true
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
	if err := u.execute(buf, t, data); err != nil {
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
