package service_test

import (
	"os"
	"testing"

	"github.com/furusato/furusato/internal/testkit"
)

// TestMain runs the tests through testkit.Main, which drops the PostgreSQL
// databases that testkit.NewDBWith filled once for the whole package.
func TestMain(m *testing.M) { os.Exit(testkit.Main(m)) }
