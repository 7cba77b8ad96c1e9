package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// closeForEntry cancels, inside tx, the open interviews of entry entryID,
// which has just left the active stages for stage to: proposed and
// confirmed ones when it was withdrawn or declined, only proposed ones
// when it was matched (a confirmed interview is then held or simply done).
// Both sides are told (NoticeInterviewCancelled, with the CANCEL calendar
// when a time had been confirmed, with reason as typed for the move), but
// except, who made the move, only when there is a calendar to take out.
func (s *Interviews) closeForEntry(ctx context.Context, tx *store.Tx, entryID int64, to furusato.Stage, reason string, except int64, now time.Time) error {
	if to.Active() {
		return nil
	}
	return s.cancelEntryInterviews(ctx, tx, entryID, to != furusato.StageMatched, reason, except, now)
}

// cancelEntryInterviews cancels, inside tx, the proposed interviews of
// entry entryID, and its confirmed ones too when alsoConfirmed, telling
// both sides as closeForEntry does.
func (s *Interviews) cancelEntryInterviews(ctx context.Context, tx *store.Tx, entryID int64, alsoConfirmed bool, reason string, except int64, now time.Time) error {
	ivs, err := tx.CancelEntryInterviews(ctx, entryID, alsoConfirmed, reason, now)
	if err != nil || len(ivs) == 0 {
		return err
	}
	e, err := tx.FindInterviewEntry(ctx, entryID)
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		_, confirmed := iv.Chosen()
		skip := except
		if confirmed {
			skip = 0 // their own calendar holds the event too
		}
		if err := s.tellBoth(ctx, tx, e, iv, furusato.NoticeInterviewCancelled, confirmed, reason, skip, now); err != nil {
			return err
		}
	}
	return nil
}
