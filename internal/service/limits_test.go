package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestEntriesSubmit_RateLimitedPerDay: a person sends at most
// EntriesPerDay entries in 24 hours; the next is ERATELIMIT saying when
// entering works again (not a field error), writes nothing, and a day later entering works again.
func TestEntriesSubmit_RateLimitedPerDay(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newEntryFixture(t, db, 3)
	a := f.newParticipant(t, "熱心 な人")
	var ps []*furusato.Project
	for i := range service.EntriesPerDay + 2 {
		ps = append(ps, f.publish(t, fmt.Sprintf("上限を確かめる案件%d", i), 3))
	}
	for _, p := range ps[:service.EntriesPerDay] {
		f.submit(t, a, p)
	}
	_, err := f.entries.Submit(ctx, a, ps[service.EntriesPerDay].ID, entryInput("もう一件"))
	wantCode(t, "one entry too many", err, furusato.ERATELIMIT)
	if got := furusato.ErrorFields(err); len(got) != 0 { // not a fault of what was typed
		t.Errorf("field errors = %v", got)
	}
	if got := furusato.RetryAt(err); !got.Equal(f.at.Add(24 * time.Hour)) {
		t.Errorf("retry at %v, want %v", got, f.at.Add(24*time.Hour))
	}
	mine, err := f.entries.Mine(ctx, a)
	if err != nil || len(mine) != service.EntriesPerDay {
		t.Fatalf("after the refusal %d entries, %v; want %d", len(mine), err, service.EntriesPerDay)
	}
	// Someone else is not held back by it.
	f.submit(t, f.newParticipant(t, "別の 人"), ps[service.EntriesPerDay])
	f.at = f.at.Add(24*time.Hour + time.Minute)
	f.submit(t, a, ps[service.EntriesPerDay+1])
}

// TestMessagesPost_RateLimitedPerHour: at most MessagesPerHour messages an
// hour per person and thread; the next is ERATELIMIT on the body field and
// is not written; another thread and, an hour later, the same one work.
func TestMessagesPost_RateLimitedPerHour(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newMsgFixture(t, db)
	for i := range service.MessagesPerHour {
		if _, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, fmt.Sprintf("メッセージ%d", i)); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	th, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, "もう一通")
	wantCode(t, "one message too many", err, furusato.ERATELIMIT)
	if got := furusato.ErrorFields(err)["body"]; got != "messages.error.too_many" || th == nil {
		t.Errorf("field error = %q, thread %v", got, th)
	}
	full, err := f.msgs.Thread(ctx, f.part, f.entry.ID)
	if err != nil || len(full.Messages) != service.MessagesPerHour {
		t.Fatalf("thread has %d messages, %v; want %d", len(full.Messages), err, service.MessagesPerHour)
	}
	// The coordinator can still answer, and the participant write elsewhere.
	if _, _, err := f.msgs.Post(ctx, f.gifu, f.entry.ID, "ご連絡ありがとうございます"); err != nil {
		t.Fatalf("coordinator's answer: %v", err)
	}
	other := f.submit(t, f.part, f.publish(t, "別の案件", 3))
	if _, _, err := f.msgs.Post(ctx, f.part, other.ID, "別のスレッドです"); err != nil {
		t.Fatalf("another thread: %v", err)
	}
	f.at = f.at.Add(time.Hour + time.Minute)
	if _, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, "一時間後"); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}
