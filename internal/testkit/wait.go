package testkit

import (
	"testing"
	"time"
)

// Eventually waits until cond holds and fails t (Fatalf, naming what was
// awaited) when timeout passes first. cond runs on the test's goroutine,
// so it may call t.Fatal itself; it is checked at once, then every few
// milliseconds (from 5 ms, growing to 100 ms) — a wait on a condition, not
// a fixed sleep.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	EventuallyOK(t, timeout, func() error {
		if cond() {
			return nil
		}
		return waitError(what)
	})
}

// EventuallyOK is Eventually for a condition that says why it does not
// hold yet: it waits until cond returns nil and fails t with cond's last
// error when timeout passes first.
func EventuallyOK(t testing.TB, timeout time.Duration, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	pause := 5 * time.Millisecond
	for {
		err := cond()
		if err == nil {
			return
		}
		if t.Failed() {
			t.FailNow() // cond or another goroutine failed the test: waiting on is pointless
		}
		if time.Now().After(deadline) {
			t.Fatalf("still not so after %v: %v", timeout, err)
		}
		time.Sleep(pause)
		pause = min(2*pause, 100*time.Millisecond)
	}
}

type waitError string

func (e waitError) Error() string { return "waiting for " + string(e) }
