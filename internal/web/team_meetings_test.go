package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

var meetingICSRE = regexp.MustCompile(`href="/meetings/(\d+)\.ics"`)
var meetingPickRE = regexp.MustCompile(`action="/meetings/(\d+)/pick"`)

// flashAfter follows a redirect of b and returns the page it lands on.
func flashAfter(b *browser, res *http.Response) string {
	_, body := b.get(res.Header.Get("Location"))
	return body
}

func meetingValues(kind string, slots ...[4]string) url.Values {
	v := slotForm("onsite", "郡上市八幡町の事務所", slots...)
	v.Set("kind", kind)
	v.Set("notes", "名刺をお持ちください")
	return v
}

func TestTeamMeetings_ProposePickCalendarRescheduleCancel(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	newPath := team + "/meetings/new"

	res, body := p.get(team)
	status(t, "participant's workspace", res, body, http.StatusOK)
	mustContain(t, "workspace", body, "ミーティング", "次のミーティング", "日時が決まっているミーティングはまだありません。", "プロジェクトの状況")
	mustNotContain(t, "participant's workspace", body, `href="`+newPath+`"`, `href="`+team+`/start"`)
	checkHeadings(t, team, body)

	// Only the coordinator and the company's staff reach the form.
	res, body = p.get(newPath)
	status(t, "participant's form", res, body, http.StatusForbidden)
	res, body = s.manageSignIn(t, srv, otherRegion).get(newPath)
	status(t, "other region's form", res, body, http.StatusNotFound)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	_, body = coord.get(team)
	mustContain(t, "coordinator's workspace", body, `href="`+newPath+`"`, `href="`+team+`/start"`, "コーディネーターの操作")
	res, body = coord.get(newPath)
	status(t, "coordinator's form", res, body, http.StatusOK)
	mustContain(t, "form", body, "ミーティングの日時を提案する", `id="kind-kickoff" name="kind" type="radio" value="kickoff" checked`, "候補1", "チームへのメモ")
	checkHeadings(t, newPath, body)

	// Bad and hostile input comes back beside the fields, nothing lost.
	bad := meetingValues("", [4]string{"2026", "2", "30", "9:00"})
	bad.Set("notes", strings.Repeat("長", 2001))
	res, body = coord.post(newPath, bad)
	status(t, "bad form", res, body, http.StatusBadRequest)
	mustContain(t, "errors", body, "<title>エラー：", "ミーティングの種類を選んでください", `href="#kind-kickoff"`, `href="#slot1-year"`,
		"チームへのメモは2,000文字以内で入力してください", "郡上市八幡町の事務所", `value="30"`)
	checkHeadings(t, newPath+" (errors)", body)
	hostile := meetingValues("kickoff", [4]string{"2026", "11", "27", "9:00"})
	hostile.Set("location", "事務所\x00\u202e")
	res, body = coord.post(newPath, hostile)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("hostile text: %d\n%s", res.StatusCode, snippet(body))
	}

	// A proposal; the participant picks for the team.
	res, body = s.manageSignIn(t, srv, watercressStaff).post(newPath, meetingValues("kickoff", [4]string{"2026", "11", "26", "14:00"}, [4]string{"２０２６", "11", "27", "9:00"}))
	redirected(t, "staff proposes", res, body, team)
	_, body = p.get(team)
	m := meetingPickRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no pick form on the participant's workspace\n%s", snippet(body))
	}
	mid, _ := strconv.ParseInt(m[1], 10, 64)
	pick := "/meetings/" + m[1] + "/pick"
	res, body = p.post(pick, url.Values{})
	status(t, "pick without a choice", res, body, http.StatusBadRequest)
	mustContain(t, "pick error", body, "<title>エラー：", "ご都合のよい日時を1つ選んでください")
	checkHeadings(t, pick, body)
	mt, err := s.db.FindTeamMeeting(context.Background(), mid)
	if err != nil {
		t.Fatal(err)
	}
	choice := url.Values{"slot": {strconv.FormatInt(mt.Slots[1].ID, 10)}}
	res, body = p.post(pick, choice)
	redirected(t, "pick", res, body, team)
	res, body = p.post(pick, choice) // the second click of a double submit
	redirected(t, "second pick", res, body, team)
	mustContain(t, "second pick's flash", flashAfter(p, res), "すでに確定したか、変更されています")
	if mt, _ = s.db.FindTeamMeeting(context.Background(), mid); mt.Status != furusato.InterviewConfirmed || mt.Sequence != 1 {
		t.Errorf("after two picks: %+v", mt)
	}
	_, body = coord.get(team)
	mustContain(t, "next meeting", body, "キックオフ", "2026年11月27日(金) 9:00〜10:00", "（日本時間）", "郡上市八幡町の事務所",
		"名刺をお持ちください", `href="/meetings/`+m[1]+`.ics"`, "https://calendar.google.com/calendar/render?", "20261127T000000Z")
	if icsLink := meetingICSRE.FindStringSubmatch(body); icsLink == nil {
		t.Error("no .ics link")
	}
	res, body = p.get("/meetings/" + m[1] + ".ics")
	status(t, "calendar", res, body, http.StatusOK)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(body, "BEGIN:VCALENDAR") ||
		!strings.Contains(body, "METHOD:PUBLISH") || !strings.Contains(body, "UID:team-meeting-"+m[1]+"@") {
		t.Errorf("calendar: %s\n%s", res.Header.Get("Content-Type"), body)
	}
	res, body = s.manageSignIn(t, srv, otherRegion).get("/meetings/" + m[1] + ".ics")
	status(t, "other region's calendar", res, body, http.StatusNotFound)

	// Reschedule and cancel (with its confirmation page), twice each.
	res, body = coord.get("/meetings/" + m[1] + "/reschedule")
	status(t, "reschedule form", res, body, http.StatusOK)
	mustContain(t, "reschedule form", body, "ミーティングの日時を変更する", `value="郡上市八幡町の事務所"`, "変更を提案する")
	checkHeadings(t, "reschedule", body)
	res, body = p.get("/meetings/" + m[1] + "/reschedule")
	status(t, "participant reschedules", res, body, http.StatusForbidden)
	res, body = coord.post("/meetings/"+m[1]+"/reschedule", meetingValues("kickoff", [4]string{"2026", "11", "30", "10:00"}))
	redirected(t, "reschedule", res, body, team)
	cancel := "/meetings/" + m[1] + "/cancel"
	res, body = coord.get(cancel)
	status(t, "cancel page", res, body, http.StatusOK)
	mustContain(t, "cancel page", body, "ミーティングを中止する", "中止の理由", "btn-danger", "2026年11月30日(月) 10:00〜11:00")
	checkHeadings(t, cancel, body)
	res, body = coord.post(cancel, url.Values{"reason": {strings.Repeat("理", 1001)}})
	status(t, "long reason", res, body, http.StatusBadRequest)
	mustContain(t, "long reason", body, "中止の理由は1,000文字以内で入力してください", strings.Repeat("理", 1001))
	res, body = coord.post(cancel, url.Values{"reason": {"台風のため"}})
	redirected(t, "cancel", res, body, team)
	res, body = coord.post(cancel, url.Values{"reason": {"台風のため"}})
	redirected(t, "second cancel", res, body, team)
	mustContain(t, "second cancel's flash", flashAfter(coord, res), "このミーティングはすでに中止されています。")
	_, body = p.get(team)
	mustContain(t, "after cancel", body, "中止", "日時が決まっているミーティングはまだありません。")

	coord.get(team + "?lang=en")
	_, body = coord.get(team)
	mustContain(t, "in English", body, "Meetings", "Next meeting", "Project status")
}

func TestTeamLife_StartCompleteEndEarlyPages(t *testing.T) {
	s, srv := newEntriesSite(t)
	_, team := matchedTeam(t, s, srv)
	ctx := context.Background()
	pr := s.project(t, watercress)
	// Someone whose entry is still open when the coordinator starts.
	hopeful := &furusato.Entry{ProjectID: pr.ID, CompanyID: pr.CompanyID, OrganizationID: pr.OrganizationID,
		Motivation: "動機", Contribution: "貢献", HoursPerWeek: 5}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		u := &furusato.User{Email: "hopeful@example.jp", DisplayName: "選考 中"}
		if err := tx.CreateUser(ctx, u, "", testNow); err != nil {
			return err
		}
		hopeful.UserID = u.ID
		return tx.CreateEntry(ctx, hopeful, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE projects SET status = 'published' WHERE id = $1`, pr.ID); err != nil {
		t.Fatal(err)
	}

	coord := s.manageSignIn(t, srv, gifuCoordinator)
	p := s.manageSignIn(t, srv, participant)
	for _, path := range []string{team + "/start", team + "/complete", team + "/end-early"} {
		res, body := p.get(path)
		status(t, "participant at "+path, res, body, http.StatusForbidden)
		res, body = s.manageSignIn(t, srv, otherRegion).get(path)
		status(t, "other region at "+path, res, body, http.StatusNotFound)
	}
	res, _ := coord.get(team + "/complete")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != team {
		t.Errorf("complete before the start: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	mustContain(t, "complete before the start", flashAfter(coord, res), "プロジェクトの今の状況では、この操作はできません。")
	var body string

	res, body = coord.get(team + "/start")
	status(t, "start page", res, body, http.StatusOK)
	mustContain(t, "start page", body, "プロジェクトを開始する", "まだ募集中です", "選考中のエントリーが1件あります", `name="from" value="published"`)
	checkHeadings(t, "start", body)
	res, body = coord.post(team+"/start", url.Values{"from": {"published"}})
	redirected(t, "start", res, body, team)
	mustContain(t, "start flash", flashAfter(coord, res), "プロジェクトを開始しました。", "プロジェクトは進行中です。")
	res, body = coord.post(team+"/start", url.Values{"from": {"published"}})
	redirected(t, "second start", res, body, team)
	mustContain(t, "second start's flash", flashAfter(coord, res), "プロジェクトの状況はすでに変わっています。")
	if e, _ := s.db.FindEntry(ctx, hopeful.ID); e.Stage != furusato.StageDeclined {
		t.Errorf("open entry: %s", e.Stage)
	}

	res, body = coord.get(team + "/end-early")
	status(t, "end-early page", res, body, http.StatusOK)
	mustContain(t, "end-early page", body, "プロジェクトを途中で終了する", "終了の理由", "btn-danger", `name="from" value="in_progress"`)
	checkHeadings(t, "end-early", body)
	res, body = coord.post(team+"/end-early", url.Values{"from": {"in_progress"}, "reason": {""}})
	status(t, "end early without a reason", res, body, http.StatusBadRequest)
	mustContain(t, "no reason", body, "<title>エラー：", "終了の理由を入力してください", `href="#reason"`)
	res, body = coord.post(team+"/end-early", url.Values{"from": {"in_progress"}, "reason": {"体制\x00変更"}})
	status(t, "hostile reason", res, body, http.StatusBadRequest)

	res, body = coord.get(team + "/complete")
	status(t, "complete page", res, body, http.StatusOK)
	mustContain(t, "complete page", body, "プロジェクトを完了にする", "振り返りが始まります")
	checkHeadings(t, "complete", body)
	res, body = coord.post(team+"/complete", url.Values{"from": {"in_progress"}})
	redirected(t, "complete", res, body, team)
	res, body = coord.post(team+"/complete", url.Values{"from": {"in_progress"}})
	redirected(t, "second complete", res, body, team)
	tm, err := s.db.FindTeam(ctx, teamIDOf(t, team))
	if err != nil || !tm.Ended() || tm.EndedEarly {
		t.Errorf("team after completion: %+v, %v", tm, err)
	}
	_, body = p.get(team)
	mustContain(t, "completed workspace", body, "に完了しました")
	mustNotContain(t, "completed workspace", body, `href="`+team+`/complete"`)
}
