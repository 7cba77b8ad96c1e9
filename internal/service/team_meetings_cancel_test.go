package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// meetingNotices returns the params of a's team meeting notices with
// status cancelled, newest first.
func cancelledMeetingNotices(t *testing.T, db *store.DB, a *furusato.Actor) []map[string]string {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, n := range ns {
		if n.Kind == furusato.NoticeTeamMeeting && n.Params["status"] == string(furusato.InterviewCancelled) {
			out = append(out, n.Params)
		}
	}
	return out
}

// A meeting's cancel reason is kept with it (the workspace shows it) and
// given to the notice; hostile text is a field error and cancels nothing.
func TestTeamMeetings_CancelKeepsTheReasonAndRefusesHostileText(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		m, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		// Outsiders (another region's coordinator, another company's staff,
		// a participant of no team here) neither cancel nor pick: ENOTFOUND,
		// and the meeting stays as it was.
		for name, a := range map[string]*furusato.Actor{"other region": f.hokkaido, "other company": f.otherStaff, "another team's member": f.newParticipant(t, "別チーム")} {
			if err := teams.CancelMeeting(ctx, a, m.ID, "部外者です"); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s cancels: %v", name, err)
			}
			if err := teams.PickMeeting(ctx, a, m.ID, m.Slots[0].ID); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s picks: %v", name, err)
			}
		}
		if err := teams.CancelMeeting(ctx, f.member, m.ID, "参加者です"); code(err) != furusato.EFORBIDDEN {
			t.Errorf("the participant cancels: %v", err)
		}
		for name, reason := range map[string]string{"bidi override": "都合\u202eにより", "NUL": "都合\x00により", "invalid UTF-8": "都合\xffにより"} {
			err := teams.CancelMeeting(ctx, f.gifu, m.ID, reason)
			if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["reason"] != furusato.ErrBadText {
				t.Errorf("%s: %v (%v)", name, err, furusato.ErrorFields(err))
			}
		}
		if got, _ := db.FindTeamMeeting(ctx, m.ID); got.Status != furusato.InterviewProposed {
			t.Fatalf("a refused reason cancelled the meeting: %+v", got)
		}
		const reason = "会場が使えなくなったため、日を改めます。"
		if err := teams.CancelMeeting(ctx, f.gifu, m.ID, "  "+reason+" "); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindTeamMeeting(ctx, m.ID)
		if got.Status != furusato.InterviewCancelled || got.CancelReason != reason || got.CancelCause != "" {
			t.Errorf("cancelled = %+v", got)
		}
		ms, err := teams.Meetings(ctx, f.member, f.team.ID)
		if err != nil || len(ms.Meetings) != 1 || ms.Meetings[0].CancelReason != reason {
			t.Errorf("the member's meetings: %+v, %v", ms, err)
		}
		if ns := cancelledMeetingNotices(t, db, f.member); len(ns) != 1 || ns[0]["reason"] != reason {
			t.Errorf("the member's notices: %v", ns)
		}
	})
}

// When the team's work ends (early here; a completion at the end date
// takes the same path), the meetings still ahead are cancelled in the same
// transaction, the cause kept, and every member told, with the CANCEL
// calendar for a confirmed one.
func TestTeamComplete_TheEndCancelsTheMeetingsStillAhead(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		if err := teams.Start(ctx, f.gifu, f.team.ID, furusato.StatusPublished); err != nil {
			t.Fatal(err)
		}
		fixed, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := teams.PickMeeting(ctx, f.member, fixed.ID, fixed.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		open, err := teams.ProposeMeeting(ctx, f.staff, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-12-03 10:00", "2026-12-04 10:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := teams.Complete(ctx, f.gifu, f.team.ID, furusato.StatusInProgress, true, "会社の体制が変わったため"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{fixed.ID, open.ID} {
			m, _ := db.FindTeamMeeting(ctx, id)
			if m.Status != furusato.InterviewCancelled || m.CancelCause != furusato.MeetingCancelTeamEnded {
				t.Errorf("meeting %d after the end: %+v", id, m)
			}
		}
		for name, a := range map[string]*furusato.Actor{"participant": f.member, "staff": f.staff, "coordinator": f.gifu} {
			ns := cancelledMeetingNotices(t, db, a)
			if len(ns) != 2 {
				t.Errorf("%s: %d cancel notices, want 2", name, len(ns))
			}
			for _, p := range ns {
				if p["cause"] != furusato.MeetingCancelTeamEnded {
					t.Errorf("%s: notice without the cause: %v", name, p)
				}
			}
		}
		if !mailedCalendar(t, db, "METHOD:CANCEL", "team-meeting-"+formatInt(fixed.ID)) {
			t.Error("no CANCEL calendar for the confirmed meeting")
		}
		if !mailedText(t, db, "理由：チームの活動が終了したため") {
			t.Error("no mail says the meeting was cancelled because the team ended")
		}
		if ms, _ := teams.Meetings(ctx, f.member, f.team.ID); ms.Next != nil {
			t.Errorf("a next meeting after the end: %+v", ms.Next)
		}
	})
}

// mailedText reports whether a mail in the outbox says text.
func mailedText(t *testing.T, db *store.DB, text string) bool {
	t.Helper()
	mails, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if strings.Contains(m.Text, text) {
			return true
		}
	}
	return false
}
