package store_test

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkMatchWord measures reading a word's whole match (what the word
// cache does once per word and catalogue version) for a common word, a
// middling one and a rare one: B/op is what one read allocates, match-KB
// what the match then keeps (store.WordMatch.Bytes), peak-heap-MB the
// largest live heap seen while the reads ran (sampled every millisecond),
// matches how many projects hold the word. Use FURUSATO_BENCH_PROJECTS=100000
// for the figures of the README.
func BenchmarkMatchWord(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, word := range []string{"地域", "広報", "クレソン"} {
				w := search.ParseQuery(word).Words[0]
				b.Run(word, func(b *testing.B) {
					m, err := db.MatchWord(ctx, w)
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					base := liveHeap()
					var peak atomic.Uint64
					stop := make(chan struct{})
					done := make(chan struct{})
					go func() {
						defer close(done)
						t := time.NewTicker(time.Millisecond)
						defer t.Stop()
						for {
							select {
							case <-stop:
								return
							case <-t.C:
								if h := liveHeap(); h > peak.Load() {
									peak.Store(h)
								}
							}
						}
					}()
					b.ReportAllocs()
					for b.Loop() {
						if _, err := db.MatchWord(ctx, w); err != nil {
							b.Fatal(err)
						}
					}
					close(stop)
					<-done
					b.ReportMetric(float64(m.IDs.Len()), "matches")
					b.ReportMetric(float64(m.Bytes())/1024, "match-KB")
					b.ReportMetric(float64(max(peak.Load(), base)-base)/(1<<20), "peak-heap-MB")
				})
			}
		})
	}
}

// liveHeap is the bytes of heap objects now allocated (live or not yet
// collected).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
