package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestTeamThread_UnreadCountsAndDigestsForEveryMemberOnce(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		var last int64
		for i, body := range []string{"はじめまして", "資料です"} {
			m := &furusato.TeamMessage{TeamID: w.team.ID, AuthorID: w.alice.ID, Body: body}
			tx(t, db, func(ctx context.Context, tx *store.Tx) error {
				return tx.CreateTeamMessage(ctx, m, now.Add(time.Duration(i)*time.Minute))
			})
			last = m.ID
		}
		counts, err := db.UnreadTeamMessageCounts(ctx, w.bob.ID, []int64{w.team.ID})
		if err != nil || counts[w.team.ID] != 2 {
			t.Fatalf("bob's unread %v, %v", counts, err)
		}
		if counts, _ := db.UnreadTeamMessageCounts(ctx, w.alice.ID, []int64{w.team.ID}); len(counts) != 0 {
			t.Errorf("the author's unread %v", counts)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.MarkTeamThreadRead(ctx, w.team.ID, w.bob.ID, last)
		})
		if counts, _ := db.UnreadTeamMessageCounts(ctx, w.bob.ID, []int64{w.team.ID}); len(counts) != 0 {
			t.Errorf("bob's unread after reading %v", counts)
		}
		quiet := now.Add(10 * time.Minute)
		cands, err := db.FindTeamDigestCandidates(ctx, now.Add(-time.Hour), quiet, quiet.Add(-30*time.Minute), 100)
		if err != nil {
			t.Fatal(err)
		}
		var who []int64
		for _, c := range cands {
			who = append(who, c.UserID)
			if c.Count != 2 || c.Last != last || c.ProjectTitle != w.project.Title {
				t.Errorf("candidate %+v", c)
			}
		}
		want := []int64{w.staff.ID, w.coord.ID, w.sup.ID}
		slices.Sort(want)
		if !slices.Equal(who, want) {
			t.Errorf("digest to %v, want staff, coordinator and supporter %v (not the author, not bob who read it, not the former supporter)", who, want)
		}
		// Not quiet yet: nobody.
		if cands, _ := db.FindTeamDigestCandidates(ctx, now.Add(-time.Hour), now, now.Add(-30*time.Minute), 100); len(cands) != 0 {
			t.Errorf("digest before the thread was quiet: %+v", cands)
		}
		for i := 0; i < 2; i++ {
			var ok bool
			tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
				ok, err = tx.AdvanceTeamDigest(ctx, w.team.ID, w.staff.ID, last)
				return err
			})
			if ok != (i == 0) {
				t.Errorf("advance %d: %v", i, ok)
			}
		}
		msgs, err := db.FindTeamDigestMessages(ctx, w.team.ID, w.staff.ID, 0, last)
		if err != nil || len(msgs) != 2 || msgs[0].Body != "はじめまして" {
			t.Errorf("digest messages %+v, %v", msgs, err)
		}
	})
}

func TestCheckInReminders_CandidatesAndOneClaimPerDueInstant(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		at := now.Add(8 * 24 * time.Hour)
		filter := store.CheckInDueFilter{Weekly: at.Add(-7 * 24 * time.Hour), Biweekly: at.Add(-14 * 24 * time.Hour),
			Monthly: at.Add(-28 * 24 * time.Hour), Limit: 10}
		if c, err := db.FindCheckInDueCandidates(ctx, filter); err != nil || len(c) != 0 {
			t.Fatalf("before the kickoff: %+v, %v", c, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.SetKickoff(ctx, w.team.ID, now) })
		// Bob wrote a check-in two days after the kickoff: not due yet.
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateCheckIn(ctx, &furusato.CheckIn{TeamID: w.team.ID, AuthorID: w.bob.ID, PeriodStart: now,
				PeriodEnd: now.Add(48 * time.Hour), Done: "見学", Next: "提案", Hours: 3}, now.Add(48*time.Hour))
		})
		cands, err := db.FindCheckInDueCandidates(ctx, filter)
		if err != nil || len(cands) != 1 || cands[0].UserID != w.alice.ID || !cands[0].KickoffAt.Equal(now) || !cands[0].LastCheckIn.IsZero() {
			t.Fatalf("candidates %+v, %v", cands, err)
		}
		last, err := db.LastCheckInTimes(ctx, w.team.ID, []int64{w.alice.ID, w.bob.ID})
		if err != nil || len(last) != 1 || !last[w.bob.ID].Equal(now.Add(48*time.Hour)) {
			t.Errorf("last check-ins %v, %v", last, err)
		}
		due := now.Add(7 * 24 * time.Hour)
		for i := 0; i < 2; i++ {
			var ok bool
			tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
				ok, err = tx.ClaimCheckInReminder(ctx, w.team.ID, w.alice.ID, due, at)
				return err
			})
			if ok != (i == 0) {
				t.Errorf("claim %d: %v", i, ok)
			}
		}
		if cands, _ := db.FindCheckInDueCandidates(ctx, filter); len(cands) != 0 {
			t.Errorf("reminded participant still a candidate: %+v", cands)
		}
		// The keyset skips what was seen; an ended team has none.
		filter.Weekly = at.Add(time.Hour) // everyone looks due
		filter.AfterTeam, filter.AfterUser = w.team.ID, w.alice.ID
		if cands, _ := db.FindCheckInDueCandidates(ctx, filter); len(cands) != 1 || cands[0].UserID != w.bob.ID {
			t.Errorf("after alice: %+v", cands)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.EndTeam(ctx, w.team.ID, false, "", at) })
		filter.AfterTeam, filter.AfterUser = 0, 0
		if cands, _ := db.FindCheckInDueCandidates(ctx, filter); len(cands) != 0 {
			t.Errorf("ended team: %+v", cands)
		}
	})
}
