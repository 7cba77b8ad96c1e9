package testkit

import (
	"os"
	"strconv"
)

// BenchEntries is the number of generated entries of the entry benchmarks
// (1,000,000, with one generated participant per ten entries);
// FURUSATO_BENCH_ENTRIES overrides it for a quick look.
func BenchEntries() int {
	if n, err := strconv.Atoi(os.Getenv("FURUSATO_BENCH_ENTRIES")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}
