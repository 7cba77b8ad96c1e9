package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// interviewEntry makes a participant and an entry of theirs on the
// watercress project of the fixture.
func interviewEntry(t *testing.T, db *store.DB, f *fixture) *furusato.Entry {
	t.Helper()
	ctx := context.Background()
	p := f.bySlug["watercress"]
	e := &furusato.Entry{ProjectID: p.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "飛騨が好きです。", Contribution: "広報", HoursPerWeek: 10}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		u := &furusato.User{Email: "iv@example.jp", DisplayName: "面談 花子"}
		if err := tx.CreateUser(ctx, u, "x", now); err != nil {
			return err
		}
		e.UserID = u.ID
		return tx.CreateEntry(ctx, e, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestInterviews_CreateFindPickRemind(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		e := interviewEntry(t, db, f)

		got, err := db.FindInterviewEntry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := furusato.EntryScope{EntryID: e.ID, ProjectID: e.ProjectID, UserID: e.UserID, CompanyID: e.CompanyID, OrganizationID: e.OrganizationID}
		if got.Scope != want || got.Stage != furusato.StageSubmitted || got.ProjectTitle != f.bySlug["watercress"].Title || got.Participant != "面談 花子" {
			t.Fatalf("FindInterviewEntry = %+v", got)
		}
		if _, err := db.FindInterviewEntry(ctx, e.ID+1000); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Fatalf("missing entry: %v", err)
		}

		start := now.Add(48 * time.Hour)
		iv := &furusato.Interview{EntryID: e.ID, Online: true, Location: "https://meet.example.jp/a", Notes: "内部メモ",
			Slots: []furusato.InterviewSlot{{Start: start.Add(time.Hour), Duration: 30 * time.Minute}, {Start: start, Duration: time.Hour}}}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateInterview(ctx, iv, now) }); err != nil {
			t.Fatal(err)
		}
		read, err := db.FindInterview(ctx, iv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if read.Status != furusato.InterviewProposed || !read.Online || read.Notes != "内部メモ" || len(read.Slots) != 2 ||
			!read.Slots[0].Start.Equal(start) || read.Slots[0].Duration != time.Hour || read.Sequence != 0 {
			t.Fatalf("FindInterview = %+v", read)
		}
		list, err := db.FindInterviews(ctx, e.ID)
		if err != nil || len(list) != 1 || list[0].ID != iv.ID || len(list[0].Slots) != 2 {
			t.Fatalf("FindInterviews = %v, %v", list, err)
		}

		// Picking a slot of another interview, then two picks: only the first confirms.
		pick := func(slot int64) bool {
			var ok bool
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) { ok, err = tx.PickInterviewSlot(ctx, iv.ID, slot, now); return }); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if pick(read.Slots[0].ID + 100) {
			t.Fatal("picked a slot that is not the interview's")
		}
		if !pick(read.Slots[0].ID) || pick(read.Slots[1].ID) {
			t.Fatal("want exactly one pick to confirm")
		}
		read, _ = db.FindInterview(ctx, iv.ID)
		if c, ok := read.Chosen(); read.Status != furusato.InterviewConfirmed || !ok || !c.Start.Equal(start) || read.Sequence != 1 {
			t.Fatalf("after pick: %+v", read)
		}

		// Reminders: due only within the window, marked once.
		due, err := db.DueInterviewReminders(ctx, now, now.Add(24*time.Hour))
		if err != nil || len(due) != 0 {
			t.Fatalf("due too early: %v %v", due, err)
		}
		later := now.Add(30 * time.Hour)
		due, err = db.DueInterviewReminders(ctx, later, later.Add(24*time.Hour))
		if err != nil || len(due) != 1 || due[0] != iv.ID {
			t.Fatalf("due = %v %v", due, err)
		}
		mark := func() bool {
			var ok bool
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) { ok, err = tx.MarkInterviewReminded(ctx, iv.ID, later); return }); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !mark() || mark() {
			t.Fatal("want the reminder marked exactly once")
		}
		if due, _ = db.DueInterviewReminders(ctx, later, later.Add(24*time.Hour)); len(due) != 0 {
			t.Fatalf("still due after marking: %v", due)
		}

		// Reschedule: back to proposed with new slots, reminder reset.
		iv.Slots = []furusato.InterviewSlot{{Start: start.Add(24 * time.Hour), Duration: 45 * time.Minute}}
		iv.Online, iv.Location, iv.Notes = false, "飛騨市役所 2階", ""
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.RescheduleInterview(ctx, iv, later) }); err != nil {
			t.Fatal(err)
		}
		read, _ = db.FindInterview(ctx, iv.ID)
		if read.Status != furusato.InterviewProposed || read.ChosenID != 0 || read.Online || read.Location != "飛騨市役所 2階" ||
			len(read.Slots) != 1 || read.Slots[0].Duration != 45*time.Minute || read.Sequence != 2 || iv.Sequence != 2 {
			t.Fatalf("after reschedule: %+v", read)
		}
		if !pick(read.Slots[0].ID) {
			t.Fatal("pick after reschedule")
		}
		l2 := later.Add(24 * time.Hour)
		if due, _ = db.DueInterviewReminders(ctx, l2, l2.Add(24*time.Hour)); len(due) != 1 {
			t.Fatalf("rescheduled interview not due again: %v", due)
		}

		// Cancel once; a cancelled interview can be neither rescheduled nor picked.
		cancel := func() bool {
			var ok bool
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) {
				ok, err = tx.CancelInterview(ctx, iv.ID, "日程が合わなくなりました", later)
				return
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !cancel() || cancel() {
			t.Fatal("want exactly one cancel")
		}
		// The reason is written by the same conditional update as the status.
		if read, err := db.FindInterview(ctx, iv.ID); err != nil || read.CancelReason != "日程が合わなくなりました" {
			t.Fatalf("cancel reason %q (%v)", read.CancelReason, err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.RescheduleInterview(ctx, iv, later) })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("reschedule cancelled: %v", err)
		}
		if due, _ = db.DueInterviewReminders(ctx, l2, l2.Add(24*time.Hour)); len(due) != 0 {
			t.Fatalf("cancelled interview due: %v", due)
		}
	})
}

func TestInterviews_CancelEntryInterviewsAndHoldEntry(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		e := interviewEntry(t, db, f)
		start := now.Add(48 * time.Hour)
		ivs := make([]*furusato.Interview, 3)
		// 0 confirmed, 1 proposed, 2 cancelled already; made in an order
		// that keeps one open proposal per entry.
		for _, i := range []int{0, 2, 1} {
			iv := &furusato.Interview{EntryID: e.ID, Location: "清流会館",
				Slots: []furusato.InterviewSlot{{Start: start.Add(time.Duration(i) * time.Hour), Duration: time.Hour}}}
			ivs[i] = iv
			if err := db.Tx(ctx, func(tx *store.Tx) error {
				if err := tx.CreateInterview(ctx, iv, now); err != nil {
					return err
				}
				switch i {
				case 0:
					if ok, err := tx.PickInterviewSlot(ctx, iv.ID, iv.Slots[0].ID, now); err != nil || !ok {
						return fmt.Errorf("pick: %v %v", ok, err)
					}
				case 2:
					_, err := tx.CancelInterview(ctx, iv.ID, "", now)
					return err
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		cancel := func(alsoConfirmed bool) []*furusato.Interview {
			t.Helper()
			var got []*furusato.Interview
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) {
				got, err = tx.CancelEntryInterviews(ctx, e.ID, alsoConfirmed, "参画が決まりました", now.Add(time.Minute))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return got
		}
		// Proposed only (a match): the confirmed one stays.
		got := cancel(false)
		if len(got) != 1 || got[0].ID != ivs[1].ID || got[0].Status != furusato.InterviewCancelled || got[0].Sequence != 1 || len(got[0].Slots) != 1 ||
			got[0].CancelReason != "参画が決まりました" {
			t.Fatalf("proposed only: %+v", got)
		}
		got = cancel(true)
		if _, chosen := got[0].Chosen(); len(got) != 1 || got[0].ID != ivs[0].ID || got[0].Status != furusato.InterviewCancelled || !chosen || got[0].Sequence != 2 {
			t.Fatalf("with confirmed: %+v", got)
		}
		if got := cancel(true); len(got) != 0 {
			t.Fatalf("again: %+v", got)
		}

		hold := func(stage furusato.Stage) bool {
			t.Helper()
			var ok bool
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) { ok, err = tx.HoldInterviewEntry(ctx, e.ID, stage); return }); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !hold(furusato.StageSubmitted) || hold(furusato.StageInterview) {
			t.Fatal("HoldInterviewEntry does not report the entry's stage")
		}
	})
}

// TestInterviews_ForEntriesInOneGo: the interviews of several entries come
// back by entry, each with its own slots in time order; an entry without
// interviews and an unknown id are simply absent.
func TestInterviews_ForEntriesInOneGo(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		e := interviewEntry(t, db, f)
		p := f.bySlug["watercress"]
		other := &furusato.Entry{ProjectID: p.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
			Motivation: "別の人です", Contribution: "写真", HoursPerWeek: 5}
		bare := &furusato.Entry{ProjectID: p.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
			Motivation: "面談なし", Contribution: "文章", HoursPerWeek: 5}
		start := now.Add(72 * time.Hour)
		ivs := []*furusato.Interview{
			{EntryID: e.ID, Location: "郡上", Slots: []furusato.InterviewSlot{{Start: start.Add(time.Hour), Duration: time.Hour}, {Start: start, Duration: time.Hour}}},
			{EntryID: e.ID, Location: "岐阜", Slots: []furusato.InterviewSlot{{Start: start.Add(48 * time.Hour), Duration: 30 * time.Minute}}},
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i, en := range []*furusato.Entry{other, bare} {
				u := &furusato.User{Email: fmt.Sprintf("iv%d@example.jp", i+2), DisplayName: "面談 次郎"}
				if err := tx.CreateUser(ctx, u, "x", now); err != nil {
					return err
				}
				en.UserID = u.ID
				if err := tx.CreateEntry(ctx, en, now); err != nil {
					return err
				}
			}
			ivs = append(ivs, &furusato.Interview{EntryID: other.ID, Online: true, Location: "https://meet.example.jp/b",
				Slots: []furusato.InterviewSlot{{Start: start, Duration: 45 * time.Minute}}})
			for i, iv := range ivs {
				if err := tx.CreateInterview(ctx, iv, now); err != nil {
					return err
				}
				if i == 0 { // confirmed before the next round is proposed: one open proposal per entry
					if _, err := tx.PickInterviewSlot(ctx, iv.ID, iv.Slots[0].ID, now); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		by, err := db.FindInterviewsForEntries(ctx, []int64{e.ID, other.ID, bare.ID, bare.ID + 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(by) != 2 || len(by[e.ID]) != 2 || len(by[other.ID]) != 1 || by[bare.ID] != nil {
			t.Fatalf("by entry = %v", by)
		}
		first := by[e.ID][0]
		if first.ID != ivs[0].ID || len(first.Slots) != 2 || !first.Slots[0].Start.Equal(start) || first.Slots[1].Duration != time.Hour {
			t.Errorf("first interview = %+v", first)
		}
		if s := by[other.ID][0].Slots; len(s) != 1 || s[0].Duration != 45*time.Minute || by[other.ID][0].Location != "https://meet.example.jp/b" {
			t.Errorf("other entry's interview slots = %+v", s)
		}
		if one, err := db.FindInterviews(ctx, e.ID); err != nil || len(one) != 2 || one[1].ID != ivs[1].ID || len(one[1].Slots) != 1 {
			t.Errorf("FindInterviews = %+v, %v", one, err)
		}
		if none, err := db.FindInterviewsForEntries(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids = %v, %v", none, err)
		}
	})
}

// A confirmed interview is not reminded of once its entry has left the
// workflow (declined, withdrawn) or its project was cancelled, even if
// nothing cancelled the interview itself.
func TestInterviews_NoReminderForAClosedEntryOrCancelledProject(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		e := interviewEntry(t, db, f)
		start := now.Add(30 * time.Hour)
		iv := &furusato.Interview{EntryID: e.ID, Location: "清流会館", Slots: []furusato.InterviewSlot{{Start: start, Duration: time.Hour}}}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateInterview(ctx, iv, now); err != nil {
				return err
			}
			_, err := tx.PickInterviewSlot(ctx, iv.ID, iv.Slots[0].ID, now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		due := func() []int64 {
			t.Helper()
			ids, err := db.DueInterviewReminders(ctx, now, now.Add(48*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := due(); len(got) != 1 || got[0] != iv.ID {
			t.Fatalf("due = %v, want the interview", got)
		}
		move := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.Tx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		p := f.bySlug["watercress"]
		move(func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, p.ID, furusato.StatusPublished, furusato.StatusCancelled, now)
		})
		if got := due(); len(got) != 0 {
			t.Errorf("due on a cancelled project: %v", got)
		}
		// Back for the next case (no path does this; the store allows it).
		move(func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, fmt.Sprintf(`UPDATE projects SET status = 'published' WHERE id = %d`, p.ID))
		})
		if got := due(); len(got) != 1 {
			t.Fatalf("due after restoring: %v", got)
		}
		move(func(tx *store.Tx) error {
			return tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageDeclined, now)
		})
		if got := due(); len(got) != 0 {
			t.Errorf("due for a declined entry: %v", got)
		}
	})
}
