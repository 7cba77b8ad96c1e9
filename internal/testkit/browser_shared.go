package testkit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shared holds the browser processes that NewBrowser shares between the tests
// of a package whose TestMain runs them with RunSharingBrowsers.
var shared struct {
	mu    sync.Mutex
	on    bool
	procs map[sharedKey]*sharedProc
}

// sharedKey is what a process is started with: tests that ask for another
// window size or language get a process of their own.
type sharedKey struct {
	path string
	cfg  browserConfig
}

type sharedProc struct {
	ctx    context.Context // the chromedp context that owns the process
	stop   func()
	output *limitedBuffer
}

// RunSharingBrowsers runs the tests of m, for a package's TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testkit.RunSharingBrowsers(m)) }
//
// Meanwhile NewBrowser starts one Chromium process per configuration (path,
// window size, language) for the whole package, and each NewBrowser is a new
// browser context of it: its own cookies, storage and cache, as a process of
// its own had, without a start of a second or more each time, and parallel
// tests share the process. The processes stop when the tests are over; one
// that died is started again by the next NewBrowser.
func RunSharingBrowsers(m *testing.M) int {
	shared.mu.Lock()
	shared.on = true
	shared.mu.Unlock()
	defer stopSharedBrowsers()
	return m.Run()
}

func stopSharedBrowsers() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	for k, p := range shared.procs {
		p.stop()
		delete(shared.procs, k)
	}
	shared.on = false
}

// sharedBrowserContext returns the chromedp context of a new browser context
// of the shared process for path and cfg, disposed of at t's cleanup, or nil
// when the package does not share browsers.
func sharedBrowserContext(t testing.TB, path string, cfg browserConfig) context.Context {
	t.Helper()
	p := sharedProcess(t, path, cfg)
	if p == nil {
		return nil
	}
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run makes the browser context and its first tab; the tabs of
	// NewTab then open in the same browser context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("testkit: a new browser context of %s: %v\nbrowser output:\n%s", path, err, p.output)
	}
	return ctx
}

// sharedProcess returns the running shared process for path and cfg,
// starting it if need be, or nil when browsers are not shared.
func sharedProcess(t testing.TB, path string, cfg browserConfig) *sharedProc {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.on {
		return nil
	}
	k := sharedKey{path, cfg}
	if p := shared.procs[k]; p != nil {
		if p.ctx.Err() == nil {
			return p
		}
		t.Logf("testkit: the shared %s had stopped (%v); starting it again\nbrowser output:\n%s", path, context.Cause(p.ctx), p.output)
		p.stop()
		delete(shared.procs, k)
	}
	start := time.Now()
	ctx, stop, output, err := startChromium(path, cfg)
	if err != nil {
		stop()
		t.Fatalf("testkit: starting %s: %v\nbrowser output:\n%s", path, err, output)
	}
	t.Logf("testkit: %s started in %v, shared by the package's tests", path, time.Since(start).Round(time.Millisecond))
	if shared.procs == nil {
		shared.procs = map[sharedKey]*sharedProc{}
	}
	p := &sharedProc{ctx: ctx, stop: stop, output: output}
	shared.procs[k] = p
	return p
}
