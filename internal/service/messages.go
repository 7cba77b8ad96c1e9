package service

import (
	"time"

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
	return &Messages{db: db, now: now, notify: notify, baseURL: baseURL}
}
