package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// TestPages_AxeInChromium opens every kind of page in real Chromium, on a
// phone and on a desktop, under the real CSP: axe-core must find no serious
// or critical violation, and the page must report no error (a blocked
// inline style or script, a missing file).
func TestPages_AxeInChromium(t *testing.T) {
	s := newSite(t)
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	all := []string{
		"/", "/projects", "/projects?q=zzzzqqqq", "/projects?page=2&sort=deadline",
		"/projects/gifu-watercress-evangelist", "/regions/gifu", "/areas/chubu", "/themes/design",
		"/organizations", "/organizations/gifu-local-base", "/nope", "/projects?page=0&q=%ff",
		"/account/signup", "/account/signin", "/account/password/forgot", "/account/verify/nonsense",
	}
	for _, size := range []struct {
		name  string
		w, h  int
		paths []string
	}{{"phone", 375, 740, all}, {"desktop", 1280, 900, all[:5]}} {
		t.Run(size.name, func(t *testing.T) {
			b := testkit.NewBrowser(t, testkit.WithWindowSize(size.w, size.h))
			// A tab a page, the pages at the same time (as many as -parallel
			// lets): axe-core's run takes most of the time, in the renderer.
			for _, p := range size.paths {
				t.Run(strings.TrimPrefix(p, "/"), func(t *testing.T) {
					t.Parallel()
					ctx := b.NewTab(t)
					b.Do(t, ctx, chromedp.Navigate(srv.URL+p))
					testkit.CheckWidth(t, ctx, size.w)
					for _, v := range b.CheckA11y(t, ctx) {
						if v.Serious() {
							t.Errorf("%s: %s (%s) %v", p, v.ID, v.Impact, v.Nodes)
						} else {
							t.Logf("%s: minor %s: %s", p, v.ID, v.Help)
						}
					}
					for _, e := range testkit.PageErrors(ctx) {
						// The 404 and 400 pages report their own status; nothing else may fail.
						if !strings.HasSuffix(e, "("+srv.URL+p+")") {
							t.Errorf("%s: page error %q", p, e)
						}
					}
				})
			}
		})
	}
}
