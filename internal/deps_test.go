package internal_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowed lists, for each of our packages, which of our other packages it
// may import (architecture.md). Dependencies point downwards only; a new
// package must be added here, so the rules stay written down.
var allowed = map[string][]string{
	"furusato":   {},
	"search":     {},
	"policy":     {"furusato"},
	"store":      {"furusato", "search"},
	"service":    {"furusato", "policy", "store", "search", "jobs", "mail", "credential"},
	"credential": {},
	"httpx":      {"furusato", "service", "policy", "jobs"},
	"ui":         {"furusato"},
	"web":        {"furusato", "policy", "service", "httpx", "ui", "search", "jobs"},
	"api":        {"furusato", "policy", "service", "httpx", "search", "jobs"},
	"demo":       {"furusato", "service", "store", "search", "policy", "jobs"},
	"mail":       {"furusato", "ui"},
	"app":        {"furusato", "policy", "service", "httpx", "ui", "web", "api", "store", "search", "jobs", "mail"},
	"testkit":    {"furusato", "store", "search", "demo", "mail"},
	"jobs":       {"furusato", "mail"},
	"e2e":        {"*"},
	"progress":   {},
}

// thirdParty lists, for each of our packages, the modules outside the
// standard library that its non-test code may import (architecture.md's
// library table). A package not listed imports the standard library and
// our own packages only; furusato, the domain, is one of them. A new
// library needs a line here and a sentence in the commit message.
var thirdParty = map[string][]string{
	"search":     {"golang.org/x/text"},
	"store":      {"modernc.org/sqlite", "github.com/jackc/pgx/v5", "github.com/pressly/goose/v3", "github.com/riverqueue/river", "github.com/alexedwards/scs/v2"},
	"service":    {"golang.org/x/text", "golang.org/x/crypto", "golang.org/x/image", "github.com/arran4/golang-ical"},
	"jobs":       {"github.com/riverqueue/river"},
	"credential": {"github.com/piprate/json-gold", "github.com/multiformats/go-multibase"},
	"mail":       {"github.com/wneessen/go-mail"},
	"httpx":      {"github.com/alexedwards/scs/v2", "github.com/prometheus/client_golang"},
	"app":        {"github.com/prometheus/client_golang"},
	"ui":         {"github.com/nicksnyder/go-i18n/v2", "golang.org/x/text"},
	"web":        {"golang.org/x/text"},
	"testkit":    {"github.com/chromedp/chromedp", "github.com/chromedp/cdproto", "github.com/emersion/go-smtp", "github.com/jackc/pgx/v5"},
	"e2e":        {"*"},
	"progress":   {"golang.org/x/term"},
}

// TestDependencyRules keeps the layering of architecture.md true: web and
// api never touch SQL directly (they reach store only through service),
// store never imports net/http, furusato imports nothing of ours, and
// each package imports only the libraries thirdParty allows it.
func TestDependencyRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const prefix = "github.com/furusato/furusato/internal/"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.ImportPath, prefix) {
			continue
		}
		name := strings.SplitN(strings.TrimPrefix(p.ImportPath, prefix), "/", 2)[0]
		rules, ok := allowed[name]
		if !ok {
			t.Errorf("package %s has no dependency rule in deps_test.go", name)
			continue
		}
		for _, imp := range p.Imports {
			if name == "store" && imp == "net/http" {
				t.Errorf("store imports net/http")
			}
			if (name == "web" || name == "api") && (imp == "database/sql" || strings.Contains(imp, "sqlite") || strings.Contains(imp, "pgx")) {
				t.Errorf("%s imports %s: SQL belongs in store", name, imp)
			}
			if !strings.HasPrefix(imp, prefix) {
				if !standard(imp) && !allowedModule(thirdParty[name], imp) {
					t.Errorf("%s imports %s, which thirdParty (deps_test.go) does not allow", name, imp)
				}
				continue
			}
			dep := strings.SplitN(strings.TrimPrefix(imp, prefix), "/", 2)[0]
			if dep == name || contains(rules, "*") || contains(rules, dep) {
				continue
			}
			t.Errorf("%s imports %s, which architecture.md does not allow", name, dep)
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// standard reports whether import path p belongs to the standard library:
// its first element has no dot (the go command's own rule).
func standard(p string) bool {
	return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".")
}

// allowedModule reports whether p is one of mods or a package inside one.
func allowedModule(mods []string, p string) bool {
	for _, m := range mods {
		if m == "*" || p == m || strings.HasPrefix(p, m+"/") {
			return true
		}
	}
	return false
}

// TestServiceSpeaksDomainTypes keeps service's API free of store types
// (architecture.md: "service hands the edges domain types, never store
// types"): no alias of a store type or value, and no store type in an
// exported function, method, type or struct field, except *store.DB and
// *store.Tx, which the constructors and transactions take.
func TestServiceSpeaksDomainTypes(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("service/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no service files: %v", err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		name := storeImportName(f)
		if name == "" {
			continue
		}
		bad := func(where string, n ast.Node) {
			ast.Inspect(n, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == name && sel.Sel.Name != "DB" && sel.Sel.Name != "Tx" {
					t.Errorf("%s: %s mentions store.%s: service's API speaks furusato types", fset.Position(sel.Pos()), where, sel.Sel.Name)
				}
				return true
			})
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
					bad(d.Name.Name, d.Type)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Assign.IsValid() {
							bad("alias "+s.Name.Name, s.Type) // an alias of a store type, exported or not
						} else if s.Name.IsExported() {
							checkType(s.Name.Name, s.Type, bad)
						}
					case *ast.ValueSpec:
						for i, n := range s.Names {
							if !n.IsExported() {
								continue
							}
							if s.Type != nil {
								bad(n.Name, s.Type)
							}
							// const X = store.X re-exports a store value: define it where it belongs.
							if i < len(s.Values) {
								if sel, ok := s.Values[i].(*ast.SelectorExpr); ok {
									bad(n.Name, sel)
								}
							}
						}
					}
				}
			}
		}
	}
}

// checkType reports store types in an exported type declaration: all of
// it, except the unexported fields of a struct.
func checkType(name string, typ ast.Expr, bad func(string, ast.Node)) {
	st, ok := typ.(*ast.StructType)
	if !ok {
		bad(name, typ)
		return
	}
	for _, f := range st.Fields.List {
		exported := len(f.Names) == 0 // an embedded field is part of the API
		for _, n := range f.Names {
			exported = exported || n.IsExported()
		}
		if exported {
			bad(name+" field", f.Type)
		}
	}
}

func exportedRecv(r *ast.FieldList) bool {
	t := r.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// storeImportName is the name under which f imports our store, "" when
// it does not.
func storeImportName(f *ast.File) string {
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p != "github.com/furusato/furusato/internal/store" {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return "store"
	}
	return ""
}
