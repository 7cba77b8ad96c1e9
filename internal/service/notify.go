package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Notifier tells people what happened: it records an in-app notice for
// each recipient and, when the recipient's preference for the notice's kind
// says so, queues its e-mail in the same transaction (so a notice exists
// only if the change that causes it commits). Every service of the entry
// workflow calls it; it decides nothing about permissions.
type Notifier struct {
	db      *store.DB
	now     func() time.Time
	baseURL string
}

// NewNotifier returns a Notifier over db; baseURL builds the links in e-mails.
func NewNotifier(db *store.DB, now func() time.Time, baseURL string) *Notifier {
	return &Notifier{db: db, now: now, baseURL: baseURL}
}

// Notify records n (for n.UserID) on tx and queues its e-mail when wanted.
// n.Params fill the catalogue message of n.Kind; n.Link is a site path.
func (n *Notifier) Notify(ctx context.Context, tx *store.Tx, notice furusato.Notice) error {
	return nil // TODO(issue 4): notifications helper
}

// NotifyHosts sends notice to every coordinator of s.OrganizationID and
// every staff member of s.CompanyID (notice.UserID is ignored), except
// except (the user who caused the event, 0 for none).
func (n *Notifier) NotifyHosts(ctx context.Context, tx *store.Tx, s furusato.EntryScope, notice furusato.Notice, except int64) error {
	return nil // TODO(issue 4): notifications helper
}
