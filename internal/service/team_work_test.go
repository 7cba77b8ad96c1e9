package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func (f *teamFixture) setKickoff(t *testing.T, at time.Time) {
	t.Helper()
	if err := f.db.Tx(context.Background(), func(tx *store.Tx) error { return tx.SetKickoff(context.Background(), f.team.ID, at) }); err != nil {
		t.Fatal(err)
	}
}

// verified confirms the member's address, so that notices reach them by e-mail.
func (f *teamFixture) verified(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, f.member.User.ID, f.at) }); err != nil {
		t.Fatal(err)
	}
}

func milestoneIn(title, due string, owner int64) service.MilestoneInput {
	y, m, d := due[:4], due[5:7], due[8:]
	in := service.MilestoneInput{Title: title, DueYear: y, DueMonth: m, Day: d}
	if owner != 0 {
		in.Owner = fmt.Sprint(owner)
	}
	return in
}

func TestTeamMilestones_EveryMemberEditsAndMovesAreConditional(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		m, err := teams.AddMilestone(ctx, f.member, f.team.ID, milestoneIn(" 試作品をつくる ", "2026-12-20", f.staff.User.ID))
		if err != nil {
			t.Fatal(err)
		}
		if m.Title != "試作品をつくる" || m.Status != furusato.MilestoneOpen || m.OwnerID != f.staff.User.ID {
			t.Errorf("added %+v", m)
		}
		if _, err := teams.AddMilestone(ctx, f.staff, f.team.ID, milestoneIn("先に終わる", "2026-11-30", 0)); err != nil {
			t.Fatal(err)
		}
		// Bad input is a field error for each field.
		_, err = teams.AddMilestone(ctx, f.gifu, f.team.ID, service.MilestoneInput{Title: strings.Repeat("長", 121), DueYear: "2026", DueMonth: "2", Day: "30", Owner: fmt.Sprint(f.hokkaido.User.ID)})
		if fields := furusato.ErrorFields(err); fields["title"] == "" || fields["due"] == "" || fields["owner"] == "" {
			t.Errorf("bad milestone: %v %v", err, fields)
		}
		_, err = teams.AddMilestone(ctx, f.gifu, f.team.ID, milestoneIn("a\x00b", "2026-12-01", 0))
		if furusato.ErrorFields(err)["title"] != furusato.ErrBadText {
			t.Errorf("NUL title: %v", err)
		}
		// Outsiders see nothing.
		for name, a := range map[string]*furusato.Actor{"other region": f.hokkaido, "other company": f.otherStaff} {
			if _, err := teams.AddMilestone(ctx, a, f.team.ID, milestoneIn("x", "2026-12-01", 0)); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s: %v", name, err)
			}
		}
		w, err := teams.Workspace(ctx, f.member, f.team.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(w.Work.Milestones) != 2 || w.Work.Milestones[0].Title != "先に終わる" {
			t.Errorf("open milestones not by due date: %+v", w.Work.Milestones)
		}
		// Two people move the same milestone from what they saw: one wins.
		if err := teams.MoveMilestone(ctx, f.gifu, f.team.ID, m.ID, furusato.MilestoneOpen, furusato.MilestoneDone); err != nil {
			t.Fatal(err)
		}
		if err := teams.MoveMilestone(ctx, f.member, f.team.ID, m.ID, furusato.MilestoneOpen, furusato.MilestoneDropped); code(err) != furusato.ECONFLICT {
			t.Errorf("second move: %v, want ECONFLICT", err)
		}
		// An edit from a page that showed it open is refused too.
		in := milestoneIn("試作品をつくる（改）", "2026-12-24", 0)
		in.From, in.Status = "open", "open"
		if _, err := teams.EditMilestone(ctx, f.member, f.team.ID, m.ID, in); code(err) != furusato.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		in.From, in.Status = "done", "open" // reopened, from what is there now
		got, err := teams.EditMilestone(ctx, f.member, f.team.ID, m.ID, in)
		if err != nil || got.Status != furusato.MilestoneOpen || got.Title != "試作品をつくる（改）" || got.OwnerName != "" {
			t.Errorf("edit: %+v, %v", got, err)
		}
		if m2, _, _ := teams.Milestone(ctx, f.staff, f.team.ID, m.ID); m2 == nil || m2.Due.String() != "2026-12-24" || m2.OwnerID != 0 {
			t.Errorf("stored %+v", m2)
		}
		f.at = time.Date(2026, 12, 1, 9, 0, 0, 0, furusato.JST)
		w, _ = teams.Workspace(ctx, f.member, f.team.ID)
		if !w.Work.Milestones[0].Overdue(w.Work.Today) || w.Work.Milestones[1].Overdue(w.Work.Today) {
			t.Errorf("overdue marks wrong on %s", w.Work.Today)
		}
	})
}

func TestTeamThread_ReadMarksUnreadAndDigests(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		start := f.at
		for i := 1; i <= 3; i++ {
			f.at = start.Add(time.Duration(i) * time.Minute)
			if _, err := teams.PostMessage(ctx, f.member, f.team.ID, fmt.Sprintf("資料はこちらです%d https://example.jp/doc", i)); err != nil {
				t.Fatal(err)
			}
		}
		for _, bad := range []string{"", "  ", strings.Repeat("あ", furusato.MaxMessage+1), "a\x00b", "\xff"} {
			if _, err := teams.PostMessage(ctx, f.member, f.team.ID, bad); code(err) != furusato.EINVALID || furusato.ErrorFields(err)["body"] == "" {
				t.Errorf("post %q: %v", bad, err)
			}
		}
		if _, err := teams.PostMessage(ctx, f.hokkaido, f.team.ID, "部外者"); code(err) != furusato.ENOTFOUND {
			t.Errorf("outsider post: %v", err)
		}
		w, _ := teams.Workspace(ctx, f.gifu, f.team.ID)
		if w.Work.Unread != 3 || len(w.Work.Recent) != 3 {
			t.Errorf("coordinator unread %d, recent %d", w.Work.Unread, len(w.Work.Recent))
		}
		if w, _ := teams.Workspace(ctx, f.member, f.team.ID); w.Work.Unread != 0 {
			t.Errorf("author's unread = %d", w.Work.Unread)
		}
		counts, err := teams.UnreadTeamCounts(ctx, f.staff, []int64{f.team.ID})
		if err != nil || counts[f.team.ID] != 3 {
			t.Errorf("staff counts %v, %v", counts, err)
		}
		if counts, _ := teams.UnreadTeamCounts(ctx, f.hokkaido, []int64{f.team.ID}); len(counts) != 0 {
			t.Errorf("outsider counts %v", counts)
		}
		// The coordinator reads the thread: nothing unread, no digest for them.
		th, err := teams.Thread(ctx, f.gifu, f.team.ID)
		if err != nil || len(th.Messages) != 3 {
			t.Fatalf("thread: %+v, %v", th, err)
		}
		if w, _ := teams.Workspace(ctx, f.gifu, f.team.ID); w.Work.Unread != 0 {
			t.Errorf("unread after reading = %d", w.Work.Unread)
		}
		f.at = start.Add(3*time.Minute + service.DigestQuiet - time.Second) // not quiet yet
		if n, err := teams.SendTeamDigests(ctx); err != nil || n != 0 {
			t.Fatalf("too early: %d, %v", n, err)
		}
		f.at = start.Add(3*time.Minute + service.DigestQuiet)
		n, err := teams.SendTeamDigests(ctx)
		if err != nil || n == 0 {
			t.Fatalf("digests = %d, %v", n, err)
		}
		got := mails(t, db, "message_digest", f.staff.User.Email)
		if len(got) != 1 || !strings.Contains(got[0].Text, "チームのメッセージ") || !strings.Contains(got[0].Text, "資料はこちらです3") ||
			!strings.Contains(got[0].Text, fmt.Sprintf("https://furusato.example/teams/%d/thread", f.team.ID)) {
			t.Fatalf("staff digest: %+v", got)
		}
		if len(mails(t, db, "message_digest", f.gifu.User.Email)) != 0 {
			t.Error("the coordinator read the thread but got a digest")
		}
		if len(mails(t, db, "message_digest", f.member.User.Email)) != 0 {
			t.Error("the author got a digest of their own messages")
		}
		if n, _ := teams.SendTeamDigests(ctx); n != 0 {
			t.Errorf("second run sent %d", n)
		}
		list, _, _ := f.services.Notifier.List(ctx, f.staff, 100, 0)
		c := 0
		for _, nt := range list {
			if nt.Kind == furusato.NoticeTeamMessage {
				c++
			}
		}
		if c != 1 {
			t.Errorf("staff has %d team-message notices", c)
		}
		// Past DigestWindow nothing is mailed any more.
		f.at = start.Add(time.Hour)
		if _, err := teams.PostMessage(ctx, f.gifu, f.team.ID, "古い連絡"); err != nil {
			t.Fatal(err)
		}
		f.at = f.at.Add(service.DigestWindow + time.Hour)
		if n, _ := teams.SendTeamDigests(ctx); n != 0 {
			t.Errorf("a message past the window was mailed (%d)", n)
		}
	})
}

func TestTeamThread_RateLimited(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newTeamFixture(t, db)
	for i := 0; i < service.TeamMessagesPerHour; i++ {
		if _, err := f.services.Teams.PostMessage(ctx, f.member, f.team.ID, fmt.Sprint("連絡", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.services.Teams.PostMessage(ctx, f.member, f.team.ID, "もう一通"); code(err) != furusato.ERATELIMIT {
		t.Errorf("flood: %v", err)
	}
}

func checkIn(done string, hours string) service.CheckInInput {
	return service.CheckInInput{Done: done, Next: "次の作業", Hours: hours}
}

func TestTeamCheckIns_NumberedPeriodsCommentsAndPolicy(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		f.verified(t)
		kickoff := f.at.Add(24 * time.Hour)
		f.setKickoff(t, kickoff)
		f.at = kickoff.Add(3 * 24 * time.Hour)
		c1, err := teams.WriteCheckIn(ctx, f.member, f.team.ID, checkIn("畑の見学をしました", "６時間"))
		if err != nil {
			t.Fatal(err)
		}
		if c1.Seq != 1 || c1.Hours != 6 || !c1.PeriodStart.Equal(kickoff) || !c1.PeriodEnd.Equal(f.at) {
			t.Errorf("first check-in %+v", c1)
		}
		f.at = f.at.Add(7 * 24 * time.Hour)
		c2, err := teams.WriteCheckIn(ctx, f.member, f.team.ID, service.CheckInInput{Done: "ロゴ案", Next: "発表", Blockers: "写真が足りません", Hours: "4"})
		if err != nil {
			t.Fatal(err)
		}
		if c2.Seq != 2 || !c2.PeriodStart.Equal(c1.CreatedAt) {
			t.Errorf("second check-in %+v, first made at %v", c2, c1.CreatedAt)
		}
		// Field errors, hostile text included.
		_, err = teams.WriteCheckIn(ctx, f.member, f.team.ID, service.CheckInInput{Done: "", Next: strings.Repeat("x", 10000), Blockers: "\u202e\x00", Hours: "-3"})
		fields := furusato.ErrorFields(err)
		if code(err) != furusato.EINVALID || fields["done"] == "" || fields["next"] != "error.too_long" || fields["blockers"] != furusato.ErrBadText || fields["hours"] == "" {
			t.Errorf("bad check-in: %v %v", err, fields)
		}
		// Policy: company staff and coordinators write none; participants do not comment.
		if _, err := teams.WriteCheckIn(ctx, f.staff, f.team.ID, checkIn("x", "1")); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff check-in: %v", err)
		}
		if _, err := teams.WriteCheckIn(ctx, f.newParticipant(t, "部外者"), f.team.ID, checkIn("x", "1")); code(err) != furusato.ENOTFOUND {
			t.Errorf("outsider check-in: %v", err)
		}
		if _, err := teams.Comment(ctx, f.member, f.team.ID, c2.ID, "自分で"); code(err) != furusato.EFORBIDDEN {
			t.Errorf("participant comment: %v", err)
		}
		if _, err := teams.Comment(ctx, f.hokkaido, f.team.ID, c2.ID, "他地域"); code(err) != furusato.ENOTFOUND {
			t.Errorf("other region comment: %v", err)
		}
		cm, err := teams.Comment(ctx, f.gifu, f.team.ID, c2.ID, "写真は役場に相談しましょう")
		if err != nil || cm.Role != furusato.TeamCoordinator {
			t.Fatalf("comment %+v, %v", cm, err)
		}
		if _, err := teams.Comment(ctx, f.gifu, f.team.ID, c2.ID, " "); code(err) != furusato.EINVALID {
			t.Errorf("blank comment: %v", err)
		}
		list, _, _ := f.services.Notifier.List(ctx, f.member, 100, 0)
		found := false
		for _, n := range list {
			if n.Kind == furusato.NoticeCheckInComment && n.Link == fmt.Sprintf("/teams/%d/checkins#checkin-%d", f.team.ID, c2.ID) {
				found = true
			}
		}
		if !found {
			t.Errorf("the author was not told of the comment: %+v", list)
		}
		if len(mails(t, db, "notice", f.member.User.Email)) == 0 {
			t.Error("no comment e-mail to the author")
		}
		// The timeline: newest first, paged, with comments.
		tl, err := teams.CheckIns(ctx, f.staff, f.team.ID, 0, 1)
		if err != nil || len(tl.CheckIns) != 1 || tl.CheckIns[0].ID != c2.ID || tl.Older != c2.ID || len(tl.Comments[c2.ID]) != 1 {
			t.Fatalf("timeline page 1: %+v, %v", tl, err)
		}
		tl, err = teams.CheckIns(ctx, f.staff, f.team.ID, tl.Older, 1)
		if err != nil || len(tl.CheckIns) != 1 || tl.CheckIns[0].ID != c1.ID || tl.Older != 0 {
			t.Fatalf("timeline page 2: %+v, %v", tl, err)
		}
		if _, err := teams.CheckIns(ctx, f.otherStaff, f.team.ID, 0, 0); code(err) != furusato.ENOTFOUND {
			t.Errorf("other company timeline: %v", err)
		}
		w, _ := teams.Workspace(ctx, f.member, f.team.ID)
		if w.Work.Latest == nil || w.Work.Latest.ID != c2.ID || w.Work.DueNow || !w.Work.CheckInDue.Equal(c2.CreatedAt.Add(7*24*time.Hour)) {
			t.Errorf("workspace check-in part %+v", w.Work)
		}
		// Once the work has ended, check-ins are closed.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.EndTeam(ctx, f.team.ID, false, "", f.at) }); err != nil {
			t.Fatal(err)
		}
		if _, err := teams.WriteCheckIn(ctx, f.member, f.team.ID, checkIn("x", "1")); code(err) != furusato.ECONFLICT {
			t.Errorf("check-in after the end: %v", err)
		}
	})
}

func TestTeamCheckIns_ReminderOncePerPeriodNotAfterTheEnd(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		count := func() int {
			list, _, _ := f.services.Notifier.List(ctx, f.member, 100, 0)
			n := 0
			for _, x := range list {
				if x.Kind == furusato.NoticeCheckInDue {
					n++
				}
			}
			return n
		}
		if js := f.services.JobServices(); js.SendCheckInReminders == nil || js.SendTeamDigests == nil {
			t.Fatal("the team jobs are not scheduled")
		}
		// Before the kickoff nothing is due.
		if n, err := teams.SendCheckInReminders(ctx); err != nil || n != 0 {
			t.Fatalf("before kickoff: %d, %v", n, err)
		}
		f.verified(t)
		kickoff := f.at
		f.setKickoff(t, kickoff)
		f.at = kickoff.Add(7*24*time.Hour - time.Minute)
		if n, _ := teams.SendCheckInReminders(ctx); n != 0 {
			t.Errorf("a minute early: %d", n)
		}
		f.at = kickoff.Add(7 * 24 * time.Hour)
		if n, err := teams.SendCheckInReminders(ctx); err != nil || n != 1 {
			t.Fatalf("due: %d, %v", n, err)
		}
		f.at = f.at.Add(3 * 24 * time.Hour) // still the same period: never twice
		if n, _ := teams.SendCheckInReminders(ctx); n != 0 || count() != 1 {
			t.Errorf("second reminder in the period: %d, notices %d", n, count())
		}
		if len(mails(t, db, "notice", f.member.User.Email)) == 0 {
			t.Error("no reminder e-mail")
		}
		if w, _ := teams.Workspace(ctx, f.member, f.team.ID); !w.Work.DueNow {
			t.Error("the workspace does not say the check-in is due")
		}
		// A check-in starts a new period; its end brings the next reminder.
		if _, err := teams.WriteCheckIn(ctx, f.member, f.team.ID, checkIn("報告", "3")); err != nil {
			t.Fatal(err)
		}
		written := f.at
		f.at = written.Add(7 * 24 * time.Hour)
		if n, _ := teams.SendCheckInReminders(ctx); n != 1 || count() != 2 {
			t.Errorf("next period: %d, notices %d", n, count())
		}
		// A team whose work has ended gets none.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.EndTeam(ctx, f.team.ID, true, "中断", f.at) }); err != nil {
			t.Fatal(err)
		}
		f.at = f.at.Add(30 * 24 * time.Hour)
		if n, _ := teams.SendCheckInReminders(ctx); n != 0 || count() != 2 {
			t.Errorf("ended team reminded: %d, notices %d", n, count())
		}
	})
}
