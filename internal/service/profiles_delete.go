package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// placeHeld reports whether a matched entry of a project in status st
// still holds one of its places: while the project takes entries or runs
// (published, closed, in progress). A completed or cancelled project's
// match is history.
func placeHeld(st furusato.ProjectStatus) bool {
	return st == furusato.StatusPublished || st == furusato.StatusClosed || st == furusato.StatusInProgress
}

// leaveWorkflow withdraws, inside tx, the entries of user userID, whose
// account is being deleted (its users row already anonymised, so nothing
// more is sent to them): every active entry, and every matched entry whose
// project still holds the place (placeHeld), which is released; reopening
// a project closed because it was full stays the coordinator's decision.
// Each withdrawal is a system move with reason furusato.ReasonAccountDeleted, in
// the entry's history; its open interviews are cancelled (the hosts told,
// with the CANCEL calendar when a time was confirmed); the project's
// coordinators and company staff are told. A matched entry of a completed
// or cancelled project stays matched.
func (s *Entries) leaveWorkflow(ctx context.Context, tx *store.Tx, userID int64, now time.Time) error {
	es, err := tx.FindUserEntries(ctx, userID)
	if err != nil {
		return err
	}
	for _, e := range es {
		holds := placeHeld(e.Project.Status)
		from, err := closeAsSystem(ctx, tx, e, furusato.StageWithdrawn, furusato.ReasonAccountDeleted, func(st furusato.Stage) bool {
			return st.Active() || (st == furusato.StageMatched && holds)
		}, now)
		if err != nil {
			return err
		}
		if from == "" {
			continue
		}
		if from == furusato.StageMatched {
			if err := tx.ReleasePlace(ctx, e.ProjectID); err != nil {
				return err
			}
		}
		if err := s.iv.closeForEntry(ctx, tx, e.ID, furusato.StageWithdrawn, furusato.ReasonAccountDeleted, 0, now); err != nil {
			return err
		}
		if err := s.notify.NotifyHosts(ctx, tx, e.Scope(), furusato.Notice{Kind: furusato.NoticeStageChanged, EntryID: e.ID,
			ProjectID: e.ProjectID, Params: map[string]string{furusato.ParamProject: e.Project.Title, "participant": e.Participant.DisplayName,
				"stage": string(furusato.StageWithdrawn), "reason": furusato.ReasonAccountDeleted}, Link: hostLink(e.ID)}, 0); err != nil {
			return err
		}
	}
	return nil
}
