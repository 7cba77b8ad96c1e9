package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

const demoSupporter = "supporter@demo.furusato.example"

// assignSupporter links the account email (a supporter of a partner
// group) to project slug as its supporter.
func assignSupporter(t *testing.T, s *site, slug, email string) {
	t.Helper()
	ctx := context.Background()
	p, err := s.db.FindProject(ctx, slug, furusato.ProjectStatuses)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.db.FindMemberships(ctx, u.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("memberships of %s: %v, %v", email, ms, err)
	}
	p.Supporters = append(p.Supporters, furusato.Supporter{OrganizationID: ms[0].OrganizationID, Name: u.DisplayName, Role: "伴走", UserID: u.ID})
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), testNow) }); err != nil {
		t.Fatal(err)
	}
}

// flagTeams runs the early-warning job as if a month had passed since the
// match: the team thread has been silent for 30 days.
func flagTeams(t *testing.T, s *site) {
	t.Helper()
	later := func() time.Time { return testNow.Add(30 * 24 * time.Hour) }
	w := service.NewWarnings(s.db, later, service.NewNotifier(s.db, later, testBaseURL),
		service.NewTeams(s.db, later, nil, testBaseURL), furusato.DefaultWarningSettings)
	if n, err := w.Evaluate(context.Background()); err != nil || n == 0 {
		t.Fatalf("Evaluate = %d, %v; want flags", n, err)
	}
}

// TestTeamWarnings_DashboardsAndIntervention: a silent team heads its
// coordinator's and its supporter's dashboards with the reason in words;
// another region's coordinator sees nothing of it, a participant still has
// no /manage. On the workspace its coordinator records an intervention
// (bad input coming back with its errors and what was typed), which
// clears the flag.
func TestTeamWarnings_DashboardsAndIntervention(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	assignSupporter(t, s, watercress, demoSupporter)
	title := s.project(t, watercress).Title
	flagTeams(t, s)

	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.get("/manage")
	status(t, "coordinator's dashboard", res, body, http.StatusOK)
	mustContain(t, "coordinator's dashboard", body, "様子を確認したいチーム", `href="`+team+`"`, title,
		"チームのスレッドに、まだ誰も書き込んでいません（30日間）。", "進行中の1チームのうち、1チームに気をつけたい兆しがあります。")
	if strings.Index(body, "様子を確認したいチーム") > strings.Index(body, "確認待ちのプロジェクト") {
		t.Error("the teams needing attention are not at the top of the dashboard")
	}
	checkHeadings(t, "/manage", body)

	sup := s.manageSignIn(t, srv, demoSupporter)
	res, body = sup.get("/manage")
	status(t, "supporter's dashboard", res, body, http.StatusOK)
	mustContain(t, "supporter's dashboard", body, "伴走しているプロジェクト", `href="`+team+`"`, "チームのスレッドに", `href="/manage" aria-current="page"`)
	mustNotContain(t, "supporter's dashboard", body, "確認待ちのプロジェクト", "下書き")
	checkHeadings(t, "/manage (supporter)", body)

	o := s.manageSignIn(t, srv, otherRegion)
	res, body = o.get("/manage")
	status(t, "other region's dashboard", res, body, http.StatusOK)
	mustContain(t, "other region's dashboard", body, "進行中のチームはまだありません。")
	mustNotContain(t, "other region's dashboard", body, team, title)

	res, body = p.get("/manage")
	status(t, "participant's /manage", res, body, http.StatusNotFound)

	// The workspace: the coordinator sees the warning and the form, the
	// supporter the warning only, the participant neither.
	res, body = c.get(team)
	status(t, "coordinator's workspace", res, body, http.StatusOK)
	mustContain(t, "coordinator's workspace", body, "チームの様子（要注意の兆し）", "チームのスレッドに、まだ誰も書き込んでいません", "まだ対応の記録はありません。", `action="`+team+`/interventions"`)
	checkHeadings(t, team, body)
	_, body = sup.get(team)
	mustContain(t, "supporter's workspace", body, "チームの様子（要注意の兆し）", "チームのスレッドに")
	mustNotContain(t, "supporter's workspace", body, "/interventions")
	_, body = p.get(team)
	mustNotContain(t, "participant's workspace", body, "チームの様子", "/interventions")

	post := func(b *browser, action, y, m, d string) (*http.Response, string) {
		return b.post(team+"/interventions", url.Values{"action": {action}, "next-year": {y}, "next-month": {m}, "next-day": {d}})
	}
	for _, c2 := range []struct {
		name, action, y, m, d string
		wants                 []string
	}{
		{"empty", "", "", "", "", []string{"行ったことを入力してください", "次に確認する日を入力してください"}},
		{"too long", strings.Repeat("あ", 10_000), "2026", "12", "1", []string{"行ったことは2,000文字以内で入力してください", `value="2026"`, `value="12"`}},
		{"NUL", "電話\x00した", "2026", "12", "1", []string{"使用できない文字"}},
		{"invalid UTF-8", "電話\xffした", "2026", "12", "1", []string{"使用できない文字"}},
		{"bidi override", "電話\u202eした", "2026", "12", "1", []string{"使用できない文字"}},
		{"no such date", "電話で確認", "2026", "2", "30", []string{"実在する日付で入力してください", "電話で確認</textarea>"}},
		{"in the past", "電話で確認", "2026", "11", "1", []string{"今日以降の日付を入力してください", "電話で確認</textarea>"}},
	} {
		res, body := post(c, c2.action, c2.y, c2.m, c2.d)
		status(t, c2.name, res, body, http.StatusBadRequest)
		mustContain(t, c2.name, body, append(c2.wants, "入力内容を確認してください", `aria-invalid="true"`)...)
		checkHeadings(t, team+" ("+c2.name+")", body)
	}

	res, body = post(sup, "電話で確認", "2026", "12", "1")
	status(t, "supporter records", res, body, http.StatusForbidden)
	res, body = post(o, "電話で確認", "2026", "12", "1")
	status(t, "other region records", res, body, http.StatusNotFound)
	res, body = post(p, "電話で確認", "2026", "12", "1")
	status(t, "participant records", res, body, http.StatusForbidden)
	res, body = post(p, "電話\x00", "", "", "")
	status(t, "participant records bad text", res, body, http.StatusForbidden)

	res, body = post(c, "参加者に電話で様子を聞き、\n次の定例で話すことにした", "２０２６", "12", "4")
	redirected(t, "intervention", res, body, team+"#s-warn")
	_, body = c.get(team)
	mustContain(t, "after the intervention", body, "対応を記録しました", "参加者に電話で様子を聞き、<br>次の定例で話すことにした",
		"次に確認する日：2026年12月4日(金)", "気になる兆しはありません")
	_, body = c.get("/manage")
	mustContain(t, "dashboard after the intervention", body, "チームに、いま気をつけたい兆しはありません。")
	mustNotContain(t, "dashboard after the intervention", body, "0チームに気をつけたい兆しがあります")
	mustNotContain(t, "dashboard after the intervention", body, `href="`+team+`"`)
}
