package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// TestWorkflowJourney_MessagesNotesInterviewChangesWithdraw covers the
// entry workflow's other flows in Chromium, axe-core on every page: the
// participant and the coordinator write in the entry's thread (a message
// with markup stays text, its link is clickable); the coordinator keeps a
// private note the participant never sees; proposes an interview, changes
// its time and cancels it; the participant reads the notification centre,
// marks everything read, turns off one kind of e-mail and withdraws the
// entry with a reason; the admin reads the background jobs page.
func TestWorkflowJourney_MessagesNotesInterviewChangesWithdraw(t *testing.T) {
	s, db, _ := startWorkflowSite(t)
	p := freshGifuProject(t, db)
	pj := s.journey(t, testkit.NewBrowser(t))
	cj := s.journey(t, testkit.NewBrowser(t))

	pj.signedIn("participant@demo.furusato.example")
	pj.open("/projects/" + p.Slug + "/entry")
	pj.do(sendKeys(textarea("motivation"), "地域の仕事に関わりたいと考えました。"),
		sendKeys(textarea("contribution"), "企画書づくりが得意です。"))
	pj.follow(chromedp.Click(button("次へ進む")))
	pj.do(sendKeys(field("hours_per_week"), "8"))
	pj.follow(chromedp.Click(button("入力内容を確認する")))
	pj.follow(chromedp.Click(button("エントリーする")))
	entryPath := pj.url().Path
	id := strings.TrimPrefix(entryPath, "/me/entries/")

	// The participant writes; markup stays text, a link becomes a link.
	pj.do(sendKeys(textarea("message-body"), "<b>よろしく</b>お願いします。資料です https://example.jp/plan"))
	pj.follow(chromedp.Click(button("メッセージを送る")))
	if got := pj.text(`[role="status"]`); !strings.Contains(got, "メッセージを送りました") {
		t.Fatalf("flash after posting = %q", got)
	}
	if got := pj.text("#thread"); !strings.Contains(got, "<b>よろしく</b>") {
		t.Fatalf("the message's markup is not shown as text: %q", got)
	}
	if n := evaluate[int](pj, `document.querySelectorAll('#thread b').length`); n != 0 {
		t.Fatalf("the message became markup: %d <b> elements", n)
	}
	if href := pj.attrs(`#thread a[href^="https://example.jp"]`)["href"]; href != "https://example.jp/plan" {
		t.Fatalf("the link is not clickable: %q", href)
	}

	// The coordinator finds the entry on the board by a word, sorts it,
	// then answers, keeps a private note, and plans an interview.
	cj.signedIn("coordinator.gifu@demo.furusato.example")
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open(fmt.Sprintf("/manage/projects/%d/entries", p.ID))
	cj.do(sendKeys(field("board-q"), "企画書"))
	cj.follow(chromedp.Click(button("絞り込む")))
	if n := evaluate[int](cj, `document.querySelectorAll('main table tbody tr').length`); n != 1 {
		t.Fatalf("board filtered by a word of the entry shows %d rows", n)
	}
	cj.follow(chromedp.Click(chromedp.Search(`//main//th//a[normalize-space()="関われる時間"]`)))
	if got := cj.attrs(`main th[aria-sort]`)["aria-sort"]; got == "" || !strings.Contains(cj.url().RawQuery, "sort=hours") {
		t.Fatalf("sorting by hours: aria-sort %q at %s", got, cj.url())
	}
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open("/manage/entries/" + id)
	if got := cj.text("#thread"); !strings.Contains(got, "<b>よろしく</b>") {
		t.Fatalf("the coordinator does not see the message: %q", got)
	}
	coordBefore := headerBadge(cj)
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open("/me")
	badgeBefore := headerBadge(pj)
	cj.do(sendKeys(textarea("message-body"), "ご連絡ありがとうございます。"))
	cj.follow(chromedp.Click(button("メッセージを送る")))
	// The answer moves the participant's 通知 badge at once (no digest
	// run yet), by one however many messages; not the sender's.
	cj.do(sendKeys(textarea("message-body"), "面談の日程もご相談させてください。"))
	cj.follow(chromedp.Click(button("メッセージを送る")))
	if got := headerBadge(cj); got != coordBefore {
		t.Fatalf("the sender's badge moved with their own messages: %d, was %d", got, coordBefore)
	}
	pj.open("/me")
	if got := headerBadge(pj); got != badgeBefore+1 {
		t.Fatalf("participant's badge after two new messages = %d, want %d", got, badgeBefore+1)
	}
	pj.follow(chromedp.Click(chromedp.Search(`//header//a[starts-with(normalize-space(), "通知")]`)))
	if got := pj.text("main"); !strings.Contains(got, "新しいメッセージが2件届きました") {
		t.Fatalf("the notification centre lacks the new messages: %q", got)
	}
	cj.do(sendKeys(textarea("note"), "オンライン面談を希望されています"))
	cj.follow(chromedp.Click(button("メモを追加する")))
	if got := cj.text("main"); !strings.Contains(got, "オンライン面談を希望されています") {
		t.Fatalf("the note is not on the host's page: %q", got)
	}
	cj.do(chromedp.Click(field("to-interview")))
	cj.follow(chromedp.Click(button("選考状況を変更する")))
	cj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="面談の日時を提案する"]`)))
	day := now.AddDate(0, 0, 4)
	cj.do(sendKeys(field("slot1-year"), fmt.Sprint(day.Year())),
		sendKeys(field("slot1-month"), fmt.Sprint(int(day.Month()))),
		sendKeys(field("slot1-day"), fmt.Sprint(day.Day())),
		sendKeys(field("slot1-time"), "10:00"),
		chromedp.Click(field("mode-onsite")),
		sendKeys(field("location"), "郡上八幡の事務所"))
	cj.follow(chromedp.Click(button("提案する")))
	cj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="日時を変更する"]`)))
	// New times are proposed from scratch; the place is kept.
	if got := cj.value(field("location")); got != "郡上八幡の事務所" {
		t.Fatalf("the reschedule form lost the place: %q", got)
	}
	day = now.AddDate(0, 0, 5)
	cj.do(sendKeys(field("slot1-year"), fmt.Sprint(day.Year())),
		sendKeys(field("slot1-month"), fmt.Sprint(int(day.Month()))),
		sendKeys(field("slot1-day"), fmt.Sprint(day.Day())),
		sendKeys(field("slot1-time"), "15:30"))
	cj.follow(chromedp.Click(button("変更を提案する")))
	if got := cj.text("main"); !strings.Contains(got, "15:30") || strings.Contains(got, "10:00〜") {
		t.Fatalf("the new time is not shown: %q", got)
	}
	cj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="面談を中止する"]`)))
	cj.follow(chromedp.Click(button("面談を中止する")))
	if got := cj.text(`[role="status"]`); !strings.Contains(got, "面談を中止しました") {
		t.Fatalf("flash after cancelling = %q", got)
	}

	// The participant never sees the private note; reads the notices.
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open(entryPath)
	if got := pj.text("body"); strings.Contains(got, "オンライン面談を希望されています") {
		t.Fatal("the participant sees the private note")
	}
	if got := pj.text("#thread"); !strings.Contains(got, "ご連絡ありがとうございます。") {
		t.Fatalf("the participant does not see the answer: %q", got)
	}
	pj.follow(chromedp.Click(chromedp.Search(`//header//a[starts-with(normalize-space(), "通知")]`)))
	if got := pj.text("main"); !strings.Contains(got, "面談は中止になりました") {
		t.Fatalf("the notification centre lacks the cancelled interview: %q", got)
	}
	// Opening the entry read its notices; whatever else is unread, read it all.
	if evaluate[int](pj, `[...document.querySelectorAll('main button')].filter(b => b.textContent.trim() === 'すべて既読にする').length`) > 0 {
		pj.follow(chromedp.Click(button("すべて既読にする")))
	}
	if n := evaluate[int](pj, `document.querySelectorAll('header .nav-badge').length`); n != 0 {
		t.Fatalf("a badge is still shown after reading everything")
	}
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open("/account/notifications")
	if !pj.checked("#pref-0") {
		t.Fatal("e-mail is not on by default")
	}
	pj.do(chromedp.Click(field("pref-0")))
	pj.follow(chromedp.Click(button("保存する")))
	pj.open("/account/notifications")
	if pj.checked("#pref-0") {
		t.Fatal("the preference was not saved")
	}

	// The participant withdraws with a reason; the coordinator sees why.
	pj = pj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	pj.open(entryPath)
	pj.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="エントリーを取り下げる"]`)))
	pj.do(sendKeys(textarea("reason"), "本業の繁忙期と重なったため"))
	pj.follow(chromedp.Click(button("取り下げる")))
	if got := pj.text("main"); !strings.Contains(got, "辞退") {
		t.Fatalf("the entry is not shown as withdrawn: %q", got)
	}
	cj = cj.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	cj.open("/manage/entries/" + id)
	if got := cj.text("main"); !strings.Contains(got, "本業の繁忙期と重なったため") {
		t.Fatalf("the coordinator does not see the reason: %q", got)
	}

	// The admin reads the background jobs page.
	aj := s.journey(t, testkit.NewBrowser(t))
	aj.signedIn("admin@demo.furusato.example")
	aj.open("/admin")
	aj.follow(chromedp.Click(chromedp.Search(`//main//a[@href="/admin/jobs"]`)))
	if h1 := aj.page().H1s; len(h1) != 1 || !slices.Contains([]string{"バックグラウンドジョブ"}, h1[0]) {
		t.Fatalf("jobs page h1 = %q", h1)
	}
}

// headerBadge is the number on the header's 通知 link (0 without a badge).
func headerBadge(j *journey) int {
	return evaluate[int](j, `parseInt((document.querySelector('header .nav-badge') || {}).textContent || '0', 10)`)
}
