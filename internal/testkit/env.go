package testkit

import (
	"os"
	"testing"
)

// Environment variables that tests read. scripts/test sets them.
const (
	// EnvRequireAll, when "1", turns every skip for a missing tool into a failure.
	EnvRequireAll = "FURUSATO_REQUIRE_ALL"
	// EnvChromium is the path of the Chromium binary.
	EnvChromium = "FURUSATO_CHROMIUM"
	// EnvAxeJS is the path of axe-core's axe.min.js.
	EnvAxeJS = "FURUSATO_AXE_JS"
	// EnvPostgresURL is the URL of a PostgreSQL server for store tests.
	EnvPostgresURL = "FURUSATO_TEST_POSTGRES_URL"
)

// RequireAll reports whether FURUSATO_REQUIRE_ALL=1: tests that would skip must fail instead.
func RequireAll() bool {
	return os.Getenv(EnvRequireAll) == "1"
}

// SkipOrFail skips t with reason, or fails it when RequireAll(). Either way the
// test stops here, as with t.Skip.
func SkipOrFail(t testing.TB, reason string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("%s (%s=1: required, so this fails instead of skipping)", reason, EnvRequireAll)
	}
	t.Skip(reason + " (run the tests with scripts/test, which installs what is missing)")
}
