package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// matchedWithKickoff is the watercress team after the match, done through
// the services: the charter written, the agreement issued and accepted by
// the participant, and the kickoff confirmed at kick 19:00. It returns
// the team's path and the meeting's id.
func (s *teamSite) matchedWithKickoff(t *testing.T, kick furusato.Date) (string, int64) {
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
	c, err := s.svc.Teams.SaveCharter(ctx, coord, team.ID, furusato.Charter{
		Goal: "半年でクレソンの新しいパッケージを完成させる", Done: "県外の3店舗に並んでいること",
		HoursPerWeek: 5, Meetings: "毎週木曜の夜にオンラインで", Cadence: furusato.CadenceWeekly}, 0)
	if err != nil {
		t.Fatalf("charter: %v", err)
	}
	ag, err := s.svc.Teams.IssueAgreement(ctx, coord, team.ID, furusato.AgreementFrom(p, c, furusato.DateOf(now).AddDays(7)), 0)
	if err != nil {
		t.Fatalf("agreement: %v", err)
	}
	if _, err := s.svc.Teams.AcceptAgreement(ctx, part, team.ID, ag.Version, furusato.PartyParticipant); err != nil {
		t.Fatalf("accepting the agreement: %v", err)
	}
	m, err := s.svc.Teams.ProposeMeeting(ctx, coord, team.ID, furusato.MeetingProposal{Kind: string(furusato.MeetingKickoff),
		InterviewProposal: furusato.InterviewProposal{Mode: furusato.InterviewOnline, Location: "https://meet.example.jp/watercress-kickoff",
			Slots: []furusato.SlotDraft{{Year: fmt.Sprint(kick.Year), Month: fmt.Sprint(int(kick.Month)), Day: fmt.Sprint(kick.Day), Time: "19:00", Minutes: "60"}}}})
	if err != nil {
		t.Fatalf("kickoff: %v", err)
	}
	if err := s.svc.Teams.PickMeeting(ctx, part, m.ID, m.Slots[0].ID); err != nil {
		t.Fatalf("picking the kickoff: %v", err)
	}
	return fmt.Sprintf("/teams/%d", team.ID), m.ID
}

// TestTeamMeetingRescheduleJourney: the coordinator moves the confirmed
// kickoff to new times on the reschedule form; the participant, on a
// phone and in English, sees the change and picks the new time with a
// double click (no error page); the company's staff then sees the new time, and
// the calendar file holds it. axe-core on every page.
func TestTeamMeetingRescheduleJourney(t *testing.T) {
	s := startTeamSite(t)
	kick := furusato.DateOf(now).AddDays(3)
	team, meeting := s.matchedWithKickoff(t, kick)
	moved := kick.AddDays(2)

	// The coordinator moves it.
	cj := s.member(t, coordinatorEmail).tab()
	cj.open(team)
	cj.mustSee("kickoff before", `section[aria-labelledby="s-meetings"]`, "19:00")
	reschedule := fmt.Sprintf("/meetings/%d/reschedule", meeting)
	cj.click(reschedule)
	if h1 := cj.page().H1s; len(h1) != 1 || h1[0] != "ミーティングの日時を変更する" {
		t.Errorf("reschedule form h1 %q", h1)
	}
	if got := cj.value(field("location")); got != "https://meet.example.jp/watercress-kickoff" {
		t.Errorf("the reschedule form lost the place: %q", got)
	}
	cj.typeInto(field("slot1-year"), fmt.Sprint(moved.Year))
	cj.typeInto(field("slot1-month"), fmt.Sprint(int(moved.Month)))
	cj.typeInto(field("slot1-day"), fmt.Sprint(moved.Day))
	cj.typeInto(field("slot1-time"), "20:30")
	cj.submit(reschedule)
	if got := cj.flash(); !strings.Contains(got, "ミーティングの日時の変更を提案しました") {
		t.Fatalf("flash after rescheduling: %q", got)
	}
	if u := cj.url().Path; u != team {
		t.Errorf("after rescheduling at %s, want %s", u, team)
	}

	// The participant, on a phone, in English, picks the new time.
	pj := s.member(t, participantEmail).tab()
	pj.do(testkit.Phone())
	pj.open("/?lang=en")
	pj.open(team)
	if pg := pj.page(); pg.Lang != "en" || pg.InnerWidth != 390 {
		t.Errorf("participant's workspace lang %q width %d", pg.Lang, pg.InnerWidth)
	}
	pick := fmt.Sprintf("/meetings/%d/pick", meeting)
	pj.mustSee("the moved kickoff", `section[aria-labelledby="s-meetings"]`, "20:30")
	pj.do(chromedp.Click(chromedp.CSS(`main form[action="` + pick + `"] input[name="slot"]`)))
	pj.firstClick(`main form[action="` + pick + `"]`)
	pj.submit(pick)
	// The second click answers that the time is fixed already (web's
	// TestTeamMeetings_ProposePickCalendarRescheduleCancel asks for that
	// wording), on the workspace: no error page.
	if got := pj.flash(); !strings.Contains(got, "The meeting time is fixed") && !strings.Contains(got, "has already been fixed") {
		t.Errorf("flash after a double click on the pick: %q", got)
	}
	if u := pj.url().Path; u != team {
		t.Errorf("after a double click on the pick at %s", u)
	}
	pj.mustSee("the kickoff fixed at the new time", `section[aria-labelledby="s-meetings"]`, "20:30")

	// The company's staff sees the new time, and the calendar file holds it.
	sj := s.member(t, staffEmail).tab()
	sj.open(team)
	sj.mustSee("staff sees the new time", `section[aria-labelledby="s-meetings"]`, "20:30")
	if strings.Contains(sj.text(`section[aria-labelledby="s-meetings"]`), "19:00") {
		t.Errorf("staff still sees the old time: %q", sj.text(`section[aria-labelledby="s-meetings"]`))
	}
	ics := sj.attrs(`section[aria-labelledby="s-meetings"] a[href$=".ics"]`)["href"]
	if ics == "" {
		t.Fatalf("no calendar file for the moved kickoff")
	}
	f := sj.fetch(ics)
	start := time.Date(moved.Year, moved.Month, moved.Day, 20, 30, 0, 0, furusato.JST).UTC().Format("20060102T150405Z")
	if f.Status != 200 || !strings.HasPrefix(f.Type, "text/calendar") || !strings.Contains(f.Body, "DTSTART:"+start) {
		t.Errorf("calendar file %s: %d %q, want DTSTART:%s in\n%s", ics, f.Status, f.Type, start, f.Body)
	}
}

// fetched is a response read by fetch in the journey's tab.
type fetched struct {
	Status            int
	Type, Disposition string
	Body              string
}

// fetch gets path with the tab's cookies, as a download link does.
func (j *journey) fetch(path string) fetched {
	j.t.Helper()
	f, err := chromedp.Run(j.ctx, chromedp.Evaluate[fetched](`(async () => {
		const r = await fetch(`+jsString(path)+`, {credentials: 'same-origin'});
		return {status: r.status, type: r.headers.get('content-type') || '', disposition: r.headers.get('content-disposition') || '', body: await r.text()};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		j.t.Fatalf("fetching %s: %v", path, err)
	}
	return f
}

// TestAgreementDownloadJourney: the participant (in English) and the
// company's staff (in Japanese) open the agreement and download it: a
// UTF-8 text attachment, named for the team and the version, that names
// the project and the parties, in the reader's language. The charter has
// no download (it is a page). axe-core on every page.
func TestAgreementDownloadJourney(t *testing.T) {
	s := startTeamSite(t)
	team, _ := s.matchedWithKickoff(t, furusato.DateOf(now).AddDays(3))
	ctx := context.Background()
	p, err := s.cat.FindProject(ctx, watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ lang, email, link, heading, accepted string }{
		{"en", participantEmail, "Download as a text file", "Side-job agreement", "Accepted"},
		{"ja", staffEmail, "テキストファイルでダウンロードする", "取り決め", "承諾"},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // two people who only read, each in a browser of their own
			j := s.member(t, w.email).tab()
			j.open("/?lang=" + w.lang)
			j.open(team)
			j.click(team + "/agreement")
			href := evaluate[string](j, `Array.from(document.querySelectorAll('main a'), a => a.textContent.trim() === `+jsString(w.link)+` ? a.getAttribute('href') : '').join('')`)
			if !strings.HasSuffix(href, "/agreement/download") {
				t.Fatalf("no download link %q on the agreement: %q", w.link, href)
			}
			f := j.fetch(href)
			if f.Status != 200 || f.Type != "text/plain; charset=utf-8" {
				t.Errorf("download: %d %q", f.Status, f.Type)
			}
			if !strings.HasPrefix(f.Disposition, "attachment;") || !strings.Contains(f.Disposition, "furusato-agreement-") || !strings.HasSuffix(f.Disposition, `-v1.txt"`) {
				t.Errorf("download disposition %q", f.Disposition)
			}
			for _, want := range []string{p.Title, "参加者 デモ", p.Company.Name, w.heading, w.accepted} {
				if !strings.Contains(f.Body, want) {
					t.Errorf("the downloaded agreement (%s) lacks %q:\n%s", w.lang, want, f.Body)
				}
			}
		})
	}
}
