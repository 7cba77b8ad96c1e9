package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// proposeMeeting has the company's staff propose a meeting on team and
// returns its id.
func proposeMeeting(t *testing.T, s *site, srv *testServer, team string, slot [4]string) string {
	t.Helper()
	res, body := s.manageSignIn(t, srv, watercressStaff).post(team+"/meetings/new", meetingValues("meeting", slot))
	redirected(t, "staff proposes", res, body, team)
	teamID, _ := strconv.ParseInt(strings.TrimPrefix(team, "/teams/"), 10, 64)
	ms, err := s.db.FindTeamMeetings(context.Background(), teamID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("meetings: %v, %v", ms, err)
	}
	return strconv.FormatInt(ms[len(ms)-1].ID, 10)
}

// A meeting's cancel reason is on the team workspace and in the notice
// (it was only in the mail), in both languages; hostile text is a field
// error naming the field, the meeting still open and the text kept.
func TestTeamMeetings_CancelReasonOnTheWorkspaceAndInTheNotice(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	id := proposeMeeting(t, s, srv, team, [4]string{"2026", "11", "26", "14:00"})
	cancel := "/meetings/" + id + "/cancel"
	coord := s.manageSignIn(t, srv, gifuCoordinator)

	for _, bad := range []string{"台風\u202eのため", "台風\x00のため"} {
		res, body := coord.post(cancel, url.Values{"reason": {bad}})
		status(t, "hostile reason", res, body, http.StatusBadRequest)
		body = html.UnescapeString(body)
		summary := between(body, `class="error-summary"`, "</div>")
		mustContain(t, "hostile reason's summary", summary, `href="#reason"`, "中止の理由に使用できない文字")
		mustContain(t, "hostile reason", body, `id="reason"`, `aria-invalid="true"`, "台風")
		mustNotContain(t, "hostile reason", body, "中止の理由は1,000文字以内")
	}
	_, body := p.get(team)
	mustNotContain(t, "after the refusals", body, "中止の理由")

	const reason = "台風が近づいているため、日を改めます。"
	res, body := coord.post(cancel, url.Values{"reason": {reason}})
	redirected(t, "cancel", res, body, team)
	_, body = p.get(team)
	mustContain(t, "participant's workspace", body, "中止の理由", reason)
	_, body = p.get("/notifications")
	mustContain(t, "participant's notices", body, "のミーティングは中止になりました（理由："+reason+"）")

	inEnglish(t, p)
	_, body = p.get(team)
	mustContain(t, "workspace in English", body, "Reason for cancelling", reason)
	_, body = p.get("/notifications")
	mustContain(t, "notices in English", html.UnescapeString(body), "cancelled (reason: "+reason+")")
}

// When the coordinator ends the team's work early, a meeting still ahead
// is cancelled with it: the workspace and the notice say the team ended.
func TestTeamMeetings_TheEndCancelsTheMeetingsStillAhead(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, coord, team := startedTeam(t, s, srv)
	proposeMeeting(t, s, srv, team, [4]string{"2026", "12", "3", "10:00"})
	res, body := coord.post(team+"/end-early", url.Values{"from": {"in_progress"}, "reason": {"体制が変わったため"}})
	redirected(t, "end early", res, body, team)

	_, body = p.get(team)
	mustContain(t, "workspace after the end", body, "チームの活動が終了したため、中止になりました。")
	mustNotContain(t, "workspace after the end", body, `/pick"`)
	_, body = p.get("/notifications")
	mustContain(t, "notices after the end", body, "チームの活動が終了したため、ミーティングは中止になりました")
	inEnglish(t, p)
	_, body = p.get(team)
	mustContain(t, "workspace in English", html.UnescapeString(body), "Cancelled because the team's work has ended.")
}

// An interview's cancel reason with a bidi override is refused as such,
// naming the field (it was refused as too long), and nothing is cancelled.
func TestInterviews_HostileCancelReasonIsNamed(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post("/manage/entries/"+strconv.FormatInt(id, 10)+"/interviews/new",
		slotForm("online", "https://meet.example.jp/abc", [4]string{"2026", "11", "25", "9:00"}))
	redirected(t, "propose", res, body, "/manage/entries/"+strconv.FormatInt(id, 10))
	ivs, err := s.db.FindInterviews(context.Background(), id)
	if err != nil || len(ivs) != 1 {
		t.Fatalf("interviews %v, %v", ivs, err)
	}
	cancel := "/manage/interviews/" + strconv.FormatInt(ivs[0].ID, 10) + "/cancel"
	res, body = coord.post(cancel, url.Values{"reason": {"担当者\u202eの都合"}})
	status(t, "hostile reason", res, body, http.StatusBadRequest)
	body = html.UnescapeString(body)
	mustContain(t, "hostile reason", between(body, `class="error-summary"`, "</div>"), `href="#reason"`, "中止の理由に使用できない文字")
	mustNotContain(t, "hostile reason", body, "中止の理由は1,000文字以内")
	if iv, _ := s.db.FindInterview(context.Background(), ivs[0].ID); iv.Status != "proposed" {
		t.Errorf("a refused reason cancelled the interview: %+v", iv)
	}
}
