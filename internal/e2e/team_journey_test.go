package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// clock is the team journey's clock: it starts at now and moves only when
// the journey says time passes (the weeks between check-ins, the silence
// that raises a flag). The other journeys keep the fixed now.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// Add moves the clock on by d.
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// teamSite is the demo site with its accounts, as `furusato serve --demo`
// builds it, over services whose clock the journey moves; svc is the same
// set, for what only time or a job does (the early-warning run).
type teamSite struct {
	*site
	db    *store.DB
	svc   *service.Services
	clock *clock
}

func startTeamSite(t *testing.T) *teamSite {
	t.Helper()
	parallel(t)
	db := demoDB(t, true)
	c := &clock{at: now}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc, err := service.New(db, service.Config{BaseURL: base, Now: c.Now, Argon: service.TestArgon,
		OutboxRetention: service.DefaultOutboxRetention})
	if err != nil {
		t.Fatal(err)
	}
	h, err := app.New(db, svc, app.Options{BaseURL: base, Demo: true, Version: "e2e"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &teamSite{site: &site{URL: base, cat: svc.Catalogue}, db: db, svc: svc, clock: c}
}

// actor is the demo account email with its roles, for the set-up done
// through services.
func (s *teamSite) actor(t *testing.T, email string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.svc.Auth.Actor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// offered enters the demo participant into the watercress project and has
// the Gifu coordinator move the entry on to an offer, through the
// services (issue 4's journey clicks that way already); it returns the
// entry's id.
func (s *teamSite) offered(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := s.cat.FindProject(ctx, watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.svc.Entries.Submit(ctx, s.actor(t, participantEmail), p.ID, furusato.Entry{
		Motivation:   "岐阜の清流で育つクレソンの魅力を、週末の時間で伝えたいと考えました。",
		Contribution: "広報の仕事で培った文章づくりと写真の撮影です。",
		HoursPerWeek: 12})
	if err != nil {
		t.Fatalf("entry: %v", err)
	}
	coord := s.actor(t, coordinatorEmail)
	for _, to := range []furusato.Stage{furusato.StageScreening, furusato.StageOffered} {
		if err := s.svc.Entries.Move(ctx, coord, e.ID, to, "", ""); err != nil {
			t.Fatalf("move to %s: %v", to, err)
		}
	}
	return e.ID
}

const (
	participantEmail = "participant@demo.furusato.example"
	coordinatorEmail = "coordinator.gifu@demo.furusato.example"
	staffEmail       = "staff.watercress@demo.furusato.example"
)

// member is one person of the journey: their own Chromium (the session
// cookie belongs to the browser), a new tab for each stretch of the way,
// so that no tab outlives testkit.TabTimeout.
type member struct {
	t *testing.T
	s *teamSite
	b *testkit.Browser
}

func (s *teamSite) member(t *testing.T, email string) *member {
	t.Helper()
	m := &member{t: t, s: s, b: testkit.NewBrowser(t)}
	m.tab().signedIn(email)
	return m
}

// tab opens a new tab of the member's browser, keeping its cookies.
func (m *member) tab() *journey {
	m.t.Helper()
	return &journey{t: m.t, b: m.b, s: m.s.site, ctx: m.b.NewTab(m.t)}
}

// flash returns the text of the page's status message.
func (j *journey) flash() string {
	j.t.Helper()
	return j.text(`main [role="status"], [role="status"]`)
}

// submit clicks the submit button of the form whose action ends with
// action and waits for the page it leads to.
func (j *journey) submit(action string) {
	j.t.Helper()
	j.follow(chromedp.Click(chromedp.CSS(`main form[action$=` + jsString(action) + `] button[type="submit"]`)))
}

// click follows the link of main whose address ends with href.
func (j *journey) click(href string) {
	j.t.Helper()
	j.follow(chromedp.Click(chromedp.CSS(`main a[href$=` + jsString(href) + `]`)))
}

// mustSee fails t unless the text of the CSS selector sel holds every want.
func (j *journey) mustSee(what, sel string, want ...string) {
	j.t.Helper()
	got := j.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			j.t.Fatalf("%s (%s on %s): %q lacks %q", what, sel, j.url().Path, got, w)
		}
	}
}

// typeInto clears the field sel and types text into it.
func (j *journey) typeInto(sel chromedp.Search, text string) {
	j.t.Helper()
	j.do(chromedp.Clear(sel), sendKeys(sel, text))
}

// TestTeamJourney_MatchToIntervention is the first half of issue 10's
// way in Chromium, with axe-core on every page: the participant accepts
// the offer (the match makes the team); the coordinator writes the
// charter, the participant confirms it and writes expectations; the
// coordinator issues the agreement, the participant and the company's
// staff accept it; the coordinator proposes the kickoff and the
// participant picks the time; the coordinator starts the project; the
// participant writes two check-ins a week apart, on a phone; three weeks
// of silence later the warning job flags the team, which heads the
// coordinator's dashboard, and an intervention clears the flag.
// TestTeamJourney_CompletionToVerifiedRecord goes on from there.
func TestTeamJourney_MatchToIntervention(t *testing.T) {
	s := startTeamSite(t)
	entry := s.offered(t)
	ctx := context.Background()

	pm := s.member(t, participantEmail)
	cm := s.member(t, coordinatorEmail)
	sm := s.member(t, staffEmail)

	// The match: the participant accepts the offer; My page links the team.
	pj := pm.tab()
	pj.open(fmt.Sprintf("/me/entries/%d", entry))
	pj.follow(chromedp.Click(button("参画を決定する")))
	pj.mustSee("entry after accepting", "main", "参画を決定しました", "参画決定")
	pj.open("/me")
	team := evaluate[string](pj, `document.querySelector('main a[href^="/teams/"]')?.getAttribute('href') || ''`)
	if !strings.HasPrefix(team, "/teams/") {
		t.Fatalf("My page links no team after the match: %q", pj.text("main"))
	}
	pj.follow(chromedp.Click(chromedp.CSS(`main a[href="` + team + `"]`)))
	pj.mustSee("new workspace", "main", watercressTitle, "メンバー", "参加者 デモ")

	// The coordinator writes the charter.
	cj := cm.tab()
	cj.open(team)
	cj.click(team + "/charter/edit")
	cj.do(sendKeys(textarea("goal"), "半年でクレソンの新しいパッケージを完成させ、県外の3店舗で扱ってもらう"),
		sendKeys(textarea("done"), "新しいパッケージで県外の3店舗に並んでいること"),
		sendKeys(field("hours_per_week"), "５"), // hours a week, as projects and entries ask
		sendKeys(textarea("meetings"), "毎週木曜の夜にオンラインで30分"),
		chromedp.Click(chromedp.CSS(`main input[name="cadence"][value="weekly"]`)),
		sendKeys(field("tools"), "Slack、Googleドライブ"))
	cj.submit("/charter/edit")
	if got := cj.flash(); !strings.Contains(got, "チームの約束を保存しました") {
		t.Fatalf("flash after saving the charter: %q", got)
	}

	// The participant confirms it on the workspace and writes expectations.
	pj = pm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	pj.open(team)
	pj.mustSee("charter on the workspace", `section[aria-labelledby="s-charter"]`, "半年でクレソン", "（3人中1人が確認済み）")
	pj.submit("/charter/confirm")
	if got := pj.flash(); !strings.Contains(got, "チームの約束を確認しました") {
		t.Fatalf("flash after confirming: %q", got)
	}
	pj.open(team + "/charter")
	pj.do(sendKeys(textarea("give"), "週末の撮影と、売り場で伝わる文章"),
		sendKeys(textarea("get"), "地域の仕事を一緒につくる経験"))
	pj.submit("/charter/expectation")
	if got := pj.flash(); !strings.Contains(got, "あなたの期待を保存しました") {
		t.Fatalf("flash after the expectation: %q", got)
	}
	pj.open(team + "/charter")
	pj.mustSee("expectations", `#expectations`, "週末の撮影", "地域の仕事を一緒につくる経験")
	pj.mustSee("hours a week on the charter", "main", "参加者1人の稼働時間（1週間あたりの時間）", "参加者1人あたり週5時間")

	// The coordinator issues the agreement, filled from the project and the charter.
	cj = cm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	cj.open(team)
	cj.click(team + "/agreement/issue")
	if got := cj.value(field("hours_per_week")); got != "5" {
		t.Errorf("agreement form hours %q, want the charter's 5 a week", got)
	}
	// Choose who owns the results when the form leaves it open.
	cj.do(chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelectorAll('main input[name="ownership"]');
		if (r.length && !Array.from(r).some(e => e.checked)) r[0].click(); })()`))
	cj.submit("/agreement/issue")
	if got := cj.flash(); !strings.Contains(got, "取り決めを発行しました") {
		t.Fatalf("flash after issuing: %q", got)
	}

	// The participant and the company's staff accept it.
	pj = pm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	pj.open(team)
	pj.submit("/agreement/accept")
	if got := pj.flash(); !strings.Contains(got, "取り決めを承諾しました") {
		t.Fatalf("participant's flash after accepting: %q", got)
	}
	sj := sm.tab()
	sj.open(team)
	sj.submit("/agreement/accept")
	if got := sj.flash(); !strings.Contains(got, "取り決めを承諾しました") {
		t.Fatalf("company's flash after accepting: %q", got)
	}
	sj.open(team + "/agreement")
	sj.mustSee("agreement hours", "main", "参加者1人あたり週5時間程度")
	if n := evaluate[int](sj, `document.querySelectorAll('main .party-list .chip-green').length`); n != 2 {
		t.Errorf("agreement shows %d acceptances, want the participant's and the company's: %q", n, sj.text("main .party-list"))
	}

	// The coordinator proposes the kickoff; the participant picks the time.
	kick := furusato.DateOf(now).AddDays(3)
	cj = cm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	cj.open(team)
	cj.click(team + "/meetings/new")
	cj.do(chromedp.Click(field("kind-kickoff")),
		sendKeys(field("slot1-year"), fmt.Sprint(kick.Year)),
		sendKeys(field("slot1-month"), fmt.Sprint(int(kick.Month))),
		sendKeys(field("slot1-day"), fmt.Sprint(kick.Day)),
		sendKeys(field("slot1-time"), "19:00"),
		chromedp.Click(field("mode-online")),
		sendKeys(field("location"), "https://meet.example.jp/watercress-kickoff"))
	cj.submit("/meetings/new")
	if got := cj.flash(); !strings.Contains(got, "ミーティングの日時を提案しました") {
		t.Fatalf("flash after proposing the kickoff: %q", got)
	}
	pj = pm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	pj.open(team)
	pj.do(chromedp.Click(chromedp.CSS(`main input[name="slot"]`)))
	pj.submit("/pick")
	if got := pj.flash(); !strings.Contains(got, "ミーティングの日時が確定しました") {
		t.Fatalf("flash after picking: %q", got)
	}
	pj.open(team)
	pj.mustSee("next meeting", `section[aria-labelledby="s-meetings"]`, "キックオフ", "19:00")
	if pj.attrs(`section[aria-labelledby="s-meetings"] a[href$=".ics"]`)["href"] == "" {
		t.Errorf("no calendar file for the kickoff")
	}

	// The coordinator starts the project, on its confirmation page.
	cj = cm.tab() // a tab a stretch: each has testkit.TabTimeout, long under load
	cj.open(team)
	cj.click(team + "/start")
	cj.submit("/start")
	cj.open(team)
	cj.mustSee("status after the start", `section[aria-labelledby="s-meetings"] .chip`, "実施中")

	// The participant writes check-ins, on a phone, a week apart.
	pj = pm.tab()
	pj.do(testkit.Phone())
	for i, c := range []struct{ done, hours string }{
		{"パッケージの案を3つ作り、社長と相談しました", "１０"},
		{"県外の2店舗に試作品を持って行きました", "12"},
	} {
		if i > 0 {
			s.clock.Add(7 * 24 * time.Hour)
		}
		pj.open(team)
		if w := pj.page().InnerWidth; w != 390 {
			t.Errorf("workspace innerWidth %d, want the phone's 390; wider: %q", w, evaluate[[]string](pj, `Array.from(document.querySelectorAll('main *'))
				.filter(e => e.getBoundingClientRect().right > 390).slice(-5)
				.map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + e.textContent.trim().slice(0, 40))`))
		}
		pj.click(team + "/checkins/new")
		pj.do(sendKeys(textarea("checkin-done"), c.done),
			sendKeys(textarea("checkin-next"), "次は店舗の方の声を聞きます"),
			sendKeys(field("checkin-hours"), c.hours))
		pj.submit("/checkins")
		if got := pj.flash(); !strings.Contains(got, "定例報告を送りました") {
			t.Fatalf("flash after check-in %d: %q", i+1, got)
		}
	}
	pj.open(team + "/checkins")
	if n := evaluate[int](pj, `document.querySelectorAll('main article.checkin').length`); n != 2 {
		t.Errorf("the timeline shows %d check-ins, want 2", n)
	}
	pj.mustSee("timeline", "main", "パッケージの案を3つ", "県外の2店舗")

	// Three weeks without a check-in; the warning job flags the team.
	s.clock.Add(21 * 24 * time.Hour)
	if n, err := s.svc.Warnings.Evaluate(ctx); err != nil || n == 0 {
		t.Fatalf("Warnings.Evaluate = %d, %v; want a new flag", n, err)
	}

	// The flagged team heads the coordinator's dashboard.
	cj = cm.tab()
	cj.open("/manage")
	if got := evaluate[string](cj, `document.querySelector('main .attention-item h3 a')?.getAttribute('href') || ''`); got != team {
		t.Fatalf("first team needing attention %q, want %s: %q", got, team, cj.text(`section[aria-labelledby="s-attention"]`))
	}
	cj.mustSee("flag on the dashboard", `main .attention-item`, watercressTitle, "から要注意")
	cj.follow(chromedp.Click(chromedp.CSS(`main .attention-item h3 a`)))
	cj.mustSee("flag on the workspace", `section[aria-labelledby="s-warn"]`, "気をつけたい兆しがあります")

	// An intervention clears the flag.
	next := furusato.DateOf(s.clock.Now()).AddDays(7)
	cj.do(sendKeys(textarea("iv-action"), "参加者に電話し、本業の繁忙期が終わる来週から報告を再開すると確認しました"))
	cj.typeInto(field("iv-next-year"), fmt.Sprint(next.Year))
	cj.typeInto(field("iv-next-month"), fmt.Sprint(int(next.Month)))
	cj.typeInto(field("iv-next-day"), fmt.Sprint(next.Day))
	cj.submit("/interventions")
	if got := cj.flash(); !strings.Contains(got, "対応を記録しました") {
		t.Fatalf("flash after the intervention: %q", got)
	}
	cj.open(team)
	cj.mustSee("workspace after the intervention", `section[aria-labelledby="s-warn"]`, "気になる兆しはありません", "本業の繁忙期")
	cj.open("/manage")
	if n := evaluate[int](cj, `document.querySelectorAll('main .attention-item .chip-yellow').length`); n != 0 {
		t.Errorf("%d flagged teams on the dashboard after the intervention: %q", n, cj.text(`section[aria-labelledby="s-attention"]`))
	}
}

// inProgress is what TestTeamJourney_MatchToIntervention clicks its way
// to, done through the services: the offer accepted, the charter written
// and the project started at now, and two check-ins a week apart (10 and
// 12 hours). It returns the team's path.
func (s *teamSite) inProgress(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	entry := s.offered(t)
	part, coord := s.actor(t, participantEmail), s.actor(t, coordinatorEmail)
	if err := s.svc.Entries.Accept(ctx, part, entry); err != nil {
		t.Fatalf("accept: %v", err)
	}
	p, err := s.cat.FindProject(ctx, watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	team, err := s.db.FindTeamByProject(ctx, p.ID)
	if err != nil {
		t.Fatalf("no team after the match: %v", err)
	}
	if _, err := s.svc.Teams.SaveCharter(ctx, coord, team.ID, furusato.Charter{
		Goal: "半年でクレソンの新しいパッケージを完成させる", Done: "県外の3店舗に並んでいること",
		HoursPerWeek: 5, Meetings: "毎週木曜の夜にオンラインで", Cadence: furusato.CadenceWeekly}, 0); err != nil {
		t.Fatalf("charter: %v", err)
	}
	life, err := s.svc.Teams.Life(ctx, coord, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.svc.Teams.Start(ctx, coord, team.ID, life.Project.Status); err != nil {
		t.Fatalf("start: %v", err)
	}
	for i, c := range []struct{ done, hours string }{
		{"パッケージの案を3つ作り、社長と相談しました", "10"},
		{"県外の2店舗に試作品を持って行きました", "12"},
	} {
		if i > 0 {
			s.clock.Add(7 * 24 * time.Hour)
		}
		if _, err := s.svc.Teams.WriteCheckIn(ctx, part, team.ID, service.CheckInInput{
			Done: c.done, Next: "次は店舗の方の声を聞きます", Hours: c.hours}); err != nil {
			t.Fatalf("check-in %d: %v", i+1, err)
		}
	}
	return fmt.Sprintf("/teams/%d", team.ID)
}

// TestTeamJourney_CompletionToVerifiedRecord is the second half of issue
// 10's way in Chromium, with axe-core on every page, from a project in
// progress with two check-ins (s.inProgress): the coordinator completes
// it; participant and company write reflections and each then reads the
// other's; the company confirms the record's hours with words and
// consent; the participant makes it public; and a visitor verifies it:
// the page, its credential link, the certificate and the Open Badges
// credential.
func TestTeamJourney_CompletionToVerifiedRecord(t *testing.T) {
	s := startTeamSite(t)
	team := s.inProgress(t)
	pm := s.member(t, participantEmail)
	cm := s.member(t, coordinatorEmail)
	sm := s.member(t, staffEmail)
	var pj, sj *journey

	// The coordinator completes the project, on its confirmation page.
	cj := cm.tab()
	cj.open(team)
	cj.click(team + "/complete")
	cj.submit("/complete")
	cj.open(team)
	cj.mustSee("status after completion", `section[aria-labelledby="s-meetings"] .chip`, "完了")

	// Reflections: the participant writes first and sees nothing of the company's yet.
	pj = pm.tab()
	pj.open(team + "/reflections")
	writeReflection(pj, team, "パッケージの写真撮影で、自分の得意が地域で生きると分かりました")
	pj.mustSee("participant's own reflection", `section[aria-labelledby="s-mine"]`, "自分の得意が地域で生きる")
	if n := evaluate[int](pj, `document.querySelectorAll('main article.reflection').length`); n != 0 {
		t.Errorf("the participant reads %d reflections before the company wrote", n)
	}
	sj = sm.tab()
	sj.open(team + "/reflections")
	writeReflection(sj, team, "社内に写真と文章で伝える習慣が根づきました")
	sj.mustSee("company reads the participant's", `section[aria-labelledby="s-others"]`, "自分の得意が地域で生きる")
	pj.open(team + "/reflections")
	pj.mustSee("participant reads the company's", `section[aria-labelledby="s-others"]`, "写真と文章で伝える習慣")

	// The company confirms the record's hours, with words and consent.
	sj.open("/me")
	sj.follow(chromedp.Click(chromedp.CSS(`main a[href^="/records/"][href$="/confirm"]`)))
	sj.mustSee("confirmation page", "main", "参加者 デモ", watercressTitle, "22")
	if got := sj.value(field("hours")); got != "" && got != "22" {
		t.Errorf("hours field %q, want the check-ins' 22", got)
	}
	sj.typeInto(field("role"), "パッケージと広報の企画")
	sj.typeInto(field("hours"), "22")
	sj.do(sendKeys(textarea("words"), "丁寧な撮影と文章で、私たちの商品の伝え方が変わりました。"),
		chromedp.Click(field("consent")))
	sj.submit("/confirm")
	if got := sj.flash(); !strings.Contains(got, "記録を発行しました") {
		t.Fatalf("flash after confirming the record: %q", got)
	}
	record := sj.url().Path
	sj.mustSee("issued record", "main .chip", "有効")

	// The participant makes it public.
	pj.open("/me")
	pj.follow(chromedp.Click(chromedp.CSS(`main a[href="` + record + `"]`)))
	pj.submit(record + "/public")
	if got := pj.flash(); !strings.Contains(got, "記録を公開しました") {
		t.Fatalf("flash after making the record public: %q", got)
	}

	// A visitor verifies it.
	vj := s.journey(t, testkit.NewBrowser(t))
	vj.open(record)
	vj.mustSee("public record", "main", "参加者 デモ", watercressTitle, "パッケージと広報の企画", "有効", "22", "丁寧な撮影と文章で")
	alt := vj.attrs(`head link[rel="alternate"][type="application/vc"]`)
	if !strings.Contains(alt["href"], "/ob3/credentials/") {
		t.Fatalf("record page links no credential: %q", alt)
	}
	vj.click("/certificate")
	vj.mustSee("certificate", "main", "参加者 デモ", watercressTitle)
	type credential struct {
		Status int
		Type   string
		Types  []string
	}
	cred, err := chromedp.Run(vj.ctx, chromedp.Evaluate[credential](`(async () => {
		const res = await fetch(`+jsString(alt["href"])+`);
		const j = await res.json();
		return {status: res.status, type: res.headers.get('content-type') || '', types: j.type || []};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching the credential: %v", err)
	}
	if cred.Status != 200 || !strings.Contains(cred.Type, "application/vc") || !slices.Contains(cred.Types, "OpenBadgeCredential") {
		t.Errorf("credential %s: %+v, want 200 application/vc with type OpenBadgeCredential", alt["href"], cred)
	}
}

// writeReflection fills the reflection form of team on j's page: every
// rating 4, the first free text, yes to again, a message; and sends it.
func writeReflection(j *journey, team, text string) {
	j.t.Helper()
	j.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('main input[type="radio"][value="4"]').forEach(e => e.click())`),
		sendKeys(chromedp.CSS(`main textarea[id^="r-"][id$="-text"]`), text),
		chromedp.Click(field("r-again-yes")),
		sendKeys(textarea("r-message"), "ありがとうございました"))
	j.submit(team + "/reflections")
	if got := j.flash(); !strings.Contains(got, "振り返りを送りました") {
		j.t.Fatalf("flash after the reflection: %q", got)
	}
}
