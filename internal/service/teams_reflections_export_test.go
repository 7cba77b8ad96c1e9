package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// EndTeamForTest ends team t's work at now as the completion will: the
// conditional end (store.EndTeam), then the end hooks service.New gave
// s, in one transaction. For tests only, until the completion exists.
func EndTeamForTest(ctx context.Context, s *Teams, t *furusato.Team, now time.Time) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.EndTeam(ctx, t.ID, false, "", now); err != nil {
			return err
		}
		return s.ended(ctx, tx, t, now)
	})
}
