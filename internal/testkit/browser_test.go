package testkit

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// strictCSP is the policy our pages send: no inline scripts.
const strictCSP = "default-src 'self'; script-src 'self'"

const accessiblePage = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ふるさと応援 テスト</title>
</head>
<body>
<main>
<h1>ようこそ、ふるさとへ</h1>
<p>岐阜県の柿を応援する企画です。</p>
<p><canvas id="glyphs" width="64" height="32" aria-hidden="true"></canvas></p>
</main>
</body>
</html>`

const brokenPage = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>壊れた例</title>
</head>
<body>
<main>
<h1>壊れた例</h1>
<img src="/pixel.png">
<form action="/search"><input type="text" name="q"></form>
</main>
</body>
</html>`

const inlineScriptPage = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>元の題名</title></head>
<body><main><h1>インライン</h1><script>document.title = "inline ran"</script></main></body>
</html>`

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	var pixel bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.White)
	if err := png.Encode(&pixel, img); err != nil {
		t.Fatal(err)
	}
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", page(accessiblePage))
	mux.Handle("GET /broken", page(brokenPage))
	mux.Handle("GET /inline", page(inlineScriptPage))
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pixel.Bytes())
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /headers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, r.Header.Get("Accept-Language"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowser shares one browser between its subtests, as a package of browser
// tests may: a start costs about a second.
func TestBrowser(t *testing.T) {
	srv := newTestServer(t)
	b := NewBrowser(t)

	t.Run("AccessiblePageUnderStrictCSPHasNoSeriousViolations", func(t *testing.T) {
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
		vs := b.CheckA11y(t, ctx)
		for _, v := range vs {
			if v.Serious() {
				t.Errorf("serious violation %s on the accessible page", v.ID)
			}
		}
		// axe-core went in through DevTools although the page forbids inline scripts.
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe.run === 'function'`))
		if err != nil || !loaded {
			t.Errorf("axe-core not in the page: %v, %v", loaded, err)
		}
		// A second check on the same page reuses the injected script.
		b.CheckA11y(t, ctx)
		if errs := PageErrors(ctx); len(errs) > 0 {
			t.Errorf("page errors on the accessible page: %q", errs)
		}
	})

	t.Run("BrokenPageHasSeriousViolations", func(t *testing.T) {
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/broken"))
		vs, err := b.RunAxe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var serious []string
		for _, v := range vs {
			if v.Serious() {
				serious = append(serious, v.ID)
			}
		}
		slices.Sort(serious)
		t.Logf("serious or critical: %v", serious)
		for _, want := range []string{"image-alt", "label"} {
			if !slices.Contains(serious, want) {
				t.Errorf("serious violations %v lack %q", serious, want)
			}
		}
		// CheckA11y itself reports them, one error per rule, naming page and rule.
		rec := &fakeTB{TB: t}
		b.CheckA11y(rec, ctx)
		if len(rec.errors) != len(serious) {
			t.Errorf("CheckA11y reported %d errors for %d serious violations: %q", len(rec.errors), len(serious), rec.errors)
		}
		for _, e := range rec.errors {
			if !strings.Contains(e, srv.URL+"/broken") {
				t.Errorf("CheckA11y error does not name the page: %s", e)
			}
		}
		t.Logf("CheckA11y would report:\n%s", strings.Join(rec.errors, "\n"))

		for _, v := range vs {
			if v.ID != "image-alt" {
				continue
			}
			msg := FormatViolation(srv.URL+"/broken", v)
			for _, want := range []string{srv.URL + "/broken", "image-alt", v.Help, "<img"} {
				if !strings.Contains(msg, want) {
					t.Errorf("FormatViolation lacks %q:\n%s", want, msg)
				}
			}
		}
	})

	t.Run("StrictCSPIsEnforced", func(t *testing.T) {
		// The inline script must not run, or the CSP checks above prove nothing.
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/inline"))
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if title != "元の題名" {
			t.Errorf("title = %q: the inline script ran despite the CSP", title)
		}
		b.CheckA11y(t, ctx)
		errs := PageErrors(ctx)
		t.Logf("PageErrors: %q", errs)
		if !slices.ContainsFunc(errs, func(s string) bool { return strings.Contains(s, "Content Security Policy") }) {
			t.Errorf("PageErrors = %q, want the CSP violation", errs)
		}
	})

	t.Run("RendersJapanese", func(t *testing.T) {
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		if title != "ふるさと応援 テスト" {
			t.Errorf("title = %q", title)
		}
		// Without a CJK font every kanji is drawn as the same empty box ("tofu"),
		// so different characters that draw differently prove a font is there.
		distinct, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
			const c = document.getElementById('glyphs').getContext('2d');
			const seen = new Set();
			for (const ch of ['柿', '岐', '阜', 'あ']) {
				c.clearRect(0, 0, 64, 32);
				c.font = '24px sans-serif';
				c.fillText(ch, 4, 26);
				seen.add(Array.from(c.getImageData(0, 0, 64, 32).data).join());
			}
			return seen.size;
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if distinct != 4 {
			t.Errorf("4 Japanese characters drew as %d distinct glyphs: no Japanese font (install fonts-noto-cjk)", distinct)
		}
	})

	t.Run("ViewportAndLanguage", func(t *testing.T) {
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width != 1280 {
			t.Errorf("desktop innerWidth = %d, want 1280", width)
		}
		b.Do(t, ctx, Phone())
		width, err = chromedp.Run(ctx, chromedp.Evaluate[int](`window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width != 390 {
			t.Errorf("phone innerWidth = %d, want 390", width)
		}
		b.Screenshot(t, ctx, t.TempDir()+"/phone.png")
		b.Do(t, ctx, Desktop())

		lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.language`))
		if err != nil {
			t.Fatal(err)
		}
		if lang != "ja" {
			t.Errorf("navigator.language = %q, want ja", lang)
		}
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/headers"))
		accept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(accept, "ja") {
			t.Errorf("Accept-Language = %q, want ja first", accept)
		}
	})
}

// fakeTB records Errorf, Skip and Fatalf; the last two stop the goroutine as
// the real ones do.
type fakeTB struct {
	testing.TB
	skipped, failed string
	errors          []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Skip(args ...any) {
	f.skipped = fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func runFake(f *fakeTB, fn func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
}

func TestNewBrowser_MissingChromiumSkipsOrFails(t *testing.T) {
	t.Setenv(EnvChromium, "/nonexistent/chromium")

	t.Setenv(EnvRequireAll, "")
	f := &fakeTB{TB: t}
	runFake(f, func(tb testing.TB) { NewBrowser(tb) })
	if f.skipped == "" || f.failed != "" || !strings.Contains(f.skipped, "/nonexistent/chromium") {
		t.Errorf("without %s: skipped %q, failed %q; want a skip naming the path", EnvRequireAll, f.skipped, f.failed)
	}

	t.Setenv(EnvRequireAll, "1")
	f = &fakeTB{TB: t}
	runFake(f, func(tb testing.TB) { NewBrowser(tb) })
	if f.failed == "" || f.skipped != "" || !strings.Contains(f.failed, "/nonexistent/chromium") {
		t.Errorf("with %s=1: skipped %q, failed %q; want a failure naming the path", EnvRequireAll, f.skipped, f.failed)
	}
}

func TestNewBrowser_MissingAxeSkips(t *testing.T) {
	t.Setenv(EnvChromium, "/bin/sh") // exists; never started, because axe is missing
	t.Setenv(EnvAxeJS, "")
	t.Setenv(EnvRequireAll, "")
	f := &fakeTB{TB: t}
	runFake(f, func(tb testing.TB) { NewBrowser(tb) })
	if !strings.Contains(f.skipped, EnvAxeJS) {
		t.Errorf("skipped %q, failed %q; want a skip naming %s", f.skipped, f.failed, EnvAxeJS)
	}
}
