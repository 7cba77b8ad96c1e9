package service_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// entryFixture is the manage fixture with Entries over the same clock and a
// fresh published project of the watercress company (Gifu) with places.
type entryFixture struct {
	*manageFixture
	entries *service.Entries
	project *furusato.Project
}

func newEntryFixture(t *testing.T, db *store.DB, places int) *entryFixture {
	t.Helper()
	ctx := context.Background()
	f := &entryFixture{manageFixture: newManageFixture(t, db)}
	f.entries = f.services.Entries
	f.project = f.publish(t, "エントリーを受け付ける案件", places)
	_ = ctx
	return f
}

// publish creates and publishes a project of the watercress company.
func (f *entryFixture) publish(t *testing.T, title string, places int) *furusato.Project {
	t.Helper()
	ctx := context.Background()
	in := input(title)
	in.Places = new(places)
	p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", in)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusPublished, ""); err != nil {
		t.Fatal(err)
	}
	return p
}

var participantSeq atomic.Int64 // tests run in parallel

// newParticipant creates a person with no role and returns their actor.
func (f *entryFixture) newParticipant(t *testing.T, name string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := newUsers(f.db).CreateUser(ctx, fmt.Sprintf("entrant%d@example.jp", participantSeq.Add(1)), name, "kuresonn-no-sato-2026", false)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func entryInput(motivation string) furusato.Entry {
	return furusato.Entry{Motivation: motivation, Contribution: "広報の経験を活かします", HoursPerWeek: 10}
}

func (f *entryFixture) submit(t *testing.T, a *furusato.Actor, p *furusato.Project) *furusato.Entry {
	t.Helper()
	e, err := f.entries.Submit(context.Background(), a, p.ID, entryInput("クレソンが好きです"))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *entryFixture) move(t *testing.T, e *furusato.Entry, stages ...furusato.Stage) {
	t.Helper()
	for _, s := range stages {
		if err := f.entries.Move(context.Background(), f.gifu, e.ID, s, "", ""); err != nil {
			t.Fatalf("move to %s: %v", s, err)
		}
	}
}

func (f *entryFixture) stage(t *testing.T, id int64) furusato.Stage {
	t.Helper()
	d, err := f.entries.Get(context.Background(), f.admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Entry.Stage
}

func TestEntriesSubmit_NormalisesRecordsAndRefuses(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "山田 花子")
		in := furusato.Entry{Motivation: "  ＡＢＣの経験があります\r\n ", Contribution: " 広報 ", HoursPerWeek: 12, Questions: "　"}
		e, err := f.entries.Submit(ctx, me, f.project.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Motivation != "ＡＢＣの経験があります" || e.Contribution != "広報" || e.Questions != "" || e.Stage != furusato.StageSubmitted ||
			e.CompanyID != f.project.CompanyID || e.OrganizationID != f.project.OrganizationID {
			t.Errorf("entry = %+v", e)
		}
		if _, err := f.entries.Submit(ctx, me, f.project.ID, entryInput("もう一度")); code(err) != furusato.ECONFLICT {
			t.Errorf("second active entry: %v", err)
		}
		_, err = f.entries.Submit(ctx, f.newParticipant(t, "空欄"), f.project.ID, furusato.Entry{HoursPerWeek: 0})
		if fs := furusato.ErrorFields(err); code(err) != furusato.EINVALID || fs["motivation"] == "" || fs["hours_per_week"] == "" {
			t.Errorf("empty entry: %v %v", err, fs)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"the company's staff":      {f.staff, furusato.EFORBIDDEN},
			"the region's coordinator": {f.gifu, furusato.EFORBIDDEN},
			"a visitor":                {furusato.Visitor, furusato.EUNAUTHORIZED},
		} {
			if _, err := f.entries.Submit(ctx, c.a, f.project.ID, entryInput("x")); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
		}
		draft, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("下書きの案件"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.entries.Submit(ctx, me, draft.ID, entryInput("x")); code(err) != furusato.ENOTFOUND {
			t.Errorf("draft project: %v", err)
		}
		st, err := f.entries.Start(ctx, me, f.project.Slug)
		if err != nil || st.Active == nil || st.Active.ID != e.ID || st.Closed != furusato.ClosedNot || st.Profile == nil {
			t.Errorf("start = %+v, %v", st, err)
		}
		d, err := f.entries.Get(ctx, me, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Host || d.Notes != nil || len(d.Events) != 1 || d.Events[0].To != furusato.StageSubmitted || d.Events[0].ActorID != me.User.ID ||
			fmt.Sprint(d.Moves) != "[withdrawn]" || d.Entry.Project.ID != f.project.ID || d.Entry.Participant.Email != "" {
			t.Errorf("participant's view = %+v", d)
		}
		mine, err := f.entries.Mine(ctx, me)
		if err != nil || len(mine) != 1 || mine[0].Project.Slug != f.project.Slug {
			t.Errorf("mine = %v, %v", mine, err)
		}
	})
}

func TestEntrySubmit_ClosedProjectIsRefused(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "遅れた人")
		// The deadline is 2026-12-20 (JST): its last minute is open, the next day is not.
		f.at = time.Date(2026, 12, 20, 23, 59, 0, 0, furusato.JST)
		if st, err := f.entries.Start(ctx, me, fmt.Sprint(f.project.ID)); err != nil || st.Closed != furusato.ClosedNot {
			t.Errorf("last minute: %+v, %v", st, err)
		}
		f.at = time.Date(2026, 12, 21, 0, 0, 0, 0, furusato.JST)
		if _, err := f.entries.Submit(ctx, me, f.project.ID, entryInput("x")); code(err) != furusato.ECONFLICT {
			t.Errorf("after the deadline: %v", err)
		}
		if st, err := f.entries.Start(ctx, me, f.project.Slug); err != nil || st.Closed != furusato.ClosedDeadline {
			t.Errorf("start after the deadline: %+v, %v", st, err)
		}
		f.at = now
		if _, err := f.svc.Move(ctx, f.gifu, f.project.ID, furusato.StatusClosed, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.entries.Submit(ctx, me, f.project.ID, entryInput("x")); code(err) != furusato.ECONFLICT {
			t.Errorf("closed by hand: %v", err)
		}
		if st, err := f.entries.Start(ctx, me, f.project.Slug); err != nil || st.Closed != furusato.ClosedByHand {
			t.Errorf("start when closed: %+v, %v", st, err)
		}
	})
}

func TestEntriesGet_OnlyTheParticipantAndHostsSeeIt(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "本人")
		e := f.submit(t, me, f.project)
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"another participant":          {f.participant, furusato.ENOTFOUND},
			"a removed member":             {f.removed, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.EUNAUTHORIZED},
		} {
			if _, err := f.entries.Get(ctx, c.a, e.ID); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
			if err := f.entries.Withdraw(ctx, c.a, e.ID, ""); code(err) != c.want {
				t.Errorf("%s withdrawing: %v, want %s", name, err, c.want)
			}
			if err := f.entries.Move(ctx, c.a, e.ID, furusato.StageScreening, "", ""); code(err) != c.want {
				t.Errorf("%s moving: %v, want %s", name, err, c.want)
			}
		}
		if _, err := f.entries.Get(ctx, f.gifu, 987654); code(err) != furusato.ENOTFOUND {
			t.Errorf("missing entry: %v", err)
		}
		for name, a := range map[string]*furusato.Actor{"coordinator": f.gifu, "staff": f.staff, "admin": f.admin} {
			d, err := f.entries.Get(ctx, a, e.ID)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !d.Host || d.Notes == nil || d.Entry.Participant.Email == "" || d.Entry.Profile == nil ||
				fmt.Sprint(d.Moves) != "[screening interview offered declined]" {
				t.Errorf("%s's view = %+v", name, d)
			}
		}
	})
}

func TestEntriesMove_HostsMoveAndTheParticipantCannot(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "本人")
		e := f.submit(t, me, f.project)
		if err := f.entries.Move(ctx, me, e.ID, furusato.StageOffered, "", ""); code(err) != furusato.ENOTFOUND {
			t.Errorf("participant moving: %v", err)
		}
		if err := f.entries.Accept(ctx, f.gifu, e.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("coordinator accepting: %v", err)
		}
		if err := f.entries.Withdraw(ctx, f.staff, e.ID, ""); code(err) != furusato.ENOTFOUND {
			t.Errorf("staff withdrawing: %v", err)
		}
		err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageMatched, strings.Repeat("長", furusato.MaxReason+1), "")
		if fs := furusato.ErrorFields(err); code(err) != furusato.EINVALID || fs["stage"] != "entry.error.stage" || fs["reason"] != "entry.error.reason_long" {
			t.Errorf("matching by hand: %v %v", err, fs)
		}
		if err := f.entries.Accept(ctx, me, e.ID); code(err) != furusato.ECONFLICT {
			t.Errorf("accepting without an offer: %v", err)
		}
		if err := f.entries.Move(ctx, f.staff, e.ID, furusato.StageInterview, "面談をお願いします", "面談の日程をご相談させてください。"); err != nil {
			t.Fatal(err)
		}
		d, err := f.entries.Get(ctx, me, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := d.Events[len(d.Events)-1]
		if d.Entry.Stage != furusato.StageInterview || last.From != furusato.StageSubmitted || last.To != furusato.StageInterview ||
			last.Reason != "面談をお願いします" || last.ActorID != f.staff.User.ID || last.ActorName == "" {
			t.Errorf("after move: %+v %+v", d.Entry, last)
		}
		msgs, err := db.FindMessages(ctx, e.ID)
		if err != nil || len(msgs) != 1 || msgs[0].Body != "面談の日程をご相談させてください。" || msgs[0].AuthorID != f.staff.User.ID {
			t.Errorf("stage message = %v, %v", msgs, err)
		}
		if kinds := noticeKinds(t, db, me); kinds != "[entry.stage entry.received]" {
			t.Errorf("participant's notices = %s", kinds)
		}
		if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageInterview, "", ""); code(err) != furusato.ECONFLICT {
			t.Errorf("move to the same stage: %v", err)
		}
		f.move(t, e, furusato.StageDeclined)
		if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageScreening, "", ""); code(err) != furusato.ECONFLICT {
			t.Errorf("move after decline: %v", err)
		}
		if d, _ := f.entries.Get(ctx, f.gifu, e.ID); len(d.Moves) != 0 {
			t.Errorf("moves of a declined entry: %v", d.Moves)
		}
	})
}

func TestEntriesWithdraw_OwnActiveEntryOnce(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "本人")
		e := f.submit(t, me, f.project)
		if err := f.entries.Withdraw(ctx, me, e.ID, strings.Repeat("長", furusato.MaxReason+1)); code(err) != furusato.EINVALID {
			t.Errorf("long reason: %v", err)
		}
		if err := f.entries.Withdraw(ctx, me, e.ID, " 都合がつかなくなりました "); err != nil {
			t.Fatal(err)
		}
		d, _ := f.entries.Get(ctx, me, e.ID)
		if last := d.Events[len(d.Events)-1]; d.Entry.Stage != furusato.StageWithdrawn || last.Reason != "都合がつかなくなりました" || len(d.Moves) != 0 {
			t.Errorf("withdrawn: %+v %+v", d.Entry, last)
		}
		if err := f.entries.Withdraw(ctx, me, e.ID, ""); err != nil { // a repeat is done
			t.Errorf("twice: %v", err)
		}
		// A new entry may follow a withdrawn one.
		f.submit(t, me, f.project)
	})
}

func TestEntriesAddNote_PrivateToHosts(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "本人")
		e := f.submit(t, me, f.project)
		if err := f.entries.AddNote(ctx, me, e.ID, "自分でメモ"); code(err) != furusato.ENOTFOUND {
			t.Errorf("participant's note: %v", err)
		}
		if err := f.entries.AddNote(ctx, f.hokkaido, e.ID, "他地域"); code(err) != furusato.ENOTFOUND {
			t.Errorf("other region's note: %v", err)
		}
		if err := f.entries.AddNote(ctx, f.gifu, e.ID, "　"); furusato.ErrorFields(err)["body"] != "entry.error.note_required" {
			t.Errorf("empty note: %v", err)
		}
		if err := f.entries.AddNote(ctx, f.gifu, e.ID, strings.Repeat("長", furusato.MaxNote+1)); furusato.ErrorFields(err)["body"] != "entry.error.note_long" {
			t.Errorf("long note: %v", err)
		}
		if err := f.entries.AddNote(ctx, f.staff, e.ID, "経験が豊富です"); err != nil {
			t.Fatal(err)
		}
		d, _ := f.entries.Get(ctx, f.gifu, e.ID)
		if len(d.Notes) != 1 || d.Notes[0].Body != "経験が豊富です" || d.Notes[0].AuthorID != f.staff.User.ID {
			t.Errorf("notes = %+v", d.Notes)
		}
		if d, _ := f.entries.Get(ctx, me, e.ID); d.Notes != nil {
			t.Errorf("participant sees notes: %+v", d.Notes)
		}
	})
}

// noticeKinds lists the kinds of a's notices, newest first.
func noticeKinds(t *testing.T, db *store.DB, a *furusato.Actor) string {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range ns {
		kinds = append(kinds, string(n.Kind))
	}
	return fmt.Sprint(kinds)
}
