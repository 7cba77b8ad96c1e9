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

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
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

func quiet(m *service.Mailer) *service.Mailer {
	m.Log = slog.New(slog.DiscardHandler)
	return m
}

func smtpSender(t *testing.T, srv *testkit.SMTPServer) mail.Sender {
	t.Helper()
	host, port := srv.Addr()
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, From: "ふるさと兼業 <noreply@example.jp>"})
	if err != nil {
		t.Fatal(err)
	}
	return sender
}

// jobCount returns how many River jobs of kind exist, in any state.
func jobCount(t *testing.T, db *store.DB, kind string) int {
	t.Helper()
	c, err := jobs.NewAdmin(db.Writer(), jobs.Engine(db.Engine()))
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.Count(context.Background(), kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestQueueMail_EnqueuesItsJobInTheSameTransaction(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, err := jobs.NewAdmin(db.Writer(), jobs.Engine(db.Engine()))
		if err != nil {
			t.Fatal(err)
		}
		db.SetJobs(c)
		m, err := mail.Compose(mail.KindVerifyEmail, "ja", "user@example.jp", mail.Data{Name: "利用者", URL: "https://furusato.example.jp/v", Expires: mailTime.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		rollback := errors.New("roll back")
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := service.QueueMail(ctx, tx, m, mailTime); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if _, total, _ := db.FindOutbox(ctx, furusato.OutboxFilter{}); total != 0 || jobCount(t, db, jobs.KindSendMail) != 0 {
			t.Fatalf("after rollback: %d mails, %d jobs", total, jobCount(t, db, jobs.KindSendMail))
		}
		queue(t, db, 2, mailTime)
		if _, total, _ := db.FindOutbox(ctx, furusato.OutboxFilter{}); total != 2 || jobCount(t, db, jobs.KindSendMail) != 2 {
			t.Fatalf("after commit: %d mails, %d jobs", total, jobCount(t, db, jobs.KindSendMail))
		}
		if n, err := db.UnfinishedJobs(ctx); n != 2 || err != nil {
			t.Errorf("unfinished jobs = %d, %v", n, err)
		}
	})
}

// Without a job queue (tests of one package, `furusato demo`) the mail
// stays in the outbox, unsent, for admins to read: nothing fails.
func TestQueueMail_WithoutJobQueueKeepsTheMail(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	queue(t, db, 1, mailTime)
	unsent, total, err := db.FindOutbox(ctx, furusato.OutboxFilter{Unsent: true})
	if err != nil || total != 1 || len(unsent) != 1 {
		t.Fatalf("unsent = %d, %v", total, err)
	}
	if n := jobCount(t, db, jobs.KindSendMail); n != 0 {
		t.Errorf("%d jobs without a queue", n)
	}
}

func TestMailer_DeliverSendsOnceWithTheStoredMessageID(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		msgs := queue(t, db, 2, mailTime)
		clk := &mailClock{t: mailTime.Add(time.Minute)}
		d := quiet(service.NewMailer(db, smtpSender(t, srv), clk.Now))
		all, _, _ := db.FindOutbox(ctx, furusato.OutboxFilter{})
		for _, m := range all {
			for range 2 { // the second call finds it sent
				if err := d.Deliver(ctx, m.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := d.Deliver(ctx, 999999); err != nil {
			t.Errorf("unknown mail: %v, want nil (nothing to do)", err)
		}
		// Deliver returns once the server has taken the message (it keeps
		// it before answering DATA), so the count is final: no wait needed.
		got := srv.WaitFor(t, 2, 5*time.Second)
		if n := len(srv.Messages()); n != 2 {
			t.Fatalf("server has %d messages, want 2", n)
		}
		ids := map[string]bool{msgs[0].MessageID: true, msgs[1].MessageID: true}
		for _, g := range got {
			if !ids[g.MessageID] || !strings.Contains(g.Text, "token=t") {
				t.Errorf("captured %q %q", g.MessageID, g.Subject)
			}
		}
		all, _, _ = db.FindOutbox(ctx, furusato.OutboxFilter{})
		for _, m := range all {
			if !m.SentAt.Equal(clk.Now()) || m.Attempts != 0 || m.LastError != "" {
				t.Errorf("delivered mail = %+v", m)
			}
		}
	})
}

func TestMailer_FailureIsRecordedAndReturnedForARetry(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		msgs := queue(t, db, 1, mailTime)
		all, _, _ := db.FindOutbox(ctx, furusato.OutboxFilter{})
		id := all[0].ID
		sender := &recordingSender{err: errors.New("451 4.3.0 try again later")}
		d := quiet(service.NewMailer(db, sender, func() time.Time { return mailTime }))
		for range 2 {
			if err := d.Deliver(ctx, id); err == nil || !strings.Contains(err.Error(), "451 4.3.0") {
				t.Fatalf("Deliver = %v, want the SMTP error", err)
			}
		}
		m, _ := db.FindOutboxMail(ctx, id)
		if m.Attempts != 2 || m.LastError != "451 4.3.0 try again later" || !m.SentAt.IsZero() {
			t.Fatalf("after two failures: %+v", m)
		}
		sender.err = nil
		if err := d.Deliver(ctx, id); err != nil {
			t.Fatal(err)
		}
		m, _ = db.FindOutboxMail(ctx, id)
		if m.SentAt.IsZero() || m.LastError != "" || sender.sent[msgs[0].MessageID] != 1 {
			t.Errorf("after the retry: %+v, sent %v", m, sender.sent)
		}
	})
}

// With no SMTP configured the job ends and the mail stays in the outbox.
func TestMailer_NoSMTPKeepsTheMailInTheOutbox(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	queue(t, db, 1, mailTime)
	all, _, _ := db.FindOutbox(ctx, furusato.OutboxFilter{})
	if err := quiet(service.NewMailer(db, nil, time.Now)).Deliver(ctx, all[0].ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.FindOutboxMail(ctx, all[0].ID); !m.SentAt.IsZero() || m.Attempts != 0 {
		t.Errorf("kept mail = %+v", m)
	}
}

// The whole path on River: mail queued in a transaction is delivered by
// the job, once, and no job is left.
func TestMailer_DeliveredByTheSendMailJob(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		d := quiet(service.NewMailer(db, smtpSender(t, srv), time.Now))
		c, err := jobs.New(db.Writer(), jobs.Engine(db.Engine()), jobs.Config{PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)},
			jobs.Services{Deliver: d.Deliver})
		if err != nil {
			t.Fatal(err)
		}
		db.SetJobs(c)
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Stop(context.Background()) })
		msgs := queue(t, db, 5, time.Now())
		srv.WaitFor(t, 5, 20*time.Second)
		testkit.EventuallyOK(t, 10*time.Second, func() error {
			n, err := db.UnfinishedJobs(ctx)
			if err == nil && n > 0 {
				err = fmt.Errorf("%d jobs unfinished", n)
			}
			return err
		})
		seen := map[string]int{}
		for _, g := range srv.Messages() {
			seen[g.MessageID]++
		}
		for _, m := range msgs {
			if seen[m.MessageID] != 1 {
				t.Errorf("%s received %d times", m.MessageID, seen[m.MessageID])
			}
		}
		if _, total, _ := db.FindOutbox(ctx, furusato.OutboxFilter{Unsent: true}); total != 0 {
			t.Errorf("%d mails unsent", total)
		}
	})
}

// When the job's last attempt fails, the outbox shows the mail given up.
func TestMailer_GivenUpWithItsJob(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sender := &recordingSender{err: errors.New("550 no such user")}
		d := quiet(service.NewMailer(db, sender, time.Now))
		c, err := jobs.New(db.Writer(), jobs.Engine(db.Engine()), jobs.Config{MailAttempts: 2, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)},
			jobs.Services{Deliver: d.Deliver})
		if err != nil {
			t.Fatal(err)
		}
		db.SetJobs(c)
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Stop(context.Background()) })
		queue(t, db, 1, time.Now())
		var m *furusato.OutboxMail
		testkit.EventuallyOK(t, 20*time.Second, func() error {
			all, _, err := db.FindOutbox(ctx, furusato.OutboxFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if m = all[0]; !m.GaveUp() {
				return fmt.Errorf("not given up: %+v", m)
			}
			return nil
		})
		if m.Attempts != 2 || m.LastError != "550 no such user" {
			t.Errorf("given up: %+v", m)
		}
	})
}

// Mail without a job (queued with no job queue) gets one; mail sent,
// given up, or whose job is live gets none, however often it runs.
func TestMailer_RequeueUnsentGivesJoblessMailItsJob(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		queue(t, db, 3, mailTime) // no job queue: no jobs
		all, _, _ := db.FindOutbox(ctx, furusato.OutboxFilter{})
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkMailSent(ctx, all[0].ID, mailTime); err != nil {
				return err
			}
			return tx.MarkMailFailed(ctx, all[1].ID, "550", time.Time{}) // given up
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := jobs.NewAdmin(db.Writer(), jobs.Engine(db.Engine()))
		if err != nil {
			t.Fatal(err)
		}
		db.SetJobs(c)
		queue(t, db, 1, mailTime) // with its job
		d := quiet(service.NewMailer(db, &recordingSender{}, time.Now))
		for range 2 {
			n, err := d.RequeueUnsent(ctx)
			if err != nil || n != 2 {
				t.Fatalf("RequeueUnsent = %d, %v; want 2 looked at", n, err)
			}
			if got := jobCount(t, db, jobs.KindSendMail); got != 2 {
				t.Fatalf("%d mail jobs, want 2 (the jobless one's and the queued one's)", got)
			}
		}
	})
}
