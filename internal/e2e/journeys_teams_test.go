package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// The teams' flows that had no journey of their own (helper jB): a team
// meeting cancelled with its reason, a team ended early with its reason
// and what the participant then reads, an older charter version, and the
// milestone edit form. Set-up is done through the services; each journey
// clicks only its own flow, with axe-core on every page.

// TestJourneyB_TeamMeetingCancelWithReason: the coordinator cancels the
// confirmed kickoff on its confirmation page, with a reason; the
// workspace says it is cancelled, with no calendar file and no time
// fixed; the database holds it cancelled and the team's kickoff unset;
// the participant, on a phone and in English, reads it cancelled with its
// reason on the workspace, and the notice mail carries the reason too.
func TestJourneyB_TeamMeetingCancelWithReason(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	team, meeting := s.matchedWithKickoff(t, furusato.DateOf(now).AddDays(3))
	cancel := fmt.Sprintf("/meetings/%d/cancel", meeting)
	const reason = "会社の棚卸しと重なったため、来週あらためて日程を相談させてください"
	meetings := `section[aria-labelledby="s-meetings"]`

	cj := s.member(t, coordinatorEmail).tab()
	cj.open(team)
	cj.mustSee("the kickoff before", meetings, "キックオフ", "日程確定", "19:00")
	cj.click(cancel)
	if h1 := cj.page().H1s; len(h1) != 1 || h1[0] != "ミーティングを中止する" {
		t.Errorf("cancel page h1 %q", h1)
	}
	cj.mustSee("what is cancelled", `main dl.facts`, "キックオフ", "19:00", "https://meet.example.jp/watercress-kickoff")
	cj.do(sendKeys(textarea("reason"), reason))
	cj.submit(cancel)
	if got := cj.flash(); !strings.Contains(got, "ミーティングを中止しました。") {
		t.Fatalf("flash after cancelling: %q", got)
	}
	if u := cj.url().Path; u != team {
		t.Errorf("after cancelling at %s, want %s", u, team)
	}
	cj.mustSee("the kickoff after", meetings, "日時が決まっているミーティングはまだありません。", "中止", "中止の理由", reason)
	if n := evaluate[int](cj, `document.querySelectorAll('section[aria-labelledby="s-meetings"] a[href$=".ics"], section[aria-labelledby="s-meetings"] a[href$="/cancel"]').length`); n != 0 {
		t.Errorf("the cancelled kickoff still has %d calendar or cancel links", n)
	}

	m, err := s.db.FindTeamMeeting(ctx, meeting)
	if err != nil || m.Status != furusato.InterviewCancelled {
		t.Fatalf("meeting in the database: %+v, %v; want cancelled", m, err)
	}
	tm, err := s.db.FindTeam(ctx, teamID(t, team))
	if err != nil || !tm.KickoffAt.IsZero() {
		t.Errorf("team's kickoff after the cancellation %v (%v), want none", tm.KickoffAt, err)
	}

	// The participant, on a phone, in English.
	pj := s.member(t, participantEmail).tab()
	pj.do(testkit.Phone())
	pj.inLang("en", team)
	pj.mustSee("the participant's kickoff", meetings, "No meeting has a fixed time yet.", "Kickoff", "Cancelled", "Reason for cancelling", reason)
	if strings.Contains(pj.text(meetings), "Confirmed") {
		t.Errorf("the participant still reads a confirmed meeting: %q", pj.text(meetings))
	}
	found := false
	for _, body := range mails(t, s.db, "notice", participantEmail) {
		found = found || strings.Contains(body, "理由："+reason)
	}
	if !found {
		t.Errorf("no notice mail to the participant gives the reason %q", reason)
	}
}

// TestJourneyB_TeamEndEarlyWithReason: the coordinator ends a project in
// progress early on its confirmation page: without a reason, a field
// error (400, nothing ended); with one, the team has ended early and the
// database holds the reason. The participant, on a phone and in
// English, then reads on the workspace that the project ended, and why,
// is asked for a reflection and offered no check-in; the notice mail
// carries the reason.
func TestJourneyB_TeamEndEarlyWithReason(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	team := s.inProgress(t)
	id := teamID(t, team)
	const reason = "本業の部署異動で、週末の時間がとれなくなったため"
	meetings := `section[aria-labelledby="s-meetings"]`

	cj := s.member(t, coordinatorEmail).tab()
	cj.open(team)
	cj.click(team + "/end-early")
	if h1 := cj.page().H1s; len(h1) != 1 || h1[0] != "プロジェクトを途中で終了する" {
		t.Errorf("end-early page h1 %q", h1)
	}
	cj.submitInvalid("途中で終了する")
	if got := cj.text(`#reason-error`); !strings.Contains(got, "終了の理由を入力してください") {
		t.Errorf("field error without a reason: %q", got)
	}
	if a := cj.attrs(`#reason`); a["aria-invalid"] != "true" || !strings.Contains(a["aria-describedby"], "reason-error") {
		t.Errorf("reason field attributes %v", a)
	}
	if tm, err := s.db.FindTeam(ctx, id); err != nil || tm.Ended() {
		t.Fatalf("the team ended without a reason: %+v, %v", tm, err)
	}
	cj.do(sendKeys(textarea("reason"), reason))
	cj.follow(chromedp.Click(button("途中で終了する")))
	if got := cj.flash(); !strings.Contains(got, "プロジェクトを終了しました。") {
		t.Fatalf("flash after ending early: %q", got)
	}
	if u := cj.url().Path; u != team {
		t.Errorf("after ending early at %s, want %s", u, team)
	}
	cj.mustSee("the coordinator's workspace", meetings, "プロジェクトは", "に終了しました。", "終了の理由："+reason)
	if n := evaluate[int](cj, `document.querySelectorAll('main a[href$="/end-early"], main a[href$="/complete"]').length`); n != 0 {
		t.Errorf("the ended team still offers %d end links", n)
	}
	tm, err := s.db.FindTeam(ctx, id)
	if err != nil || !tm.Ended() || !tm.EndedEarly || tm.EndReason != reason {
		t.Fatalf("team in the database: ended %v, early %v, reason %q (%v)", tm.Ended(), tm.EndedEarly, tm.EndReason, err)
	}

	// What the participant then sees, on a phone, in English.
	pj := s.member(t, participantEmail).tab()
	pj.do(testkit.Phone())
	pj.inLang("en", team)
	pj.mustSee("the participant's workspace", meetings, "The project ended on", "Reason for ending: "+reason)
	pj.mustSee("the reflection asked for", `section[aria-labelledby="s-reflections"]`, "The project has ended. Please write your reflection.")
	if n := evaluate[int](pj, `document.querySelectorAll('main a[href$="/checkins/new"]').length`); n != 0 {
		t.Errorf("the ended team still offers %d check-in links", n)
	}
	pj.click(team + "/reflections")
	if h1 := pj.page().H1s; len(h1) != 1 || !strings.Contains(h1[0], "Reflections") {
		t.Errorf("reflections page h1 %q", h1)
	}
	found := false
	for _, body := range mails(t, s.db, "notice", participantEmail) {
		found = found || strings.Contains(body, "理由："+reason)
	}
	if !found {
		t.Errorf("no notice mail to the participant gives the reason %q", reason)
	}
}

// TestJourneyB_CharterOlderVersion: after the coordinator saves a second
// version of the charter (through the service), the participant reads
// the current one, follows 第1版 in the list of versions to the earlier
// one (its title, the notice that it is earlier, its own words), and
// comes back to the current version by its link; the company's staff
// reads the earlier version in English.
func TestJourneyB_CharterOlderVersion(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	team := s.inProgress(t) // version 1: 半年でクレソンの新しいパッケージを完成させる
	id := teamID(t, team)
	const oldGoal, newGoal = "半年でクレソンの新しいパッケージを完成させる", "1年かけて、県外の10店舗で扱ってもらう"
	if _, err := s.svc.Teams.SaveCharter(ctx, s.actor(t, coordinatorEmail), id, furusato.Charter{
		Goal: newGoal, Done: "県外の10店舗に並んでいること", HoursPerWeek: 6, Meetings: "隔週木曜の夜にオンラインで",
		Cadence: furusato.CadenceBiweekly}, 1); err != nil {
		t.Fatalf("second version: %v", err)
	}
	versions, err := s.db.FindCharterVersions(ctx, id)
	if err != nil || len(versions) != 2 {
		t.Fatalf("charter versions %d, %v; want 2", len(versions), err)
	}
	charter := team + "/charter"
	list := `section[aria-labelledby="s-versions"]`

	pj := s.member(t, participantEmail).tab()
	pj.open(team)
	pj.click(charter)
	if h1 := pj.page().H1s; len(h1) != 1 || h1[0] != "チームの約束" {
		t.Errorf("current charter h1 %q", h1)
	}
	pj.mustSee("the current version", "main", "第2版", newGoal)
	if strings.Contains(pj.text("main dl.facts"), oldGoal) || pj.text(".old-version") != "" {
		t.Errorf("the current charter shows the old goal or says it is old: %q", pj.text("main"))
	}
	pj.mustSee("the versions", list, "第1版", "第2版")
	if got := pj.text(list + ` [aria-current="page"]`); got != "第2版" {
		t.Errorf("current version marked %q, want 第2版", got)
	}

	pj.click(charter + "?v=1")
	if q := pj.url().Query().Get("v"); q != "1" {
		t.Errorf("the link to 第1版 led to %s", pj.url())
	}
	if h1 := pj.page().H1s; len(h1) != 1 || h1[0] != "チームの約束（第1版）" {
		t.Errorf("earlier charter h1 %q", h1)
	}
	pj.mustSee("the earlier version", ".old-version", "これは以前の版です。", "最新の版を読む")
	pj.mustSee("the earlier words", "main dl.facts", oldGoal, "県外の3店舗に並んでいること")
	if strings.Contains(pj.text("main dl.facts"), newGoal) {
		t.Errorf("the earlier version shows the new goal")
	}
	if got := pj.text(list + ` [aria-current="page"]`); got != "第1版" {
		t.Errorf("shown version marked %q, want 第1版", got)
	}
	if n := evaluate[int](pj, `document.querySelectorAll('main form[action$="/charter/confirm"]').length`); n != 0 {
		t.Errorf("the earlier version offers %d confirm forms", n)
	}

	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="最新の版を読む"]`)))
	if u := pj.url(); u.Path != charter || u.Query().Has("v") && u.Query().Get("v") != "2" {
		t.Errorf("「最新の版を読む」 led to %s", u)
	}
	pj.mustSee("back to the current version", "main", "第2版", newGoal)

	// The company's staff reads the earlier version in English.
	sj := s.member(t, staffEmail).tab()
	sj.inLang("en", charter)
	sj.click(charter + "?v=1")
	if h1 := sj.page().H1s; len(h1) != 1 || h1[0] != "Team charter (version 1)" {
		t.Errorf("English earlier charter h1 %q", h1)
	}
	sj.mustSee("the earlier version in English", ".old-version", "This is an earlier version.", "Read the current version")
	sj.mustSee("the earlier words in English", "main dl.facts", oldGoal)
}

// TestJourneyB_MilestoneEditForm: the participant, on a phone, opens a
// milestone's edit form from the workspace (what it holds is in the
// fields), sends it without a title and with 32 as the day: the field
// errors come back with what was typed and nothing is saved; then a new
// title, due date and owner: saved, the workspace and the database hold
// them.
func TestJourneyB_MilestoneEditForm(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	team := s.inProgress(t)
	id := teamID(t, team)
	part := s.actor(t, participantEmail)
	due := furusato.DateOf(now).AddDays(14)
	m, err := s.svc.Teams.AddMilestone(ctx, part, id, service.MilestoneInput{Title: "試作パッケージを3案そろえる",
		DueYear: fmt.Sprint(due.Year), DueMonth: fmt.Sprint(int(due.Month)), Day: fmt.Sprint(due.Day)})
	if err != nil {
		t.Fatalf("milestone: %v", err)
	}
	edit := fmt.Sprintf("%s/milestones/%d/edit", team, m.ID)
	action := fmt.Sprintf("%s/milestones/%d", team, m.ID)

	pj := s.member(t, participantEmail).tab()
	pj.do(testkit.Phone())
	pj.open(team)
	pj.click(edit)
	if h1 := pj.page().H1s; len(h1) != 1 || h1[0] != "マイルストーンを編集する" {
		t.Errorf("edit form h1 %q", h1)
	}
	for id, want := range map[string]string{"milestone-title": "試作パッケージを3案そろえる", "milestone-year": fmt.Sprint(due.Year),
		"milestone-month": fmt.Sprint(int(due.Month)), "milestone-day": fmt.Sprint(due.Day), "milestone-owner": "", "milestone-status": "open"} {
		if got := pj.value(control(id)); got != want {
			t.Errorf("edit form %s = %q, want %q", id, got, want)
		}
	}

	// No title, and a day that does not exist.
	evaluate[bool](pj, `(document.getElementById('milestone-title').value = '', true)`)
	pj.typeInto(field("milestone-day"), "32")
	pj.submitInvalidCSS(`main form[action="` + action + `"] button[type="submit"]`)
	if got := pj.text(`#milestone-title-error`); !strings.Contains(got, "内容") {
		t.Errorf("title error %q", got)
	}
	if got := pj.text(`#milestone-due-error`); got == "" || !strings.Contains(got, "期限") {
		t.Errorf("due error %q", got)
	}
	if n := evaluate[int](pj, `document.querySelectorAll('main .error-summary li').length`); n != 2 {
		t.Errorf("%d problems in the summary, want 2: %q", n, pj.text(`main .error-summary`))
	}
	if a := pj.attrs(`#milestone-title`); a["aria-invalid"] != "true" {
		t.Errorf("title attributes %v", a)
	}
	if got := pj.value(field("milestone-day")); got != "32" {
		t.Errorf("the day typed came back as %q", got)
	}
	if got, err := s.db.FindMilestone(ctx, id, m.ID); err != nil || got.Title != m.Title || got.Due != m.Due {
		t.Fatalf("the refused form changed the milestone: %+v, %v", got, err)
	}

	// Then right: a new title, a new date, the participant as owner.
	later := due.AddDays(7)
	pj.typeInto(field("milestone-title"), "試作パッケージを5案そろえる")
	pj.typeInto(field("milestone-year"), fmt.Sprint(later.Year))
	pj.typeInto(field("milestone-month"), fmt.Sprint(int(later.Month)))
	pj.typeInto(field("milestone-day"), fmt.Sprint(later.Day))
	pj.do(chromedp.SetValue(control("milestone-owner"), strconv.FormatInt(part.User.ID, 10)))
	pj.submit(action)
	if got := pj.flash(); !strings.Contains(got, "マイルストーンを保存しました") {
		t.Fatalf("flash after saving: %q", got)
	}
	if u := pj.url().Path; u != team {
		t.Errorf("after saving at %s, want %s", u, team)
	}
	pj.mustSee("the edited milestone", `section[aria-labelledby="s-milestones"]`, "試作パッケージを5案そろえる", "参加者 デモ")
	got, err := s.db.FindMilestone(ctx, id, m.ID)
	if err != nil || got.Title != "試作パッケージを5案そろえる" || got.Due != later || got.OwnerID != part.User.ID || got.Status != furusato.MilestoneOpen {
		t.Errorf("milestone in the database: %+v, %v", got, err)
	}
}
