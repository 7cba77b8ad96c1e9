//go:build linux

package app_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/store"
)

// cpuMeter measures the CPU a benchmark's loop uses, which wall time cannot
// show on a machine shared with other work: this process's user and system
// time (garbage collection included) and, on PostgreSQL, that of the server
// processes serving the benchmark's database on this machine.
type cpuMeter struct {
	pids         []int
	self, server time.Duration
}

// startCPU reads the counters before b's loop; report reads them after it.
func startCPU(b *testing.B, db *store.DB) *cpuMeter {
	b.Helper()
	m := &cpuMeter{}
	if db.Engine() == store.Postgres {
		rows, err := db.Writer().QueryContext(context.Background(),
			`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var pid int
			if err := rows.Scan(&pid); err != nil {
				b.Fatal(err)
			}
			m.pids = append(m.pids, pid)
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
	}
	m.self, m.server = selfCPU(), procsCPU(m.pids)
	return m
}

// report adds cpu-ns/op (this process) and, on PostgreSQL, pg-cpu-ns/op.
// Backends the pool opens during the loop are not counted: run a warm-up
// request first, as benchPages does.
func (m *cpuMeter) report(b *testing.B) {
	self, server := selfCPU()-m.self, procsCPU(m.pids)-m.server
	if b.N == 0 {
		return
	}
	b.ReportMetric(float64(self.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if len(m.pids) > 0 {
		b.ReportMetric(float64(server.Nanoseconds())/float64(b.N), "pg-cpu-ns/op")
	}
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procsCPU sums utime and stime of pids from /proc (in clock ticks, 100 a
// second on Linux); a process that ended counts nothing.
func procsCPU(pids []int) time.Duration {
	var ticks int64
	for _, pid := range pids {
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue
		}
		s := string(raw)
		// Fields after the command name, which is in parentheses and may
		// hold spaces: state is field 3, utime 14, stime 15.
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + st
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}
