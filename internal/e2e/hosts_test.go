package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// TestHostsJourney_MoveLetterFollowsTheChoice: on an entry's page the
// coordinator finds no move preselected; putting the interview template in
// the box and then declining with "the chosen stage's template" sends the
// decline letter, not the other one (manage.md D1); axe-core on each page.
func TestHostsJourney_MoveLetterFollowsTheChoice(t *testing.T) {
	s, db, _ := startWorkflowSite(t)
	ctx := context.Background()
	p := freshGifuProject(t, db)
	u, err := db.FindUserByEmail(ctx, "participant@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	actor, err := db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := newServices(t, db, "http://x", nil).Entries.Submit(ctx, actor, p.ID,
		furusato.Entry{Motivation: "清流の町が好きです。", Contribution: "広報の文章", HoursPerWeek: 3})
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	cj := s.journey(t, b)
	cj.signedIn("coordinator.gifu@demo.furusato.example")
	page := fmt.Sprintf("/manage/entries/%d", e.ID)
	cj.open(page)
	for _, m := range []string{"to-screening", "to-interview", "to-offered", "to-declined"} {
		if cj.checked("#" + m) {
			t.Errorf("%s is preselected", m)
		}
	}
	if !cj.checked("#letter-template") {
		t.Error("the letter does not default to the chosen move's template")
	}
	// Starting from the interview template, without script.
	cj.do(chromedp.Click(field("to-interview")))
	cj.follow(chromedp.Click(button("定型文を下の欄に入れる")))
	if v := cj.value(textarea("message")); !strings.Contains(v, "面談でお話を伺いたい") || !cj.checked("#letter-own") {
		t.Fatalf("after putting the template: %q, own %v", v, cj.checked("#letter-own"))
	}
	// Changing one's mind: decline, with the chosen move's template.
	cj.do(chromedp.Click(field("to-declined")), chromedp.Click(field("letter-template")))
	cj.follow(chromedp.Click(button("選考状況を変更する")))
	got := cj.text("main")
	if !strings.Contains(got, "今回はご希望に沿えない結果") || strings.Contains(got, "面談でお話を伺いたい") {
		t.Fatalf("thread after declining: %q", got)
	}
}

// TestHostsJourney_ConflictIsADeliberateChoice: the coordinator edits a
// project that the admin saves meanwhile; the conflict page shows the
// admin's value beside the coordinator's, a plain save is refused again,
// and only ticking the overwrite box saves (manage.md D4); axe-core on
// each page.
func TestHostsJourney_ConflictIsADeliberateChoice(t *testing.T) {
	s, db, _ := startWorkflowSite(t)
	ctx := context.Background()
	p := freshGifuProject(t, db)
	b := testkit.NewBrowser(t)
	cj := s.journey(t, b)
	cj.signedIn("coordinator.gifu@demo.furusato.example")
	page := fmt.Sprintf("/manage/projects/%d", p.ID)
	cj.open(page + "/edit")

	admin, err := db.FindUserByEmail(ctx, "admin@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	actor, err := db.ActorFor(ctx, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newServices(t, db, "http://x", nil).Projects.Update(ctx, actor, p.ID, furusato.ProjectUpdate{Title: new("事務局が直したタイトル")}, p.Version()); err != nil {
		t.Fatal(err)
	}

	conflict := func() {
		t.Helper()
		res, err := chromedp.RunResponse(cj.ctx, chromedp.Click(button("保存する")))
		if err != nil || res == nil || res.Status != 409 {
			t.Fatalf("stale save: %v, %+v", err, res)
		}
		cj.b.CheckA11y(t, cj.ctx)
		cj.seen = len(testkit.PageErrors(cj.ctx))
	}
	cj.do(chromedp.SetValue(field("catch_copy"), "コーディネーターのキャッチコピー"))
	conflict()
	got := cj.text("main table")
	if !strings.Contains(got, "事務局が直したタイトル") || !strings.Contains(got, p.Title) || !strings.Contains(got, "コーディネーターのキャッチコピー") {
		t.Fatalf("comparison table: %q", got)
	}
	conflict() // a plain save again is refused again
	cj.do(chromedp.Click(field("overwrite")))
	cj.follow(chromedp.Click(button("保存する")))
	if u := cj.url(); u.Path != page {
		t.Fatalf("after overwriting at %s", u)
	}
	saved, err := db.FindProject(ctx, p.Slug, furusato.ProjectStatuses)
	if err != nil || saved.Title != p.Title || saved.CatchCopy != "コーディネーターのキャッチコピー" {
		t.Errorf("saved %q / %q, %v", saved.Title, saved.CatchCopy, err)
	}
}
