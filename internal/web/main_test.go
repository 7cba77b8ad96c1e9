package web

import (
	"os"
	"testing"

	"github.com/furusato/furusato/internal/testkit"
	"github.com/furusato/furusato/internal/ui"
)

// TestMain runs the tests with one Chromium per window size for the whole
// package (each testkit.NewBrowser a browser context of it, with cookies of
// its own) instead of a process each: a start costs a second or two of CPU.
// It also has every page these tests render (each role, flash, badge,
// language and phone variant) laid out both in Go and by layout.html, and
// fails the render on any byte of difference; and the list pages' content,
// the filter form, the pager and the range line written in Go compared
// with their former templates (checkListMarkup).
func TestMain(m *testing.M) {
	ui.CheckLayout(true)
	checkRender = checkListMarkup
	os.Exit(testkit.RunSharingBrowsers(m))
}
