package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTeamWork_MilestonesThreadAndCheckInPages(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	c := s.manageSignIn(t, srv, gifuCoordinator)

	res, body := p.get(team)
	status(t, "workspace", res, body, http.StatusOK)
	mustContain(t, "workspace sections", body, "マイルストーン", "定例報告", "チームのスレッド", team+"/milestones/new", team+"/checkins")
	checkHeadings(t, team, body)

	// Milestones: bad input comes back with what was typed, then it is added.
	res, body = p.get(team + "/milestones/new")
	status(t, "milestone form", res, body, http.StatusOK)
	checkHeadings(t, team+"/milestones/new", body)
	res, body = p.post(team+"/milestones", url.Values{"title": {"試作品を<b>完成</b>させる"}, "year": {"2026"}, "month": {"2"}, "day": {"30"}})
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: %d", res.StatusCode)
	}
	mustContain(t, "milestone error", body, "エラー：", "実在する日付", "試作品を&lt;b&gt;完成&lt;/b&gt;させる", `value="30"`)
	res, body = p.post(team+"/milestones", url.Values{"title": {"試作品を完成させる"}, "year": {"2026"}, "month": {"11"}, "day": {"19"}})
	redirected(t, "add milestone", res, body, team+"#s-milestones")
	_, body = c.get(team)
	mustContain(t, "coordinator sees the milestone", body, "試作品を完成させる", "期限を過ぎています") // due before the site's today
	// Marked done by the coordinator; the participant's page still said open.
	ms := cutBetween(body, `action="`+team+`/milestones/`, `/status"`)
	if ms == "" {
		t.Fatalf("no move form:\n%s", snippet(body))
	}
	move := team + "/milestones/" + ms + "/status"
	res, body = c.post(move, url.Values{"from": {"open"}, "to": {"done"}})
	redirected(t, "mark done", res, body, team+"#s-milestones")
	res, body = p.post(move, url.Values{"from": {"open"}, "to": {"done"}})
	redirected(t, "stale move", res, body, team+"#s-milestones")
	_, body = p.get(team)
	mustContain(t, "conflict flash", body, "ほかのメンバーが先に")
	mustNotContain(t, "done milestone not listed", body, "試作品を完成させる")

	// The thread: links, escaping, unread counts, field errors.
	res, body = p.post(team+"/messages", url.Values{"body": {"資料です https://example.jp/doc?a=1 <script>alert(1)</script>"}})
	redirected(t, "post", res, body, team+"/thread#thread")
	_, body = c.get(team)
	mustContain(t, "unread on the workspace", body, "未読1件", `<a href="https://example.jp/doc?a=1" rel="nofollow noopener noreferrer">`)
	mustNotContain(t, "no markup from people", body, "<script>alert(1)")
	res, body = c.get(team + "/thread")
	status(t, "thread page", res, body, http.StatusOK)
	checkHeadings(t, team+"/thread", body)
	_, body = c.get(team)
	mustNotContain(t, "read after opening", body, "未読1件")
	res, body = c.post(team+"/messages", url.Values{"body": {"a\x00b"}})
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("NUL message: %d", res.StatusCode)
	}
	mustContain(t, "NUL message", body, "エラー：", "使用できない文字", `id="message-body"`) // the form is back
	res, body = c.post(team+"/messages", url.Values{"body": {strings.Repeat("長", 10000)}})
	if res.StatusCode == http.StatusSeeOther || res.StatusCode >= 500 {
		t.Fatalf("long message: %d", res.StatusCode)
	}
	mustContain(t, "long message kept", body, strings.Repeat("長", 100))
	_, body = p.get("/me")
	mustContain(t, "my page", body, "参加しているチーム")

	// Check-ins: only participants write; coordinators comment.
	res, body = c.get(team + "/checkins/new")
	status(t, "coordinator check-in form", res, body, http.StatusForbidden)
	res, body = p.get(team + "/checkins/new")
	status(t, "check-in form", res, body, http.StatusOK)
	checkHeadings(t, team+"/checkins/new", body)
	res, body = p.post(team+"/checkins", url.Values{"done": {strings.Repeat("x", 10000)}, "next": {""}, "blockers": {"\u202e逆向き"}, "hours": {"たくさん"}})
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad check-in: %d", res.StatusCode)
	}
	mustContain(t, "check-in errors", body, "エラー：", "前回からやったことは2,000文字以内", "前回の報告から使った時間は0〜400時間の範囲で", "たくさん", `id="checkin-done"`)
	res, body = p.post(team+"/checkins", url.Values{"done": {"畑を見学しました"}, "next": {"ロゴ案を作ります"}, "blockers": {""}, "hours": {"６時間"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), team+"/checkins#checkin-") {
		t.Fatalf("check-in: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), snippet(body))
	}
	cid := strings.TrimPrefix(res.Header.Get("Location"), team+"/checkins#checkin-")
	res, body = c.get(team + "/checkins")
	status(t, "timeline", res, body, http.StatusOK)
	checkHeadings(t, team+"/checkins", body)
	mustContain(t, "timeline", body, "畑を見学しました", "6時間", "1回目", "特にありません", "コメントする")
	res, body = p.post(team+"/checkins/"+cid+"/comments", url.Values{"body": {"自分で"}})
	status(t, "participant comment", res, body, http.StatusForbidden)
	res, body = c.post(team+"/checkins/"+cid+"/comments", url.Values{"body": {"  "}})
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("blank comment: %d", res.StatusCode)
	}
	mustContain(t, "blank comment", body, "エラー：", "comment-"+cid)
	res, body = c.post(team+"/checkins/"+cid+"/comments", url.Values{"body": {"写真は役場に相談しましょう"}})
	redirected(t, "comment", res, body, team+"/checkins#checkin-"+cid)
	_, body = p.get(team + "/checkins")
	mustContain(t, "comment shown", body, "写真は役場に相談しましょう", "コーディネーター")
	mustNotContain(t, "participant has no comment form", body, "コメントする")
	_, body = p.get(team)
	mustContain(t, "latest check-in on the workspace", body, "最新の報告", "畑を見学しました")
	_, body = p.get("/notifications")
	mustContain(t, "comment notice", body, "定例報告にコメントが届きました")

	// Outsiders see none of it.
	o := s.manageSignIn(t, srv, otherRegion)
	for _, path := range []string{team + "/thread", team + "/checkins", team + "/checkins/new", team + "/milestones/new", team + "/milestones/" + ms + "/edit"} {
		res, body = o.get(path)
		status(t, "outsider "+path, res, body, http.StatusNotFound)
	}
	for path, form := range map[string]url.Values{team + "/messages": {"body": {"x"}}, team + "/milestones": {"title": {"x"}},
		team + "/checkins/" + cid + "/comments": {"body": {"x"}}, team + "/checkins": {"done": {"x"}}} {
		res, body = o.post(path, form)
		status(t, "outsider POST "+path, res, body, http.StatusNotFound)
	}
	res, body = p.get(team + "/checkins?before=abc")
	status(t, "bad cursor", res, body, http.StatusNotFound)
	_ = fmt.Sprint
	_ = context.Background
}

func TestTeamWork_MilestoneEditKeepsWhatWasTyped(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	res, body := p.post(team+"/milestones", url.Values{"title": {"説明会を開く"}, "year": {"2027"}, "month": {"1"}, "day": {"15"}})
	redirected(t, "add", res, body, team+"#s-milestones")
	_, body = p.get(team)
	id := cutBetween(body, `href="`+team+`/milestones/`, `/edit"`)
	edit := team + "/milestones/" + id + "/edit"
	res, body = p.get(edit)
	status(t, "edit form", res, body, http.StatusOK)
	checkHeadings(t, edit, body)
	mustContain(t, "edit form", body, `value="説明会を開く"`, `value="2027"`, `name="from" value="open"`)
	res, body = p.post(team+"/milestones/"+id, url.Values{"title": {strings.Repeat("長", 121)}, "year": {"2027"}, "month": {"1"}, "day": {"15"}, "from": {"open"}, "status": {"open"}})
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("a 121-character title was saved")
	}
	mustContain(t, "long title", body, "120文字以内", strings.Repeat("長", 121))
	res, body = p.post(team+"/milestones/"+id, url.Values{"title": {"説明会を開く"}, "year": {"2027"}, "month": {"2"}, "day": {"1"}, "from": {"open"}, "status": {"dropped"}})
	redirected(t, "drop", res, body, team+"#s-milestones")
	_, body = p.get(team)
	mustNotContain(t, "dropped milestone", body, "説明会を開く")
}

// cutBetween returns the text of s between the first from and the next to.
func cutBetween(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}
