package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// pastSlots are two proposed times that have both begun by testNow.
func pastSlots() []furusato.InterviewSlot {
	return []furusato.InterviewSlot{
		{Start: testNow.Add(-48 * time.Hour), Duration: time.Hour},
		{Start: testNow.Add(-time.Hour), Duration: time.Hour},
	}
}

// Once every proposed time of an interview has passed, the entry page
// offers no pick form: it lists the times and says, politely, that they
// have passed and whom to ask for new ones (the hosts are told to propose
// new ones). A pick posted anyway (from an old page) goes back with that
// message, never a form error listing no times, and writes nothing.
func TestInterviews_AllTimesPassedOffersNoPickForm(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	id := interviewEntry(t, s)
	iv := &furusato.Interview{EntryID: id, Online: true, Location: "https://meet.example.jp/abc", Slots: pastSlots()}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateInterview(ctx, iv, testNow.Add(-72*time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	pick := fmt.Sprintf("/me/interviews/%d/pick", iv.ID)
	entry := fmt.Sprintf("/me/entries/%d", id)
	me := s.manageSignIn(t, srv, participant)
	_, body := me.get(entry)
	mustContain(t, "participant's entry page", body, "候補の日時はすべて過ぎました", "コーディネーターに", "<dt>日時</dt>")
	mustNotContain(t, "participant's entry page", body, `action="`+pick+`"`, "このページで面談日程を選んでください")
	_, body = me.get("/me/entries")
	mustNotContain(t, "participant's entries", body, "このページで面談日程を選んでください")

	for _, slot := range []string{"", strconv.FormatInt(iv.Slots[1].ID, 10)} {
		res, body := me.post(pick, url.Values{"slot": {slot}})
		if res.StatusCode == http.StatusBadRequest || res.StatusCode == http.StatusUnprocessableEntity {
			t.Fatalf("pick %q after every time answered as a form error:\n%s", slot, snippet(body))
		}
		redirected(t, "pick after every time", res, body, entry)
		_, body = me.get(entry)
		mustContain(t, "after the pick", body, "候補の日時はすべて過ぎていたため、日時は確定していません")
		mustNotContain(t, "after the pick", body, "エラー：", "次から選んでください")
	}
	got, err := s.db.FindInterview(ctx, iv.ID)
	if err != nil || got.Status != furusato.InterviewProposed || got.ChosenID != 0 {
		t.Errorf("after the refused picks: %+v, %v", got, err)
	}

	inEnglish(t, me)
	_, body = me.get(entry)
	mustContain(t, "entry page in English", html.UnescapeString(body), "All the proposed times have passed", "ask the coordinator")

	staff := s.manageSignIn(t, srv, watercressStaff)
	_, body = staff.get(fmt.Sprintf("/manage/entries/%d", id))
	mustContain(t, "hosts' entry page", body, "候補の日時はすべて過ぎました", "新しい日時を提案")
}

// The same for a team meeting on the team workspace.
func TestTeamMeetings_AllTimesPassedOffersNoPickForm(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	p, team := matchedTeam(t, s, srv)
	teamID, _ := strconv.ParseInt(strings.TrimPrefix(team, "/teams/"), 10, 64)
	m := &furusato.TeamMeeting{TeamID: teamID, Kind: furusato.MeetingRegular, Online: false, Location: "郡上市八幡町", Slots: pastSlots()}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateTeamMeeting(ctx, m, testNow.Add(-72*time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	pick := fmt.Sprintf("/meetings/%d/pick", m.ID)
	_, body := p.get(team)
	mustContain(t, "participant's workspace", body, "候補の日時はすべて過ぎました", "コーディネーターに")
	mustNotContain(t, "participant's workspace", body, `action="`+pick+`"`)

	res, body := p.post(pick, url.Values{"slot": {strconv.FormatInt(m.Slots[0].ID, 10)}})
	if res.StatusCode == http.StatusBadRequest || res.StatusCode == http.StatusUnprocessableEntity {
		t.Fatalf("pick after every time answered as a form error:\n%s", snippet(body))
	}
	redirected(t, "pick after every time", res, body, team)
	_, body = p.get(team)
	mustContain(t, "after the pick", body, "候補の日時はすべて過ぎていたため、日時は確定していません")
	mustNotContain(t, "after the pick", body, "エラー：", "すでに確定したか")
	ms, err := s.db.FindTeamMeetings(ctx, teamID)
	if err != nil || len(ms) != 1 || ms[0].Status != furusato.InterviewProposed {
		t.Errorf("after the refused pick: %+v, %v", ms, err)
	}

	_, body = s.manageSignIn(t, srv, gifuCoordinator).get(team)
	mustContain(t, "coordinator's workspace", body, "候補の日時はすべて過ぎました", "新しい日時を提案")
}
