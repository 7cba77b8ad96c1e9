package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// A second 「参画を決定する」 (a double click, a second tab) on an entry that
// is already matched is done, not a conflict: nothing more is written or
// told. A conflict says which one it is: the places were filled, or the
// entry is no longer an offer.
func TestEntriesAccept_RepeatIsDoneAndConflictsSayWhich(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me, other, third := f.newParticipant(t, "本人"), f.newParticipant(t, "別の人"), f.newParticipant(t, "三人目")
		e := f.submit(t, me, f.project)
		f.move(t, e, furusato.StageOffered)
		if err := f.entries.Accept(ctx, me, e.ID); err != nil {
			t.Fatal(err)
		}
		before := noticeKinds(t, db, me)
		if err := f.entries.Accept(ctx, me, e.ID); err != nil {
			t.Errorf("repeat accept: %v", err)
		}
		if p, _ := f.svc.Get(ctx, f.gifu, f.project.ID); p.Matched != 1 {
			t.Errorf("matched after a repeat = %d", p.Matched)
		}
		if got := noticeKinds(t, db, me); got != before {
			t.Errorf("notices after a repeat = %s, want %s", got, before)
		}
		// Someone else's matched entry is still not theirs to touch.
		if err := f.entries.Accept(ctx, other, e.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("another's matched entry: %v", err)
		}

		// Withdrawn meanwhile: the state changed, not the places.
		e2 := f.submit(t, other, f.project)
		f.move(t, e2, furusato.StageOffered)
		if err := f.entries.Withdraw(ctx, other, e2.ID, ""); err != nil {
			t.Fatal(err)
		}
		err := f.entries.Accept(ctx, other, e2.ID)
		if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictStale {
			t.Errorf("accept a withdrawn entry: %v (%q)", err, furusato.ConflictOf(err))
		}

		// Every place filled: that, and only that, is "filled".
		e3 := f.submit(t, third, f.project)
		f.move(t, e3, furusato.StageOffered)
		if err := db.Tx(ctx, func(tx *store.Tx) error { _, _, err := tx.TakePlace(ctx, f.project.ID); return err }); err != nil {
			t.Fatal(err)
		}
		err = f.entries.Accept(ctx, third, e3.ID)
		if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictFilled {
			t.Errorf("accept when filled: %v (%q)", err, furusato.ConflictOf(err))
		}
	})
}

// Withdrawing an entry already withdrawn (a double click) is done; one
// that moved on meanwhile (declined) is a conflict.
func TestEntriesWithdraw_RepeatIsDone(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "本人")
		e := f.submit(t, me, f.project)
		if err := f.entries.Withdraw(ctx, me, e.ID, "都合により"); err != nil {
			t.Fatal(err)
		}
		if err := f.entries.Withdraw(ctx, me, e.ID, "都合により"); err != nil {
			t.Errorf("repeat withdraw: %v", err)
		}
		d, _ := f.entries.Get(ctx, me, e.ID)
		if len(d.Events) != 2 {
			t.Errorf("events after a repeat = %d", len(d.Events))
		}
		e2 := f.submit(t, me, f.project)
		f.move(t, e2, furusato.StageDeclined)
		if err := f.entries.Withdraw(ctx, me, e2.ID, ""); code(err) != furusato.ECONFLICT {
			t.Errorf("withdraw a declined entry: %v", err)
		}
	})
}

// Limits count what people see: a message or an answer of family emoji
// (five code points each) up to the limit is kept whole, on both engines;
// one more is refused.
func TestLimits_CountEmojiAsOneCharacter(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		me := f.newParticipant(t, "絵文字 好き")
		in := entryInput("x")
		in.Motivation = strings.Repeat("👨‍👩‍👧", furusato.MaxMotivation)
		e, err := f.entries.Submit(ctx, me, f.project.ID, in)
		if err != nil {
			t.Fatalf("motivation of %d emoji: %v", furusato.MaxMotivation, err)
		}
		if d, _ := f.entries.Get(ctx, me, e.ID); d.Entry.Motivation != in.Motivation {
			t.Error("the emoji were not kept whole")
		}
		msgs := f.services.Messages
		if _, _, err := msgs.Post(ctx, me, e.ID, strings.Repeat("👍🏽", furusato.MaxMessage)); err != nil {
			t.Errorf("message of %d emoji: %v", furusato.MaxMessage, err)
		}
		if _, _, err := msgs.Post(ctx, me, e.ID, strings.Repeat("👍🏽", furusato.MaxMessage+1)); code(err) != furusato.EINVALID {
			t.Errorf("one emoji too many: %v", err)
		}
	})
}
