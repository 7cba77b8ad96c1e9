package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// entryAt writes the demo participant's entry on project p straight to the
// store, at stage, and returns its page's path.
func entryAt(t *testing.T, db *store.DB, p *furusato.Project, stage furusato.Stage) string {
	t.Helper()
	ctx := context.Background()
	u, err := db.FindUserByEmail(ctx, "participant@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "清流の町が好きです。", Contribution: "写真", HoursPerWeek: 10}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateEntry(ctx, e, now); err != nil {
			return err
		}
		if stage == furusato.StageSubmitted {
			return nil
		}
		return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, stage, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/me/entries/%d", e.ID)
}

// TestTruth_DoubleClickOnAcceptSaysMatched: the first click of a double
// click on 「参画を決定する」 reaches the server first (sent here by fetch,
// its answer never shown), the second is the page the person reads: it
// must say they are matched, not that the places were filled.
func TestTruth_DoubleClickOnAcceptSaysMatched(t *testing.T) {
	s, db, _ := startWorkflowSite(t)
	path := entryAt(t, db, freshGifuProject(t, db), furusato.StageOffered)
	pj := s.journey(t, testkit.NewBrowser(t))
	pj.signedIn("participant@demo.furusato.example")
	pj.open(path)
	pj.do(chromedp.Evaluate[chromedp.Void](`(async () => {
		const f = document.querySelector('form[action$="/accept"]');
		const r = await fetch(f.action, {method: 'POST', body: new FormData(f), credentials: 'same-origin', redirect: 'manual'});
		if (r.type !== 'opaqueredirect') throw new Error('first click answered ' + r.status);
	})()`, chromedp.EvalAwaitPromise))
	pj.follow(chromedp.Click(button("参画を決定する")))
	got := pj.text("main")
	if !strings.Contains(got, "参画を決定しました") || !strings.Contains(got, "参画決定") {
		t.Errorf("after the double click: %q", got)
	}
	if strings.Contains(got, "募集人数に達しました") || strings.Contains(got, "参画を決定できませんでした") {
		t.Errorf("the double click says the place was lost: %q", got)
	}
}

// TestTruth_WithdrawAsksOnItsOwnPage: the entry page leads to a page that
// asks before withdrawing (axe-core on both), going back keeps the entry,
// and withdrawing there with a reason is done.
func TestTruth_WithdrawAsksOnItsOwnPage(t *testing.T) {
	s, db, _ := startWorkflowSite(t)
	path := entryAt(t, db, freshGifuProject(t, db), furusato.StageScreening)
	pj := s.journey(t, testkit.NewBrowser(t))
	pj.signedIn("participant@demo.furusato.example")
	pj.open(path)
	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="エントリーを取り下げる"]`)))
	if got := pj.url().Path; got != path+"/withdraw" {
		t.Fatalf("the withdraw link leads to %s", got)
	}
	if got := pj.text("h1"); got != "エントリーを取り下げる" {
		t.Errorf("h1 = %q", got)
	}
	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="取り下げずにエントリーに戻る"]`)))
	if got := pj.text("main"); !strings.Contains(got, "書類選考中") {
		t.Fatalf("after going back: %q", got)
	}
	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="エントリーを取り下げる"]`)))
	pj.do(sendKeys(textarea("reason"), "本業の繁忙期と重なったため"))
	pj.follow(chromedp.Click(button("取り下げる")))
	if got := pj.text("main"); !strings.Contains(got, "エントリーを取り下げました") || !strings.Contains(got, "辞退") {
		t.Fatalf("after withdrawing: %q", got)
	}
}
