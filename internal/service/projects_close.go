package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// closeProject ends the entries of project p, which has just been
// cancelled or completed (p.Status) by actorID with comment (the reason of
// a cancellation, typed by the coordinator), in tx:
//   - every active entry is declined as the system (furusato.ReasonProjectCancelled
//     or furusato.ReasonProjectCompleted), its open interviews are cancelled (both
//     sides told, with the CANCEL calendar when a time was confirmed), and
//     its participant gets NoticeEntriesClosed (reason "cancelled" or
//     "completed");
//   - on a cancellation, matched entries stay matched (the match happened;
//     the record of it stays true), but their open interviews are cancelled
//     too and their participants get the same notice, so the team hears
//     of it;
//   - the comment goes, as the coordinator's message, to the thread of
//     each of those entries and into the notice's e-mail.
//
// Completion leaves matched entries and their interviews alone.
func (s *Projects) closeProject(ctx context.Context, tx *store.Tx, p *furusato.Project, comment string, actorID int64, now time.Time) error {
	why, reason := furusato.ClosedCompleted, furusato.ReasonProjectCompleted
	if p.Status == furusato.StatusCancelled {
		why, reason = furusato.ClosedCancelled, furusato.ReasonProjectCancelled
	}
	c := entryCloser{notify: s.notify, iv: s.iv, now: now}
	if err := c.declineActive(ctx, tx, p, why, reason, comment, actorID); err != nil {
		return err
	}
	if why != furusato.ClosedCancelled {
		return nil
	}
	matched, err := tx.FindEntriesAt(ctx, p.ID, furusato.StageMatched)
	if err != nil {
		return err
	}
	for _, e := range matched {
		if err := c.iv.cancelEntryInterviews(ctx, tx, e.ID, true, comment, actorID, now); err != nil {
			return err
		}
		if err := c.tell(ctx, tx, p, e, why, comment, actorID); err != nil {
			return err
		}
	}
	return nil
}

// entryCloser declines the open entries of a project that stops taking
// them, and tells their participants.
type entryCloser struct {
	notify *Notifier
	iv     *Interviews
	now    time.Time
}

// declineActive declines every active entry of p as the system, recording
// reason (a catalogue key), cancels their open interviews (told with
// comment as the reason, except to actorID when there is no calendar to
// take out), and tells each participant why (NoticeEntriesClosed).
func (c entryCloser) declineActive(ctx context.Context, tx *store.Tx, p *furusato.Project, why furusato.ClosedReason, reason, comment string, actorID int64) error {
	open, err := tx.FindActiveEntries(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, e := range open {
		from, err := declineAs(ctx, tx, e, reason, c.now)
		if err != nil {
			return err
		}
		if from == "" {
			continue // no longer active
		}
		e.Stage = furusato.StageDeclined
		if err := c.iv.closeForEntry(ctx, tx, e.ID, furusato.StageDeclined, comment, actorID, c.now); err != nil {
			return err
		}
		if err := c.tell(ctx, tx, p, e, why, comment, actorID); err != nil {
			return err
		}
	}
	return nil
}

// tell posts comment (when not empty) to entry e's thread as actorID's
// message and gives its participant NoticeEntriesClosed: reason why,
// stage the entry's, message the comment.
func (c entryCloser) tell(ctx context.Context, tx *store.Tx, p *furusato.Project, e *furusato.Entry, why furusato.ClosedReason, comment string, actorID int64) error {
	if comment != "" && actorID != 0 {
		m := &furusato.Message{EntryID: e.ID, AuthorID: actorID, Body: comment}
		if err := tx.CreateMessage(ctx, m, store.MessageKindStage, c.now); err != nil {
			return err
		}
	}
	return c.notify.Notify(ctx, tx, furusato.Notice{UserID: e.UserID, Kind: furusato.NoticeEntriesClosed,
		EntryID: e.ID, ProjectID: p.ID, Params: map[string]string{furusato.ParamProject: p.Title, "reason": string(why),
			"stage": string(e.Stage), "message": comment}, Link: participantLink(e.ID)})
}

// declineAs declines active entry e as the system, recording reason, and
// returns the stage it left ("" when it is no longer active).
func declineAs(ctx context.Context, tx *store.Tx, e *furusato.Entry, reason string, now time.Time) (furusato.Stage, error) {
	return closeAsSystem(ctx, tx, e, furusato.StageDeclined, reason, furusato.Stage.Active, now)
}

// closeAsSystem moves entry e to stage to as the system, recording reason,
// while its stage is one that from accepts, and returns the stage it left;
// when a concurrent move changed it, the entry is read again and moved from
// its new stage while from still accepts it ("" when not).
func closeAsSystem(ctx context.Context, tx *store.Tx, e *furusato.Entry, to furusato.Stage, reason string, from func(furusato.Stage) bool, now time.Time) (furusato.Stage, error) {
	stage := e.Stage
	if !from(stage) {
		return "", nil
	}
	for range 5 {
		err := tx.MoveEntry(ctx, e.ID, stage, to, now)
		if err == nil {
			return stage, tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, From: stage, To: to, Reason: reason}, now)
		}
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			return "", err
		}
		again, err := tx.FindEntry(ctx, e.ID)
		if err != nil {
			return "", err
		}
		if !from(again.Stage) {
			return "", nil
		}
		stage = again.Stage
	}
	return "", furusato.Errorf(furusato.ECONFLICT, "This entry keeps changing; please try again.")
}
