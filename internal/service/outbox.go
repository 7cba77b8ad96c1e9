package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// QueueMail writes the composed message m to the outbox on tx, so that it is
// sent (by a Deliverer) only if the change that causes it commits.
func QueueMail(ctx context.Context, tx *store.Tx, m *mail.Message, now time.Time) error {
	om := &store.OutboxMail{
		Kind:      string(m.Kind),
		To:        m.To,
		Subject:   m.Subject,
		Text:      m.Text,
		HTML:      m.HTML,
		MessageID: m.MessageID,
		Calendar:  m.Calendar,
	}
	if err := tx.EnqueueMail(ctx, om, now); err != nil {
		return err
	}
	// Logged so that an operator without SMTP sees mail being kept; never
	// the address or the body (they are personal data). It is written with
	// its transaction, which may still roll back.
	slog.InfoContext(ctx, "mail queued in the outbox", "outbox_id", om.ID, "kind", om.Kind, "message_id", om.MessageID)
	return nil
}

// Delivery defaults; a Deliverer's fields may change them before it runs.
const (
	DefaultMailBatch       = 20
	DefaultMailLease       = 15 * time.Minute
	DefaultMailSendTimeout = 30 * time.Second
	MaxMailAttempts        = 8
)

// mailBackoff is the wait after the nth failed try (n from 1); past its
// end the last step repeats.
var mailBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// MailRetryDelay returns how long to wait after the attempts-th failed try.
func MailRetryDelay(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	return mailBackoff[min(attempts, len(mailBackoff))-1]
}

// Deliverer sends the mail in the outbox. Several may run at once, on one
// node or many: each claims its mail in the database first (a lease), so
// no message is sent twice at the same time.
type Deliverer struct {
	db     *store.DB
	sender mail.Sender
	now    func() time.Time

	Batch       int           // mail claimed per round
	Lease       time.Duration // how long a claim holds; must exceed Batch × SendTimeout
	SendTimeout time.Duration // per message
	MaxAttempts int           // tries before giving up (last_error stays for admins)
	Log         *slog.Logger
}

// NewDeliverer returns a Deliverer that sends the outbox of db through
// sender, reading the time from now.
func NewDeliverer(db *store.DB, sender mail.Sender, now func() time.Time) *Deliverer {
	return &Deliverer{
		db: db, sender: sender, now: now,
		Batch: DefaultMailBatch, Lease: DefaultMailLease, SendTimeout: DefaultMailSendTimeout,
		MaxAttempts: MaxMailAttempts, Log: slog.Default(),
	}
}

// RunOnce claims the mail that is due and sends it, marking each sent or
// failed (to be tried again after MailRetryDelay, or given up after
// MaxAttempts tries). It returns how many were sent. A failed send is
// recorded and logged, not returned; err reports a database failure.
func (d *Deliverer) RunOnce(ctx context.Context) (sent int, err error) {
	var claimed []*store.OutboxMail
	err = d.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		claimed, err = tx.ClaimDueMail(ctx, d.now(), d.Lease, d.Batch)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("deliver mail: %w", err)
	}
	for i, m := range claimed {
		if ctx.Err() != nil {
			// Stopping: hand the rest back at once rather than after the lease.
			return sent, errors.Join(ctx.Err(), d.release(claimed[i:]))
		}
		sendCtx, cancel := context.WithTimeout(ctx, d.SendTimeout)
		sendErr := d.sender.Send(sendCtx, toMessage(m))
		cancel()
		if sendErr == nil {
			if err := d.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailSent(ctx, m.ID, d.now()) }); err != nil {
				// Sent but not recorded: it goes again after the lease, with
				// the same Message-ID.
				return sent, fmt.Errorf("deliver mail %d: %w", m.ID, err)
			}
			sent++
			continue
		}
		if ctx.Err() != nil {
			return sent, errors.Join(ctx.Err(), d.release(claimed[i:]))
		}
		if err := d.fail(ctx, m, sendErr); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// fail records a failed try of m, logging it once.
func (d *Deliverer) fail(ctx context.Context, m *store.OutboxMail, sendErr error) error {
	var retryAt time.Time
	if m.Attempts < d.MaxAttempts {
		retryAt = d.now().Add(MailRetryDelay(m.Attempts))
	}
	msg := sendErr.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	if err := d.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkMailFailed(ctx, m.ID, msg, retryAt) }); err != nil {
		return fmt.Errorf("deliver mail %d: %w", m.ID, err)
	}
	if retryAt.IsZero() {
		d.Log.Error("mail: giving up", "outbox_id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "err", sendErr)
	} else {
		d.Log.Warn("mail: send failed", "outbox_id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "retry_at", retryAt, "err", sendErr)
	}
	return nil
}

// release makes claimed but unsent mail due again at once, without
// counting the try, when the deliverer stops.
func (d *Deliverer) release(ms []*store.OutboxMail) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.db.Tx(ctx, func(tx *store.Tx) error {
		for _, m := range ms {
			if err := tx.ReleaseMail(ctx, m.ID, d.now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// Run calls RunOnce every interval (at once again when a full batch went
// out) until ctx ends, logging the errors it returns.
func (d *Deliverer) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		sent, err := d.RunOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			d.Log.Error("mail: delivery round failed", "err", err)
		}
		if err == nil && sent == d.Batch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func toMessage(m *store.OutboxMail) *mail.Message {
	return &mail.Message{
		Kind:      mail.Kind(m.Kind),
		To:        m.To,
		Subject:   m.Subject,
		Text:      m.Text,
		HTML:      m.HTML,
		MessageID: m.MessageID,
		Calendar:  m.Calendar,
	}
}
