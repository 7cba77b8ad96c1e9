package main

import (
	"testing"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/web"
)

// TestDefaultMemoryLimit_LeavesRoomForTheCaches: the default soft limit of
// the Go runtime's memory holds, with every cache full at its budget, the
// heap that lives besides them at 100,000 projects (a new listing index
// loading beside the old one too), and leaves an eighth of that above it
// for what requests allocate: a node whose caches have all filled collects
// at worst as often as at GOGC=12, never without pause (at 128 MiB it
// would have had 4 MiB to allocate between collections). The limit bounds the node's peak (the Go side sat at it
// under the word-pair mix), so it is set no higher than this needs.
func TestDefaultMemoryLimit_LeavesRoomForTheCaches(t *testing.T) {
	clearEnv(t)
	c, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	const mb = 1 << 20
	caches := int64(web.DefaultPageCacheBytes + service.DefaultListCacheBytes + service.DefaultWordCacheBytes + service.DefaultCardCacheBytes)
	// Besides the caches (measured at 100,000 projects, 7 December 2026):
	// the page templates (at most 24 MB: TestNew_PageSetsHoldOnlyThePartialsTheyCall),
	// the listing index twice while a new one loads (12 MB each) and the
	// message catalogue, the runtime and the rest (8 MB).
	const besides = (24 + 2*12 + 8) * mb
	live := caches + besides
	if room := c.MemoryLimit - live; room < live/8 {
		t.Errorf("default memory limit %d MiB leaves %d MiB above a live heap of %d MiB (caches %d MiB), want at least %d MiB",
			c.MemoryLimit/mb, room/mb, live/mb, caches/mb, live/8/mb)
	}
	if c.MemoryLimit > 160*mb {
		t.Errorf("default memory limit %d MiB: over the 160 MiB that let the node's peak reach 237 MB", c.MemoryLimit/mb)
	}
}
