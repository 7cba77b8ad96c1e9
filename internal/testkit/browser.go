package testkit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is the browser that NewBrowser starts when FURUSATO_CHROMIUM is unset:
// Debian's chromium package.
const DefaultChromium = "/usr/bin/chromium"

// TabTimeout bounds everything that one tab of NewTab does, from its opening.
// The longest journeys take 45–60 s on an idle 2-core machine and timed out
// at 60 s when several test runs shared it, and at 180 s with four journeys at
// once on a machine whose load average was near 60; a hung tab still fails
// well inside go test's own timeout (scripts/test: 30 minutes).
const TabTimeout = 5 * time.Minute

// startTimeout bounds the start of the browser process.
const startTimeout = 60 * time.Second

// Browser is a headless Chromium driven by chromedp, with axe-core ready to inject.
// Make one with NewBrowser; open tabs with NewTab. A Browser and its tabs may be
// used by parallel subtests, each with its own tab.
type Browser struct {
	ctx   context.Context // the chromedp context that owns the browser process
	axeJS string          // the source of axe.min.js
	// narrow makes each tab as narrow as the window asked for (nil when
	// Chromium opens it that narrow itself): viewport.go.
	narrow chromedp.Action[chromedp.Void]
}

// BrowserOption changes how NewBrowser starts the browser.
type BrowserOption func(*browserConfig)

type browserConfig struct {
	width, height int
	lang          string
}

// WithWindowSize sets the window (and so the viewport) of every tab; the default is 1280x900.
func WithWindowSize(width, height int) BrowserOption {
	return func(c *browserConfig) { c.width, c.height = width, height }
}

// WithLang sets the browser's language: navigator.language and the Accept-Language
// header of every request. The default is "ja".
func WithLang(lang string) BrowserOption {
	return func(c *browserConfig) { c.lang = lang }
}

// NewBrowser starts Debian's Chromium (path from FURUSATO_CHROMIUM, default
// /usr/bin/chromium) headless, with a fresh temporary profile, a 1280x900 window
// and the language "ja" unless opts say otherwise, and loads axe-core's source
// from FURUSATO_AXE_JS. Without Chromium or axe-core the test is skipped, or fails
// under FURUSATO_REQUIRE_ALL=1. Everything is closed in t.Cleanup.
//
// A start costs about a second of wall time; tests of one package may share a
// Browser (opening one tab per subtest) when that matters. A package whose
// TestMain runs its tests with RunSharingBrowsers starts one process per
// configuration instead, and each NewBrowser is then a browser context of it.
func NewBrowser(t testing.TB, opts ...BrowserOption) *Browser {
	t.Helper()
	cfg := browserConfig{width: 1280, height: 900, lang: "ja"}
	for _, o := range opts {
		o(&cfg)
	}

	path := os.Getenv(EnvChromium)
	if path == "" {
		path = DefaultChromium
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		SkipOrFail(t, fmt.Sprintf("testkit: no Chromium at %s (set %s, or install Debian's chromium)", path, EnvChromium))
	}
	axePath := os.Getenv(EnvAxeJS)
	if axePath == "" {
		SkipOrFail(t, fmt.Sprintf("testkit: %s is not set (the path of axe-core's axe.min.js)", EnvAxeJS))
	}
	axeJS, err := os.ReadFile(axePath)
	if err != nil || len(axeJS) == 0 {
		SkipOrFail(t, fmt.Sprintf("testkit: cannot read axe-core from %s=%s: %v", EnvAxeJS, axePath, err))
	}

	if ctx := sharedBrowserContext(t, path, cfg); ctx != nil {
		return &Browser{ctx: ctx, axeJS: string(axeJS), narrow: narrowViewport(cfg)}
	}
	start := time.Now()
	ctx, stop, output, err := startChromium(path, cfg)
	t.Cleanup(stop)
	if err != nil {
		t.Fatalf("testkit: starting %s: %v\nbrowser output:\n%s", path, err, output)
	}
	t.Logf("testkit: %s started in %v", path, time.Since(start).Round(time.Millisecond))
	return &Browser{ctx: ctx, axeJS: string(axeJS), narrow: narrowViewport(cfg)}
}

// startChromium starts the browser process and returns the chromedp context
// that owns it, the function that stops it (call it also when err is not nil)
// and the start of the process's output, for messages.
func startChromium(path string, cfg browserConfig) (ctx context.Context, stop func(), output *limitedBuffer, err error) {
	output = &limitedBuffer{max: 64 << 10}
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", cfg.lang),
		chromedp.Flag("accept-lang", cfg.lang),
		chromedp.WindowSize(cfg.width, cfg.height),
		chromedp.Env("LANGUAGE="+cfg.lang),
		chromedp.CombinedOutput(output),
		// No UserDataDir: chromedp then makes a fresh temporary profile itself, and
		// removes it only after it has killed Chromium's helper processes, which
		// can outlive the browser and write into the profile (a t.TempDir would
		// then fail to be removed).
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelBrowser()
		cancelAlloc()
	}

	// The first Run starts the process and binds its life to ctx, so it cannot
	// have a timeout of its own; a timer cancels a start that hangs.
	hung := time.AfterFunc(startTimeout, cancelBrowser)
	err = chromedp.Do(ctx)
	hung.Stop()
	return ctx, stop, output, err
}

// tabKey is the context key of a tab's *tab.
type tabKey struct{}

// tab collects what a page reports as errors.
type tab struct {
	mu     sync.Mutex
	errors []string
}

// NewTab returns the chromedp context of a new tab (each call a new tab), with a
// TabTimeout (5 minutes) timeout, closed at cleanup. A tab of a browser whose
// window is narrower than Chromium opens one (500 px) emulates a phone of that
// size, as Phone does, so that WithWindowSize(375, 740) gives 375 px tabs. Use it with chromedp.Do and
// chromedp.Run.
func (b *Browser) NewTab(t testing.TB) context.Context {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	t.Cleanup(cancelTab)
	tb := &tab{}
	if err := chromedp.Listen(tabCtx, tb.record); err != nil { // opens the tab
		t.Fatalf("testkit: opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.WithValue(tabCtx, tabKey{}, tb), TabTimeout)
	t.Cleanup(cancel)
	if b.narrow != nil {
		if err := chromedp.Do(ctx, b.narrow); err != nil {
			t.Fatalf("testkit: making a tab as narrow as its window: %v", err)
		}
	}
	return ctx
}

// record keeps the events that mean the page went wrong: uncaught exceptions,
// console.error, and the browser's own error entries (resources that failed to
// load, Content-Security-Policy violations, …). It runs in chromedp's read loop.
func (tb *tab) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		if d.URL != "" {
			msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			switch {
			case a.Description != "":
				parts = append(parts, a.Description)
			case len(a.Value) > 0:
				parts = append(parts, string(a.Value))
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *log.EventEntryAdded:
		e := ev.Entry
		if e == nil || e.Level != log.EntryLevelError {
			return
		}
		msg = string(e.Source) + ": " + e.Text
		if e.URL != "" {
			msg += " (" + e.URL + ")"
		}
	default:
		return
	}
	tb.mu.Lock()
	tb.errors = append(tb.errors, msg)
	tb.mu.Unlock()
}

// PageErrors returns what went wrong in the tab of ctx so far: uncaught
// exceptions, console.error calls, resources that failed to load and
// Content-Security-Policy violations, one line each. A journey can check that
// it is empty. ctx must come from NewTab.
func PageErrors(ctx context.Context) []string {
	tb, _ := ctx.Value(tabKey{}).(*tab)
	if tb == nil {
		return nil
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errors...)
}

// Do runs the steps in the tab of ctx and stops the test (t.Fatalf) at the
// first error, naming the page's URL.
func (b *Browser) Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("testkit: on %s: %v", location(ctx), err)
	}
}

// AxeViolation is one rule that axe-core found broken on a page.
type AxeViolation struct {
	ID          string    `json:"id"`     // e.g. "image-alt"
	Impact      string    `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help        string    `json:"help"`
	HelpURL     string    `json:"helpUrl"`
	Description string    `json:"description"`
	Nodes       []AxeNode `json:"nodes"`
}

// AxeNode is one element that breaks a rule.
type AxeNode struct {
	Target         []string `json:"target"` // CSS selectors; " >>> " joins shadow-DOM steps
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

// Serious reports whether the violation is serious or critical: the ones that fail a test.
func (v AxeViolation) Serious() bool {
	return v.Impact == "serious" || v.Impact == "critical"
}

// axeRun runs axe-core on the whole document and returns its violations in the
// shape of []AxeViolation.
const axeRun = `(async () => {
	const r = await axe.run(document, {resultTypes: ['violations']});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, description: v.description,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
			html: n.html, failureSummary: n.failureSummary || '',
		})),
	}));
})()`

// RunAxe injects axe-core into the current page of ctx (unless it is there
// already) and returns every violation, whatever its impact, without judging.
//
// The script goes in through DevTools (Runtime.evaluate), which the page's
// Content-Security-Policy does not govern, so pages that forbid inline scripts
// are checked as they are served.
func (b *Browser) RunAxe(ctx context.Context) ([]AxeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		return nil, fmt.Errorf("testkit: looking for axe-core: %w", err)
	}
	if !loaded {
		// "void 0" keeps the script's completion value from being serialised.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](b.axeJS+"\n;void 0")); err != nil {
			return nil, fmt.Errorf("testkit: injecting axe-core: %w", err)
		}
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("testkit: running axe-core: %w", err)
	}
	return vs, nil
}

// CheckA11y runs axe-core on the current page of ctx and fails t (t.Errorf, so
// the test goes on) for every violation of impact "serious" or "critical",
// naming the page URL, the rule, its help text and up to 3 offending elements.
// It returns all violations, also the minor and moderate ones, for callers that
// want more.
//
// A document that axe-core has already checked in this test process, the same
// in every respect that axe-core reads (see pageState), gets that check's
// violations without a second run (axe-core takes most of a journey's time).
func (b *Browser) CheckA11y(t testing.TB, ctx context.Context) []AxeViolation {
	t.Helper()
	vs, err := b.checkedAxe(ctx)
	if err != nil {
		t.Errorf("testkit: axe-core on %s: %v", location(ctx), err)
		return nil
	}
	var url string
	for _, v := range vs {
		if !v.Serious() {
			continue
		}
		if url == "" {
			url = location(ctx)
		}
		t.Errorf("%s", FormatViolation(url, v))
	}
	return vs
}

// FormatViolation describes v on the page url in a few lines: the rule, its
// impact and help, and up to 3 offending elements.
func FormatViolation(url string, v AxeViolation) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "axe: %s: %s (%s): %s <%s>", url, v.ID, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&sb, "\n\t… and %d more", len(v.Nodes)-3)
			break
		}
		html := n.HTML
		if r := []rune(html); len(r) > 200 {
			html = string(r[:200]) + "…"
		}
		fmt.Fprintf(&sb, "\n\t%s: %s", strings.Join(n.Target, ", "), html)
	}
	return sb.String()
}

// Phone returns an emulation action for a 390x844 mobile viewport (portrait,
// touch, honouring <meta name="viewport">), for tests that check the phone layout.
func Phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
}

// Desktop returns an emulation action back to a 1280x900 desktop viewport.
func Desktop() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(1280, 900, chromedp.EmulateLandscape)
}

// Screenshot writes a full-page PNG of the tab of ctx to path, e.g. to look at
// a layout (t.ArtifactDir() keeps it). A failure is reported with t.Errorf.
func (b *Browser) Screenshot(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("testkit: screenshot of %s: %v", location(ctx), err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("testkit: screenshot: %v", err)
	}
}

// location returns the URL of the tab of ctx, or a placeholder when it cannot be read.
func location(ctx context.Context) string {
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url, err := chromedp.Run(lctx, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	return url
}

// limitedBuffer keeps the first max bytes written to it; Chromium's output is
// shown when it fails to start.
type limitedBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
