package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// QueueMail writes the composed message m to the outbox on tx and enqueues
// the job that sends it (jobs.SendMail) on the same tx, so that it is sent
// only if the change that causes it commits, and surely then.
//
// The outbox row is the message as composed (its Message-ID fixed now and
// kept on every try), the admins' view of mail and the record of whether
// it went out. Without a job queue on the database (store.DB.SetJobs: set
// by `furusato serve`, not by tests of a single package) the mail is only
// kept in the outbox.
func QueueMail(ctx context.Context, tx *store.Tx, m *mail.Message, now time.Time) error {
	om := &furusato.OutboxMail{
		Kind:            string(m.Kind),
		To:              m.To,
		Subject:         m.Subject,
		Text:            m.Text,
		HTML:            m.HTML,
		MessageID:       m.MessageID,
		Calendar:        m.Calendar,
		ListUnsubscribe: m.ListUnsubscribe,
	}
	if err := tx.EnqueueMail(ctx, om, now); err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, jobs.SendMail{OutboxID: om.ID}); err != nil {
		return err
	}
	// Logged so that an operator sees mail being kept or queued; never the
	// address or the body (they are personal data). It is written with its
	// transaction, which may still roll back.
	slog.InfoContext(ctx, "mail queued in the outbox", "outbox_id", om.ID, "kind", om.Kind, "message_id", om.MessageID, "job", tx.HasJobs())
	return nil
}

// DefaultMailSendTimeout bounds one hand-over to SMTP; the job's own
// timeout (jobs.Config.JobTimeout) bounds it too.
const DefaultMailSendTimeout = 30 * time.Second

// Mailer delivers outbox mail, one message per call, for the SendMail job.
type Mailer struct {
	db     *store.DB
	sender mail.Sender
	now    func() time.Time

	SendTimeout time.Duration // per message
	// Retention is how long sent mail is kept (PurgeSent); zero keeps it.
	Retention time.Duration
	Log       *slog.Logger
}

// DefaultOutboxRetention is how long sent mail stays in the outbox when
// the operator names no other period (--outbox-retention).
const DefaultOutboxRetention = 30 * 24 * time.Hour

// NewMailer returns a Mailer that sends the outbox of db through sender.
// A nil sender (no SMTP configured) keeps every mail in the outbox, unsent,
// for admins to read; its job then ends without error.
func NewMailer(db *store.DB, sender mail.Sender, now func() time.Time) *Mailer {
	return &Mailer{db: db, sender: sender, now: now, SendTimeout: DefaultMailSendTimeout, Retention: DefaultOutboxRetention, Log: slog.Default()}
}

// Deliver sends outbox mail id with its stored Message-ID and marks it
// sent. It is idempotent: a mail already sent (or gone) is not sent again
// and is no error. A failed send is recorded on the row (one more attempt,
// the error; on the job's last attempt also "given up") and returned, so
// that the job queue tries again later with backoff. At-least-once: if the process dies between the hand-over to SMTP
// and the mark, the job runs again and the mail goes a second time, with
// the same Message-ID (receivers may drop the copy).
func (d *Mailer) Deliver(ctx context.Context, id int64) error {
	m, err := d.db.FindOutboxMail(ctx, id)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		d.Log.WarnContext(ctx, "mail: no such outbox mail", "outbox_id", id)
		return nil
	}
	if err != nil {
		return fmt.Errorf("deliver mail %d: %w", id, err)
	}
	if !m.SentAt.IsZero() {
		return nil
	}
	if d.sender == nil {
		d.Log.InfoContext(ctx, "mail kept in the outbox (no SMTP configured)", "outbox_id", id, "kind", m.Kind)
		return nil
	}
	sendCtx, cancel := context.WithTimeout(ctx, d.SendTimeout)
	sendErr := d.sender.Send(sendCtx, toMessage(m))
	cancel()
	// Record with a context of its own: the job's may have just expired.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer wcancel()
	if sendErr != nil {
		msg := sendErr.Error()
		if len(msg) > 1000 {
			msg = strings.ToValidUTF8(msg[:1000], "") // never half a character into a TEXT column
		}
		err := d.db.Tx(wctx, func(tx *store.Tx) error {
			if err := tx.NoteMailFailure(wctx, id, msg); err != nil {
				return err
			}
			if jobs.LastAttempt(ctx) {
				// The job is given up: the outbox shows it so.
				return tx.MarkMailFailed(wctx, id, msg, time.Time{})
			}
			return nil
		})
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			err = nil // sent meanwhile by another try
		}
		return errors.Join(fmt.Errorf("send mail %d: %w", id, sendErr), err)
	}
	err = d.db.Tx(wctx, func(tx *store.Tx) error { return tx.MarkMailSent(wctx, id, d.now()) })
	if err != nil {
		// Sent but not recorded: the job runs again and sends it again,
		// with the same Message-ID.
		return fmt.Errorf("deliver mail %d: sent, but: %w", id, err)
	}
	return nil
}

// purgeBatch is how many mails one transaction of PurgeSent deletes, so
// that a long backlog never holds SQLite's one writer for long.
const purgeBatch = 500

// PurgeSent tidies the sent mail of the outbox and returns how many mails
// it changed: it blanks the secret links that mail sent by an older
// version still holds (see store.Tx.RedactSentMail), then deletes the mail
// sent more than d.Retention ago (none when Retention is zero); mail not
// sent is kept. A periodic job runs it daily; running it twice is
// harmless.
func (d *Mailer) PurgeSent(ctx context.Context) (int, error) {
	total := 0
	for after := int64(0); ; {
		var n int
		err := d.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			after, n, err = tx.RedactSentMail(ctx, after, purgeBatch)
			return err
		})
		total += n
		if err != nil {
			return total, err
		}
		if after == 0 {
			break
		}
	}
	if d.Retention <= 0 {
		return total, nil
	}
	cutoff := d.now().Add(-d.Retention)
	for {
		var n int64
		err := d.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.DeleteSentMail(ctx, cutoff, purgeBatch)
			return err
		})
		total += int(n)
		if err != nil || n < purgeBatch {
			return total, err
		}
	}
}

// RequeueUnsent makes sure every outbox mail that is neither sent nor
// given up has a job: mail kept while no SMTP was configured, or queued by
// a command that runs no job queue (such as `furusato user`), or by an
// older version. A mail whose job is waiting or running is skipped (the
// job is unique while live). It returns how many mails it looked at.
// Call it after store.DB.SetJobs.
func (d *Mailer) RequeueUnsent(ctx context.Context) (int, error) {
	var after int64
	n := 0
	for {
		ids, err := d.db.UnsentMailIDs(ctx, after, 200)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		err = d.db.Tx(ctx, func(tx *store.Tx) error {
			for _, id := range ids {
				if err := tx.Enqueue(ctx, jobs.SendMail{OutboxID: id}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("requeue mail: %w", err)
		}
		n += len(ids)
		after = ids[len(ids)-1]
	}
}

func toMessage(m *furusato.OutboxMail) *mail.Message {
	return &mail.Message{
		Kind:            mail.Kind(m.Kind),
		To:              m.To,
		Subject:         m.Subject,
		Text:            m.Text,
		HTML:            m.HTML,
		MessageID:       m.MessageID,
		Calendar:        m.Calendar,
		ListUnsubscribe: m.ListUnsubscribe,
	}
}
