package web

import (
	"os"
	"testing"

	"github.com/furusato/furusato/internal/ui"
)

// TestMain has every page these tests render (each role, flash, badge,
// language and phone variant) laid out both in Go and by layout.html, and
// fails the render on any byte of difference.
func TestMain(m *testing.M) {
	ui.CheckLayout(true)
	os.Exit(m.Run())
}
