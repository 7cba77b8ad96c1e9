package ui

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

var defineRE = regexp.MustCompile(`\{\{-?\s*define "([^"]+)"`)

// TestTemplates_EachDefinedOnce: a partial that several pages show (the
// stage chip) is defined once, in a partials file, so that its copies
// cannot drift; only "content" is every page's own.
func TestTemplates_EachDefinedOnce(t *testing.T) {
	names, _ := fs.Glob(files, "templates/*.html")
	where := map[string][]string{}
	for _, n := range names {
		b, _ := fs.ReadFile(files, n)
		for _, m := range defineRE.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "content" {
				where[m[1]] = append(where[m[1]], n)
			}
		}
	}
	if len(where["stage-chip"]) == 0 {
		t.Fatal("no stage-chip template; did it move?")
	}
	for name, files := range where {
		if len(files) > 1 {
			t.Errorf("%q is defined %d times: %s", name, len(files), strings.Join(files, ", "))
		}
	}
}
