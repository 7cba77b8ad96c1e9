package service

import (
	"context"
	"fmt"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Notification centre page size bounds.
const (
	DefaultNoticePage = 20
	MaxNoticePage     = 100
)

func signedIn(actor *furusato.Actor) error {
	if !actor.SignedIn() {
		return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	return nil
}

// List returns the actor's notices, newest first, limit from offset, and
// how many there are in all. EUNAUTHORIZED for a visitor.
func (n *Notifier) List(ctx context.Context, actor *furusato.Actor, limit, offset int) ([]*furusato.Notice, int, error) {
	if err := signedIn(actor); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = DefaultNoticePage
	}
	limit = min(limit, MaxNoticePage)
	return n.db.FindNotifications(ctx, actor.User.ID, limit, max(offset, 0))
}

// Unread returns how many of the actor's notices are unread; 0 for a
// visitor. Never cached: it is the header's badge.
func (n *Notifier) Unread(ctx context.Context, actor *furusato.Actor) (int, error) {
	if !actor.SignedIn() {
		return 0, nil
	}
	return n.db.CountUnreadNotifications(ctx, actor.User.ID)
}

// Open marks the actor's notice id read and returns it (its Link is where
// to go). ENOTFOUND when it is someone else's or does not exist.
func (n *Notifier) Open(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.Notice, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	var out *furusato.Notice
	err := n.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.MarkNotificationRead(ctx, actor.User.ID, id, n.now()); err != nil {
			return err
		}
		var err error
		out, err = tx.FindNotification(ctx, actor.User.ID, id)
		return err
	})
	return out, err
}

// ReadAll marks every notice of the actor read and returns how many were
// unread.
func (n *Notifier) ReadAll(ctx context.Context, actor *furusato.Actor) (int, error) {
	if err := signedIn(actor); err != nil {
		return 0, err
	}
	var changed int
	err := n.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		changed, err = tx.MarkAllNotificationsRead(ctx, actor.User.ID, n.now())
		return err
	})
	return changed, err
}

// ReadEntry marks the actor's notices about entry id read, when they open
// its page; it touches nothing but the actor's own notices.
func (n *Notifier) ReadEntry(ctx context.Context, actor *furusato.Actor, id int64) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	return n.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.MarkEntryNotificationsRead(ctx, actor.User.ID, id, n.now())
		return err
	})
}

// Prefs returns the actor's e-mail choice for every kind they may get
// (furusato.NoticeKindsOf), in the order of furusato.NoticeKinds.
func (n *Notifier) Prefs(ctx context.Context, actor *furusato.Actor) ([]furusato.NoticePref, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	prefs, err := n.db.NoticePrefs(ctx, actor.User.ID)
	if err != nil {
		return nil, err
	}
	mine := furusato.NoticeKindsOf(actor)
	return slices.DeleteFunc(prefs, func(p furusato.NoticePref) bool { return !slices.Contains(mine, p.Kind) }), nil
}

// SetPrefs saves the actor's e-mail choices: email lists the kinds to
// e-mail; every other kind the actor may get is turned off, and those they
// may not (a participant's host kinds) are left as they were, for the day
// they become a host. Unknown kinds and kinds the actor may not get are
// EINVALID.
func (n *Notifier) SetPrefs(ctx context.Context, actor *furusato.Actor, email []furusato.NoticeKind) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	mine := furusato.NoticeKindsOf(actor)
	on := map[furusato.NoticeKind]bool{}
	for _, k := range email {
		if !slices.Contains(mine, k) {
			return &furusato.Error{Code: furusato.EINVALID, Message: "Unknown notification kind.", Fields: map[string]string{"email": "notifications.error.kind"}}
		}
		on[k] = true
	}
	prefs := make([]furusato.NoticePref, 0, len(mine))
	for _, k := range mine {
		prefs = append(prefs, furusato.NoticePref{Kind: k, Email: on[k]})
	}
	return n.db.Tx(ctx, func(tx *store.Tx) error { return tx.SetNoticePrefs(ctx, actor.User.ID, prefs) })
}

// DeadlineNoticeDays is how many days before a favourite's deadline (JST)
// its person is told.
const DeadlineNoticeDays = 3

// SendFavoriteDeadlines tells each person once per favourite project that
// its deadline is DeadlineNoticeDays days away (or nearer, when an earlier
// run was missed), with a NoticeDeadlineSoon. Safe to run again and on
// several nodes: each favourite is marked in the same transaction as its
// notice, and a favourite already marked is skipped. It returns how many
// people were told.
func (n *Notifier) SendFavoriteDeadlines(ctx context.Context) (int, error) {
	today := furusato.DateOf(n.now())
	sent := 0
	for {
		due, err := n.db.DueFavoriteDeadlines(ctx, today, today.AddDays(DeadlineNoticeDays), 200)
		if err != nil {
			return sent, err
		}
		for _, f := range due {
			told := false
			err := n.db.Tx(ctx, func(tx *store.Tx) error {
				ok, err := tx.MarkFavoriteDeadlineNotified(ctx, f.UserID, f.ProjectID)
				if err != nil || !ok {
					return err
				}
				told = true
				return n.Notify(ctx, tx, furusato.Notice{
					UserID: f.UserID, Kind: furusato.NoticeDeadlineSoon, ProjectID: f.ProjectID,
					Link: "/projects/" + f.Slug,
					Params: map[string]string{
						furusato.ParamProject:  f.Title,
						"deadline":             deadlineText(f.Deadline),
						furusato.ParamDeadline: f.Deadline.String(),
						"days":                 fmt.Sprint(f.Deadline.DaysFrom(today)),
					},
				})
			})
			if err != nil {
				return sent, fmt.Errorf("favourite deadlines: %w", err)
			}
			if told {
				sent++
			}
		}
		if len(due) < 200 {
			return sent, nil
		}
	}
}

// deadlineText writes a date as 2026年11月24日(火).
func deadlineText(d furusato.Date) string {
	t := d.Start()
	wd := [...]string{"日", "月", "火", "水", "木", "金", "土"}[t.Weekday()]
	return fmt.Sprintf("%d年%d月%d日(%s)", t.Year(), t.Month(), t.Day(), wd)
}
