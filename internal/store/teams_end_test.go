package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestEndTeam_OnceAndRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		end := now.Add(24 * time.Hour)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.EndTeam(ctx, w.team.ID, true, "本業の繁忙期", end)
		})
		err := db.Tx(ctx, func(tx *store.Tx) error { return tx.EndTeam(ctx, w.team.ID, false, "", end.Add(time.Hour)) })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("second end: %v, want ECONFLICT", err)
		}
		got, err := db.FindTeam(ctx, w.team.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Ended() || !got.EndedAt.Equal(end) || !got.EndedEarly || got.EndReason != "本業の繁忙期" {
			t.Errorf("ended team = %+v", got)
		}
	})
}
