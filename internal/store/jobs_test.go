package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

type testJob struct{ N int }

func (testJob) Kind() string { return "test_job" }

// fakeInserter records the jobs it is given and the transaction of each.
type fakeInserter struct {
	kinds []string
	txs   []*sql.Tx
	err   error
}

func (f *fakeInserter) InsertTx(_ context.Context, tx *sql.Tx, args store.JobArgs) error {
	f.kinds, f.txs = append(f.kinds, args.Kind()), append(f.txs, tx)
	return f.err
}

// Without an inserter Enqueue does nothing and says so; with one, it hands
// the job to it with the transaction's own *sql.Tx, and its error fails
// the transaction. Migrate made River's table.
func TestEnqueue_ThroughTheInserterInTheSameTransaction(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.Enqueue(ctx, testJob{1}); tx.HasJobs() || err != nil {
				t.Errorf("without an inserter: %v, %v", tx.HasJobs(), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		f := &fakeInserter{}
		db.SetJobs(f)
		var seen *sql.Tx
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.JobStatement(func(stx *sql.Tx) error { seen = stx; return nil }); err != nil {
				return err
			}
			if !tx.HasJobs() {
				t.Error("HasJobs false with an inserter")
			}
			return tx.Enqueue(ctx, testJob{2})
		})
		if err != nil || len(f.kinds) != 1 || f.kinds[0] != "test_job" || f.txs[0] != seen || seen == nil {
			t.Fatalf("with an inserter: %v, %v", err, f.kinds)
		}
		f.err = errors.New("queue down")
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.Enqueue(ctx, testJob{3}) }); err == nil || !errors.Is(err, f.err) {
			t.Errorf("a failing inserter: %v", err)
		}
		if n, err := db.UnfinishedJobs(ctx); n != 0 || err != nil {
			t.Errorf("unfinished jobs = %d, %v", n, err)
		}
	})
}

func TestNoteMailFailure_CountsTheAttemptOfUnsentMailOnly(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
		m := &furusato.OutboxMail{Kind: "verify_email", To: "a@example.jp", Subject: "s", Text: "t", MessageID: "<1@example.jp>"}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.EnqueueMail(ctx, m, now); err != nil {
				return err
			}
			if err := tx.NoteMailFailure(ctx, m.ID, "451 later"); err != nil {
				return err
			}
			return tx.NoteMailFailure(ctx, m.ID, "452 later")
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindOutboxMail(ctx, m.ID)
		if got.Attempts != 2 || got.LastError != "452 later" || !got.SentAt.IsZero() || got.GaveUp() {
			t.Errorf("after two failures: %+v", got)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkMailSent(ctx, m.ID, now); err != nil {
				return err
			}
			return tx.NoteMailFailure(ctx, m.ID, "late")
		})
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("failure noted on sent mail: %v", err)
		}
	})
}
