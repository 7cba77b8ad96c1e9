package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Messages is the use cases of an entry's message thread: the participant,
// the project's coordinators and the company's staff write to each other;
// unread counts; e-mail digests instead of a mail per message.
type Messages struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
}

// NewMessages returns Messages over db.
func NewMessages(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Messages {
	return &Messages{db: db, now: now, notify: notify, baseURL: strings.TrimRight(baseURL, "/")}
}

// Digest timing: a thread is e-mailed when it has been quiet for
// DigestQuiet, or when its oldest unsent message waited DigestBusy (so a
// busy thread still gets mail). Messages older than DigestWindow are never
// e-mailed (the job was down for long; the in-app count still shows them).
const (
	DigestQuiet  = 5 * time.Minute
	DigestBusy   = 30 * time.Minute
	DigestWindow = 7 * 24 * time.Hour
)

// Thread is an entry's message thread as the actor sees it.
type Thread struct {
	Scope       furusato.EntryScope
	Messages    []*furusato.Message // oldest first
	Participant bool                // the actor is the entry's participant
}

// EntryPath returns the entry's page for the actor: /me/entries/ID for its
// participant, /manage/entries/ID for the hosts.
func (t *Thread) EntryPath() string { return entryPath(t.Scope.EntryID, t.Participant) }

func entryPath(id int64, participant bool) string {
	if participant {
		return fmt.Sprintf("/me/entries/%d", id)
	}
	return fmt.Sprintf("/manage/entries/%d", id)
}

// entry reads entry id's links and checks policy.EntryMessage for the
// actor; ENOTFOUND when the actor may not see it.
func (s *Messages) entry(ctx context.Context, q interface {
	FindEntry(context.Context, int64) (*furusato.Entry, error)
}, actor *furusato.Actor, id int64) (furusato.EntryScope, error) {
	if err := signedIn(actor); err != nil {
		return furusato.EntryScope{}, err
	}
	e, err := q.FindEntry(ctx, id)
	if err != nil {
		return furusato.EntryScope{}, err
	}
	return e.Scope(), policy.Entry(actor, policy.EntryMessage, e.Scope())
}

// Post adds body (plain text, trimmed, 1 to furusato.MaxMessage runes) to
// entry id's thread as the actor, who has then read the thread up to it.
// EINVALID (field "body") for an empty or long text; ENOTFOUND when the
// actor may not see the entry. The thread's other people see it at once
// in the header (one notice per thread, updated); SendDigests mails them.
// On EINVALID the Thread is still returned (where the form goes back to).
// MessagesPerHour is how many messages one person may write in one thread
// in an hour: enough for any conversation, not for a flood. Per thread, so
// a coordinator answering many participants is never held back.
const MessagesPerHour = 30

func (s *Messages) Post(ctx context.Context, actor *furusato.Actor, id int64, body string) (*Thread, *furusato.Message, error) {
	body = prose(body)
	var th *Thread
	var m *furusato.Message
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		sc, err := s.entry(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		th = &Thread{Scope: sc, Participant: sc.UserID == actor.User.ID}
		switch n := furusato.TextLen(body); {
		case furusato.BadProse(body):
			return &furusato.Error{Code: furusato.EINVALID, Message: "The message holds characters that cannot be used.", Fields: map[string]string{"body": furusato.ErrBadText}}
		case n == 0:
			return &furusato.Error{Code: furusato.EINVALID, Message: "Please write a message.", Fields: map[string]string{"body": "messages.error.body_required"}}
		case n > furusato.MaxMessage:
			return &furusato.Error{Code: furusato.EINVALID, Message: "The message is too long.", Fields: map[string]string{"body": "messages.error.body_long"}}
		}
		// Counted in the transaction: a refused or failed post counts nothing.
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("message:%d:%d", actor.User.ID, id), time.Hour, s.now()); err != nil {
			return err
		} else if n > MessagesPerHour {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many messages; please wait a while.", Fields: map[string]string{"body": "messages.error.too_many"}}
		}
		m = &furusato.Message{EntryID: id, AuthorID: actor.User.ID, Body: body, AuthorName: actor.User.DisplayName}
		if err := tx.CreateMessage(ctx, m, store.MessageKindMessage, s.now()); err != nil {
			return err
		}
		if err := tx.MarkThreadRead(ctx, id, actor.User.ID, m.ID); err != nil {
			return err
		}
		return s.notify.entryMessageNotices(ctx, tx, id, m)
	})
	if err != nil {
		// th is set when the actor may write there: the form can come back.
		return th, nil, err
	}
	return th, m, nil
}

// Thread returns entry id's thread, oldest first, and marks it read for
// the actor. ENOTFOUND when the actor may not see the entry.
func (s *Messages) Thread(ctx context.Context, actor *furusato.Actor, id int64) (*Thread, error) {
	var th *Thread
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		sc, err := s.entry(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		th = &Thread{Scope: sc, Participant: sc.UserID == actor.User.ID}
		if th.Messages, err = tx.FindMessages(ctx, id); err != nil {
			return err
		}
		if n := len(th.Messages); n > 0 {
			return tx.MarkThreadRead(ctx, id, actor.User.ID, th.Messages[n-1].ID)
		}
		return nil
	})
	return th, err
}

// UnreadCounts returns, for each of entries that the actor may see, how
// many messages by others they have not read, and the total. Entries with
// none, and entries the actor may not see, are left out. Pages pass the
// entries they show, so one query counts a whole page.
func (s *Messages) UnreadCounts(ctx context.Context, actor *furusato.Actor, entries []*furusato.Entry) (map[int64]int, int, error) {
	if err := signedIn(actor); err != nil {
		return nil, 0, err
	}
	ids := make([]int64, 0, len(entries))
	for _, e := range entries {
		if policy.Entry(actor, policy.EntryMessage, e.Scope()) == nil {
			ids = append(ids, e.ID)
		}
	}
	per, err := s.db.UnreadMessageCounts(ctx, actor.User.ID, ids)
	if err != nil {
		return nil, 0, err
	}
	total := 0
	for _, n := range per {
		total += n
	}
	return per, total, nil
}

// SendDigests e-mails each person the messages of each thread they have
// neither read nor been sent, once the thread has been quiet for
// DigestQuiet (or its oldest such message waited DigestBusy): ONE e-mail
// per person and thread (the in-app notice was put when the message was
// written, by Post), never to
// the author, respecting the person's preference for NoticeMessage. The
// digest mark moves with a conditional update in the same transaction as
// the mail, so running it again or on two nodes sends nothing twice. It
// returns how many digests were recorded.
func (s *Messages) SendDigests(ctx context.Context) (int, error) {
	now := s.now()
	sent := 0
	for {
		due, err := s.db.FindDigestCandidates(ctx, now.Add(-DigestWindow), now.Add(-DigestQuiet), now.Add(-DigestBusy), 200)
		if err != nil {
			return sent, err
		}
		done := 0
		for _, c := range due {
			ok, err := s.sendDigest(ctx, c)
			if err != nil {
				return sent, fmt.Errorf("message digests: %w", err)
			}
			if ok {
				sent++
				done++
			}
		}
		// A full batch that all went out may have more behind it; a batch
		// that another node took over is left to that node.
		if len(due) < 200 || done == 0 {
			return sent, nil
		}
	}
}

// sendDigest sends the digest c describes, unless another run did.
func (s *Messages) sendDigest(ctx context.Context, c store.DigestCandidate) (bool, error) {
	sent := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ok, err := tx.AdvanceDigest(ctx, c.EntryID, c.UserID, c.Last)
		if err != nil || !ok {
			return err
		}
		u, err := tx.FindUserByID(ctx, c.UserID)
		if err != nil {
			return err
		}
		if !u.DeletedAt.IsZero() {
			return nil
		}
		msgs, err := tx.FindDigestMessages(ctx, c.EntryID, c.UserID, c.After, c.Last)
		if err != nil || len(msgs) == 0 {
			return err
		}
		sent = true
		link := entryPath(c.EntryID, c.Participant)
		last := msgs[len(msgs)-1]
		notice := furusato.Notice{
			Kind: furusato.NoticeMessage, EntryID: c.EntryID, Link: link,
			Params: map[string]string{furusato.ParamProject: c.ProjectTitle, "count": fmt.Sprint(len(msgs)), "author": last.AuthorName},
		}
		return s.notify.mailOnly(ctx, tx, u, notice.Kind, func(unsubscribe string) (*mail.Message, error) {
			d := mail.DigestData{Name: u.DisplayName, URL: s.baseURL + link, Settings: s.baseURL + PrefsPath, Unsubscribe: unsubscribe, Project: c.ProjectTitle,
				Contact: s.notify.contact}
			for _, m := range msgs {
				d.Messages = append(d.Messages, mail.DigestMessage{Author: m.AuthorName, At: m.CreatedAt, Body: m.Body})
			}
			return mail.ComposeDigest(u.MailLang(), u.Email, d)
		})
	})
	return sent, err
}
