package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// startWorkflowSite is the demo site with its accounts, the background
// jobs running (River, as in serve) and e-mail going to a test SMTP server.
func startWorkflowSite(t *testing.T) (*site, *store.DB, *testkit.SMTPServer) {
	t.Helper()
	parallel(t)
	db := demoDB(t, true)
	ctx := context.Background()
	smtp := testkit.StartSMTP(t)
	host, port := smtp.Addr()
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, From: "ふるさと兼業 <noreply@example.jp>"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	svc := newServices(t, db, base, sender) // one set for the jobs and the site, as in serve
	jc, err := jobs.New(db.Writer(), jobs.Engine(db.Engine()), jobs.Config{PollInterval: 50 * time.Millisecond}, svc.JobServices())
	if err != nil {
		t.Fatalf("jobs.New: %v", err)
	}
	db.SetJobs(jc)
	if err := jc.Start(ctx); err != nil {
		t.Fatalf("jobs start: %v", err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = jc.Stop(stop)
	})
	h, err := app.New(db, svc, app.Options{BaseURL: base, Demo: true, Version: "e2e"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{URL: base, cat: svc.Catalogue}, db, smtp
}

// freshGifuProject returns an open project of the Gifu organisation that
// the demo participant has neither entered nor marked.
func freshGifuProject(t *testing.T, db *store.DB) *furusato.Project {
	t.Helper()
	ctx := context.Background()
	u, err := db.FindUserByEmail(ctx, "participant@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	actor := &furusato.Actor{User: u}
	es := newServices(t, db, "http://x", nil).Entries
	mine, err := es.Mine(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	favs, err := es.Favorites(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	var taken []int64
	for _, e := range mine {
		taken = append(taken, e.ProjectID)
	}
	for _, p := range favs {
		taken = append(taken, p.ID)
	}
	ps, _, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Prefectures: []int{21}, OpenOnly: true, Today: furusato.DateOf(now), Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if !slices.Contains(taken, p.ID) && p.Places-p.Matched >= 1 {
			return p
		}
	}
	t.Fatal("no open Gifu project left for the journey")
	return nil
}

// TestWorkflowJourney_FavouriteEnterInterviewOfferAccept is issue 4's whole
// path in Chromium, with axe-core on every page: the participant marks a
// project and enters it; the Gifu coordinator moves the entry to interview
// and proposes a slot; the participant picks it; the coordinator offers;
// the participant accepts (参画決定); both see it on their pages; and the
// e-mails of each step reached the SMTP server through the job queue.
func TestWorkflowJourney_FavouriteEnterInterviewOfferAccept(t *testing.T) {
	s, db, smtp := startWorkflowSite(t)
	p := freshGifuProject(t, db)
	bp := testkit.NewBrowser(t)
	bc := testkit.NewBrowser(t)
	pj := s.journey(t, bp)
	cj := s.journey(t, bc)

	// The participant marks the project as 気になる.
	pj.signedIn("participant@demo.furusato.example")
	pj.open("/projects/" + p.Slug)
	pj.follow(chromedp.Click(button("気になるリストに追加する")))
	if got := pj.text(`[role="status"]`); !strings.Contains(got, "気になるリストに追加しました") {
		t.Fatalf("flash after favourite = %q", got)
	}
	pj.open("/me/favorites")
	if got := pj.text("main"); !strings.Contains(got, p.Title) {
		t.Fatalf("favourites page lacks %q: %q", p.Title, got)
	}

	// Enters it: form, check page, send.
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open("/projects/" + p.Slug)
	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="このプロジェクトにエントリーする"]`)))
	// One question per page: about you, then time, then the check page.
	pj.do(sendKeys(textarea("motivation"), "岐阜の清流と暮らす人たちの仕事に、週末の時間で関わりたいと考えました。"),
		sendKeys(textarea("contribution"), "広報の仕事で培った、伝わる文章づくりと写真の撮影です。"))
	pj.follow(chromedp.Click(button("次へ進む")))
	pj.do(sendKeys(field("hours_per_week"), "１２"))
	// Back to the first question and on again: nothing typed is lost.
	pj.follow(chromedp.Click(button("前の質問に戻る")))
	if got := pj.value(textarea("motivation")); !strings.HasPrefix(got, "岐阜の清流") {
		t.Fatalf("step 1 after going back: %q", got)
	}
	pj.follow(chromedp.Click(button("次へ進む")))
	if got := pj.value(field("hours_per_week")); got != "１２" {
		t.Fatalf("step 2 after going back and on: hours %q", got)
	}
	pj.follow(chromedp.Click(button("入力内容を確認する")))
	if got := pj.text("main"); !strings.Contains(got, "12") || !strings.Contains(got, "伝わる文章づくり") {
		t.Fatalf("check page does not show the answers: %q", got)
	}
	pj.follow(chromedp.Click(button("エントリーする")))
	entryPath := pj.url().Path
	if !strings.HasPrefix(entryPath, "/me/entries/") {
		t.Fatalf("after sending at %s", entryPath)
	}
	id := strings.TrimPrefix(entryPath, "/me/entries/")
	if got := pj.text("main"); !strings.Contains(got, "エントリーしました") || !strings.Contains(got, "エントリー済み") {
		t.Fatalf("entry page after sending: %q", got)
	}

	// The coordinator finds it on the board and calls the participant to an interview.
	cj.signedIn("coordinator.gifu@demo.furusato.example")
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open(fmt.Sprintf("/manage/projects/%d/entries", p.ID))
	cj.follow(chromedp.Click(chromedp.Search(`//main//table//a[contains(@href, "/manage/entries/` + id + `")]`)))
	cj.do(chromedp.Click(field("to-interview")))
	cj.follow(chromedp.Click(button("選考状況を変更する")))
	if got := cj.text(`[role="status"]`); !strings.Contains(got, "選考状況を変更しました") {
		t.Fatalf("flash after the move = %q", got)
	}
	cj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="面談の日時を提案する"]`)))
	day := furusato.DateOf(now).AddDays(3)
	cj.do(sendKeys(field("slot1-year"), fmt.Sprint(day.Year)),
		sendKeys(field("slot1-month"), fmt.Sprint(int(day.Month))),
		sendKeys(field("slot1-day"), fmt.Sprint(day.Day)),
		sendKeys(field("slot1-time"), "14:00"),
		chromedp.Click(field("mode-online")),
		sendKeys(field("location"), "https://meet.example.jp/furusato-1"))
	cj.follow(chromedp.Click(button("提案する")))
	if got := cj.text("main"); !strings.Contains(got, "日程調整中") {
		t.Fatalf("entry page after proposing: %q", got)
	}

	// The participant picks the slot and gets a calendar file.
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open(entryPath)
	pj.do(chromedp.Click(chromedp.Search(`//main//input[@name="slot"]`)))
	pj.follow(chromedp.Click(button("この日時で確定する")))
	pj.open(entryPath)
	if got := pj.text("main"); !strings.Contains(got, "日程確定") || !strings.Contains(got, "14:00") {
		t.Fatalf("entry page after picking: %q", got)
	}
	if attrs := pj.attrs(`main a[href$=".ics"]`); attrs["href"] == "" {
		t.Fatalf("no .ics link after picking")
	}

	// The coordinator offers; the participant accepts.
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open("/manage/entries/" + id)
	cj.do(chromedp.Click(field("to-offered")))
	cj.follow(chromedp.Click(button("選考状況を変更する")))
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open(entryPath)
	pj.follow(chromedp.Click(button("参画を決定する")))
	if got := pj.text("main"); !strings.Contains(got, "参画を決定しました") || !strings.Contains(got, "参画決定") {
		t.Fatalf("entry page after accepting: %q", got)
	}
	pj.open("/me")
	if got := pj.text("main"); !strings.Contains(got, p.Title) || !strings.Contains(got, "参画決定") {
		t.Fatalf("My page after accepting: %q", got)
	}
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open("/manage/entries/" + id)
	if got := cj.text("main"); !strings.Contains(got, "参画決定") {
		t.Fatalf("coordinator's entry page after accepting: %q", got)
	}

	// The e-mails of the way went out through the job queue.
	waitForMail(t, smtp, map[string]func(testkit.CapturedMail) bool{
		"new entry to the coordinator": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "coordinator.gifu@demo.furusato.example") && strings.Contains(m.Text, p.Title) && strings.Contains(m.Text, "/manage/entries/"+id)
		},
		"interview proposed to the participant": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "participant@demo.furusato.example") && strings.Contains(m.Subject+m.Text, "面談") && !strings.Contains(string(m.Data), "text/calendar")
		},
		"confirmation with the calendar to the participant": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "participant@demo.furusato.example") && strings.Contains(string(m.Data), "text/calendar")
		},
		"confirmation with the calendar to the coordinator": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "coordinator.gifu@demo.furusato.example") && strings.Contains(string(m.Data), "text/calendar")
		},
		"offer to the participant": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "participant@demo.furusato.example") && strings.Contains(m.Subject+m.Text, "オファー")
		},
		"match to the coordinator": func(m testkit.CapturedMail) bool {
			return slices.Contains(m.To, "coordinator.gifu@demo.furusato.example") && strings.Contains(m.Subject+m.Text, "参画")
		},
	})
}

// waitForMail waits until every named check matches some captured mail.
func waitForMail(t *testing.T, smtp *testkit.SMTPServer, want map[string]func(testkit.CapturedMail) bool) {
	t.Helper()
	testkit.EventuallyOK(t, 20*time.Second, func() error {
		var missing []string
		msgs := smtp.Messages()
		for name, ok := range want {
			if !slices.ContainsFunc(msgs, ok) {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		var got []string
		for _, m := range msgs {
			got = append(got, fmt.Sprintf("%v %q", m.To, m.Subject))
		}
		slices.Sort(missing)
		return fmt.Errorf("mail never sent: %s\ncaught %d:\n%s", strings.Join(missing, "; "), len(msgs), strings.Join(got, "\n"))
	})
}
