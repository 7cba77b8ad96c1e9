package app_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user and system, every thread, the garbage
// collector included) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per iteration since start as cpu-ns/op:
// on a machine shared with other work, wall time per op mostly measures the
// wait for a core, CPU time what a request costs.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
