package store_test

import (
	"os"
	"testing"

	"github.com/furusato/furusato/internal/testkit"
)

// TestMain removes the benchmarks' generated databases when the run ends.
func TestMain(m *testing.M) { os.Exit(testkit.Main(m)) }
