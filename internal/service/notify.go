package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
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
	contact furusato.Contact // for the mails' signature
}

// NewNotifier returns a Notifier over db; baseURL builds the links in e-mails.
func NewNotifier(db *store.DB, now func() time.Time, baseURL string) *Notifier {
	return &Notifier{db: db, now: now, baseURL: strings.TrimRight(baseURL, "/")}
}

// PrefsPath is the page where people choose which notices they get by
// e-mail; every notice e-mail links to it.
const PrefsPath = "/account/notifications"

// Notify records n (for n.UserID) on tx and queues its e-mail when wanted.
// n.Params fill the catalogue message of n.Kind; n.Link is a site path.
// A deleted account gets nothing; an unconfirmed address gets the in-app
// notice only.
func (n *Notifier) Notify(ctx context.Context, tx *store.Tx, notice furusato.Notice) error {
	u, err := tx.FindUserByID(ctx, notice.UserID)
	if err != nil {
		return fmt.Errorf("notify %s: %w", notice.Kind, err)
	}
	if !u.DeletedAt.IsZero() {
		return nil
	}
	return n.notify(ctx, tx, u, notice, func(unsubscribe string) (*mail.Message, error) {
		return mail.ComposeNotice(u.MailLang(), u.Email, mail.NoticeData{
			Event: string(notice.Kind), Name: u.DisplayName, URL: n.baseURL + notice.Link,
			Settings: n.baseURL + PrefsPath, Params: notice.Params, Calendar: notice.Calendar, Unsubscribe: unsubscribe,
			Contact: n.contact,
		})
	})
}

// notify records notice for u and, when u has a confirmed address and
// wants e-mail for its kind, queues the mail compose makes with the
// one-click link that turns that kind off.
func (n *Notifier) notify(ctx context.Context, tx *store.Tx, u *furusato.User, notice furusato.Notice, compose func(unsubscribe string) (*mail.Message, error)) error {
	now := n.now()
	notice.UserID = u.ID
	if err := tx.CreateNotification(ctx, &notice, now); err != nil {
		return fmt.Errorf("notify %s: %w", notice.Kind, err)
	}
	return n.mailOnly(ctx, tx, u, notice.Kind, compose)
}

// mailOnly queues the mail compose makes for u about kind when u has a
// confirmed address and wants e-mail for kind; no in-app notice (the
// digests, whose notice was put when the message was written).
func (n *Notifier) mailOnly(ctx context.Context, tx *store.Tx, u *furusato.User, kind furusato.NoticeKind, compose func(unsubscribe string) (*mail.Message, error)) error {
	if !u.Verified() || u.Email == "" {
		return nil
	}
	on, err := tx.NoticeEmail(ctx, u.ID, kind)
	if err != nil || !on {
		return err
	}
	unsubscribe, err := n.unsubscribeURL(ctx, tx, u.ID, kind)
	if err != nil {
		return err
	}
	m, err := compose(unsubscribe)
	if err != nil {
		return fmt.Errorf("notify %s: %w", kind, err)
	}
	return QueueMail(ctx, tx, m, n.now())
}

// NotifyHosts sends notice to every coordinator of s.OrganizationID and
// every staff member of s.CompanyID (notice.UserID is ignored), except
// except (the user who caused the event, 0 for none).
func (n *Notifier) NotifyHosts(ctx context.Context, tx *store.Tx, s furusato.EntryScope, notice furusato.Notice, except int64) error {
	ids, err := tx.HostIDs(ctx, s.OrganizationID, s.CompanyID)
	if err != nil {
		return err
	}
	// The hosts' copy says so, for wording written to them.
	params := make(map[string]string, len(notice.Params)+1)
	for k, v := range notice.Params {
		params[k] = v
	}
	params[furusato.ParamHost] = "1"
	notice.Params = params
	for _, id := range ids {
		if id == except {
			continue
		}
		notice.UserID = id
		if err := n.Notify(ctx, tx, notice); err != nil {
			return err
		}
	}
	return nil
}
