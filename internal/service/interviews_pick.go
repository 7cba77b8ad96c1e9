package service

import (
	"context"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// ReminderWindow is how long before an interview its reminder goes out.
const ReminderWindow = 24 * time.Hour

// Pick confirms interview id on slot slotID for its participant
// (policy.InterviewPick). Both sides are told (NoticeInterviewConfirmed)
// with the iCalendar file attached. ECONFLICT when the interview is no
// longer proposed (picked, rescheduled or cancelled meanwhile), the entry
// is no longer under way, or the slot has passed; with ConflictTimesPassed
// when every proposed time has passed (only new times help); with ConflictSlotsChanged
// when slotID is not one of the interview's times (they were changed
// since the page was opened), ConflictOtherConfirm when another interview
// of the entry is confirmed and still to come (one fixed interview at a
// time; the conditional write holds it too). EINVALID when no slot is
// chosen (field "slot": furusato.ErrChooseFrom). The update is conditional, so of two picks at once only one
// confirms.
func (s *Interviews) Pick(ctx context.Context, actor *furusato.Actor, id, slotID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		iv, e, err := s.interview(ctx, tx, actor, policy.InterviewPick, id)
		if err != nil {
			return err
		}
		var slot *furusato.InterviewSlot
		for i := range iv.Slots {
			if iv.Slots[i].ID == slotID {
				slot = &iv.Slots[i]
			}
		}
		if !e.Stage.Active() {
			return furusato.Errorf(furusato.ECONFLICT, "The entry is no longer under way.")
		}
		if iv.Status != furusato.InterviewProposed {
			return furusato.Errorf(furusato.ECONFLICT, "The interview is no longer waiting for a choice.")
		}
		if furusato.AllPassed(iv.Slots, now) {
			return furusato.Conflict(furusato.ConflictTimesPassed, "Every proposed time has passed.")
		}
		if slot == nil && slotID == 0 {
			return &furusato.Error{Code: furusato.EINVALID, Message: "Choose one of the proposed times.",
				Fields: map[string]string{"slot": furusato.ErrChooseFrom}}
		}
		if slot == nil { // a time from a page opened before the hosts changed them
			return furusato.Conflict(furusato.ConflictSlotsChanged, "The proposed times have changed.")
		}
		if !slot.Start.After(now) {
			return furusato.Errorf(furusato.ECONFLICT, "That time has passed.")
		}
		// Holding the entry's row queues two picks on two interviews of one
		// entry on PostgreSQL, so that the second's conditional update sees
		// the first. That update is the one gate (still proposed, the slot
		// its own, no other fixed interview); the reads above and below only
		// word the answer.
		if held, err := tx.HoldInterviewEntry(ctx, e.Scope.EntryID, e.Stage); err != nil {
			return err
		} else if !held {
			return furusato.Errorf(furusato.ECONFLICT, "The entry is no longer under way.")
		}
		ok, err := tx.PickInterviewSlot(ctx, id, slotID, now)
		if err != nil {
			return err
		}
		if !ok {
			if other, err := tx.HasOtherOpenInterview(ctx, id, now); err != nil {
				return err
			} else if other {
				return furusato.Conflict(furusato.ConflictOtherConfirm, "Another interview of this entry is already fixed.")
			}
			return furusato.Errorf(furusato.ECONFLICT, "The interview is no longer waiting for a choice.")
		}
		iv.Status, iv.ChosenID, iv.Sequence = furusato.InterviewConfirmed, slotID, iv.Sequence+1
		return s.tellBoth(ctx, tx, e, iv, furusato.NoticeInterviewConfirmed, true, "", 0, now)
	})
}

// SendReminders sends NoticeInterviewReminder to both sides of every
// confirmed interview that starts within ReminderWindow and was not
// reminded yet (and whose entry is still under way), and returns how many
// interviews it reminded. Each is marked in the same transaction as its
// notices by a conditional update that wants it still confirmed, so a
// cancelled interview (also one cancelled because its entry was withdrawn
// or declined) is never reminded, and running it twice, or on two nodes
// at once, reminds once. Run by a periodic job.
func (s *Interviews) SendReminders(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := s.db.DueInterviewReminders(ctx, now, now.Add(ReminderWindow))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		did := false
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			ok, err := tx.MarkInterviewReminded(ctx, id, now)
			if err != nil || !ok {
				return err
			}
			iv, err := tx.FindInterview(ctx, id)
			if err != nil {
				return err
			}
			e, err := tx.FindInterviewEntry(ctx, iv.EntryID)
			if err != nil {
				return err
			}
			if !e.Stage.Active() { // matched (the interview is done), or left without its interviews: nobody needs reminding
				return nil
			}
			did = true
			return s.tellBoth(ctx, tx, e, iv, furusato.NoticeInterviewReminder, false, "", 0, now)
		})
		if err != nil {
			return sent, err
		}
		if did {
			sent++
		}
	}
	return sent, nil
}

// interviewReason trims an optional cancel reason and checks it: hostile
// text (error.bad_text) and its length.
func interviewReason(s string) (string, error) {
	s = strings.TrimSpace(s)
	if furusato.BadProse(s) { // refused, never cleaned silently: it is shown to the other side
		return "", &furusato.Error{Code: furusato.EINVALID, Message: "The reason holds characters that cannot be used.",
			Fields: map[string]string{"reason": furusato.ErrBadText}}
	}
	if furusato.TextLen(s) > furusato.MaxReason {
		return "", &furusato.Error{Code: furusato.EINVALID, Message: "The reason is too long.",
			Fields: map[string]string{"reason": "interview.error.reason_long"}}
	}
	return s, nil
}
