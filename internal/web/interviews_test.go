package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// interviewEntry makes the demo participant's entry on the watercress
// project directly in the store, at stage interview, and returns its id.
func interviewEntry(t *testing.T, s *site) int64 {
	t.Helper()
	ctx := context.Background()
	p := s.project(t, watercress)
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "清流の町が好きです。", Contribution: "写真", HoursPerWeek: 10}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateEntry(ctx, e, testNow); err != nil {
			return err
		}
		return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageInterview, testNow)
	})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// slotForm is the proposal form with the given slots (y, m, d, time each).
func slotForm(mode, location string, slots ...[4]string) url.Values {
	v := url.Values{"mode": {mode}, "location": {location}, "notes": {"熱意があります"}}
	for i, s := range slots {
		k := "slot" + strconv.Itoa(i+1) + "-"
		v.Set(k+"year", s[0])
		v.Set(k+"month", s[1])
		v.Set(k+"day", s[2])
		v.Set(k+"time", s[3])
		v.Set(k+"minutes", "60")
	}
	return v
}

var slotRadioRE = regexp.MustCompile(`name="slot" type="radio" value="(\d+)"`)
var icsLinkRE = regexp.MustCompile(`href="/interviews/(\d+)\.ics"`)

func TestInterviews_ProposePickCalendarCancel(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	newPath := fmt.Sprintf("/manage/entries/%d/interviews/new", id)
	hostPath := fmt.Sprintf("/manage/entries/%d", id)

	// Only the entry's hosts reach the form.
	other := s.manageSignIn(t, srv, otherRegion)
	res, body := other.get(newPath)
	status(t, "another region's coordinator", res, body, http.StatusNotFound)
	me := s.manageSignIn(t, srv, participant)
	res, body = me.get(newPath)
	status(t, "the participant", res, body, http.StatusNotFound)

	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = coord.get(newPath)
	status(t, "form", res, body, http.StatusOK)
	mustContain(t, "form", body, "面談の日時を提案する", "候補1", "候補5", `inputmode="numeric"`, `id="slot1-year"`, `<span aria-hidden="true">※</span>必須`, `<span aria-hidden="true">※</span>任意`, `value="60" selected`)
	checkHeadings(t, "form", body)

	// Errors beside the fields, in the summary, and nothing typed is lost.
	bad := slotForm("online", "http://meet.example.jp/x", [4]string{"2026", "11", "19", "14:00"}, [4]string{"２０２６", "11", "25", "25:00"})
	res, body = coord.post(newPath, bad)
	status(t, "errors", res, body, http.StatusBadRequest)
	mustContain(t, "errors", body, "<title>エラー：", `href="#slot1-year"`, `href="#slot2-time"`, `href="#location"`,
		"候補1は、これから先の日時を入力してください", "候補2の開始時刻を24時間制で入力してください", "https:// で始まる形",
		`value="２０２６"`, `value="25:00"`, `value="http://meet.example.jp/x"`, "熱意があります", `aria-invalid="true"`)
	checkHeadings(t, "errors", body)

	// A valid proposal of two slots goes back to the entry page.
	good := slotForm("online", "https://meet.example.jp/abc", [4]string{"2026", "11", "25", "9:00"}, [4]string{"2026", "11", "24", "14:00"})
	res, body = coord.post(newPath, good)
	redirected(t, "propose", res, body, hostPath)

	// The participant picks: without a choice the form comes back with its error.
	_, body = me.get(fmt.Sprintf("/me/entries/%d", id))
	m := slotRadioRE.FindAllStringSubmatch(body, -1)
	if len(m) != 2 {
		t.Fatalf("participant's entry page: %d slot radios\n%s", len(m), snippet(body))
	}
	mustContain(t, "participant's entry page", body, "日程調整中", "2026年11月24日(火) 14:00〜15:00", "この日時で確定する")
	mustNotContain(t, "participant's entry page", body, "熱意があります", "日時を変更する")
	var ivID int64
	if mm := regexp.MustCompile(`action="/me/interviews/(\d+)/pick"`).FindStringSubmatch(body); mm != nil {
		ivID, _ = strconv.ParseInt(mm[1], 10, 64)
	} else {
		t.Fatal("no pick form")
	}
	pick := fmt.Sprintf("/me/interviews/%d/pick", ivID)
	res, body = me.post(pick, url.Values{})
	status(t, "pick without a choice", res, body, http.StatusBadRequest)
	mustContain(t, "pick without a choice", body, "<title>エラー：", "ご都合のよい日時を1つ選んでください", `href="#slot-`)
	checkHeadings(t, "pick page", body)
	res, body = coord.post(pick, url.Values{"slot": {m[0][1]}})
	status(t, "host picks", res, body, http.StatusNotFound)
	res, body = me.post(pick, url.Values{"slot": {m[0][1]}})
	redirected(t, "pick", res, body, fmt.Sprintf("/me/entries/%d", id))
	res, body = me.post(pick, url.Values{"slot": {m[1][1]}})
	redirected(t, "second pick", res, body, fmt.Sprintf("/me/entries/%d", id))
	_, body = me.get(fmt.Sprintf("/me/entries/%d", id))
	mustContain(t, "after the pick", body, "面談の日時はすでに確定したか", "日程確定", "カレンダーに追加する")
	if icsLinkRE.FindString(body) == "" {
		t.Fatal("no .ics link after the pick")
	}

	// The calendar file: for both sides, not for others.
	icsPath := fmt.Sprintf("/interviews/%d.ics", ivID)
	res, body = other.get(icsPath)
	status(t, "another region's .ics", res, body, http.StatusNotFound)
	res, body = me.get(icsPath)
	status(t, ".ics", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf(".ics headers: %q %q", ct, res.Header.Get("Content-Disposition"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("parse .ics: %v\n%s", err, body)
	}
	if start, _ := cal.Events()[0].GetStartAt(); !strings.Contains(body, "DTSTART:20261124T050000Z") || start.IsZero() {
		t.Fatalf(".ics start: %s", body)
	}
	res, body = coord.get(icsPath)
	status(t, "host's .ics", res, body, http.StatusOK)

	// The host's view shows the notes and the forms; cancelling needs the confirmation page.
	_, body = coord.get(hostPath)
	mustContain(t, "host's entry page", body, "熱意があります", "日時を変更する", "面談を中止する", "日程確定")
	cancel := fmt.Sprintf("/manage/interviews/%d/cancel", ivID)
	res, body = me.get(cancel)
	status(t, "participant's cancel page", res, body, http.StatusNotFound)
	res, body = coord.get(cancel)
	status(t, "cancel page", res, body, http.StatusOK)
	mustContain(t, "cancel page", body, "btn-danger", "中止の理由", "2026年11月24日(火) 14:00〜15:00")
	checkHeadings(t, "cancel page", body)
	res, body = coord.post(cancel, url.Values{"reason": {"担当者の都合のため"}})
	redirected(t, "cancel", res, body, hostPath)
	res, body = coord.post(cancel, url.Values{})
	redirected(t, "cancel again", res, body, hostPath)
	_, body = me.get(icsPath)
	if !strings.Contains(body, "METHOD:CANCEL") || !strings.Contains(body, "STATUS:CANCELLED") {
		t.Fatalf("cancelled .ics: %s", body)
	}
	res, body = coord.get(fmt.Sprintf("/manage/interviews/%d/reschedule", ivID))
	redirected(t, "reschedule cancelled", res, body, hostPath)
}

func TestInterviews_RescheduleAndRefusals(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	staff := s.manageSignIn(t, srv, watercressStaff)
	res, body := staff.post(fmt.Sprintf("/manage/entries/%d/interviews/new", id),
		slotForm("onsite", "郡上市八幡町 清流会館", [4]string{"2026", "11", "24", "14:00"}))
	redirected(t, "propose", res, body, fmt.Sprintf("/manage/entries/%d", id))
	ivs, err := s.db.FindInterviews(context.Background(), id)
	if err != nil || len(ivs) != 1 {
		t.Fatalf("interviews: %v %v", ivs, err)
	}
	path := fmt.Sprintf("/manage/interviews/%d/reschedule", ivs[0].ID)
	res, body = staff.get(path)
	status(t, "reschedule form", res, body, http.StatusOK)
	mustContain(t, "reschedule form", body, "面談の日時を変更する", `value="郡上市八幡町 清流会館"`, `id="mode-onsite" name="mode" type="radio" value="onsite" checked`)
	res, body = staff.post(path, slotForm("onsite", "郡上市八幡町 清流会館", [4]string{"2026", "11", "26", "10:30"}))
	redirected(t, "reschedule", res, body, fmt.Sprintf("/manage/entries/%d", id))
	iv, _ := s.db.FindInterview(context.Background(), ivs[0].ID)
	if iv.Sequence != 1 || len(iv.Slots) != 1 || iv.Slots[0].Start.In(furusato.JST).Hour() != 10 {
		t.Fatalf("after reschedule: %+v", iv)
	}

	// Unknown, malformed and foreign ids are 404; a proposed interview has no .ics yet.
	me := s.manageSignIn(t, srv, participant)
	for _, p := range []string{"/interviews/abc.ics", "/interviews/999.ics", fmt.Sprintf("/interviews/%d", iv.ID), fmt.Sprintf("/interviews/%d.ics", iv.ID)} {
		res, body := me.get(p)
		status(t, p, res, body, http.StatusNotFound)
	}
	res, body = me.post(path, slotForm("onsite", "x", [4]string{"2026", "11", "26", "10:30"}))
	status(t, "participant reschedules", res, body, http.StatusNotFound)
	res, body = s.browser(t, srv.Server).post(fmt.Sprintf("/me/interviews/%d/pick", iv.ID), url.Values{"slot": {"1"}})
	redirected(t, "visitor picks", res, body, "/account/signin")

	// Back at screening, the entry must be moved to interview before a proposal.
	if err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.MoveEntry(context.Background(), id, furusato.StageInterview, furusato.StageScreening, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	hostPath := fmt.Sprintf("/manage/entries/%d", id)
	res, body = staff.get(fmt.Sprintf("/manage/entries/%d/interviews/new", id))
	redirected(t, "proposal at screening", res, body, hostPath)
	_, body = staff.get(hostPath)
	mustContain(t, "host page at screening", body, "先にエントリーの選考状況を「面談調整中」にしてください")
	mustNotContain(t, "host page at screening", body, `href="/manage/entries/`+strconv.FormatInt(id, 10)+`/interviews/new"`)
}

func TestInterviews_MatchedEntryOffersNoPlanningLinks(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	ctx := context.Background()
	iv := &furusato.Interview{EntryID: id, Location: "郡上市八幡町 清流会館",
		Slots: []furusato.InterviewSlot{{Start: testNow.Add(48 * time.Hour), Duration: time.Hour}}}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateInterview(ctx, iv, testNow); err != nil {
			return err
		}
		if ok, err := tx.PickInterviewSlot(ctx, iv.ID, iv.Slots[0].ID, testNow); err != nil || !ok {
			return fmt.Errorf("pick: %v %v", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	staff := s.manageSignIn(t, srv, watercressStaff)
	hostPath := fmt.Sprintf("/manage/entries/%d", id)
	reschedule := fmt.Sprintf(`href="/manage/interviews/%d/reschedule"`, iv.ID)
	_, body := staff.get(hostPath)
	mustContain(t, "host page while interviewing", body, reschedule)
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.MoveEntry(ctx, id, furusato.StageInterview, furusato.StageMatched, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	_, body = staff.get(hostPath)
	mustContain(t, "host page after the match", body, fmt.Sprintf(`href="/interviews/%d.ics"`, iv.ID))
	mustNotContain(t, "host page after the match", body, reschedule, fmt.Sprintf(`href="/manage/interviews/%d/cancel"`, iv.ID))
}
