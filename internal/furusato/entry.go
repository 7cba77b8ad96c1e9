package furusato

import (
	"strings"
	"time"
)

// The reasons the system records on an entry's move (catalogue keys that
// pages and e-mails word), when no person typed one.
const (
	ReasonFilled           = "entry.reason.filled"            // declined: every place was filled
	ReasonProjectCancelled = "entry.reason.project_cancelled" // declined: the project was cancelled
	ReasonProjectCompleted = "entry.reason.project_completed" // declined: the project was completed
	ReasonAccountDeleted   = "entry.reason.account_deleted"   // withdrawn: the participant deleted their account
)

// Stage is where an entry stands (product.md).
type Stage string

// The stages of an entry. Matched, declined and withdrawn are final.
const (
	StageSubmitted Stage = "submitted"
	StageScreening Stage = "screening"
	StageInterview Stage = "interview"
	StageOffered   Stage = "offered"
	StageMatched   Stage = "matched" // 参画決定
	StageDeclined  Stage = "declined"
	StageWithdrawn Stage = "withdrawn"
)

// Stages lists every stage in board order.
var Stages = []Stage{StageSubmitted, StageScreening, StageInterview, StageOffered, StageMatched, StageDeclined, StageWithdrawn}

// ActiveStages are the stages of an entry still under way: a person has at
// most one active entry per project (a unique index holds it).
var ActiveStages = []Stage{StageSubmitted, StageScreening, StageInterview, StageOffered}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	for _, v := range Stages {
		if v == s {
			return true
		}
	}
	return false
}

// Active reports whether an entry in stage s is still under way.
func (s Stage) Active() bool {
	switch s {
	case StageSubmitted, StageScreening, StageInterview, StageOffered:
		return true
	}
	return false
}

// Final reports whether no move leaves s.
func (s Stage) Final() bool { return s.Valid() && !s.Active() }

// entryMoves is the state machine of entries. Who may make each move is the
// policy's business: the organisation and the company move entries forward
// or decline them; only the participant withdraws, and only the participant
// accepts an offer (offered → matched, "参画決定").
var entryMoves = map[Stage][]Stage{
	StageSubmitted: {StageScreening, StageInterview, StageOffered, StageDeclined, StageWithdrawn},
	StageScreening: {StageInterview, StageOffered, StageDeclined, StageWithdrawn},
	StageInterview: {StageScreening, StageOffered, StageDeclined, StageWithdrawn},
	StageOffered:   {StageMatched, StageInterview, StageDeclined, StageWithdrawn},
}

// CanMoveEntry reports whether an entry may go from stage from to stage to.
func CanMoveEntry(from, to Stage) bool {
	for _, s := range entryMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// EntryMovesFrom lists the stages an entry in stage from may go to.
func EntryMovesFrom(from Stage) []Stage { return append([]Stage(nil), entryMoves[from]...) }

// Entry is a participant's application to a project ("エントリー").
type Entry struct {
	ID        int64
	ProjectID int64
	UserID    int64 // the participant
	// Copied from the project when the entry is made, so the policy can
	// decide on the entry alone (the project's links never change).
	CompanyID      int64
	OrganizationID int64

	Motivation   string // why this project
	Contribution string // what I can contribute
	HoursPerWeek int    // hours I can give per week (the unit projects state)
	Questions    string // optional questions to the organisation and company

	Stage     Stage
	CreatedAt time.Time
	UpdatedAt time.Time // last stage change or edit

	// Joined for display; nil when not read.
	Project     *Project
	Participant *User
	Profile     *Profile // the participant's profile as attached to the entry
}

// EntryScope is what the policy needs to know of an entry.
func (e *Entry) Scope() EntryScope {
	return EntryScope{EntryID: e.ID, ProjectID: e.ProjectID, UserID: e.UserID, CompanyID: e.CompanyID, OrganizationID: e.OrganizationID}
}

// EntryScope names the links an entry permission depends on. A zero
// EntryID with a ProjectID describes "the entries of that project" (the
// board, the CSV export) or a new entry.
type EntryScope struct {
	EntryID        int64
	ProjectID      int64
	UserID         int64 // participant; 0 for a project-wide scope
	CompanyID      int64
	OrganizationID int64
}

// Limits of an entry's text, in runes.
const (
	MaxMotivation   = 2000
	MaxContribution = 2000
	MaxQuestions    = 1000
	MaxHoursPerWeek = 40
)

// Normalize trims the entry's text fields.
func (e *Entry) Normalize() {
	e.Motivation = strings.TrimSpace(e.Motivation)
	e.Contribution = strings.TrimSpace(e.Contribution)
	e.Questions = strings.TrimSpace(e.Questions)
}

// Validate checks what the participant wrote. Fields map to catalogue keys.
func (e *Entry) Validate() error {
	var f FieldErrors
	for name, v := range map[string]string{"motivation": e.Motivation, "contribution": e.Contribution, "questions": e.Questions} {
		if BadProse(v) {
			f.Add(name, ErrBadText)
		}
	}
	switch n := TextLen(e.Motivation); {
	case n == 0:
		f.Add("motivation", "entry.error.motivation_required")
	case n > MaxMotivation:
		f.Add("motivation", "entry.error.motivation_long", "Max", MaxMotivation)
	}
	switch n := TextLen(e.Contribution); {
	case n == 0:
		f.Add("contribution", "entry.error.contribution_required")
	case n > MaxContribution:
		f.Add("contribution", "entry.error.contribution_long", "Max", MaxContribution)
	}
	if e.HoursPerWeek < 1 || e.HoursPerWeek > MaxHoursPerWeek {
		f.Add("hours_per_week", "entry.error.hours_range", "Min", 1, "Max", MaxHoursPerWeek)
	}
	if TextLen(e.Questions) > MaxQuestions {
		f.Add("questions", "entry.error.questions_long", "Max", MaxQuestions)
	}
	if err := f.Err(); err != nil {
		err.(*Error).Message = "Please check the entry."
		return err
	}
	return nil
}

// EntryEvent is one recorded change of an entry: its creation, a stage move,
// an edit. Reason is shown to the participant; Note is not (it stays with
// the organisation and company).
type EntryEvent struct {
	ID        int64
	EntryID   int64
	ActorID   int64 // 0 for the system (deadline, places filled)
	From      Stage // "" for the creation
	To        Stage
	Reason    string
	CreatedAt time.Time

	ActorName string // joined for display
}

// EntryNote is a private note on an entry, visible only to the project's
// organisation and company (and admins), never to the participant.
type EntryNote struct {
	ID        int64
	EntryID   int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time

	AuthorName string // joined for display
}

// MaxNote and MaxReason bound notes and move reasons, in runes.
const (
	MaxNote   = 2000
	MaxReason = 1000
)

// Favorite is a project a person marked as 気になる.
type Favorite struct {
	UserID    int64
	ProjectID int64
	CreatedAt time.Time
}

// ClosedReason says why a project takes no entries, for the page.
type ClosedReason string

// Why a project takes no entries; "" when it does.
const (
	ClosedNot      ClosedReason = ""
	ClosedDeadline ClosedReason = "deadline" // the entry deadline passed
	ClosedFilled   ClosedReason = "filled"   // every place is matched
	ClosedByHand   ClosedReason = "closed"   // closed or not published
	// Why the system declined open entries, in the notice it sends.
	ClosedCancelled ClosedReason = "cancelled" // the project was cancelled
	ClosedCompleted ClosedReason = "completed" // the project was completed
)

// WaitingCountCap bounds the count of the entries that wait for their
// hosts: beyond it the management dashboard says "more than
// WaitingCountCap", so that the count stays quick when hundreds of
// thousands wait (an admin's view).
const WaitingCountCap = 1000
