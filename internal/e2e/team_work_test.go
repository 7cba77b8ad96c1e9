package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// TestTeamWorkJourney is the team's day-to-day work in Chromium, from a
// project in progress (s.inProgress), axe-core on every page: the
// participant, on a phone, posts to the team thread (10,000 characters
// with a bidi override first: a field error, the text kept) and adds a
// milestone; the company's staff reads both on the workspace and marks
// the milestone done. (A check-in comment is not walked yet.)
func TestTeamWorkJourney(t *testing.T) {
	s := startTeamSite(t)
	team := s.inProgress(t)

	pj := s.member(t, participantEmail).tab()
	pj.do(testkit.Phone())
	pj.open(team)
	pj.click(team + "/thread")
	body := chromedp.CSS(`#message-body`)
	long := strings.Repeat("あ", 10000) + "\u202e"
	evaluate[bool](pj, `(document.getElementById('message-body').value = `+jsString(long)+`, true)`)
	pj.submitInvalidCSS(`main form[action="` + team + `/messages"] button[type="submit"]`)
	if got := pj.text(`#message-body-error`); !strings.Contains(got, "4,000文字以内") {
		t.Errorf("field error for 10,000 characters %q", got)
	}
	if n := evaluate[int](pj, `document.getElementById('message-body').value.length`); n != len([]rune(long)) {
		t.Errorf("the thread form kept %d characters of %d", n, len([]rune(long)))
	}
	evaluate[bool](pj, `(document.getElementById('message-body').value = '', true)`)
	pj.do(sendKeys(body, "来週の撮影は土曜の朝にします"))
	pj.submit(team + "/messages")
	if got := pj.flash(); !strings.Contains(got, "メッセージを送りました") {
		t.Fatalf("flash after posting: %q", got)
	}
	pj.mustSee("the thread", `#thread`, "来週の撮影は土曜の朝にします")

	due := furusato.DateOf(now).AddDays(14)
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.do(testkit.Phone())
	pj.open(team)
	pj.click(team + "/milestones/new")
	pj.do(sendKeys(field("milestone-title"), "試作パッケージを3案そろえる"),
		sendKeys(field("milestone-year"), fmt.Sprint(due.Year)),
		sendKeys(field("milestone-month"), fmt.Sprint(int(due.Month))),
		sendKeys(field("milestone-day"), fmt.Sprint(due.Day)))
	pj.submit(team + "/milestones")
	if got := pj.flash(); !strings.Contains(got, "マイルストーンを追加しました") {
		t.Fatalf("flash after adding the milestone: %q", got)
	}

	// The company's staff reads both and marks the milestone done; a double click is another matter (below).
	sj := s.member(t, staffEmail).tab()
	sj.open(team)
	sj.mustSee("the thread on the workspace", `section[aria-labelledby="s-thread"]`, "来週の撮影は土曜の朝にします", "1件")
	sj.mustSee("the milestone", `section[aria-labelledby="s-milestones"]`, "試作パッケージを3案そろえる")
	// One click: a double click would say another member moved it first
	// (the milestone does not record who moved it; see the e2e report).
	sj.follow(chromedp.Click(chromedp.CSS(`section[aria-labelledby="s-milestones"] form[action$="/status"] button[type="submit"]`)))
	if got := sj.flash(); !strings.Contains(got, "マイルストーンの状態を変えました") {
		t.Errorf("flash after 完了にする: %q", got)
	}
	if strings.Contains(sj.text(`section[aria-labelledby="s-milestones"]`), "試作パッケージを3案そろえる") {
		t.Errorf("the done milestone is still among the open ones")
	}

}

// submitInvalidCSS clicks the button sel expecting the form back with a
// 400, and checks the page (axe) as check does for a 200.
func (j *journey) submitInvalidCSS(sel string) {
	j.t.Helper()
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil || res == nil || res.Status != 400 {
		j.t.Fatalf("invalid form: %v, %+v", err, res)
	}
	j.b.CheckA11y(j.t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
}
