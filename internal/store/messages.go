package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Message kinds: written by a person, or sent with a stage move (e-mailed
// with that move's notice, so message digests leave it out).
const (
	MessageKindMessage = "message"
	MessageKindStage   = "stage"
)

// CreateMessage adds m to its entry's thread and sets m.ID and m.CreatedAt.
// kind is MessageKindMessage or MessageKindStage.
func (tx *Tx) CreateMessage(ctx context.Context, m *furusato.Message, kind string, now time.Time) error {
	if m.EntryID == 0 || m.Body == "" || now.IsZero() {
		return errors.New("store: create message: entry, body and time are required")
	}
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	var author any
	if m.AuthorID != 0 {
		author = m.AuthorID
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO messages (entry_id, author_id, kind, body, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		m.EntryID, author, kind, m.Body, ms(now)).Scan(&m.ID)
	return wrap("create message", err)
}

// FindMessages returns the thread of entry entryID, oldest first, with
// their authors' display names ("" for a deleted or system author).
func (c *conn) FindMessages(ctx context.Context, entryID int64) ([]*furusato.Message, error) {
	return c.findMessages(ctx, `WHERE m.entry_id = $1`, entryID)
}

// FindDigestMessages returns the messages of kind message in entry
// entryID with ids in (after, upto] that someone other than userID wrote,
// oldest first.
func (c *conn) FindDigestMessages(ctx context.Context, entryID, userID, after, upto int64) ([]*furusato.Message, error) {
	return c.findMessages(ctx, `WHERE m.entry_id = $1 AND m.kind = 'message' AND m.id > $3 AND m.id <= $4
		AND (m.author_id IS NULL OR m.author_id <> $2)`, entryID, userID, after, upto)
}

func (c *conn) findMessages(ctx context.Context, where string, args ...any) ([]*furusato.Message, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.entry_id, COALESCE(m.author_id, 0), m.body, m.created_at, COALESCE(u.display_name, '')
		FROM messages m LEFT JOIN users u ON u.id = m.author_id AND u.deleted_at = 0
		`+where+` ORDER BY m.id`, args...)
	if err != nil {
		return nil, wrap("find messages", err)
	}
	defer rows.Close()
	var out []*furusato.Message
	for rows.Next() {
		m := &furusato.Message{}
		var created int64
		if err := rows.Scan(&m.ID, &m.EntryID, &m.AuthorID, &m.Body, &created, &m.AuthorName); err != nil {
			return nil, wrap("find messages", err)
		}
		m.CreatedAt = fromMS(created)
		out = append(out, m)
	}
	return out, wrap("find messages", rows.Err())
}

// MarkThreadRead records that userID has read entry entryID's thread up to
// message lastID (a mark never moves back).
func (tx *Tx) MarkThreadRead(ctx context.Context, entryID, userID, lastID int64) error {
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO message_reads (entry_id, user_id, last_read_id, digest_id) VALUES ($1, $2, $3, 0)
		ON CONFLICT (entry_id, user_id) DO UPDATE SET last_read_id = excluded.last_read_id
		WHERE message_reads.last_read_id < excluded.last_read_id`, entryID, userID, lastID)
	return wrap("mark thread read", err)
}

// UnreadMessageCounts returns, for each of the entries ids, how many
// messages that others wrote userID has not read. Entries without unread
// messages are left out. Whether userID may see those entries is the
// caller's business (service.Messages.UnreadCounts asks the policy). It
// reads only the ids' messages through messages_entry, so a page of 50
// entries costs the same whatever the size of the site.
func (c *conn) UnreadMessageCounts(ctx context.Context, userID int64, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	user := b.arg(userID)
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.entry_id, COUNT(*)
		FROM messages m
		LEFT JOIN message_reads r ON r.entry_id = m.entry_id AND r.user_id = `+user+`
		WHERE m.entry_id IN (`+b.ids(ids)+`)
		  AND (m.author_id IS NULL OR m.author_id <> `+user+`)
		  AND m.id > COALESCE(r.last_read_id, 0)
		GROUP BY m.entry_id`, b.args...)
	if err != nil {
		return nil, wrap("unread message counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap("unread message counts", err)
		}
		out[id] = n
	}
	return out, wrap("unread message counts", rows.Err())
}

// DigestCandidate is one person's unread, not yet e-mailed messages in
// one thread: ids in (After, Last].
type DigestCandidate struct {
	EntryID      int64
	UserID       int64
	Participant  bool // UserID is the entry's participant (else a host)
	ProjectTitle string
	After        int64 // the newer of the person's read mark and digest mark
	Last         int64
	Count        int
}

// FindDigestCandidates returns up to limit (person, thread) pairs due a
// digest: messages of kind message, written since since by someone else,
// newer than both the person's read mark and digest mark, the newest of
// them written at or before quiet or the oldest at or before busy. People
// are the entry's participant, the coordinators of its organisation and
// the staff of its company (deleted accounts left out).
func (c *conn) FindDigestCandidates(ctx context.Context, since, quiet, busy time.Time, limit int) ([]DigestCandidate, error) {
	rows, err := c.q.QueryContext(ctx, `
		WITH recent AS (
			SELECT DISTINCT entry_id FROM messages WHERE kind = 'message' AND created_at >= $1
		), people AS (
			SELECT e.id AS entry_id, e.user_id AS user_id FROM entries e JOIN recent ON recent.entry_id = e.id
			UNION
			SELECT e.id, ms.user_id FROM entries e JOIN recent ON recent.entry_id = e.id
				JOIN memberships ms ON ms.role = 'coordinator' AND ms.organization_id = e.organization_id
			UNION
			SELECT e.id, ms.user_id FROM entries e JOIN recent ON recent.entry_id = e.id
				JOIN memberships ms ON ms.role = 'company_staff' AND ms.company_id = e.company_id
		)
		SELECT p.entry_id, p.user_id, e.user_id, pr.title,
			COALESCE(r.last_read_id, 0), COALESCE(r.digest_id, 0), MAX(m.id), COUNT(*)
		FROM people p
		JOIN users u ON u.id = p.user_id AND u.deleted_at = 0
		JOIN entries e ON e.id = p.entry_id
		JOIN projects pr ON pr.id = e.project_id
		LEFT JOIN message_reads r ON r.entry_id = p.entry_id AND r.user_id = p.user_id
		JOIN messages m ON m.entry_id = p.entry_id AND m.kind = 'message'
			AND (m.author_id IS NULL OR m.author_id <> p.user_id)
			AND m.id > COALESCE(r.last_read_id, 0) AND m.id > COALESCE(r.digest_id, 0)
		GROUP BY p.entry_id, p.user_id, e.user_id, pr.title, r.last_read_id, r.digest_id
		HAVING MAX(m.created_at) <= $2 OR MIN(m.created_at) <= $3
		ORDER BY p.entry_id, p.user_id
		LIMIT $4`, ms(since), ms(quiet), ms(busy), limit)
	if err != nil {
		return nil, wrap("find digest candidates", err)
	}
	defer rows.Close()
	var out []DigestCandidate
	for rows.Next() {
		var d DigestCandidate
		var participant, read, digest int64
		if err := rows.Scan(&d.EntryID, &d.UserID, &participant, &d.ProjectTitle, &read, &digest, &d.Last, &d.Count); err != nil {
			return nil, wrap("find digest candidates", err)
		}
		d.Participant = participant == d.UserID
		d.After = max(read, digest)
		out = append(out, d)
	}
	return out, wrap("find digest candidates", rows.Err())
}

// AdvanceDigest moves userID's digest mark of entry entryID to last; false
// when it was already there or beyond (another run sent that digest), so
// the caller sends nothing.
func (tx *Tx) AdvanceDigest(ctx context.Context, entryID, userID, last int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO message_reads (entry_id, user_id, last_read_id, digest_id) VALUES ($1, $2, 0, $3)
		ON CONFLICT (entry_id, user_id) DO UPDATE SET digest_id = excluded.digest_id
		WHERE message_reads.digest_id < excluded.digest_id`, entryID, userID, last)
	if err != nil {
		return false, wrap("advance digest", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("advance digest", err)
}
