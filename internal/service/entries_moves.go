package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Withdraw withdraws the actor's own entry id, with an optional reason
// (≤ furusato.MaxReason runes). ENOTFOUND for an entry the actor may not
// see and for its hosts (the policy's), nil for an entry already withdrawn
// (a repeat), ECONFLICT (ConflictStale) when the entry is no longer active.
// The project's organisation and company are told; the entry's open
// interviews are cancelled and both sides told.
func (s *Entries) Withdraw(ctx context.Context, actor *furusato.Actor, id int64, reason string) error {
	reason = prose(reason)
	if furusato.BadProse(reason) {
		return invalid(map[string]string{"reason": furusato.ErrBadText})
	}
	if furusato.TextLen(reason) > furusato.MaxReason {
		return invalid(map[string]string{"reason": "entry.error.reason_long"})
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		e, err := tx.FindEntry(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Entry(actor, policy.EntryWithdraw, e.Scope()); err != nil {
			return err
		}
		if e.Stage == furusato.StageWithdrawn { // a repeat (double click, second tab): done already
			return nil
		}
		if !furusato.CanMoveEntry(e.Stage, furusato.StageWithdrawn) {
			return furusato.Conflict(furusato.ConflictStale, "This entry can no longer be withdrawn.")
		}
		now := s.now()
		if err := tx.MoveEntry(ctx, e.ID, e.Stage, furusato.StageWithdrawn, now); err != nil {
			return err
		}
		if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: actor.User.ID,
			From: e.Stage, To: furusato.StageWithdrawn, Reason: reason}, now); err != nil {
			return err
		}
		if err := s.iv.closeForEntry(ctx, tx, e.ID, furusato.StageWithdrawn, reason, actor.User.ID, now); err != nil {
			return err
		}
		p, err := tx.FindProject(ctx, formatID(e.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		return s.notify.NotifyHosts(ctx, tx, e.Scope(), furusato.Notice{Kind: furusato.NoticeStageChanged, EntryID: e.ID,
			ProjectID: e.ProjectID, Params: map[string]string{furusato.ParamProject: p.Title, "participant": e.Participant.DisplayName,
				"stage": string(furusato.StageWithdrawn), "reason": reason}, Link: hostLink(e.ID)}, actor.User.ID)
	})
}

// hostMoves are the stages the organisation and the company move entries to.
var hostMoves = map[furusato.Stage]bool{furusato.StageScreening: true, furusato.StageInterview: true,
	furusato.StageOffered: true, furusato.StageDeclined: true}

// Move moves entry id to stage to (screening, interview, offered,
// declined), recording reason; message, when not empty, is posted to the
// entry's thread and e-mailed with the notice to the participant.
// EINVALID for an unknown target or overlong text, the policy's refusal
// (ENOTFOUND for an entry the actor may not see, and for its
// participant), ECONFLICT when the entry's stage does not allow the move or
// another move came first. A decline cancels the entry's open interviews
// and tells both sides.
func (s *Entries) Move(ctx context.Context, actor *furusato.Actor, id int64, to furusato.Stage, reason, message string) error {
	reason, message = prose(reason), prose(message)
	fields := map[string]string{}
	if !hostMoves[to] {
		fields["stage"] = "entry.error.stage"
	}
	if furusato.TextLen(reason) > furusato.MaxReason {
		fields["reason"] = "entry.error.reason_long"
	}
	if furusato.TextLen(message) > furusato.MaxMessage {
		fields["message"] = "entry.error.message_long"
	}
	for name, v := range map[string]string{"reason": reason, "message": message} {
		if furusato.BadProse(v) {
			fields[name] = furusato.ErrBadText
		}
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		e, err := tx.FindEntry(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Entry(actor, policy.EntryMove, e.Scope()); err != nil {
			return err
		}
		if len(fields) > 0 {
			return invalid(fields)
		}
		if !furusato.CanMoveEntry(e.Stage, to) {
			return furusato.Errorf(furusato.ECONFLICT, "This entry cannot move from %s to %s.", e.Stage, to)
		}
		now := s.now()
		if err := tx.MoveEntry(ctx, e.ID, e.Stage, to, now); err != nil {
			return err
		}
		if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: actor.User.ID,
			From: e.Stage, To: to, Reason: reason}, now); err != nil {
			return err
		}
		if err := s.iv.closeForEntry(ctx, tx, e.ID, to, reason, actor.User.ID, now); err != nil {
			return err
		}
		if message != "" {
			m := &furusato.Message{EntryID: e.ID, AuthorID: actor.User.ID, Body: message}
			if err := tx.CreateMessage(ctx, m, store.MessageKindStage, now); err != nil {
				return err
			}
		}
		p, err := tx.FindProject(ctx, formatID(e.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		kind := furusato.NoticeStageChanged
		if to == furusato.StageOffered {
			kind = furusato.NoticeOffer
		}
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: e.UserID, Kind: kind, EntryID: e.ID, ProjectID: p.ID,
			Params: map[string]string{furusato.ParamProject: p.Title, "stage": string(to), "message": message, "reason": reason},
			Link:   participantLink(e.ID)})
	})
}

// Accept accepts the offer on the actor's own entry id (参画決定). An entry
// already matched is a repeat (a double click) and done: nil, nothing
// written. ECONFLICT with ConflictFilled when every place is already
// filled, ConflictStale when the entry is no longer offered or the project
// no longer takes anyone;
// the last place filled closes the project and tells the remaining active
// entries. The count of matched people is raised by a conditional UPDATE
// in the same transaction, so it never passes the project's places, also
// with accepts arriving at once on several nodes. The entry's interviews
// still proposed are cancelled (confirmed ones stay); so are the open
// interviews of the entries declined because the places are filled.
func (s *Entries) Accept(ctx context.Context, actor *furusato.Actor, id int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		e, err := tx.FindEntry(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Entry(actor, policy.EntryAccept, e.Scope()); err != nil {
			return err
		}
		if e.Stage == furusato.StageMatched { // a repeat (double click, second tab): done already
			return nil
		}
		if e.Stage != furusato.StageOffered {
			return furusato.Conflict(furusato.ConflictStale, "Only an offer can be accepted.")
		}
		matched, places, err := tx.TakePlace(ctx, e.ProjectID)
		if furusato.ErrorCode(err) == furusato.ECONFLICT {
			return placeConflict(ctx, tx, e.ProjectID)
		} else if err != nil {
			return err
		}
		now := s.now()
		if err := tx.MoveEntry(ctx, e.ID, furusato.StageOffered, furusato.StageMatched, now); err != nil {
			return err
		}
		if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: actor.User.ID,
			From: furusato.StageOffered, To: furusato.StageMatched}, now); err != nil {
			return err
		}
		if err := s.iv.closeForEntry(ctx, tx, e.ID, furusato.StageMatched, "", actor.User.ID, now); err != nil {
			return err
		}
		// The first match makes the project's team (issue 10); later ones
		// join it, as members are derived from the matched entries.
		if _, err := tx.EnsureTeam(ctx, e.ProjectID, now); err != nil {
			return err
		}
		p, err := tx.FindProject(ctx, formatID(e.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		params := map[string]string{furusato.ParamProject: p.Title, "participant": e.Participant.DisplayName, "stage": string(furusato.StageMatched)}
		if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: e.UserID, Kind: furusato.NoticeMatched, EntryID: e.ID,
			ProjectID: p.ID, Params: params, Link: participantLink(e.ID)}); err != nil {
			return err
		}
		if err := s.notify.NotifyHosts(ctx, tx, e.Scope(), furusato.Notice{Kind: furusato.NoticeMatched, EntryID: e.ID,
			ProjectID: p.ID, Params: params, Link: hostLink(e.ID)}, actor.User.ID); err != nil {
			return err
		}
		if matched < places {
			return nil
		}
		return s.closeFilled(ctx, tx, p)
	})
}

// placeConflict is the conflict of a TakePlace that found no place on
// project id: filled when its places are all taken, stale when it is in a
// status that takes nobody (cancelled meanwhile).
func placeConflict(ctx context.Context, tx *store.Tx, id int64) error {
	p, err := tx.FindProject(ctx, formatID(id), furusato.ProjectStatuses)
	if err != nil {
		return err
	}
	if p.Matched >= p.Places {
		return furusato.Conflict(furusato.ConflictFilled, "All places of this project are filled.")
	}
	return furusato.Conflict(furusato.ConflictStale, "This project no longer takes anyone.")
}

// closeFilled stops project p taking entries now that its last place is
// filled: published → closed as the system, and every other active entry
// declined (reason furusato.ReasonFilled) with a polite notice, its open interviews
// cancelled.
func (s *Entries) closeFilled(ctx context.Context, tx *store.Tx, p *furusato.Project) error {
	now := s.now()
	closed, err := tx.CloseProject(ctx, p.ID, now)
	if err != nil {
		return err
	}
	if closed {
		if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now,
			Action: furusato.HistoryClosed, From: furusato.StatusPublished, To: furusato.StatusClosed}); err != nil {
			return err
		}
		if err := tx.BumpCatalogueVersion(ctx); err != nil {
			return err
		}
	}
	c := entryCloser{notify: s.notify, iv: s.iv, now: now}
	return c.declineActive(ctx, tx, p, furusato.ClosedFilled, furusato.ReasonFilled, "", 0)
}

// AddNote adds a private note to entry id (policy.EntryNotes): not empty,
// at most furusato.MaxNote runes. ENOTFOUND for an entry the actor may not
// see and for its participant (the policy's), EINVALID for the body.
func (s *Entries) AddNote(ctx context.Context, actor *furusato.Actor, id int64, body string) error {
	body = prose(body)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		e, err := tx.FindEntry(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Entry(actor, policy.EntryNotes, e.Scope()); err != nil {
			return err
		}
		switch n := furusato.TextLen(body); {
		case furusato.BadProse(body):
			return invalid(map[string]string{"body": furusato.ErrBadText})
		case n == 0:
			return invalid(map[string]string{"body": "entry.error.note_required"})
		case n > furusato.MaxNote:
			return invalid(map[string]string{"body": "entry.error.note_long"})
		}
		return tx.AddEntryNote(ctx, &furusato.EntryNote{EntryID: e.ID, AuthorID: actor.User.ID, Body: body}, s.now())
	})
}

// CloseDue closes the published projects whose entry deadline has passed
// (published → closed, recorded as the system) and returns how many. Run
// by a periodic job; safe to run twice or on two nodes at once: each
// project is closed by a conditional UPDATE in its own transaction.
func (s *Entries) CloseDue(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := s.db.FindDueProjects(ctx, furusato.DateOf(now))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		closed := false
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			if closed, err = tx.CloseProject(ctx, id, now); err != nil || !closed {
				return err
			}
			if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: id, At: now,
				Action: furusato.HistoryClosed, From: furusato.StatusPublished, To: furusato.StatusClosed}); err != nil {
				return err
			}
			return tx.BumpCatalogueVersion(ctx)
		})
		if err != nil {
			return n, err
		}
		if closed {
			n++
		}
	}
	return n, nil
}
