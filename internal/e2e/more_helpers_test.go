package e2e

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// svcSite is the demo site with its accounts, with the database and the
// services at hand: set-up that other journeys already click through is
// done through them, so that a journey clicks only its own flow.
type svcSite struct {
	*site
	db  *store.DB
	svc *service.Services
}

func startSvcSite(t *testing.T) *svcSite {
	t.Helper()
	parallel(t)
	db := demoDB(t, true)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc := newServices(t, db, base, nil)
	h, err := app.New(db, svc, app.Options{BaseURL: base, Demo: true, Version: "e2e"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &svcSite{site: &site{URL: base, cat: svc.Catalogue}, db: db, svc: svc}
}

// linkIn returns the path (and query) of the first link of the site in
// text that starts with prefix (such as "/account/verify/"), or fails t.
func (s *site) linkIn(t *testing.T, text, prefix string) string {
	t.Helper()
	l := regexp.MustCompile(regexp.QuoteMeta(s.URL+prefix) + `[^\s"<>]+`).FindString(text)
	if l == "" {
		t.Fatalf("no link %s… in:\n%s", prefix, text)
	}
	return l[len(s.URL):]
}

// mails returns the outbox mails of kind to to, newest first.
func mails(t *testing.T, db *store.DB, kind, to string) []string {
	t.Helper()
	ms, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.Kind == kind && m.To == to {
			out = append(out, m.Text)
		}
	}
	return out
}

// firstClick sends the form sel as its first click of a double click
// would (fetch, the same cookies, its answer never shown); the journey's
// own click is then the second, whose page the person reads.
func (j *journey) firstClick(sel string) {
	j.t.Helper()
	j.do(chromedp.Evaluate[chromedp.Void](`(async () => {
		const f = document.querySelector(`+jsString(sel)+`);
		if (!f) throw new Error('no form ' + `+jsString(sel)+`);
		const r = await fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f)), credentials: 'same-origin', redirect: 'manual'});
		if (r.type !== 'opaqueredirect' && r.status !== 200) throw new Error('first click answered ' + r.status);
	})()`, chromedp.EvalAwaitPromise))
}

// back presses the browser's back button and checks the page it shows.
// A page restored from the back-forward cache fires no load event, and
// the page before may have the same address (a form that redirects to
// its own page), so it waits for the history's index to step back.
func (j *journey) back() {
	j.t.Helper()
	h, err := chromedp.Run(j.ctx, chromedp.NavigationEntries())
	if err != nil || h.CurrentIndex < 1 {
		j.t.Fatalf("no page to go back to: %v", err)
	}
	j.do(chromedp.Evaluate[chromedp.Void](`history.back()`))
	// Each check is its own call: the navigation destroys the context an
	// evaluation runs in.
	testkit.Eventually(j.t, 30*time.Second, "the page before "+location(j), func() bool {
		now, err := chromedp.Run(j.ctx, chromedp.NavigationEntries())
		if err != nil || now.CurrentIndex != h.CurrentIndex-1 {
			return false
		}
		ok, err := chromedp.Run(j.ctx, chromedp.Evaluate[bool](`document.readyState === 'complete'`))
		return err == nil && ok
	})
	j.check(nil)
}

// inLang opens path in lang, as the language switch does (?lang=, which
// redirects to path): the cookie then holds it for the rest of the journey.
func (j *journey) inLang(lang, path string) {
	j.t.Helper()
	j.open(path + "?lang=" + lang)
	if got := j.page().Lang; got != lang {
		j.t.Fatalf("%s in %q, want %q", path, got, lang)
	}
}

// tab is a new tab of the journey's browser, keeping its cookies: a
// journey longer than testkit.TabTimeout goes on in it.
func (j *journey) tab() *journey {
	j.t.Helper()
	return &journey{t: j.t, b: j.b, s: j.s, ctx: j.b.NewTab(j.t)}
}

// has fails t unless the text of sel holds want.
func (j *journey) has(what, sel, want string) {
	j.t.Helper()
	if got := j.text(sel); !strings.Contains(got, want) {
		j.t.Errorf("%s (%s on %s): %q lacks %q", what, sel, j.url().Path, got, want)
	}
}
