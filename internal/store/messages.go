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
