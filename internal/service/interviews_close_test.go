package service_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// closeFixture is the entry fixture with Interviews over the same clock.
type closeFixture struct {
	*entryFixture
	iv *service.Interviews
}

func newCloseFixture(t *testing.T, db *store.DB, places int) *closeFixture {
	t.Helper()
	f := &closeFixture{entryFixture: newEntryFixture(t, db, places)}
	f.iv = f.services.Interviews
	return f
}

// interviewing submits an entry of a and moves it to stage interview, then
// proposes two interviews on it, of which a picks the first: it returns
// the entry, the confirmed interview (11-26 14:00 JST) and the proposed one.
func (f *closeFixture) interviewing(t *testing.T, a *furusato.Actor) (*furusato.Entry, *furusato.Interview, *furusato.Interview) {
	t.Helper()
	ctx := context.Background()
	e := f.submit(t, a, f.project)
	f.move(t, e, furusato.StageInterview)
	confirmed, err := f.iv.Propose(ctx, f.staff, e.ID, proposal("2026-11-26 14:00"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.iv.Pick(ctx, a, confirmed.ID, confirmed.Slots[0].ID); err != nil {
		t.Fatal(err)
	}
	// The next round, once the first is answered: one open proposal per entry.
	proposed, err := f.iv.Propose(ctx, f.staff, e.ID, proposal("2026-11-27 10:00", "2026-11-27 15:00"))
	if err != nil {
		t.Fatal(err)
	}
	return e, confirmed, proposed
}

// statuses returns the statuses of interviews ivs, as stored.
func (f *closeFixture) statuses(t *testing.T, ivs ...*furusato.Interview) string {
	t.Helper()
	var out []string
	for _, iv := range ivs {
		got, err := f.db.FindInterview(context.Background(), iv.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(got.Status))
	}
	return strings.Join(out, " ")
}

// cancelled counts the NoticeInterviewCancelled of each actor.
func cancelled(t *testing.T, db *store.DB, as ...*furusato.Actor) string {
	t.Helper()
	var out []string
	for _, a := range as {
		out = append(out, fmt.Sprint(notices(t, db, a)[furusato.NoticeInterviewCancelled]))
	}
	return strings.Join(out, " ")
}

// cancelMails counts the mails to address that carry the CANCEL calendar of iv.
func cancelMails(t *testing.T, db *store.DB, address string, iv *furusato.Interview) int {
	t.Helper()
	mails, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range mails {
		if m.To == address && strings.Contains(m.Calendar, "METHOD:CANCEL\r\n") &&
			strings.Contains(m.Calendar, fmt.Sprintf("UID:interview-%d@", iv.ID)) {
			n++
		}
	}
	return n
}

// check checks what an entry's leaving did to its confirmed and proposed
// interviews: their statuses ("cancelled cancelled"), the cancel notices
// of the participant, the staff, the coordinator and also ("1 2 2"), and
// how many CANCEL calendars the participant got for the confirmed one
// (never any for the proposed one).
func (f *closeFixture) check(t *testing.T, confirmed, proposed *furusato.Interview, statuses, notices string, calendars int, also ...*furusato.Actor) {
	t.Helper()
	if got := f.statuses(t, confirmed, proposed); got != statuses {
		t.Fatalf("interviews: %s, want %s", got, statuses)
	}
	if got := cancelled(t, f.db, append([]*furusato.Actor{f.participant, f.staff, f.gifu}, also...)...); got != notices {
		t.Errorf("cancel notices (participant, staff, coordinator, …) = %s, want %s", got, notices)
	}
	if n := cancelMails(t, f.db, f.participant.User.Email, confirmed); n != calendars {
		t.Errorf("participant got %d CANCEL calendars, want %d", n, calendars)
	}
	if n := cancelMails(t, f.db, f.participant.User.Email, proposed); n != 0 {
		t.Errorf("a CANCEL calendar for a proposed interview: %d", n)
	}
}

// noReminders moves the clock to a day before the confirmed interview and
// checks that no reminder goes.
func (f *closeFixture) noReminders(t *testing.T) {
	t.Helper()
	f.at = time.Date(2026, 11, 25, 15, 0, 0, 0, furusato.JST)
	if n, err := f.iv.SendReminders(context.Background()); err != nil || n != 0 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	for _, a := range []*furusato.Actor{f.participant, f.staff, f.gifu} {
		if n := notices(t, f.db, a)[furusato.NoticeInterviewReminder]; n != 0 {
			t.Errorf("%s got %d reminders", a.User.Email, n)
		}
	}
}

func TestInterviewsFollowEntry_WithdrawCancelsOpenInterviews(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCloseFixture(t, db, 2)
		e, confirmed, proposed := f.interviewing(t, f.participant)
		if err := f.entries.Withdraw(ctx, f.participant, e.ID, "都合がつかなくなりました"); err != nil {
			t.Fatal(err)
		}
		// The participant made the move: told only of the confirmed one (its calendar must go).
		f.check(t, confirmed, proposed, "cancelled cancelled", "1 2 2", 1)
		if err := f.iv.Pick(ctx, f.participant, proposed.ID, proposed.Slots[0].ID); code(err) != furusato.ECONFLICT {
			t.Errorf("pick after withdraw: %v", err)
		}
		f.noReminders(t)
	})
}

func TestInterviewsFollowEntry_DeclineCancelsOpenInterviews(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCloseFixture(t, db, 2)
		e, confirmed, proposed := f.interviewing(t, f.participant)
		if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageScreening, "", ""); err != nil {
			t.Fatal(err)
		}
		if got := f.statuses(t, confirmed, proposed); got != "confirmed proposed" {
			t.Fatalf("a move between active stages changed the interviews: %s", got)
		}
		if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageDeclined, "今回は見送ります", ""); err != nil {
			t.Fatal(err)
		}
		// The coordinator made the move: told only of the confirmed one.
		f.check(t, confirmed, proposed, "cancelled cancelled", "2 2 1", 1)
		ns, _, err := db.FindNotifications(ctx, f.participant.User.ID, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Kind == furusato.NoticeInterviewCancelled && n.Params["reason"] != "今回は見送ります" {
				t.Errorf("cancel notice params = %v", n.Params)
			}
		}
		f.noReminders(t)
	})
}

func TestInterviewsFollowEntry_FilledPlacesCancelTheDeclinedEntrysInterviews(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCloseFixture(t, db, 1)
		e, confirmed, proposed := f.interviewing(t, f.participant)
		other := f.newParticipant(t, "先に決まる人")
		oe := f.submit(t, other, f.project)
		f.move(t, oe, furusato.StageOffered)
		if err := f.entries.Accept(ctx, other, oe.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.stage(t, e.ID); got != furusato.StageDeclined {
			t.Fatalf("entry after the last place: %s", got)
		}
		// Declined by the system: everyone is told, the matched person not.
		f.check(t, confirmed, proposed, "cancelled cancelled", "2 2 2 0", 1, other)
		f.noReminders(t)
	})
}

func TestInterviewsFollowEntry_MatchCancelsOnlyProposedInterviews(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCloseFixture(t, db, 2)
		e, confirmed, proposed := f.interviewing(t, f.participant)
		f.move(t, e, furusato.StageOffered)
		if got := f.statuses(t, confirmed, proposed); got != "confirmed proposed" {
			t.Fatalf("an offer changed the interviews: %s", got)
		}
		if err := f.entries.Accept(ctx, f.participant, e.ID); err != nil {
			t.Fatal(err)
		}
		// The participant accepted: the hosts are told of the proposed one, no calendar goes.
		f.check(t, confirmed, proposed, "confirmed cancelled", "0 1 1", 0)
	})
}

func TestInterviewsFollowEntry_ProposalRacingAWithdrawIsNotLeftOpen(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCloseFixture(t, db, 10)
		for i := range 4 {
			a := f.newParticipant(t, fmt.Sprintf("競う人%d", i))
			e := f.submit(t, a, f.project)
			f.move(t, e, furusato.StageInterview)
			var wg sync.WaitGroup
			var perr, werr error
			wg.Go(func() { _, perr = f.iv.Propose(ctx, f.staff, e.ID, proposal("2026-11-26 14:00")) })
			wg.Go(func() { werr = f.entries.Withdraw(ctx, a, e.ID, "") })
			wg.Wait()
			if werr != nil || (perr != nil && code(perr) != furusato.ECONFLICT) {
				t.Fatalf("propose %v, withdraw %v", perr, werr)
			}
			ivs, err := db.FindInterviews(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, iv := range ivs {
				if iv.Status != furusato.InterviewCancelled {
					t.Fatalf("round %d: interview %d is %s on a withdrawn entry", i, iv.ID, iv.Status)
				}
			}
		}
	})
}
