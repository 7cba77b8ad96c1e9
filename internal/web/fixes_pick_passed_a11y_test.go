package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestPickTimesPassed_AxeInChromium opens, in real Chromium on a phone,
// the pages that say every proposed time has passed (the participant's
// and the hosts' entry page, the team workspace): axe-core must find no
// serious or critical violation.
func TestPickTimesPassed_AxeInChromium(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	p, team := matchedTeam(t, s, srv)
	teamID, _ := strconv.ParseInt(strings.TrimPrefix(team, "/teams/"), 10, 64)
	id := interviewEntry(t, s)
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		iv := &furusato.Interview{EntryID: id, Online: true, Location: "https://meet.example.jp/abc", Slots: pastSlots()}
		if err := tx.CreateInterview(ctx, iv, testNow.Add(-72*time.Hour)); err != nil {
			return err
		}
		m := &furusato.TeamMeeting{TeamID: teamID, Kind: furusato.MeetingRegular, Location: "郡上市八幡町", Slots: pastSlots()}
		return tx.CreateTeamMeeting(ctx, m, testNow.Add(-72*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	staff := s.manageSignIn(t, srv, watercressStaff)
	b := testkit.NewBrowser(t, testkit.WithWindowSize(375, 740))
	for _, who := range []struct {
		name  string
		br    *browser
		paths []string
	}{
		{"participant", p, []string{fmt.Sprintf("/me/entries/%d", id), team}},
		{"staff", staff, []string{fmt.Sprintf("/manage/entries/%d", id)}},
	} {
		tab := b.NewTab(t)
		u, _ := url.Parse(srv.URL)
		for _, c := range who.br.c.Jar.Cookies(u) {
			if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: srv.URL}); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range who.paths {
			b.Do(t, tab, chromedp.Navigate(srv.URL+path))
			text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, "候補の日時はすべて過ぎました") {
				t.Errorf("%s, %s: no word that the times have passed", who.name, path)
			}
			testkit.CheckWidth(t, tab, 375)
			for _, v := range b.CheckA11y(t, tab) {
				if v.Serious() {
					t.Errorf("%s, %s: %s (%s) %v", who.name, path, v.ID, v.Impact, v.Nodes)
				}
			}
		}
	}
}
