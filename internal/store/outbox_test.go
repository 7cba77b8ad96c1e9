package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func enqueueMail(t *testing.T, db *store.DB, n int, at time.Time) []*furusato.OutboxMail {
	t.Helper()
	var out []*furusato.OutboxMail
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			m := &furusato.OutboxMail{
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

func claim(t *testing.T, db *store.DB, at time.Time, limit int) []*furusato.OutboxMail {
	t.Helper()
	var got []*furusato.OutboxMail
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
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := enqueueMail(t, db, 2, now)
		later := enqueueMail(t, db, 1, now.Add(time.Minute))
		if first[0].ID == 0 || first[1].ID == first[0].ID {
			t.Fatalf("ids %d, %d", first[0].ID, first[1].ID)
		}
		all, total, err := db.FindOutbox(ctx, furusato.OutboxFilter{})
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
		page, total, err := db.FindOutbox(ctx, furusato.OutboxFilter{Limit: 1, Offset: 1})
		if err != nil || total != 3 || len(page) != 1 || page[0].ID != first[1].ID {
			t.Errorf("page 2 = %+v, %d, %v", page, total, err)
		}
		page, total, err = db.FindOutbox(ctx, furusato.OutboxFilter{Offset: 10})
		if err != nil || total != 3 || len(page) != 0 {
			t.Errorf("past the end = %d, %d, %v", len(page), total, err)
		}

		// The same Message-ID twice is a conflict.
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.EnqueueMail(ctx, &furusato.OutboxMail{To: "x@example.jp", MessageID: first[0].MessageID}, now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("duplicate message id: %v", err)
		}

		// Sent mail drops out of the unsent filter.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailSent(ctx, first[0].ID, now.Add(time.Second)) }); err != nil {
			t.Fatal(err)
		}
		unsent, total, err := db.FindOutbox(ctx, furusato.OutboxFilter{Unsent: true})
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
	t.Parallel()
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
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		const n = 60
		enqueueMail(t, db, n, now)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for {
					var got []*furusato.OutboxMail
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

// TestOutbox_SentMailKeepsNoSecret: marking a mail sent replaces the
// secret of every reset, confirmation and invitation link in its bodies;
// the metadata stays, and an unsent mail keeps its link for delivery.
func TestOutbox_SentMailKeepsNoSecret(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const tok = "Zk3q-secretvalue_0123456789abcdefABCDEF"
		var ids []int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i := range 2 {
				m := &furusato.OutboxMail{Kind: "reset_password", To: fmt.Sprintf("r%d@example.jp", i), Subject: "再設定",
					Text:      "開いてください\nhttps://furusato.example.jp/account/password/reset/" + tok + "\n以上",
					HTML:      `<a href="https://furusato.example.jp/account/password/reset/` + tok + `">再設定</a>`,
					MessageID: fmt.Sprintf("<secret-%d@example.jp>", i), Calendar: "",
					ListUnsubscribe: "https://furusato.example.jp/mail/unsubscribe/" + tok}
				if err := tx.EnqueueMail(ctx, m, now); err != nil {
					return err
				}
				ids = append(ids, m.ID)
			}
			return tx.MarkMailSent(ctx, ids[0], now.Add(time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		sent, _ := db.FindOutboxMail(ctx, ids[0])
		if strings.Contains(sent.Text+sent.HTML+sent.ListUnsubscribe, tok) {
			t.Errorf("sent mail keeps its token:\n%s\n%s\n%s", sent.Text, sent.HTML, sent.ListUnsubscribe)
		}
		if sent.ListUnsubscribe != "https://furusato.example.jp/mail/unsubscribe/{token}" {
			t.Errorf("sent mail's List-Unsubscribe %q", sent.ListUnsubscribe)
		}
		if !strings.Contains(sent.Text, "https://furusato.example.jp/account/password/reset/{token}\n以上") ||
			!strings.Contains(sent.HTML, `/account/password/reset/{token}">再設定`) {
			t.Errorf("sent mail bodies:\n%s\n%s", sent.Text, sent.HTML)
		}
		if sent.To != "r0@example.jp" || sent.Subject != "再設定" || sent.Kind != "reset_password" || !sent.SentAt.Equal(now.Add(time.Minute)) {
			t.Errorf("sent mail metadata %+v", sent)
		}
		unsent, _ := db.FindOutboxMail(ctx, ids[1])
		if !strings.Contains(unsent.Text, tok) || !strings.Contains(unsent.HTML, tok) || !strings.Contains(unsent.ListUnsubscribe, tok) {
			t.Errorf("unsent mail lost its link before delivery:\n%s", unsent.Text)
		}
	})
}

// TestOutbox_DeleteSentMailOnlyOldSentMail: the purge deletes mail sent
// before the cut-off, in batches, and never mail not sent yet (due,
// waiting for a retry or given up) or sent after it.
func TestOutbox_DeleteSentMailOnlyOldSentMail(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		old := enqueueMail(t, db, 3, now)
		oldUnsent := enqueueMail(t, db, 1, now.Add(time.Second))
		gaveUp := enqueueMail(t, db, 1, now.Add(2*time.Second))
		recent := enqueueMail(t, db, 1, now.Add(time.Hour))
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, m := range old {
				if err := tx.MarkMailSent(ctx, m.ID, now.Add(time.Minute)); err != nil {
					return err
				}
			}
			if err := tx.MarkMailFailed(ctx, gaveUp[0].ID, "refused", time.Time{}); err != nil {
				return err
			}
			return tx.MarkMailSent(ctx, recent[0].ID, now.Add(2*time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		cut := now.Add(90 * time.Minute)
		var n1, n2, n3 int64
		err = db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			if n1, err = tx.DeleteSentMail(ctx, cut, 2); err != nil {
				return err
			}
			if n2, err = tx.DeleteSentMail(ctx, cut, 2); err != nil {
				return err
			}
			n3, err = tx.DeleteSentMail(ctx, cut, 2)
			return err
		})
		if err != nil || n1 != 2 || n2 != 1 || n3 != 0 {
			t.Fatalf("DeleteSentMail = %d, %d, %d, %v; want 2, 1, 0", n1, n2, n3, err)
		}
		for _, m := range old {
			if _, err := db.FindOutboxMail(ctx, m.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("old sent mail %d: %v, want ENOTFOUND", m.ID, err)
			}
		}
		for _, m := range []*furusato.OutboxMail{oldUnsent[0], gaveUp[0], recent[0]} {
			if _, err := db.FindOutboxMail(ctx, m.ID); err != nil {
				t.Errorf("mail %d (%s) purged: %v", m.ID, m.To, err)
			}
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.DeleteSentMail(ctx, cut, 0); return err }); err == nil {
			t.Error("limit 0 accepted")
		}
	})
}

// TestOutbox_RedactSentMailBlanksLinksLeftByOlderVersions: mail marked
// sent before sent mail was blanked (here: by hand) gets its secret links
// blanked; unsent mail keeps them.
func TestOutbox_RedactSentMailBlanksLinksLeftByOlderVersions(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const tok = "Zk3q-secretvalue_0123456789abcdefABCDEF"
		var ids []int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i, body := range []string{
				"https://furusato.example.jp/invitations/" + tok, "https://furusato.example.jp/account/verify/" + tok,
				"no link", "https://furusato.example.jp/account/password/reset/" + tok,
			} {
				m := &furusato.OutboxMail{Kind: "invitation", To: fmt.Sprintf("o%d@example.jp", i), Subject: "件名", Text: body, HTML: "<p>" + body + "</p>",
					MessageID: fmt.Sprintf("<old-%d@example.jp>", i)}
				if i == 2 { // a notice: its only secret is the one-click unsubscribe URL
					m.ListUnsubscribe = "https://furusato.example.jp/mail/unsubscribe/" + tok
				}
				if err := tx.EnqueueMail(ctx, m, now); err != nil {
					return err
				}
				ids = append(ids, m.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// As an older version marked them sent: bodies kept whole.
		if _, err := db.Writer().ExecContext(ctx, `UPDATE outbox SET sent_at = $1, next_attempt_at = 0 WHERE id <> $2`, now.UnixMilli(), ids[3]); err != nil {
			t.Fatal(err)
		}
		var total int
		after := int64(0)
		for range 5 {
			var n int
			var next int64
			err := db.Tx(ctx, func(tx *store.Tx) error {
				var err error
				next, n, err = tx.RedactSentMail(ctx, after, 1)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			total += n
			if next == 0 {
				break
			}
			after = next
		}
		if total != 3 {
			t.Errorf("blanked %d mails, want 3", total)
		}
		for i, id := range ids {
			m, _ := db.FindOutboxMail(ctx, id)
			has := strings.Contains(m.Text, tok) || strings.Contains(m.HTML, tok) || strings.Contains(m.ListUnsubscribe, tok)
			if i < 3 && has {
				t.Errorf("sent mail %d keeps its token: %q", i, m.Text)
			}
			if i == 3 && !has {
				t.Errorf("unsent mail lost its link: %q", m.Text)
			}
		}
	})
}
