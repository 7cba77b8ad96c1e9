package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// TestTeamMeetings_AxeInChromium opens the meeting section and pages of a
// team in real Chromium on a phone, signed in as the coordinator and as
// the participant (the session cookie of an httptest browser): axe-core
// must find no serious or critical violation, the error pages included.
func TestTeamMeetings_AxeInChromium(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post(team+"/meetings/new", meetingValues("kickoff", [4]string{"2026", "11", "26", "14:00"}, [4]string{"2026", "11", "27", "9:00"}))
	redirected(t, "propose", res, body, team)
	res, body = coord.post(team+"/meetings/new", meetingValues("meeting", [4]string{"2026", "12", "3", "19:00"}))
	redirected(t, "propose", res, body, team)
	_, body = p.get(team)
	m := meetingPickRE.FindAllStringSubmatch(body, -1)
	if len(m) != 2 {
		t.Fatalf("pick forms: %v", m)
	}
	mid, _ := strconv.ParseInt(m[len(m)-1][1], 10, 64)
	mt, err := s.db.FindTeamMeeting(context.Background(), mid)
	if err != nil {
		t.Fatal(err)
	}
	res, body = coord.post("/meetings/"+m[len(m)-1][1]+"/pick", url.Values{"slot": {strconv.FormatInt(mt.Slots[0].ID, 10)}})
	redirected(t, "pick", res, body, team)

	b := testkit.NewBrowser(t, testkit.WithWindowSize(375, 740))
	for _, who := range []struct {
		name  string
		br    *browser
		paths []string
		error []string // pages whose form is sent empty, for the error page
	}{
		{"coordinator", coord, []string{team, team + "/meetings/new", "/meetings/" + m[0][1] + "/reschedule",
			"/meetings/" + m[0][1] + "/cancel", team + "/start", team + "/end-early"},
			[]string{team + "/meetings/new", team + "/end-early"}},
		{"participant", p, []string{team}, nil},
	} {
		ctx := b.NewTab(t)
		u, _ := url.Parse(srv.URL)
		for _, c := range who.br.c.Jar.Cookies(u) {
			if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: srv.URL}); err != nil {
				t.Fatal(err)
			}
		}
		check := func(what string) {
			testkit.CheckWidth(t, ctx, 375)
			for _, v := range b.CheckA11y(t, ctx) {
				if v.Serious() {
					t.Errorf("%s, %s: %s (%s) %v", who.name, what, v.ID, v.Impact, v.Nodes)
				}
			}
			for _, e := range testkit.PageErrors(ctx) {
				if !strings.Contains(e, "status of 400") {
					t.Errorf("%s, %s: page error %q", who.name, what, e)
				}
			}
		}
		for _, path := range who.paths {
			b.Do(t, ctx, chromedp.Navigate(srv.URL+path))
			check(path)
		}
		for _, path := range who.error {
			b.Do(t, ctx, chromedp.Navigate(srv.URL+path))
			b.Do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector('main form'); f.querySelectorAll('input[type=radio]').forEach(r => r.checked = false); setTimeout(() => f.submit(), 0); })()`))
			// The submit navigates: ask again until the error page is there.
			var err error
			for range 40 {
				time.Sleep(250 * time.Millisecond)
				if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.error-summary') !== null`, chromedp.WithPollingTimeout(time.Second))); err == nil {
					break
				}
			}
			if err != nil {
				t.Fatalf("%s: no error page: %v", path, err)
			}
			check(path + " (errors)")
		}
	}
}
