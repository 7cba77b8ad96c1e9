package service

import (
	"time"

	"github.com/furusato/furusato/internal/store"
)

// Interviews is the use cases of interviews (面談): the organisation or
// company proposes slots, the participant picks one, both get an
// iCalendar file and a reminder the day before; reschedule and cancel.
type Interviews struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
}

// NewInterviews returns Interviews over db.
func NewInterviews(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Interviews {
	return &Interviews{db: db, now: now, notify: notify, baseURL: baseURL}
}
