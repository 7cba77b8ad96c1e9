package ui

import (
	"runtime"
	"testing"
)

// Each page's template set holds the layout and the shared files it
// calls, not a copy of every partial: the team's partials are in the team
// page's set and not in the home page's, every page still has its
// content, and all sets together take a bounded heap (41 MB when each
// page copied every partial, some 15 MB now). Serial: it measures the
// heap of the whole process.
func TestNew_PageSetsHoldOnlyThePartialsTheyCall(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("the templates and catalogues of %d pages take %d KB", len(u.pages), grown>>10)
	if grown > 24<<20 {
		t.Errorf("the templates take %d KB of heap, want under 24 MB", grown>>10)
	}
	if u.pages["team"].Lookup("team-work") == nil {
		t.Error("the team page's set lacks the team-work partial it calls")
	}
	if u.pages["home"].Lookup("team-work") != nil {
		t.Error("the home page's set holds the team's partials, which it never calls")
	}
	for name, p := range u.pages {
		if p.Lookup("layout") == nil || p.Lookup("content") == nil {
			t.Errorf("page %s: no layout or content", name)
		}
	}
	runtime.KeepAlive(u)
}
