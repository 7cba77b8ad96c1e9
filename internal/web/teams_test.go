package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// matchedTeam signs a participant in, enters the watercress project, has
// the coordinator offer and the participant accept; it returns the
// participant's browser and the team's workspace URL.
func matchedTeam(t *testing.T, s *site, srv *testServer) (*browser, string) {
	t.Helper()
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	for _, to := range []string{"screening", "offered"} {
		res, body := c.post(hostEntryURL(id)+"/move", map[string][]string{"to": {to}, "message": {""}})
		redirected(t, "move to "+to, res, body, hostEntryURL(id))
	}
	res, body := p.post(myEntryURL(id)+"/accept", nil)
	redirected(t, "accept", res, body, myEntryURL(id))
	team, err := s.db.FindTeamByProject(context.Background(), s.project(t, watercress).ID)
	if err != nil {
		t.Fatalf("no team after the match: %v", err)
	}
	return p, teamURL(team.ID)
}

// startedTeam is matchedTeam with the project published again and its
// work started by the Gifu coordinator; it returns the participant's and
// the coordinator's browsers and the workspace URL.
func startedTeam(t *testing.T, s *site, srv *testServer) (p, coord *browser, team string) {
	t.Helper()
	p, team = matchedTeam(t, s, srv)
	pr := s.project(t, watercress)
	if _, err := s.db.Writer().ExecContext(context.Background(), `UPDATE projects SET status = 'published' WHERE id = $1`, pr.ID); err != nil {
		t.Fatal(err)
	}
	coord = s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post(team+"/start", url.Values{"from": {"published"}})
	redirected(t, "start", res, body, team)
	return p, coord, team
}

func TestTeams_WorkspaceForTheTeamOnly(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, url := matchedTeam(t, s, srv)

	_, body := p.get("/me")
	mustContain(t, "my page", body, "参加しているチーム", `href="`+url+`"`)
	res, body := p.get(url)
	status(t, "participant's workspace", res, body, http.StatusOK)
	mustContain(t, "workspace", body, "メンバー", "参加者 デモ", "（あなた）", "参加者", "受入企業", "コーディネーター")
	checkHeadings(t, url, body)

	c := s.manageSignIn(t, srv, gifuCoordinator)
	c.get(url + "?lang=en") // the switch answers with a redirect back, and a cookie
	res, body = c.get(url)
	status(t, "coordinator's workspace", res, body, http.StatusOK)
	mustContain(t, "workspace in English", body, "Members", "Coordinator")

	for _, who := range []string{otherRegion} {
		o := s.manageSignIn(t, srv, who)
		res, body = o.get(url)
		status(t, who+" (outsider)", res, body, http.StatusNotFound)
	}
	res, _ = s.browser(t, srv.Server).get(url)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/account/signin") {
		t.Errorf("visitor: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = p.get("/teams/999999")
	status(t, "missing team", res, body, http.StatusNotFound)
}

// teamIDOf returns the id of the team workspace URL u (/teams/ID).
func teamIDOf(t *testing.T, u string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(u, "/teams/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
