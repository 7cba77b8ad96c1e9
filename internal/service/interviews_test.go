package service_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// interviewFixture is the manage fixture plus an entry of the demo
// participant on the watercress company's project, at stage interview.
type interviewFixture struct {
	*manageFixture
	iv       *service.Interviews
	entry    *furusato.Entry
	project  *furusato.Project
	stranger *furusato.Actor // another participant
}

func newInterviewFixture(t *testing.T, db *store.DB) *interviewFixture {
	t.Helper()
	ctx := context.Background()
	m := newManageFixture(t, db)
	f := &interviewFixture{manageFixture: m}
	f.iv = newServices(t, db, func() time.Time { return f.at }, "https://furusato.example.jp").Interviews // the calendar UIDs name this host
	p, err := m.svc.Create(ctx, m.staff, "gujo-seiryu-farm", input("クレソンの面談プロジェクト"))
	if err != nil {
		t.Fatal(err)
	}
	f.project = p
	f.entry = f.newEntry(t, m.participant, furusato.StageInterview)
	u, err := newUsers(db).CreateUser(ctx, "stranger@example.jp", "別の 参加者", "kuresonn-no-sato-2026", false)
	if err != nil {
		t.Fatal(err)
	}
	if f.stranger, err = db.ActorFor(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// newEntry makes an entry of a on the fixture's project, moved to stage.
func (f *interviewFixture) newEntry(t *testing.T, a *furusato.Actor, stage furusato.Stage) *furusato.Entry {
	t.Helper()
	ctx := context.Background()
	e := &furusato.Entry{ProjectID: f.project.ID, UserID: a.User.ID, CompanyID: f.project.CompanyID, OrganizationID: f.project.OrganizationID,
		Motivation: "清流が好きです。", Contribution: "広報", HoursPerWeek: 8}
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateEntry(ctx, e, f.at); err != nil {
			return err
		}
		if stage != furusato.StageSubmitted {
			e.Stage = stage
			return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, stage, f.at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// notices counts the notices of each kind user a got.
func notices(t *testing.T, db *store.DB, a *furusato.Actor) map[furusato.NoticeKind]int {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[furusato.NoticeKind]int{}
	for _, n := range ns {
		out[n.Kind]++
	}
	return out
}

// proposal proposes the given JST starts ("2026-11-26 14:00"), online.
func proposal(starts ...string) furusato.InterviewProposal {
	p := furusato.InterviewProposal{Mode: "online", Location: "https://meet.example.jp/abc", Notes: "志望度が高い"}
	for _, s := range starts {
		var y, mo, d, hh, mm int
		fmt.Sscanf(s, "%d-%d-%d %d:%d", &y, &mo, &d, &hh, &mm)
		p.Slots = append(p.Slots, furusato.SlotDraft{Year: fmt.Sprint(y), Month: fmt.Sprint(mo), Day: fmt.Sprint(d),
			Time: fmt.Sprintf("%d:%02d", hh, mm), Minutes: "60"})
	}
	return p
}

func TestInterviewsPropose_ChecksPolicyStageAndInput(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"another participant":          {f.stranger, furusato.ENOTFOUND},
			"the participant":              {f.participant, furusato.ENOTFOUND},
			"a visitor":                    {nil, furusato.EUNAUTHORIZED},
		} {
			if _, err := f.iv.Propose(ctx, c.a, f.entry.ID, proposal("2026-11-26 14:00")); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
		}

		// Validation: full-width digits are read; a past slot, a bad time, an http URL are refused per field.
		in := proposal("2026-11-26 14:00")
		in.Slots[0].Year, in.Slots[0].Time = "２０２６", "１４：００"
		in.Slots = append(in.Slots, furusato.SlotDraft{Year: "2026", Month: "11", Day: "20", Time: "10:00", Minutes: "60"},
			furusato.SlotDraft{Year: "2026", Month: "11", Day: "27", Time: "25:00", Minutes: "5"}, furusato.SlotDraft{})
		in.Location = "http://meet.example.jp"
		_, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, in)
		fields := furusato.ErrorFields(err)
		if code(err) != furusato.EINVALID || fields["slot2_date"] != "interview.error.date_past" || fields["slot3_time"] != "interview.error.time_invalid" ||
			fields["slot3_duration"] != "interview.error.duration_range" || fields["location"] != "interview.error.url_invalid" || fields["slot1_date"] != "" {
			t.Fatalf("invalid proposal: %v %v", err, fields)
		}
		onsite := furusato.InterviewProposal{Mode: "onsite", Slots: []furusato.SlotDraft{{}}}
		_, err = f.iv.Propose(ctx, f.gifu, f.entry.ID, onsite)
		if fields := furusato.ErrorFields(err); fields["slot1_date"] != "interview.error.slot_required" || fields["location"] != "interview.error.place_required" {
			t.Fatalf("empty on-site proposal: %v", fields)
		}

		// An entry not at stage interview: move it first.
		other := f.newEntry(t, f.stranger, furusato.StageScreening)
		if _, err := f.iv.Propose(ctx, f.staff, other.ID, proposal("2026-11-26 14:00")); code(err) != furusato.ECONFLICT {
			t.Fatalf("screening entry: %v", err)
		}
		if _, err := f.iv.PlanNew(ctx, f.staff, other.ID); code(err) != furusato.ECONFLICT {
			t.Fatalf("PlanNew screening entry: %v", err)
		}

		// The company's staff proposes two slots; both sides see it, the participant without the notes.
		iv, err := f.iv.Propose(ctx, f.staff, f.entry.ID, proposal("2026-11-27 9:00", "2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if len(iv.Slots) != 2 || !iv.Slots[1].Start.Equal(time.Date(2026, 11, 26, 14, 0, 0, 0, furusato.JST)) || iv.Slots[1].Duration != time.Hour {
			t.Fatalf("slots %+v", iv.Slots)
		}
		mine, err := f.iv.ForEntry(ctx, f.participant, f.entry.ID)
		if err != nil || len(mine.Interviews) != 1 || mine.Interviews[0].Notes != "" || !mine.CanPick || mine.CanPlan || mine.CanNotes {
			t.Fatalf("participant view: %+v %v", mine, err)
		}
		host, err := f.iv.ForEntry(ctx, f.gifu, f.entry.ID)
		if err != nil || host.Interviews[0].Notes != "志望度が高い" || host.CanPick || !host.CanPlan || !host.CanPropose {
			t.Fatalf("host view: %+v %v", host, err)
		}
		if _, err := f.iv.ForEntry(ctx, f.stranger, f.entry.ID); code(err) != furusato.ENOTFOUND {
			t.Fatalf("stranger view: %v", err)
		}
	})
}

func TestInterviewsPick_OneOfTwoConcurrentPicksConfirms(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00", "2026-11-27 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.staff, iv.ID, iv.Slots[0].ID); code(err) != furusato.ENOTFOUND {
			t.Fatalf("staff picks: %v", err)
		}
		if err := f.iv.Pick(ctx, f.stranger, iv.ID, iv.Slots[0].ID); code(err) != furusato.ENOTFOUND {
			t.Fatalf("stranger picks: %v", err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[0].ID+99); code(err) != furusato.ECONFLICT {
			t.Fatalf("foreign slot (times changed): %v", err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, 0); code(err) != furusato.EINVALID {
			t.Fatalf("no slot: %v", err)
		}
		if _, err := f.iv.Calendar(ctx, f.participant, iv.ID); code(err) != furusato.ENOTFOUND {
			t.Fatalf("calendar before the pick: %v", err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { errs[i] = f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[i].ID) })
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch code(err) {
			case "":
				ok++
			case furusato.ECONFLICT:
				conflicts++
			default:
				t.Fatalf("pick: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("ok %d, conflicts %d; want 1 and 1", ok, conflicts)
		}
		got, err := db.FindInterview(ctx, iv.ID)
		if _, chosen := got.Chosen(); err != nil || got.Status != furusato.InterviewConfirmed || !chosen {
			t.Fatalf("after picks: %+v %v", got, err)
		}
		if n := notices(t, db, f.participant); n[furusato.NoticeInterviewProposed] != 1 || n[furusato.NoticeInterviewConfirmed] != 1 {
			t.Errorf("participant's notices: %v", n)
		}
		if n := notices(t, db, f.staff); n[furusato.NoticeInterviewConfirmed] != 1 || n[furusato.NoticeInterviewProposed] != 0 {
			t.Errorf("staff's notices: %v", n)
		}
		mails, _, err := db.FindOutbox(ctx, furusato.OutboxFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		withCal := 0
		for _, m := range mails {
			if strings.Contains(m.Calendar, "BEGIN:VCALENDAR") && strings.Contains(m.Calendar, "METHOD:PUBLISH") {
				withCal++
			}
		}
		if withCal < 2 { // the participant and at least one host (preferences permitting)
			t.Errorf("%d mails carry the calendar; want the participant's and the hosts'", withCal)
		}
	})
}

func TestInterviewsCalendar_ParsesBackWithUIDSequenceAndCancel(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		in := proposal("2026-11-26 14:00")
		in.Mode, in.Location = "onsite", "郡上市八幡町 清流会館, 2階; 会議室\\A"
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		parse := func(a *furusato.Actor) (*ics.Calendar, *ics.VEvent, string) {
			t.Helper()
			text, err := f.iv.Calendar(ctx, a, iv.ID)
			if err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			if len(cal.Events()) != 1 {
				t.Fatalf("events: %d", len(cal.Events()))
			}
			return cal, cal.Events()[0], text
		}
		for _, a := range []*furusato.Actor{f.participant, f.staff, f.gifu, f.admin} {
			parse(a)
		}
		if _, err := f.iv.Calendar(ctx, f.hokkaido, iv.ID); code(err) != furusato.ENOTFOUND {
			t.Fatalf("another region's coordinator: %v", err)
		}
		_, ev, text := parse(f.participant)
		for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("unfolded line of %d octets: %q", len(line), line)
			}
		}
		if !strings.Contains(text, "METHOD:PUBLISH\r\n") || ev.Id() != fmt.Sprintf("interview-%d@furusato.example.jp", iv.ID) {
			t.Fatalf("method or uid: %s", text)
		}
		start, _ := ev.GetStartAt()
		end, _ := ev.GetEndAt()
		if !start.Equal(time.Date(2026, 11, 26, 14, 0, 0, 0, furusato.JST)) || end.Sub(start) != time.Hour ||
			!strings.Contains(text, "DTSTART:20261126T050000Z") {
			t.Fatalf("start %v end %v", start, end)
		}
		if s := ev.GetProperty(ics.ComponentPropertySummary).Value; s != "面談：クレソンの面談プロジェクト" {
			t.Fatalf("summary %q", s)
		}
		if l := ev.GetProperty(ics.ComponentPropertyLocation).Value; ics.FromText(l) != in.Location {
			t.Fatalf("location %q, want %q", ics.FromText(l), in.Location)
		}
		seq := ev.GetProperty(ics.ComponentPropertySequence).Value

		// Cancel: METHOD CANCEL, STATUS CANCELLED, same UID, a higher SEQUENCE; once only.
		if err := f.iv.Cancel(ctx, f.participant, iv.ID, ""); code(err) != furusato.ENOTFOUND {
			t.Fatalf("participant cancels: %v", err)
		}
		if err := f.iv.Cancel(ctx, f.staff, iv.ID, "都合が悪くなりました"); err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Cancel(ctx, f.staff, iv.ID, ""); code(err) != furusato.ECONFLICT {
			t.Fatalf("second cancel: %v", err)
		}
		_, ev2, text2 := parse(f.participant)
		if !strings.Contains(text2, "METHOD:CANCEL\r\n") || ev2.Id() != ev.Id() ||
			ev2.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" || ev2.GetProperty(ics.ComponentPropertySequence).Value <= seq {
			t.Fatalf("cancelled calendar: %s", text2)
		}
		if err := f.iv.Reschedule(ctx, f.staff, iv.ID, proposal("2026-11-28 10:00")); code(err) != furusato.ECONFLICT {
			t.Fatalf("reschedule cancelled: %v", err)
		}
	})
}

func TestInterviewsReschedule_BackToProposed(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Reschedule(ctx, f.otherStaff, iv.ID, proposal("2026-11-28 10:00")); code(err) != furusato.ENOTFOUND {
			t.Fatalf("another company's staff: %v", err)
		}
		if err := f.iv.Reschedule(ctx, f.staff, iv.ID, proposal("2026-11-28 10:00", "2026-11-29 10:00")); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindInterview(ctx, iv.ID)
		if got.Status != furusato.InterviewProposed || got.ChosenID != 0 || len(got.Slots) != 2 || got.Sequence != 2 {
			t.Fatalf("after reschedule: %+v", got)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[0].ID); furusato.ConflictOf(err) != furusato.ConflictSlotsChanged {
			t.Fatalf("old slot after reschedule: %v", err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, got.Slots[1].ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestInterviewsSendReminders_OnceWithinTheDay(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-27 14:00")) // now is 11-24 10:00 JST
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, iv.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.iv.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("three days before: %d %v", n, err)
		}
		f.at = time.Date(2026, 11, 26, 15, 0, 0, 0, furusato.JST) // 23 hours before
		var wg sync.WaitGroup
		counts := make([]int, 3)
		for i := range counts {
			wg.Go(func() {
				n, err := f.iv.SendReminders(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		if total := counts[0] + counts[1] + counts[2]; total != 1 {
			t.Fatalf("reminded %v; want once in all", counts)
		}
		if n, err := f.iv.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		for _, a := range []*furusato.Actor{f.participant, f.staff, f.gifu} {
			if n := notices(t, db, a)[furusato.NoticeInterviewReminder]; n != 1 {
				t.Errorf("%s got %d reminders, want 1", a.User.Email, n)
			}
		}
		if n := notices(t, db, f.hokkaido)[furusato.NoticeInterviewReminder]; n != 0 {
			t.Errorf("another region's coordinator got %d reminders", n)
		}
	})
}

func TestInterviews_WithdrawnEntryIsNeitherPickedNorReminded(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		first, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-25 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, first.ID, first.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		second, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-25 16:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, first.ID, first.Slots[0].ID); code(err) != furusato.ECONFLICT {
			t.Fatalf("picking a confirmed interview: %v", err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.MoveEntry(ctx, f.entry.ID, furusato.StageInterview, furusato.StageWithdrawn, f.at)
		}); err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, second.ID, second.Slots[0].ID); code(err) != furusato.ECONFLICT {
			t.Fatalf("pick on a withdrawn entry: %v", err)
		}
		if err := f.iv.Reschedule(ctx, f.gifu, second.ID, proposal("2026-11-26 16:00")); code(err) != furusato.ECONFLICT {
			t.Fatalf("reschedule on a withdrawn entry: %v", err)
		}
		f.at = time.Date(2026, 11, 24, 16, 0, 0, 0, furusato.JST)
		if n, err := f.iv.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("reminders for a withdrawn entry: %d %v", n, err)
		}
		if n := notices(t, db, f.participant)[furusato.NoticeInterviewReminder]; n != 0 {
			t.Fatalf("participant reminded %d times", n)
		}
	})
}

// TestInterviewsForEntries_OnlyWhatTheActorMaySee: the list-page call gives
// each host the interviews with their notes, the participant the same
// without the notes, and anyone else nothing at all.
func TestInterviewsForEntries_OnlyWhatTheActorMaySee(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newInterviewFixture(t, db)
	if _, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00")); err != nil {
		t.Fatal(err)
	}
	es := []*furusato.Entry{f.entry}
	for name, c := range map[string]struct {
		a     *furusato.Actor
		n     int
		notes string
	}{
		"the coordinator":              {f.gifu, 1, "志望度が高い"},
		"the company's staff":          {f.staff, 1, "志望度が高い"},
		"the participant":              {f.participant, 1, ""},
		"another participant":          {f.stranger, 0, ""},
		"another region's coordinator": {f.hokkaido, 0, ""},
		"another company's staff":      {f.otherStaff, 0, ""},
	} {
		by, err := f.iv.ForEntries(ctx, c.a, es)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := by[f.entry.ID]; len(got) != c.n || (c.n == 1 && (got[0].Notes != c.notes || len(got[0].Slots) != 1)) {
			t.Errorf("%s: %+v", name, got)
		}
	}
}
