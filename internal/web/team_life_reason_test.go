package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

// TestTeamLife_EndedEarlyWorkspaceGivesTheReason: once the coordinator
// ends a project early, every member reads on the workspace why, beside
// when (the reason was in the database and the mail only; a member
// without mail notices never learnt it).
func TestTeamLife_EndedEarlyWorkspaceGivesTheReason(t *testing.T) {
	s, srv := newEntriesSite(t)
	_, team := matchedTeam(t, s, srv)
	pr := s.project(t, watercress)
	if _, err := s.db.Writer().ExecContext(context.Background(), `UPDATE projects SET status = 'published' WHERE id = $1`, pr.ID); err != nil {
		t.Fatal(err)
	}
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post(team+"/start", url.Values{"from": {"published"}})
	redirected(t, "start", res, body, team)
	const reason = "本業の部署異動で<週末>の時間がとれなくなったため"
	res, body = coord.post(team+"/end-early", url.Values{"from": {"in_progress"}, "reason": {reason}})
	redirected(t, "end early", res, body, team)

	p := s.manageSignIn(t, srv, participant)
	res, body = p.get(team)
	status(t, "workspace after the early end", res, body, http.StatusOK)
	mustContain(t, "workspace after the early end", body, "に終了しました。", "終了の理由：本業の部署異動で&lt;週末&gt;の時間がとれなくなったため")
	res, body = coord.get(team)
	status(t, "coordinator's workspace", res, body, http.StatusOK)
	mustContain(t, "coordinator's workspace", body, "終了の理由：本業の部署異動で&lt;週末&gt;")

	// A project completed as planned has no reason line.
	s2, srv2 := newEntriesSite(t)
	_, team2 := matchedTeam(t, s2, srv2)
	pr2 := s2.project(t, watercress)
	if _, err := s2.db.Writer().ExecContext(context.Background(), `UPDATE projects SET status = 'published' WHERE id = $1`, pr2.ID); err != nil {
		t.Fatal(err)
	}
	coord2 := s2.manageSignIn(t, srv2, gifuCoordinator)
	res, body = coord2.post(team2+"/start", url.Values{"from": {"published"}})
	redirected(t, "start", res, body, team2)
	res, body = coord2.post(team2+"/complete", url.Values{"from": {"in_progress"}})
	redirected(t, "complete", res, body, team2)
	_, body = coord2.get(team2)
	mustContain(t, "completed workspace", body, "に完了しました")
	mustNotContain(t, "completed workspace", body, "終了の理由")
}
