package testkit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/store"
)

func countRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.Writer().QueryRowContext(context.Background(), `SELECT count(*) FROM zz_filled`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNewSQLiteWith_FillsOncePerKeyAndEveryCallGetsItsOwnCopy(t *testing.T) {
	key := "speed test " + t.Name()
	fills := 0
	fill := func(ctx context.Context, db *store.DB) error {
		fills++
		if _, err := db.Writer().ExecContext(ctx, `CREATE TABLE zz_filled (x INTEGER)`); err != nil {
			return err
		}
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO zz_filled VALUES (1)`)
		return err
	}
	one := NewSQLiteWith(t, key, fill)
	if _, err := one.Writer().ExecContext(context.Background(), `INSERT INTO zz_filled VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	two := NewSQLiteWith(t, key, fill)
	if fills != 1 {
		t.Errorf("fill ran %d times for two databases of one key, want once", fills)
	}
	if n := countRows(t, one); n != 2 {
		t.Errorf("the first copy holds %d rows, want the filled one and its own", n)
	}
	if n := countRows(t, two); n != 1 {
		t.Errorf("the second copy holds %d rows, want only the filled one (copies are independent)", n)
	}
	// The copy is migrated, as NewDB's is.
	if _, err := two.FindUserByEmail(context.Background(), "nobody@example.jp"); err == nil {
		t.Errorf("found a user in an empty copy")
	}

	// A fill that fails fails every test that asks for its key.
	bad := func(ctx context.Context, db *store.DB) error { return errors.New("no demo today") }
	for range 2 {
		f := &fakeTB{TB: t}
		runFake(f, func(tb testing.TB) { NewSQLiteWith(tb, key+" bad", bad) })
		if !strings.Contains(f.failed, "no demo today") {
			t.Errorf("failed %q, want the fill's error", f.failed)
		}
	}
}

// useSharedBrowsers makes NewBrowser share processes for the rest of t, as
// RunSharingBrowsers does for a whole package.
func useSharedBrowsers(t *testing.T) {
	shared.mu.Lock()
	shared.on = true
	shared.mu.Unlock()
	t.Cleanup(stopSharedBrowsers)
}

func TestSharedBrowsers_OneProcessPerConfigurationAndABrowserContextEach(t *testing.T) {
	useSharedBrowsers(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.URL.Query().Get("v"), Path: "/"})
		fmt.Fprint(w, "set")
	})
	mux.HandleFunc("GET /get", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie("who")
		if c == nil {
			fmt.Fprint(w, "none")
			return
		}
		fmt.Fprint(w, c.Value)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	body := func(b *Browser, ctx context.Context, path string) string {
		t.Helper()
		b.Do(t, ctx, chromedp.Navigate(srv.URL+path))
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	one, two := NewBrowser(t), NewBrowser(t)
	wide := NewBrowser(t, WithWindowSize(1024, 768))
	shared.mu.Lock()
	procs := len(shared.procs)
	shared.mu.Unlock()
	if procs != 2 {
		t.Errorf("%d processes for two configurations, want 2", procs)
	}

	// Tabs of one Browser share cookies; another Browser has its own.
	body(one, one.NewTab(t), "/set?v=one")
	if got := body(one, one.NewTab(t), "/get"); got != "one" {
		t.Errorf("a second tab of the same browser sees cookie %q, want one", got)
	}
	if got := body(two, two.NewTab(t), "/get"); got != "none" {
		t.Errorf("another browser sees cookie %q, want none", got)
	}

	// Each keeps its window size and language.
	for _, c := range []struct {
		b     *Browser
		width int
	}{{one, 1280}, {two, 1280}, {wide, 1024}} {
		ctx := c.b.NewTab(t)
		body(c.b, ctx, "/get")
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[innerWidth, navigator.language]`))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprintf("[%d ja]", c.width) {
			t.Errorf("innerWidth and language %v, want [%d ja]", got, c.width)
		}
	}
}

func TestCheckA11y_ReusesTheVerdictOfTheSameDocumentOnly(t *testing.T) {
	srv, other := newTestServer(t), newTestServer(t)
	b := NewBrowser(t)
	ctx := b.NewTab(t)
	// A document of its own, so that no other test has checked it.
	page := strings.Replace(accessiblePage, "ようこそ、ふるさとへ", "ようこそ、"+t.Name(), 1)
	for _, s := range []*httptest.Server{srv, other} {
		s.Config.Handler = func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/mine" {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					fmt.Fprint(w, page)
					return
				}
				next.ServeHTTP(w, r)
			})
		}(s.Config.Handler)
	}
	check := func(url string) (ran, reused int64, serious []string) {
		t.Helper()
		if url != "" {
			b.Do(t, ctx, chromedp.Navigate(url))
		}
		r0, h0 := AxeChecks()
		rec := &fakeTB{TB: t}
		b.CheckA11y(rec, ctx)
		r1, h1 := AxeChecks()
		return r1 - r0, h1 - h0, rec.errors
	}

	if ran, reused, errs := check(srv.URL + "/mine"); ran != 1 || reused != 0 || len(errs) != 0 {
		t.Errorf("first check: ran %d, reused %d, errors %q; want one run without errors", ran, reused, errs)
	}
	// The same page again, and the same page of another server.
	for _, u := range []string{srv.URL + "/mine", other.URL + "/mine"} {
		if ran, reused, errs := check(u); ran != 0 || reused != 1 || len(errs) != 0 {
			t.Errorf("%s again: ran %d, reused %d, errors %q; want the verdict reused", u, ran, reused, errs)
		}
	}
	// The page changed: checked again, and what is now broken is found.
	b.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/pixel.png">'); void 0`))
	ran, reused, errs := check("")
	if ran != 1 || reused != 0 || len(errs) != 1 || !strings.Contains(errs[0], "image-alt") {
		t.Errorf("after adding an image without alt: ran %d, reused %d, errors %q; want a run that reports image-alt", ran, reused, errs)
	}
	// So does a field's value, and the viewport.
	b.Do(t, ctx, chromedp.Navigate(srv.URL+"/mine"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend', '<label>名前 <input id="n"></label>'); void 0`))
	if ran, _, _ := check(""); ran != 1 {
		t.Errorf("a new field: ran %d, want 1", ran)
	}
	b.Do(t, ctx, chromedp.SendKeys(chromedp.CSS("#n"), "花子"))
	if ran, _, _ := check(""); ran != 1 {
		t.Errorf("a typed value: ran %d, want 1", ran)
	}
	b.Do(t, ctx, chromedp.Navigate(srv.URL+"/mine"), Phone())
	if ran, _, _ := check(""); ran != 1 {
		t.Errorf("the same page on a phone: ran %d, want 1", ran)
	}
}
