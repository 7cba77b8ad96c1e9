package web

import (
	"os"
	"testing"

	"github.com/furusato/furusato/internal/testkit"
)

// TestMain runs the tests with one Chromium per window size for the whole
// package (each testkit.NewBrowser a browser context of it, with cookies of
// its own) instead of a process each: a start costs a second or two of CPU.
func TestMain(m *testing.M) { os.Exit(testkit.RunSharingBrowsers(m)) }
