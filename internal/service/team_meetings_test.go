package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// meetingProposal is a kickoff (or meeting) at the JST starts given
// ("2026-11-26 14:00"), on site.
func meetingProposal(kind furusato.MeetingKind, starts ...string) furusato.MeetingProposal {
	p := furusato.MeetingProposal{Kind: string(kind), InterviewProposal: proposal(starts...)}
	p.Mode, p.Location, p.Notes = "onsite", "郡上市八幡町の事務所", "名刺をお持ちください"
	return p
}

// calendarOf parses text and returns its method and only event.
func calendarOf(t *testing.T, text string) (string, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	method := ""
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			method = p.Value
		}
	}
	return method, evs[0]
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestTeamMeetings_ProposePickRescheduleCancel(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		in := meetingProposal(furusato.MeetingKickoff, "2026-11-26 14:00", "2026-11-27 9:00")

		// Who may propose: the coordinator and the company's staff; not
		// the participant, and nobody outside the team.
		if _, err := teams.ProposeMeeting(ctx, f.member, f.team.ID, in); code(err) != furusato.EFORBIDDEN {
			t.Errorf("participant proposes: %v", err)
		}
		for name, a := range map[string]*furusato.Actor{"other region": f.hokkaido, "other company": f.otherStaff, "outsider": f.newParticipant(t, "部外者")} {
			if _, err := teams.ProposeMeeting(ctx, a, f.team.ID, in); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s proposes: %v", name, err)
			}
		}
		bad := in
		bad.Kind = "party"
		if _, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, bad); furusato.ErrorFields(err)["kind"] == "" {
			t.Errorf("bad kind: %v", err)
		}
		before := notices(t, db, f.member)[furusato.NoticeTeamMeeting]
		m, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != furusato.InterviewProposed || len(m.Slots) != 2 || m.Note != "名刺をお持ちください" {
			t.Fatalf("proposed = %+v", m)
		}
		if got := notices(t, db, f.member)[furusato.NoticeTeamMeeting]; got != before+1 {
			t.Errorf("participant meeting notices %d → %d", before, got)
		}
		if notices(t, db, f.gifu)[furusato.NoticeTeamMeeting] != 0 {
			t.Error("the proposer was told of their own proposal")
		}
		if got, err := teams.Meetings(ctx, f.member, f.team.ID); err != nil || !got.CanPick || got.CanSchedule || len(got.Meetings) != 1 || got.Next != nil {
			t.Errorf("participant's meetings = %+v, %v", got, err)
		}
		if _, err := teams.MeetingCalendar(ctx, f.member, m.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("calendar before a pick: %v", err)
		}

		// One pick confirms it for everyone; the company may not pick.
		if err := teams.PickMeeting(ctx, f.staff, m.ID, m.Slots[1].ID); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff picks: %v", err)
		}
		if err := teams.PickMeeting(ctx, f.member, m.ID, 999999); code(err) != furusato.EINVALID {
			t.Errorf("foreign slot: %v", err)
		}
		if err := teams.PickMeeting(ctx, f.member, m.ID, m.Slots[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := teams.PickMeeting(ctx, f.gifu, m.ID, m.Slots[0].ID); code(err) != furusato.ECONFLICT {
			t.Errorf("second pick: %v", err)
		}
		kick := time.Date(2026, 11, 27, 9, 0, 0, 0, furusato.JST)
		if team, _ := db.FindTeam(ctx, f.team.ID); !team.KickoffAt.Equal(kick) {
			t.Errorf("kickoff_at = %v, want %v", team.KickoffAt, kick)
		}
		got, _ := teams.Meetings(ctx, f.staff, f.team.ID)
		if got.Next == nil || got.Next.ID != m.ID || !got.CanSchedule || got.CanPick {
			t.Errorf("staff's meetings = %+v", got)
		}
		text, err := teams.MeetingCalendar(ctx, f.member, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		method, ev := calendarOf(t, text)
		if method != "PUBLISH" || ev.Id() != "team-meeting-"+formatInt(m.ID)+"@furusato.example" ||
			prop(ev, ics.ComponentPropertyDtStart) != "20261127T000000Z" || prop(ev, ics.ComponentPropertySequence) != "1" ||
			prop(ev, ics.ComponentPropertySummary) != "キックオフ："+f.project.Title || ics.FromText(prop(ev, ics.ComponentPropertyLocation)) != in.Location {
			t.Errorf("calendar: method %s, uid %s, start %s, seq %s, summary %s", method, ev.Id(),
				prop(ev, ics.ComponentPropertyDtStart), prop(ev, ics.ComponentPropertySequence), prop(ev, ics.ComponentPropertySummary))
		}
		if _, err := teams.MeetingCalendar(ctx, f.hokkaido, m.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("other region's calendar: %v", err)
		}
		if !mailedCalendar(t, db, "METHOD:PUBLISH", "team-meeting-"+formatInt(m.ID)) {
			t.Error("no confirmation mail with the calendar")
		}

		// Reschedule: back to proposed, the kickoff unset, the old time
		// taken out of calendars (CANCEL, a new SEQUENCE).
		if err := teams.RescheduleMeeting(ctx, f.member, m.ID, in); code(err) != furusato.EFORBIDDEN {
			t.Errorf("participant reschedules: %v", err)
		}
		if err := teams.RescheduleMeeting(ctx, f.staff, m.ID, meetingProposal(furusato.MeetingKickoff, "2026-11-30 10:00")); err != nil {
			t.Fatal(err)
		}
		m2, _ := db.FindTeamMeeting(ctx, m.ID)
		if m2.Status != furusato.InterviewProposed || m2.Sequence != 2 || len(m2.Slots) != 1 {
			t.Errorf("rescheduled = %+v", m2)
		}
		if team, _ := db.FindTeam(ctx, f.team.ID); !team.KickoffAt.IsZero() {
			t.Errorf("kickoff after reschedule = %v", team.KickoffAt)
		}
		if !mailedCalendar(t, db, "METHOD:CANCEL", "SEQUENCE:2") {
			t.Error("no CANCEL calendar for the old time")
		}
		if err := teams.PickMeeting(ctx, f.gifu, m.ID, m2.Slots[0].ID); err != nil {
			t.Fatal(err)
		}

		// Cancel: everyone told with the CANCEL calendar; once only.
		coordBefore := notices(t, db, f.gifu)[furusato.NoticeTeamMeeting]
		if err := teams.CancelMeeting(ctx, f.gifu, m.ID, "都合により中止します"); err != nil {
			t.Fatal(err)
		}
		if err := teams.CancelMeeting(ctx, f.gifu, m.ID, ""); code(err) != furusato.ECONFLICT {
			t.Errorf("second cancel: %v", err)
		}
		text, _ = teams.MeetingCalendar(ctx, f.member, m.ID)
		if method, ev := calendarOf(t, text); method != "CANCEL" || prop(ev, ics.ComponentPropertyStatus) != "CANCELLED" ||
			prop(ev, ics.ComponentPropertySequence) != "4" {
			t.Errorf("cancelled calendar: %s %s %s", method, prop(ev, ics.ComponentPropertyStatus), prop(ev, ics.ComponentPropertySequence))
		}
		if notices(t, db, f.gifu)[furusato.NoticeTeamMeeting] != coordBefore+1 {
			t.Error("the coordinator who cancelled a confirmed meeting gets the CANCEL calendar too")
		}
		if err := teams.PickMeeting(ctx, f.member, m.ID, m2.Slots[0].ID); code(err) != furusato.ECONFLICT {
			t.Errorf("pick after cancel: %v", err)
		}
		if _, err := teams.PlanMeetingChange(ctx, f.gifu, m.ID); code(err) != furusato.ECONFLICT {
			t.Errorf("change after cancel: %v", err)
		}
	})
}

// mailedCalendar reports whether a mail in the outbox carries a calendar
// holding every one of parts.
func mailedCalendar(t *testing.T, db *store.DB, parts ...string) bool {
	t.Helper()
	mails, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		ok := m.Calendar != ""
		for _, p := range parts {
			ok = ok && strings.Contains(m.Calendar, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func formatInt(id int64) string { return strconv.FormatInt(id, 10) }

func TestTeamMeetings_RemindersGoOutOnce(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		tomorrow, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-11-25 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		dropped, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-11-25 8:00"))
		if err != nil {
			t.Fatal(err)
		}
		later, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-12-10 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []*furusato.TeamMeeting{tomorrow, dropped, later} {
			if err := teams.PickMeeting(ctx, f.member, m.ID, m.Slots[0].ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := teams.CancelMeeting(ctx, f.gifu, dropped.ID, ""); err != nil {
			t.Fatal(err)
		}
		before := notices(t, db, f.member)[furusato.NoticeTeamMeeting]
		if n, err := teams.SendMeetingReminders(ctx); err != nil || n != 1 {
			t.Fatalf("first run reminded %d, %v; want 1", n, err)
		}
		if n, err := teams.SendMeetingReminders(ctx); err != nil || n != 0 {
			t.Errorf("second run reminded %d, %v; want 0", n, err)
		}
		if got := notices(t, db, f.member)[furusato.NoticeTeamMeeting]; got != before+1 {
			t.Errorf("participant reminders: %d → %d", before, got)
		}
		if got := notices(t, db, f.staff)[furusato.NoticeTeamMeeting]; got == 0 {
			t.Error("the company's staff got no reminder")
		}
	})
}
