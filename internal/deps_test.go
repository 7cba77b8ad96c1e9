package internal_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// allowed lists, for each of our packages, which of our other packages it
// may import (architecture.md). Dependencies point downwards only; a new
// package must be added here, so the rules stay written down.
var allowed = map[string][]string{
	"furusato": {},
	"search":   {},
	"policy":   {"furusato"},
	"store":    {"furusato", "search"},
	"service":  {"furusato", "policy", "store", "search", "jobs", "mail"},
	"httpx":    {"furusato", "service", "policy", "jobs"},
	"ui":       {"furusato"},
	"web":      {"furusato", "policy", "service", "httpx", "ui", "search", "jobs"},
	"api":      {"furusato", "policy", "service", "httpx", "search", "jobs"},
	"demo":     {"furusato", "service", "store", "search", "policy", "jobs"},
	"mail":     {"furusato", "ui"},
	"app":      {"furusato", "policy", "service", "httpx", "ui", "web", "api", "store", "search", "jobs", "mail"},
	"testkit":  {"furusato", "store", "search", "demo", "mail"},
	"jobs":     {"furusato", "mail"},
	"e2e":      {"*"},
}

// TestDependencyRules keeps the layering of architecture.md true: web and
// api never touch SQL directly (they reach store only through service),
// store never imports net/http, and furusato imports nothing of ours.
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
