package web

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// TestRoutes_FixedProjectPagesAreReservedSlugs reads the route tables: a
// page at /projects/NAME answers before /projects/{key}, so a project
// whose slug is NAME could never be opened by it. Every such NAME must be
// one of furusato.ReservedProjectSlugs, which project validation refuses.
func TestRoutes_FixedProjectPagesAreReservedSlugs(t *testing.T) {
	files, _ := filepath.Glob("routes*.go")
	fixed := regexp.MustCompile(`mux\.Handle(?:Func)?\("(?:[A-Z]+ )?/projects/([a-z0-9-]+)/?"`)
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fixed.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !slices.Contains(furusato.ReservedProjectSlugs, m[1]) {
				t.Errorf("%s: /projects/%s is a page of its own, but %q is not in furusato.ReservedProjectSlugs", f, m[1], m[1])
			}
		}
	}
	if seen == 0 {
		t.Fatal("found no fixed page under /projects/; the route table moved?")
	}
}
