package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Outbox is the admins' view of the mail outbox, every mail queued
// (QueueMail) and whether it went out, with the secrets of its links
// blanked; the Mailer delivers it.
type Outbox struct {
	db *store.DB
}

// NewOutbox returns the outbox view of db.
func NewOutbox(db *store.DB) *Outbox { return &Outbox{db: db} }

// List returns one page of the mail outbox (policy OutboxView, admins
// only) and the number of matching mails, with no live secret in any body.
func (o *Outbox) List(ctx context.Context, actor *furusato.Actor, f furusato.OutboxFilter) ([]*furusato.OutboxMail, int, error) {
	if err := policy.Global(actor, policy.OutboxView); err != nil {
		return nil, 0, err
	}
	ms, total, err := o.db.FindOutbox(ctx, f)
	for _, m := range ms {
		withoutSecrets(m)
	}
	return ms, total, err
}

// withoutSecrets replaces the secret of every link in m's bodies by
// furusato.RedactedSecret: admins read the outbox, but a reset,
// confirmation or invitation link is for its addressee alone, even while
// the mail waits to be sent (delivery reads the row itself, not this
// copy). The one-click unsubscribe URL is such a link too.
func withoutSecrets(m *furusato.OutboxMail) *furusato.OutboxMail {
	m.Text, m.HTML = furusato.RedactSecretLinks(m.Text), furusato.RedactSecretLinks(m.HTML)
	m.ListUnsubscribe = furusato.RedactSecretLinks(m.ListUnsubscribe)
	return m
}

// Mail returns mail id of the outbox (policy OutboxView), with no
// live secret in its bodies, or ENOTFOUND.
func (o *Outbox) Mail(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.OutboxMail, error) {
	if err := policy.Global(actor, policy.OutboxView); err != nil {
		return nil, err
	}
	m, err := o.db.FindOutboxMail(ctx, id)
	if err != nil {
		return nil, err
	}
	return withoutSecrets(m), nil
}
