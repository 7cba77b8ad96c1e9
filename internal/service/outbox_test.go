package service_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// mailClock is a settable time source.
type mailClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *mailClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *mailClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var mailTime = time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)

// queue composes n messages and writes them to the outbox in one Tx.
func queue(t *testing.T, db *store.DB, n int, at time.Time) []*mail.Message {
	t.Helper()
	var out []*mail.Message
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			m, err := mail.Compose(mail.KindVerifyEmail, "ja", fmt.Sprintf("user%d@example.jp", i), mail.Data{
				Name: "利用者", URL: fmt.Sprintf("https://furusato.example.jp/account/verify?token=t%d", i), Expires: at.Add(24 * time.Hour),
			})
			if err != nil {
				return err
			}
			if err := service.QueueMail(context.Background(), tx, m, at); err != nil {
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

func quiet(d *service.Deliverer) *service.Deliverer {
	d.Log = slog.New(slog.DiscardHandler)
	return d
}

// recordingSender counts what it is asked to send and fails while err is set.
type recordingSender struct {
	mu    sync.Mutex
	sent  map[string]int // Message-ID → times
	calls int
	err   error
	delay time.Duration
}

func (s *recordingSender) Send(ctx context.Context, m *mail.Message) error {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return s.err
	}
	if s.sent == nil {
		s.sent = map[string]int{}
	}
	s.sent[m.MessageID]++
	return nil
}

func TestDeliverer_SendsTheOutboxOverSMTP(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		host, port := srv.Addr()
		sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, From: "ふるさと兼業 <noreply@example.jp>"})
		if err != nil {
			t.Fatal(err)
		}
		msgs := queue(t, db, 3, mailTime)
		clk := &mailClock{t: mailTime}
		d := quiet(service.NewDeliverer(db, sender, clk.Now))
		sent, err := d.RunOnce(ctx)
		if err != nil || sent != 3 {
			t.Fatalf("RunOnce = %d, %v", sent, err)
		}
		got := srv.WaitFor(t, 3, 5*time.Second)
		for i, g := range got {
			if g.MessageID != msgs[i].MessageID || g.Subject != msgs[i].Subject || !strings.Contains(g.Text, "token=t"+fmt.Sprint(i)) {
				t.Errorf("captured %d: id %q subject %q", i, g.MessageID, g.Subject)
			}
		}
		unsent, total, err := db.FindOutbox(ctx, store.OutboxFilter{Unsent: true})
		if err != nil || total != 0 || len(unsent) != 0 {
			t.Errorf("unsent after delivery = %d, %v", total, err)
		}
		all, _, _ := db.FindOutbox(ctx, store.OutboxFilter{})
		for _, m := range all {
			if !m.SentAt.Equal(mailTime) || m.Attempts != 1 || m.LastError != "" {
				t.Errorf("delivered mail = %+v", m)
			}
		}
		if sent, err := d.RunOnce(ctx); sent != 0 || err != nil {
			t.Errorf("second round = %d, %v", sent, err)
		}
		if n := len(srv.Messages()); n != 3 {
			t.Errorf("server has %d messages, want 3", n)
		}
	})
}

func TestDeliverer_FailureIsRetriedWithBackoffThenGivenUp(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		queue(t, db, 1, mailTime)
		clk := &mailClock{t: mailTime}
		sender := &recordingSender{err: errors.New("451 4.3.0 try again later")}
		d := quiet(service.NewDeliverer(db, sender, clk.Now))
		d.MaxAttempts = 3

		if sent, err := d.RunOnce(ctx); sent != 0 || err != nil {
			t.Fatalf("RunOnce = %d, %v", sent, err)
		}
		all, _, _ := db.FindOutbox(ctx, store.OutboxFilter{})
		m := all[0]
		if m.Attempts != 1 || m.LastError != "451 4.3.0 try again later" || !m.NextAttemptAt.Equal(mailTime.Add(time.Minute)) || !m.SentAt.IsZero() {
			t.Fatalf("after one failure: %+v", m)
		}
		// Before the retry time nothing is tried.
		clk.Add(59 * time.Second)
		if sent, err := d.RunOnce(ctx); sent != 0 || err != nil || sender.calls != 1 {
			t.Fatalf("early round = %d, %v, %d calls", sent, err, sender.calls)
		}
		clk.Add(time.Second)
		if _, err := d.RunOnce(ctx); err != nil || sender.calls != 2 {
			t.Fatalf("retry round: %v, %d calls", err, sender.calls)
		}
		m, _ = db.FindOutboxMail(ctx, m.ID)
		if m.Attempts != 2 || !m.NextAttemptAt.Equal(clk.Now().Add(5*time.Minute)) {
			t.Fatalf("after two failures: %+v", m)
		}
		// The third failure is the last.
		clk.Add(5 * time.Minute)
		if _, err := d.RunOnce(ctx); err != nil || sender.calls != 3 {
			t.Fatalf("third round: %v, %d calls", err, sender.calls)
		}
		m, _ = db.FindOutboxMail(ctx, m.ID)
		if !m.GaveUp() || m.Attempts != 3 || m.LastError == "" {
			t.Fatalf("after giving up: %+v", m)
		}
		clk.Add(48 * time.Hour)
		if _, err := d.RunOnce(ctx); err != nil || sender.calls != 3 {
			t.Errorf("given-up mail tried again: %v, %d calls", err, sender.calls)
		}
	})
}

func TestMailRetryDelay(t *testing.T) {
	want := []time.Duration{time.Minute, time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	for n, w := range want {
		if got := service.MailRetryDelay(n); got != w {
			t.Errorf("MailRetryDelay(%d) = %s, want %s", n, got, w)
		}
	}
}

func TestDeliverer_TwoDeliverersNeverSendAMailTwice(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		const n = 24
		msgs := queue(t, db, n, mailTime)
		clk := &mailClock{t: mailTime}
		sender := &recordingSender{delay: time.Millisecond}
		var wg sync.WaitGroup
		total := make([]int, 2)
		for i := range 2 {
			d := quiet(service.NewDeliverer(db, sender, clk.Now))
			d.Batch = 3
			wg.Go(func() {
				for {
					sent, err := d.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if sent == 0 {
						return
					}
					total[i] += sent
				}
			})
		}
		wg.Wait()
		if total[0]+total[1] != n {
			t.Errorf("sent %d + %d, want %d", total[0], total[1], n)
		}
		for _, m := range msgs {
			if c := sender.sent[m.MessageID]; c != 1 {
				t.Errorf("%s sent %d times", m.MessageID, c)
			}
		}
	})
}

func TestDeliverer_RunStopsWithItsContext(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	queue(t, db, 2, mailTime)
	sender := &recordingSender{}
	d := quiet(service.NewDeliverer(db, sender, time.Now))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx, 10*time.Millisecond); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		sender.mu.Lock()
		n := len(sender.sent)
		sender.mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run sent nothing")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}
