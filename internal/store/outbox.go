package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// DefaultOutboxLimit is the page size of FindOutbox when the filter names none.
const DefaultOutboxLimit = 50

const outboxColumns = `id, kind, to_addr, subject, text_body, html_body, message_id, calendar, list_unsubscribe, created_at, sent_at, attempts, last_error, next_attempt_at`

func scanOutbox(s interface{ Scan(...any) error }, extra ...any) (*furusato.OutboxMail, error) {
	var m furusato.OutboxMail
	var created, sent, next int64
	dest := append([]any{&m.ID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.HTML, &m.MessageID, &m.Calendar, &m.ListUnsubscribe, &created, &sent, &m.Attempts, &m.LastError, &next}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	m.CreatedAt, m.SentAt, m.NextAttemptAt = fromMS(created), fromMS(sent), fromMS(next)
	return &m, nil
}

// EnqueueMail writes m to the outbox, due at once, and sets m.ID,
// m.CreatedAt and m.NextAttemptAt. Call it on the Tx of the change that
// causes the mail, so that both are written or neither. A MessageID already
// in the outbox is ECONFLICT.
func (tx *Tx) EnqueueMail(ctx context.Context, m *furusato.OutboxMail, now time.Time) error {
	if m.To == "" || m.MessageID == "" || now.IsZero() {
		return errors.New("store: enqueue mail: recipient, message id and time are required")
	}
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	m.NextAttemptAt, m.SentAt, m.Attempts, m.LastError = m.CreatedAt, time.Time{}, 0, ""
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO outbox (kind, to_addr, subject, text_body, html_body, message_id, created_at, next_attempt_at, calendar, list_unsubscribe)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id`,
		m.Kind, m.To, m.Subject, m.Text, m.HTML, m.MessageID, ms(now), m.Calendar, m.ListUnsubscribe).Scan(&m.ID)
	if err != nil && isUnique(err) {
		return conflict("This message is already in the outbox.", "message_id")
	}
	return wrap("enqueue mail", err)
}

// FindOutbox returns one page of outbox mail matching f, newest first, and
// the number of all matching mail.
func (c *conn) FindOutbox(ctx context.Context, f furusato.OutboxFilter) ([]*furusato.OutboxMail, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultOutboxLimit
	}
	if f.Offset < 0 {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "Page out of range.")
	}
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+outboxColumns+`, COUNT(*) OVER ()
		FROM outbox
		WHERE ($1 = FALSE OR sent_at = 0)
		ORDER BY created_at DESC, id DESC
		LIMIT $2 OFFSET $3`, f.Unsent, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, wrap("find outbox", err)
	}
	defer rows.Close()
	var out []*furusato.OutboxMail
	total := 0
	for rows.Next() {
		m, err := scanOutbox(rows, &total)
		if err != nil {
			return nil, 0, wrap("find outbox", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find outbox", err)
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page the window has no row to count on.
		err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE ($1 = FALSE OR sent_at = 0)`, f.Unsent).Scan(&total)
		if err != nil {
			return nil, 0, wrap("count outbox", err)
		}
	}
	return out, total, nil
}

// FindOutboxMail returns the outbox mail with id, or ENOTFOUND.
func (c *conn) FindOutboxMail(ctx context.Context, id int64) (*furusato.OutboxMail, error) {
	m, err := scanOutbox(c.q.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1`, id))
	if err != nil {
		return nil, wrap("find outbox mail", err)
	}
	return m, nil
}

// ClaimDueMail takes up to limit unsent mails that are due at now, oldest
// due first, for one delivery attempt: in one conditional UPDATE it counts
// the attempt and moves next_attempt_at to now+lease, so that no other
// deliverer sees them as due until the lease runs out. Commit the Tx before
// sending, then report each with MarkMailSent or MarkMailFailed; a mail a
// crashed deliverer never reported is tried again after the lease.
//
// Two nodes claiming at once never get the same row: PostgreSQL re-checks
// the WHERE clause on a row another transaction has just updated (and
// skips it, as it is no longer due); SQLite has a single writer.
func (tx *Tx) ClaimDueMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*furusato.OutboxMail, error) {
	if limit <= 0 || lease <= 0 {
		return nil, errors.New("store: claim mail: limit and lease must be positive")
	}
	rows, err := tx.q.QueryContext(ctx, `
		UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1
		WHERE id IN (
			SELECT id FROM outbox
			WHERE sent_at = 0 AND next_attempt_at > 0 AND next_attempt_at <= $1
			ORDER BY next_attempt_at, id
			LIMIT $3)
		  AND sent_at = 0 AND next_attempt_at > 0 AND next_attempt_at <= $1
		RETURNING `+outboxColumns, ms(now), ms(now.Add(lease)), limit)
	if err != nil {
		return nil, wrap("claim mail", err)
	}
	defer rows.Close()
	var out []*furusato.OutboxMail
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, wrap("claim mail", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim mail", err)
	}
	// RETURNING gives no order; send in the order the mail was written.
	slices.SortFunc(out, func(a, b *furusato.OutboxMail) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// MarkMailSent records that mail id was sent at now; ENOTFOUND when there
// is no such mail. The bodies kept from then on are the sent ones without
// their secrets: every reset, confirmation and invitation link has
// furusato.RedactedSecret in its token's place (see
// furusato.RedactSecretLinks), so the outbox never holds a live link to
// mail that went out; the one-click unsubscribe URL of the
// List-Unsubscribe header likewise. Metadata (to, subject, kind, times)
// stays.
func (tx *Tx) MarkMailSent(ctx context.Context, id int64, now time.Time) error {
	var text, html, unsub string
	err := tx.q.QueryRowContext(ctx, `SELECT text_body, html_body, list_unsubscribe FROM outbox WHERE id = $1`, id).Scan(&text, &html, &unsub)
	if err != nil {
		return wrap("mark mail sent", err)
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE outbox SET sent_at = $2, next_attempt_at = 0, last_error = '', text_body = $3, html_body = $4, list_unsubscribe = $5 WHERE id = $1`,
		id, ms(now), furusato.RedactSecretLinks(text), furusato.RedactSecretLinks(html), furusato.RedactSecretLinks(unsub))
	return mustAffect("mark mail sent", res, err, "Mail not found.")
}

// RedactSentMail blanks the secret links (see furusato.RedactSecretLinks)
// that sent mail still holds because an older version marked it sent
// without doing so: it looks at up to limit sent mails with a secret path
// in a body and an id above afterID, by id, and rewrites those that
// change. It returns the last id it looked at (0 when there were none, so
// the scan is done) and how many it rewrote.
func (tx *Tx) RedactSentMail(ctx context.Context, afterID int64, limit int) (last int64, n int, err error) {
	if limit <= 0 {
		return 0, 0, errors.New("store: redact sent mail: limit must be positive")
	}
	args := []any{afterID, limit}
	var like []string
	for _, p := range furusato.SecretPathPrefixes {
		args = append(args, "%"+p+"%")
		i := len(args)
		like = append(like, fmt.Sprintf("text_body LIKE $%d OR html_body LIKE $%d OR list_unsubscribe LIKE $%d", i, i, i))
	}
	rows, err := tx.q.QueryContext(ctx, `
		SELECT id, text_body, html_body, list_unsubscribe FROM outbox
		WHERE id > $1 AND sent_at > 0 AND (`+strings.Join(like, " OR ")+`)
		ORDER BY id LIMIT $2`, args...)
	if err != nil {
		return 0, 0, wrap("redact sent mail", err)
	}
	type body struct {
		id                int64
		text, html, unsub string
	}
	var found []body
	for rows.Next() {
		var b body
		if err := rows.Scan(&b.id, &b.text, &b.html, &b.unsub); err != nil {
			rows.Close()
			return 0, 0, wrap("redact sent mail", err)
		}
		found = append(found, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, wrap("redact sent mail", err)
	}
	for _, b := range found {
		last = b.id
		text, html, unsub := furusato.RedactSecretLinks(b.text), furusato.RedactSecretLinks(b.html), furusato.RedactSecretLinks(b.unsub)
		if text == b.text && html == b.html && unsub == b.unsub {
			continue
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE outbox SET text_body = $2, html_body = $3, list_unsubscribe = $4 WHERE id = $1 AND sent_at > 0`, b.id, text, html, unsub); err != nil {
			return 0, 0, wrap("redact sent mail", err)
		}
		n++
	}
	return last, n, nil
}

// DeleteSentMail deletes up to limit outbox mails sent before cutoff, the
// oldest first, and returns how many; mail not sent (due, waiting for a
// retry, or given up) is never deleted. Call it again while it returns
// limit.
func (tx *Tx) DeleteSentMail(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	if limit <= 0 {
		return 0, errors.New("store: delete sent mail: limit must be positive")
	}
	// sent_at ≥ created_at, so the index on created_at bounds the scan.
	res, err := tx.q.ExecContext(ctx, `
		DELETE FROM outbox WHERE id IN (
			SELECT id FROM outbox
			WHERE created_at < $1 AND sent_at > 0 AND sent_at < $1
			ORDER BY created_at, id
			LIMIT $2)`, ms(cutoff), limit)
	if err != nil {
		return 0, wrap("delete sent mail", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("delete sent mail", err)
}

// MarkMailFailed records why the last try of mail id failed and when to try
// again; a zero retryAt means never (the deliverer gave up). ENOTFOUND when
// there is no such mail. A mail already sent is left as it is.
func (tx *Tx) MarkMailFailed(ctx context.Context, id int64, errText string, retryAt time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE outbox SET last_error = $2, next_attempt_at = $3 WHERE id = $1 AND sent_at = 0`, id, errText, ms(retryAt))
	return mustAffect("mark mail failed", res, err, "Mail not found or already sent.")
}

// ReleaseMail hands back a claimed mail that was not tried (its deliverer
// is stopping): due again at now, the claim not counted as a try. A mail
// already sent is left as it is.
func (tx *Tx) ReleaseMail(ctx context.Context, id int64, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `
		UPDATE outbox SET next_attempt_at = $2, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
		WHERE id = $1 AND sent_at = 0`, id, ms(now))
	return wrap("release mail", err)
}
