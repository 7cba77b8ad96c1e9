package service_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// Every audit action the service writes is a furusato.AuditAction constant,
// never a bare string: the list the admin's filter offers is then the list
// of what is written (the store refuses any other action at run time).
func TestAudit_ServiceWritesOnlyTypedActions(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	bare := regexp.MustCompile(`AuditEntry\{[^}]*Action:\s*("|string\()`)
	typed := regexp.MustCompile(`Action:\s*furusato\.(Audit[A-Za-z]+)`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := bare.Find(b); m != nil {
			t.Errorf("%s: an audit entry with an untyped action: %.80s", f, m)
		}
		for _, m := range typed.FindAllSubmatch(b, -1) {
			seen[string(m[1])] = true
		}
	}
	if len(seen) < 20 {
		t.Errorf("found only %d typed audit actions written: %v", len(seen), seen)
	}
	seenValues := map[furusato.AuditAction]bool{}
	for _, a := range furusato.AuditActions {
		if seenValues[a] || !a.Valid() {
			t.Errorf("%q listed twice or invalid", a)
		}
		seenValues[a] = true
	}
}
