package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/testkit"
)

// TestTeamWork_AxeOnThePages opens the workspace with milestones, a
// message and a commented check-in, the thread, the timeline and the forms
// (one with its errors) in Chromium on a phone: axe-core must find no
// serious or critical violation, and no page may report an error.
func TestTeamWork_AxeOnThePages(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := p.post(team+"/milestones", url.Values{"title": {"試作品を完成させる"}, "year": {"2026"}, "month": {"11"}, "day": {"19"}})
	redirected(t, "milestone", res, body, team+"#s-milestones")
	res, body = c.post(team+"/messages", url.Values{"body": {"資料はこちらです https://example.jp/doc"}})
	redirected(t, "message", res, body, team+"/thread#thread")
	res, _ = p.post(team+"/checkins", url.Values{"done": {"畑を見学しました"}, "next": {"ロゴ案"}, "blockers": {"写真が足りません"}, "hours": {"6"}})
	cid := strings.TrimPrefix(res.Header.Get("Location"), team+"/checkins#checkin-")
	res, body = c.post(team+"/checkins/"+cid+"/comments", url.Values{"body": {"役場に相談しましょう"}})
	redirected(t, "comment", res, body, team+"/checkins#checkin-"+cid)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatal("setup failed")
	}

	b := testkit.NewBrowser(t, testkit.WithWindowSize(375, 740))
	ctx := b.NewTab(t)
	b.Do(t, ctx, chromedp.Navigate(srv.URL+"/account/signin"),
		chromedp.SendKeys(chromedp.CSS("#email"), participant),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitNotPresent(chromedp.CSS("#password")))
	check := func(what, own string) {
		t.Helper()
		testkit.CheckWidth(t, ctx, 375)
		for _, v := range b.CheckA11y(t, ctx) {
			if v.Serious() {
				t.Errorf("%s: %s (%s) %v", what, v.ID, v.Impact, v.Nodes)
			} else {
				t.Logf("%s: minor %s: %s", what, v.ID, v.Help)
			}
		}
		for _, e := range testkit.PageErrors(ctx) {
			// A form sent back with errors reports its own status; nothing else may fail.
			if own == "" || !strings.HasSuffix(e, "("+srv.URL+own+")") {
				t.Errorf("%s: page error %q", what, e)
			}
		}
	}
	for _, path := range []string{team, team + "/thread", team + "/checkins", team + "/checkins/new", team + "/milestones/new"} {
		b.Do(t, ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		check(path, "")
	}
	// The check-in form sent empty comes back with its error summary.
	b.Do(t, ctx, chromedp.Navigate(srv.URL+team+"/checkins/new"), chromedp.WaitVisible(chromedp.CSS("#checkin-done")),
		chromedp.Submit(chromedp.CSS("#checkin-done")), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	check("check-in form with errors", team+"/checkins")
}
