package furusato

import "time"

// InterviewStatus is where an interview (面談) stands.
type InterviewStatus string

// Interview statuses: proposed (slots offered, none picked), confirmed (the
// participant picked one), cancelled.
const (
	InterviewProposed  InterviewStatus = "proposed"
	InterviewConfirmed InterviewStatus = "confirmed"
	InterviewCancelled InterviewStatus = "cancelled"
)

// Interview is a 面談 for one entry: the organisation or company proposes
// one or more slots, the participant picks one. Rescheduling proposes new
// slots on the same interview (it goes back to proposed).
type Interview struct {
	ID        int64
	EntryID   int64
	Status    InterviewStatus
	Slots     []InterviewSlot
	ChosenID  int64  // the picked slot; 0 until confirmed
	Online    bool   // online (URL in Location) or on site (a place)
	Location  string // meeting URL or place
	Notes     string // private to the organisation and company
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Sequence  int // bumped on every change, for iCalendar SEQUENCE
	// CancelReason is why it was cancelled, as the hosts (or the move that
	// ended the entry) gave it; shown to both sides. Empty otherwise.
	CancelReason string
}

// InterviewSlot is one proposed time.
type InterviewSlot struct {
	ID       int64
	Start    time.Time // an instant; shown in JST
	Duration time.Duration
}

// End returns when the slot ends.
func (s InterviewSlot) End() time.Time { return s.Start.Add(s.Duration) }

// Chosen returns the picked slot, if any.
func (iv *Interview) Chosen() (InterviewSlot, bool) { return ChosenSlot(iv.Slots, iv.ChosenID) }

// ErrChooseFrom is the field-error key (a message-catalogue key) of a
// choice sent without one of the choices offered, such as a pick without
// a time; the edges name the field and list the choices still open.
const ErrChooseFrom = "errs.choose_from"

// AllPassed reports whether every slot of slots has begun by now (true
// for none): nothing is left to pick, and only new times help.
func AllPassed(slots []InterviewSlot, now time.Time) bool {
	for _, s := range slots {
		if s.Start.After(now) {
			return false
		}
	}
	return true
}

// ChosenSlot returns the slot of slots with id chosen (0: none chosen).
// Interviews and team meetings share it.
func ChosenSlot(slots []InterviewSlot, chosen int64) (InterviewSlot, bool) {
	for _, s := range slots {
		if s.ID == chosen && chosen != 0 {
			return s, true
		}
	}
	return InterviewSlot{}, false
}

// Limits of an interview proposal.
const (
	MaxInterviewSlots    = 5
	MinInterviewDuration = 15 * time.Minute
	MaxInterviewDuration = 4 * time.Hour
)

// InterviewEntry is what the interview use cases need to know of an entry:
// its links for the policy, its stage, and its project and participant for
// notices and calendars.
type InterviewEntry struct {
	Scope        EntryScope
	Stage        Stage
	ProjectTitle string
	ProjectSlug  string
	Participant  string // display name
}
