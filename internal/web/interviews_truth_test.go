package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// A pick sent from a page opened before the hosts changed the times says
// the times changed (not 「日時を1つ選んでください」), and the entry page then
// offers the new ones.
func TestInterviews_StalePickSaysTimesChanged(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	staff := s.manageSignIn(t, srv, watercressStaff)
	res, body := staff.post(fmt.Sprintf("/manage/entries/%d/interviews/new", id),
		slotForm("online", "https://meet.example.jp/a", [4]string{"2026", "11", "27", "14:00"}))
	redirected(t, "propose", res, body, fmt.Sprintf("/manage/entries/%d", id))
	ivs, err := s.db.FindInterviews(context.Background(), id)
	if err != nil || len(ivs) != 1 {
		t.Fatalf("interviews: %v %v", ivs, err)
	}
	old := ivs[0].Slots[0].ID
	res, body = staff.post(fmt.Sprintf("/manage/interviews/%d/reschedule", ivs[0].ID),
		slotForm("online", "https://meet.example.jp/a", [4]string{"2026", "11", "28", "10:30"}))
	redirected(t, "reschedule", res, body, fmt.Sprintf("/manage/entries/%d", id))

	me := s.manageSignIn(t, srv, participant)
	res, body = me.post(fmt.Sprintf("/me/interviews/%d/pick", ivs[0].ID), url.Values{"slot": {strconv.FormatInt(old, 10)}})
	redirected(t, "stale pick", res, body, fmt.Sprintf("/me/entries/%d", id))
	if res.StatusCode == http.StatusBadRequest {
		t.Fatal("stale pick shown as a form error")
	}
	_, body = me.get(fmt.Sprintf("/me/entries/%d", id))
	mustContain(t, "after the stale pick", body, "候補日時が変更されました。新しい候補から選んでください", "11月28日")
	mustNotContain(t, "after the stale pick", body, "エラー：")
}

// A cancelled interview shows why, and one whose time was never agreed
// says so instead of showing a proposed time as its date.
func TestInterviews_CancelledShowsReasonAndNoUnagreedTime(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	staff := s.manageSignIn(t, srv, watercressStaff)
	res, body := staff.post(fmt.Sprintf("/manage/entries/%d/interviews/new", id),
		slotForm("online", "https://meet.example.jp/a", [4]string{"2026", "12", "20", "13:00"}))
	redirected(t, "propose", res, body, fmt.Sprintf("/manage/entries/%d", id))
	ivs, _ := s.db.FindInterviews(context.Background(), id)
	res, body = staff.post(fmt.Sprintf("/manage/interviews/%d/cancel", ivs[0].ID), url.Values{"reason": {"担当者の都合により中止します"}})
	redirected(t, "cancel", res, body, fmt.Sprintf("/manage/entries/%d", id))
	me := s.manageSignIn(t, srv, participant)
	_, body = me.get(fmt.Sprintf("/me/entries/%d", id))
	mustContain(t, "participant after the cancel", body, "中止", "担当者の都合により中止します", "日程調整中の面談は中止になりました")
	mustNotContain(t, "participant after the cancel", body, "12月20日")
	_, body = staff.get(fmt.Sprintf("/manage/entries/%d", id))
	mustContain(t, "hosts after the cancel", body, "担当者の都合により中止します")
}
