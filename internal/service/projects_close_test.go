package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// endFixture is a project with one entry at each point of the workflow:
// the demo participant interviewing (a confirmed and a proposed
// interview), a newcomer just submitted, and a matched person who kept a
// confirmed interview.
type endFixture struct {
	*closeFixture
	active, submitted, matched *furusato.Entry
	confirmed, proposed, kept  *furusato.Interview
	newcomer, member           *furusato.Actor
}

func newEndFixture(t *testing.T, db *store.DB) *endFixture {
	t.Helper()
	ctx := context.Background()
	f := &endFixture{closeFixture: newCloseFixture(t, db, 3)}
	f.member = f.newParticipant(t, "参画する人")
	f.matched, f.kept, _ = f.interviewing(t, f.member)
	f.move(t, f.matched, furusato.StageOffered)
	if err := f.entries.Accept(ctx, f.member, f.matched.ID); err != nil {
		t.Fatal(err)
	}
	f.active, f.confirmed, f.proposed = f.interviewing(t, f.participant)
	f.newcomer = f.newParticipant(t, "応募したばかりの人")
	f.submitted = f.submit(t, f.newcomer, f.project)
	return f
}

// entryEvents returns the reasons of the system's events on entry id.
func (f *endFixture) systemReasons(t *testing.T, id int64) []string {
	t.Helper()
	evs, err := f.db.FindEntryEvents(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		if ev.ActorID == 0 && ev.From != "" {
			out = append(out, ev.Reason)
		}
	}
	return out
}

// closedNotices returns the reason and stage params of a's NoticeEntriesClosed.
func closedNotices(t *testing.T, db *store.DB, a *furusato.Actor) []string {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		if n.Kind == furusato.NoticeEntriesClosed {
			out = append(out, n.Params["reason"]+"/"+n.Params["stage"])
		}
	}
	return out
}

// mailTo returns the text of the mails to address whose subject holds subject.
func mailTo(t *testing.T, db *store.DB, address, subject string) []string {
	t.Helper()
	mails, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range mails {
		if m.To == address && strings.Contains(m.Subject, subject) {
			out = append(out, m.Text)
		}
	}
	return out
}

// threadHas reports whether entry id's thread holds a message body by author.
func threadHas(t *testing.T, db *store.DB, id, author int64, body string) bool {
	t.Helper()
	ms, err := db.FindMessages(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.AuthorID == author && m.Body == body {
			return true
		}
	}
	return false
}

// TestProjectsCancel_ClosesEntriesAndInterviews: cancelling a published
// project declines its active entries as the system, cancels every open
// interview (the CANCEL calendar goes for the confirmed ones), stops the
// reminders, and tells each participant, in words, with the
// coordinator's reason in their thread and mail. The matched person stays
// matched but hears of it too, and loses the interview that is now moot.
// Hosts can no longer move the declined entries.
func TestProjectsCancel_ClosesEntriesAndInterviews(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEndFixture(t, db)
		const reason = "受け入れ先の事情により、今年度の実施を見送ります。"
		if _, err := f.svc.Move(ctx, f.gifu, f.project.ID, furusato.StatusCancelled, reason); err != nil {
			t.Fatal(err)
		}

		board, err := f.entries.Board(ctx, f.gifu, f.project.ID, service.BoardFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range furusato.ActiveStages {
			if board.Counts[s] != 0 {
				t.Errorf("%d entries still %s: %v", board.Counts[s], s, board.Counts)
			}
		}
		for _, c := range []struct {
			e    *furusato.Entry
			want furusato.Stage
		}{{f.active, furusato.StageDeclined}, {f.submitted, furusato.StageDeclined}, {f.matched, furusato.StageMatched}} {
			if got := f.stage(t, c.e.ID); got != c.want {
				t.Errorf("entry %d: %s, want %s", c.e.ID, got, c.want)
			}
		}
		for _, e := range []*furusato.Entry{f.active, f.submitted} {
			if got := f.systemReasons(t, e.ID); len(got) != 1 || got[0] != furusato.ReasonProjectCancelled {
				t.Errorf("entry %d: system reasons %v", e.ID, got)
			}
			// Hosts can no longer move it.
			if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageOffered, "", ""); code(err) != furusato.ECONFLICT {
				t.Errorf("moving entry %d of a cancelled project: %v, want ECONFLICT", e.ID, err)
			}
		}
		if got := f.statuses(t, f.confirmed, f.proposed, f.kept); got != "cancelled cancelled cancelled" {
			t.Errorf("interviews: %s", got)
		}
		if n := cancelMails(t, db, f.participant.User.Email, f.confirmed); n != 1 {
			t.Errorf("participant got %d CANCEL calendars, want 1", n)
		}
		f.noReminders(t)
		if due, err := db.DueInterviewReminders(ctx, now, now.Add(7*24*time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("reminders due: %v %v", due, err)
		}

		// Everyone is told, once, with the reason in words and the coordinator's words.
		for _, c := range []struct {
			a    *furusato.Actor
			e    *furusato.Entry
			want string
		}{{f.participant, f.active, "cancelled/declined"}, {f.newcomer, f.submitted, "cancelled/declined"}, {f.member, f.matched, "cancelled/matched"}} {
			if got := closedNotices(t, db, c.a); len(got) != 1 || got[0] != c.want {
				t.Errorf("%s: notices %v, want [%s]", c.a.User.DisplayName, got, c.want)
			}
			if !threadHas(t, db, c.e.ID, f.gifu.User.ID, reason) {
				t.Errorf("entry %d: the reason is not in the thread", c.e.ID)
			}
		}
		mails := mailTo(t, db, f.participant.User.Email, "プロジェクトが中止")
		if len(mails) != 1 || !strings.Contains(mails[0], "中止になりました") || !strings.Contains(mails[0], reason) ||
			strings.Contains(mails[0], "cancelled") {
			t.Errorf("participant's mail: %q", mails)
		}
		// The history has the one move, with its reason.
		h, err := db.FindProjectHistory(ctx, f.project.ID)
		if err != nil || h[0].Action != "cancelled" || h[0].Comment != reason {
			t.Errorf("history: %+v %v", h[0], err)
		}
	})
}

// TestProjectsComplete_ClosesEntriesKeepsMatched: completing a project
// declines the entries still under way (reason: completed) and cancels
// their interviews; the matched person keeps their entry and interview,
// and is not told anything.
func TestProjectsComplete_ClosesEntriesKeepsMatched(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEndFixture(t, db)
		for _, to := range []furusato.ProjectStatus{furusato.StatusClosed, furusato.StatusInProgress, furusato.StatusCompleted} {
			if _, err := f.svc.Move(ctx, f.gifu, f.project.ID, to, ""); err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
		}
		for _, c := range []struct {
			e    *furusato.Entry
			want furusato.Stage
		}{{f.active, furusato.StageDeclined}, {f.submitted, furusato.StageDeclined}, {f.matched, furusato.StageMatched}} {
			if got := f.stage(t, c.e.ID); got != c.want {
				t.Errorf("entry %d: %s, want %s", c.e.ID, got, c.want)
			}
		}
		for _, e := range []*furusato.Entry{f.active, f.submitted} {
			if got := f.systemReasons(t, e.ID); len(got) != 1 || got[0] != furusato.ReasonProjectCompleted {
				t.Errorf("entry %d: system reasons %v", e.ID, got)
			}
			if err := f.entries.Move(ctx, f.gifu, e.ID, furusato.StageScreening, "", ""); code(err) != furusato.ECONFLICT {
				t.Errorf("moving entry %d of a completed project: %v, want ECONFLICT", e.ID, err)
			}
		}
		if got := f.statuses(t, f.confirmed, f.proposed, f.kept); got != "cancelled cancelled confirmed" {
			t.Errorf("interviews: %s", got)
		}
		for _, c := range []struct {
			a    *furusato.Actor
			want string
		}{{f.participant, "completed/declined"}, {f.newcomer, "completed/declined"}, {f.member, ""}} {
			got := strings.Join(closedNotices(t, db, c.a), " ")
			if got != c.want {
				t.Errorf("%s: notices %q, want %q", c.a.User.DisplayName, got, c.want)
			}
		}
		mails := mailTo(t, db, f.participant.User.Email, "プロジェクトが完了")
		if len(mails) != 1 || strings.Contains(mails[0], "completed") {
			t.Errorf("participant's mail: %q", mails)
		}
		// Only the matched person's interview is still reminded of.
		f.at = now.Add(30 * time.Hour)
		if due, err := db.DueInterviewReminders(ctx, now, now.Add(7*24*time.Hour)); err != nil || len(due) != 1 || due[0] != f.kept.ID {
			t.Errorf("reminders due: %v %v, want [%d]", due, err, f.kept.ID)
		}
	})
}
