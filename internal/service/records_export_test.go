package service

import (
	"context"

	"github.com/furusato/furusato/internal/store"
)

// EndTeamForTest ends team id's work as the coordinator's completion (or
// early end) will, running the end hooks in the same transaction, so the
// tests of what follows the end (records, reflections) need no project in
// progress.
func (s *Teams) EndTeamForTest(ctx context.Context, id int64, early bool, reason string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.now()
		if err := tx.EndTeam(ctx, id, early, reason, now); err != nil {
			return err
		}
		t, err := tx.FindTeam(ctx, id)
		if err != nil {
			return err
		}
		return s.ended(ctx, tx, t, now)
	})
}
