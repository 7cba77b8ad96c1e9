package furusato

import "time"

// OutboxMail is one e-mail in the outbox: written in the transaction of the
// change that causes it, then sent by the deliverer or read by admins.
type OutboxMail struct {
	ID        int64
	Kind      string // mail.Kind
	To        string
	Subject   string
	Text      string
	HTML      string
	MessageID string // "<hex@host>", unique; kept on every attempt
	Calendar  string // iCalendar attachment, "" for none
	// ListUnsubscribe is the one-click unsubscribe URL of a notice or
	// digest (the List-Unsubscribe header), "" for account mail.
	ListUnsubscribe string
	CreatedAt       time.Time
	SentAt          time.Time // zero until sent
	Attempts        int       // tries started (a claim counts as one)
	LastError       string    // why the last try failed, "" when none did
	// NextAttemptAt is when a deliverer may next try. Zero on an unsent
	// mail means no further try: the deliverer gave up (see LastError).
	NextAttemptAt time.Time
}

// OutboxFilter selects outbox mail, newest first.
type OutboxFilter struct {
	Limit  int // the store's default page size when ≤ 0
	Offset int
	Unsent bool // only mail not sent yet (due, waiting for a retry, or given up)
}

// GaveUp reports whether the deliverer stopped trying to send m.
func (m *OutboxMail) GaveUp() bool { return m.SentAt.IsZero() && m.NextAttemptAt.IsZero() }
