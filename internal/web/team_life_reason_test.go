package web

import (
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
	_, coord, team := startedTeam(t, s, srv)
	const reason = "本業の部署異動で<週末>の時間がとれなくなったため"
	res, body := coord.post(team+"/end-early", url.Values{"from": {"in_progress"}, "reason": {reason}})
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
	_, coord2, team2 := startedTeam(t, s2, srv2)
	res, body = coord2.post(team2+"/complete", url.Values{"from": {"in_progress"}})
	redirected(t, "complete", res, body, team2)
	_, body = coord2.get(team2)
	mustContain(t, "completed workspace", body, "に完了しました")
	mustNotContain(t, "completed workspace", body, "終了の理由")
}
