package furusato

import (
	"slices"
	"strings"
	"time"
)

// MilestoneStatus is where a milestone stands.
type MilestoneStatus string

// The milestone statuses: open, done, or dropped (no longer planned).
const (
	MilestoneOpen    MilestoneStatus = "open"
	MilestoneDone    MilestoneStatus = "done"
	MilestoneDropped MilestoneStatus = "dropped"
)

// MilestoneStatuses lists every milestone status.
var MilestoneStatuses = []MilestoneStatus{MilestoneOpen, MilestoneDone, MilestoneDropped}

// Valid reports whether s is a known milestone status.
func (s MilestoneStatus) Valid() bool { return slices.Contains(MilestoneStatuses, s) }

// Milestone is a dated step of a team's work with the member who owns it.
type Milestone struct {
	ID        int64
	TeamID    int64
	Title     string
	Due       Date
	OwnerID   int64 // 0: nobody named
	Status    MilestoneStatus
	CreatedAt time.Time
	UpdatedAt time.Time

	OwnerName string // joined for display
}

// Normalize makes the title one trimmed line without bidirectional controls.
func (m *Milestone) Normalize() { m.Title = Line(m.Title) }

// Validate checks a milestone as the service normalised it.
func (m *Milestone) Validate() error {
	var f FieldErrors
	f.Text("title", m.Title, MaxMilestone, true)
	if strings.ContainsAny(m.Title, "\r\n") {
		f.Add("title", "error.invalid")
	}
	if m.Due.IsZero() {
		f.Add("due", "error.required")
	}
	if !m.Status.Valid() {
		f.Add("status", "error.invalid")
	}
	return f.Err()
}

// CheckIn is one participant's periodic report (定例報告): what was done,
// what is next, what blocks them, and the hours given since their last
// check-in, for the period it covers.
type CheckIn struct {
	ID          int64
	TeamID      int64
	AuthorID    int64
	Seq         int // 1, 2, … per team and author, in order
	PeriodStart time.Time
	PeriodEnd   time.Time
	Done        string
	Next        string
	Blockers    string // "" when nothing blocks
	Hours       int
	CreatedAt   time.Time

	AuthorName string // joined for display
}

// Normalize trims the check-in's text and makes its line ends LF.
func (c *CheckIn) Normalize() {
	for _, s := range []*string{&c.Done, &c.Next, &c.Blockers} {
		*s = strings.TrimSpace(Newlines(*s))
	}
}

// Validate checks a check-in as typed: done and next are required, the
// hours 0–MaxCheckInHours, and the period must not end before it starts.
func (c *CheckIn) Validate() error {
	var f FieldErrors
	f.Text("done", c.Done, MaxCheckInText, true)
	f.Text("next", c.Next, MaxCheckInText, true)
	f.Text("blockers", c.Blockers, MaxCheckInText, false)
	if c.Hours < 0 || c.Hours > MaxCheckInHours {
		f.Add("hours", "error.range", "Min", 0, "Max", MaxCheckInHours)
	}
	if c.PeriodStart.IsZero() || c.PeriodEnd.IsZero() || c.PeriodEnd.Before(c.PeriodStart) {
		f.Add("period", "error.range")
	}
	return f.Err()
}

// CheckInComment is a supporter's or coordinator's comment on a check-in.
type CheckInComment struct {
	ID        int64
	CheckInID int64
	AuthorID  int64
	Role      TeamRole // the role it was written in: supporter or coordinator
	Body      string
	CreatedAt time.Time

	AuthorName string // joined for display
}

// Normalize trims the comment and makes its line ends LF.
func (c *CheckInComment) Normalize() { c.Body = strings.TrimSpace(Newlines(c.Body)) }

// Validate checks a comment.
func (c *CheckInComment) Validate() error {
	var f FieldErrors
	f.Text("body", c.Body, MaxCommentText, true)
	return f.Err()
}

// Intervention is what a coordinator did about a team's early warning and
// when they will look again. It clears the team's warnings until a rule
// fires again after it (Warnings).
type Intervention struct {
	ID        int64
	TeamID    int64
	AuthorID  int64
	Action    string // what was done
	Next      Date   // when to look again
	CreatedAt time.Time

	AuthorName string // joined for display
}

// Normalize trims what was done and makes its line ends LF.
func (i *Intervention) Normalize() { i.Action = strings.TrimSpace(Newlines(i.Action)) }

// Validate checks an intervention as the service normalised it.
func (i *Intervention) Validate() error {
	var f FieldErrors
	f.Text("action", i.Action, MaxInterventText, true)
	if i.Next.IsZero() {
		f.Add("next", "error.required")
	}
	return f.Err()
}

// TeamMessage is one message in a team's thread. Body is plain text, like
// an entry's Message.
type TeamMessage struct {
	ID        int64
	TeamID    int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time

	AuthorName string // joined for display
}

// Normalize trims the message and makes its line ends LF.
func (m *TeamMessage) Normalize() { m.Body = strings.TrimSpace(Newlines(m.Body)) }

// Validate checks a team message (MaxMessage runes, like an entry's).
func (m *TeamMessage) Validate() error {
	var f FieldErrors
	f.Text("body", m.Body, MaxMessage, true)
	return f.Err()
}
