package main

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
)

// withProfiles adds Go's profiles (/debug/pprof/) beside the metrics when
// FURUSATO_PPROF=1, for measuring a node under load (scripts/bench); the
// metrics address is not the public's, and the profiles are off unless
// asked for. With them on, waits on locks and channels are sampled too
// (block and mutex profiles), which costs a little on every wait.
func withProfiles(metrics http.Handler) http.Handler {
	if os.Getenv("FURUSATO_PPROF") != "1" {
		return metrics
	}
	runtime.SetBlockProfileRate(10_000) // one wait in every 10 µs of waiting
	runtime.SetMutexProfileFraction(10)
	mux := http.NewServeMux()
	mux.Handle("/", metrics)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	slog.Info("serving Go profiles beside the metrics (FURUSATO_PPROF=1)")
	return mux
}
