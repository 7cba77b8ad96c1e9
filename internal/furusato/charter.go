package furusato

import (
	"strings"
	"time"
)

// Charter is one version of a team's charter (チームの約束): what the team
// means to do and how it works together. A change makes a new version;
// every member confirms the version they agreed to (CharterConfirmation).
type Charter struct {
	ID              int64
	TeamID          int64
	Version         int    // 1, 2, … per team
	Goal            string // what the team means to achieve
	Done            string // what "done" means
	HoursPerWeek    int    // per participant, as projects and entries state them
	Meetings        string // how and when the team meets
	Tools           string
	CompanyProvides string // what the company provides (a desk, data, a contact…)
	Rules           string // shared rules
	Cadence         Cadence
	AuthorID        int64 // 0 once the author's account is gone
	CreatedAt       time.Time
}

// Limits of a charter's text, in runes.
const (
	MaxCharterText   = 2000
	MaxCharterShort  = 500 // tools, meetings
	MaxExpectation   = 1000
	MaxCheckInText   = 2000
	MaxCheckInHours  = 400 // since the last check-in
	MaxCommentText   = 2000
	MaxMilestone     = 120
	MaxInterventText = 2000
)

// Normalize trims the charter's text and makes its line ends LF.
func (c *Charter) Normalize() {
	for _, s := range []*string{&c.Goal, &c.Done, &c.Meetings, &c.Tools, &c.CompanyProvides, &c.Rules} {
		*s = strings.TrimSpace(Newlines(*s))
	}
}

// Validate checks the charter as typed. Goal, done and the meeting rhythm
// are required; the hours are 1–MaxHoursPerWeek a week.
func (c *Charter) Validate() error {
	var f FieldErrors
	f.Text("goal", c.Goal, MaxCharterText, true)
	f.Text("done", c.Done, MaxCharterText, true)
	f.Text("meetings", c.Meetings, MaxCharterShort, true)
	f.Text("tools", c.Tools, MaxCharterShort, false)
	f.Text("company_provides", c.CompanyProvides, MaxCharterText, false)
	f.Text("rules", c.Rules, MaxCharterText, false)
	if c.HoursPerWeek < 1 || c.HoursPerWeek > MaxHoursPerWeek {
		f.Add("hours_per_week", "error.range", "Min", 1, "Max", MaxHoursPerWeek)
	}
	if !c.Cadence.Valid() {
		f.Add("cadence", "error.invalid")
	}
	return f.Err()
}

// Expectation is what one member expects to give to the team and to get
// from it (期待値のすり合わせ), written on one charter version; a new
// version starts with the previous version's expectations.
type Expectation struct {
	CharterID int64
	UserID    int64
	Give      string
	Get       string
	UpdatedAt time.Time

	Name string // joined for display
}

// Normalize trims the expectation's text.
func (e *Expectation) Normalize() {
	e.Give, e.Get = strings.TrimSpace(Newlines(e.Give)), strings.TrimSpace(Newlines(e.Get))
}

// Validate checks an expectation: at least one of give and get.
func (e *Expectation) Validate() error {
	var f FieldErrors
	f.Text("give", e.Give, MaxExpectation, false)
	f.Text("get", e.Get, MaxExpectation, false)
	if e.Give == "" && e.Get == "" && len(f.Fields) == 0 {
		f.Add("give", "error.required")
	}
	return f.Err()
}

// CharterConfirmation records that a member agreed to one charter
// version, in the role they confirmed it in.
type CharterConfirmation struct {
	CharterID   int64
	UserID      int64
	Role        TeamRole
	ConfirmedAt time.Time
}
