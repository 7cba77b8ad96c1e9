package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func enqueueMail(t *testing.T, db *store.DB, n int, at time.Time) []*store.OutboxMail {
	t.Helper()
	var out []*store.OutboxMail
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			m := &store.OutboxMail{
				Kind: "verify_email", To: fmt.Sprintf("u%d@example.jp", i), Subject: "【ふるさと兼業】確認",
				Text: "本文", HTML: "<p>本文</p>", MessageID: fmt.Sprintf("<%d-%d@example.jp>", at.UnixNano(), i),
			}
			if err := tx.EnqueueMail(context.Background(), m, at); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func claim(t *testing.T, db *store.DB, at time.Time, limit int) []*store.OutboxMail {
	t.Helper()
	var got []*store.OutboxMail
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		var err error
		got, err = tx.ClaimDueMail(context.Background(), at, 10*time.Minute, limit)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestOutbox_EnqueueFindAndPage(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := enqueueMail(t, db, 2, now)
		later := enqueueMail(t, db, 1, now.Add(time.Minute))
		if first[0].ID == 0 || first[1].ID == first[0].ID {
			t.Fatalf("ids %d, %d", first[0].ID, first[1].ID)
		}
		all, total, err := db.FindOutbox(ctx, store.OutboxFilter{})
		if err != nil || total != 3 || len(all) != 3 {
			t.Fatalf("FindOutbox = %d, total %d, %v", len(all), total, err)
		}
		if all[0].ID != later[0].ID || all[2].ID != first[0].ID {
			t.Errorf("not newest first: %d, %d, %d", all[0].ID, all[1].ID, all[2].ID)
		}
		m := all[2]
		if m.Kind != "verify_email" || m.To != "u0@example.jp" || m.Subject != "【ふるさと兼業】確認" || m.Text != "本文" || m.HTML != "<p>本文</p>" ||
			m.MessageID != first[0].MessageID || !m.CreatedAt.Equal(now) || !m.SentAt.IsZero() || m.Attempts != 0 || !m.NextAttemptAt.Equal(now) || m.GaveUp() {
			t.Errorf("stored mail = %+v", m)
		}
		one, err := db.FindOutboxMail(ctx, first[1].ID)
		if err != nil || one.To != "u1@example.jp" {
			t.Errorf("FindOutboxMail = %+v, %v", one, err)
		}
		if _, err := db.FindOutboxMail(ctx, 9999); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing mail: %v", err)
		}
		page, total, err := db.FindOutbox(ctx, store.OutboxFilter{Limit: 1, Offset: 1})
		if err != nil || total != 3 || len(page) != 1 || page[0].ID != first[1].ID {
			t.Errorf("page 2 = %+v, %d, %v", page, total, err)
		}
		page, total, err = db.FindOutbox(ctx, store.OutboxFilter{Offset: 10})
		if err != nil || total != 3 || len(page) != 0 {
			t.Errorf("past the end = %d, %d, %v", len(page), total, err)
		}

		// The same Message-ID twice is a conflict.
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.EnqueueMail(ctx, &store.OutboxMail{To: "x@example.jp", MessageID: first[0].MessageID}, now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("duplicate message id: %v", err)
		}

		// Sent mail drops out of the unsent filter.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailSent(ctx, first[0].ID, now.Add(time.Second)) }); err != nil {
			t.Fatal(err)
		}
		unsent, total, err := db.FindOutbox(ctx, store.OutboxFilter{Unsent: true})
		if err != nil || total != 2 || len(unsent) != 2 {
			t.Errorf("unsent = %d, total %d, %v", len(unsent), total, err)
		}
		sent, _ := db.FindOutboxMail(ctx, first[0].ID)
		if !sent.SentAt.Equal(now.Add(time.Second)) || sent.GaveUp() {
			t.Errorf("sent mail = %+v", sent)
		}
	})
}

func TestOutbox_ClaimLeasesAndRetries(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mails := enqueueMail(t, db, 3, now)

		if got := claim(t, db, now.Add(-time.Second), 10); len(got) != 0 {
			t.Errorf("claimed %d mails before they were due", len(got))
		}
		got := claim(t, db, now, 2)
		if len(got) != 2 || got[0].ID != mails[0].ID || got[1].ID != mails[1].ID || got[0].Attempts != 1 || !got[0].NextAttemptAt.Equal(now.Add(10*time.Minute)) {
			t.Fatalf("first claim = %+v", got)
		}
		// A released claim is due again, not counted as a try.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.ReleaseMail(ctx, mails[1].ID, now) }); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.FindOutboxMail(ctx, mails[1].ID); r.Attempts != 0 || !r.NextAttemptAt.Equal(now) {
			t.Errorf("released mail = %+v", r)
		}
		if got := claim(t, db, now, 1); len(got) != 1 || got[0].ID != mails[1].ID {
			t.Fatalf("claim after release = %+v", got)
		}
		// Leased mail is not due again; the third one is.
		again := claim(t, db, now.Add(time.Minute), 10)
		if len(again) != 1 || again[0].ID != mails[2].ID {
			t.Fatalf("second claim = %+v", again)
		}

		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkMailSent(ctx, mails[0].ID, now.Add(time.Minute)); err != nil {
				return err
			}
			if err := tx.MarkMailFailed(ctx, mails[1].ID, "451 try later", now.Add(5*time.Minute)); err != nil {
				return err
			}
			return tx.MarkMailFailed(ctx, mails[2].ID, "550 no such user", time.Time{})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := claim(t, db, now.Add(4*time.Minute), 10); len(got) != 0 {
			t.Errorf("claimed %d before the retry time", len(got))
		}
		retry := claim(t, db, now.Add(5*time.Minute), 10)
		if len(retry) != 1 || retry[0].ID != mails[1].ID || retry[0].Attempts != 2 || retry[0].LastError != "451 try later" {
			t.Errorf("retry claim = %+v", retry)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailSent(ctx, mails[1].ID, now.Add(5*time.Minute)) }); err != nil {
			t.Fatal(err)
		}
		// Given up: never claimed again, the error kept for admins.
		if got := claim(t, db, now.Add(24*time.Hour), 10); len(got) != 0 {
			t.Errorf("claimed %d after giving up", len(got))
		}
		gaveUp, _ := db.FindOutboxMail(ctx, mails[2].ID)
		if !gaveUp.GaveUp() || gaveUp.LastError != "550 no such user" {
			t.Errorf("given-up mail = %+v", gaveUp)
		}
		// A sent mail cannot be marked failed.
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailFailed(ctx, mails[0].ID, "x", now) })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("failing a sent mail: %v", err)
		}
	})
}

func TestOutbox_ConcurrentClaimsNeverShareAMail(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		const n = 60
		enqueueMail(t, db, n, now)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for {
					var got []*store.OutboxMail
					err := db.Tx(context.Background(), func(tx *store.Tx) error {
						var err error
						got, err = tx.ClaimDueMail(context.Background(), now, time.Minute, 4)
						return err
					})
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						seen[m.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("claimed %d distinct mails, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("mail %d claimed %d times", id, c)
			}
		}
	})
}
