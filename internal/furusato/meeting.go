package furusato

import (
	"slices"
	"time"
)

// MeetingKind is what a team meeting is for.
type MeetingKind string

// The meeting kinds: the kickoff (キックオフ), which starts the work, and
// any later meeting (定例・打ち合わせ).
const (
	MeetingKickoff MeetingKind = "kickoff"
	MeetingRegular MeetingKind = "meeting"
)

// MeetingKinds lists the kinds in the order forms offer them.
var MeetingKinds = []MeetingKind{MeetingKickoff, MeetingRegular}

// Valid reports whether k is a known kind.
func (k MeetingKind) Valid() bool { return slices.Contains(MeetingKinds, k) }

// TeamMeeting is a meeting of a whole team, scheduled with the interview
// slot machinery: the coordinator (or the company's staff) proposes slots
// in JST, one pick confirms it for everyone, rescheduling proposes new
// slots on the same meeting (back to proposed, a new SEQUENCE), and it
// may be cancelled. Its statuses are the interview's.
type TeamMeeting struct {
	ID        int64
	TeamID    int64
	Kind      MeetingKind
	Status    InterviewStatus
	Slots     []InterviewSlot
	ChosenID  int64  // the picked slot; 0 until confirmed
	Online    bool   // online (URL in Location) or on site (a place)
	Location  string // meeting URL or place
	Note      string // for the whole team (agenda, what to bring)
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Sequence  int // bumped on every change, for iCalendar SEQUENCE
	// CancelReason is why it was cancelled, as who cancelled it typed it;
	// CancelCause is MeetingCancelTeamEnded when the end of the team's
	// work cancelled it. Both empty unless cancelled.
	CancelReason string
	CancelCause  string
}

// MeetingCancelTeamEnded is the CancelCause of a meeting still ahead when
// the team's work ended (completed, or ended early).
const MeetingCancelTeamEnded = "team_ended"

// Chosen returns the picked slot, if any.
func (m *TeamMeeting) Chosen() (InterviewSlot, bool) { return ChosenSlot(m.Slots, m.ChosenID) }

// Mode returns the form's mode of m: "online" or "onsite".
func (m *TeamMeeting) Mode() string {
	if m.Online {
		return InterviewOnline
	}
	return InterviewOnsite
}

// MeetingProposal is a meeting proposal (or reschedule) as typed: the
// kind and, as for an interview, the slots, the mode, the place or link
// and a note (here shared with the team).
type MeetingProposal struct {
	Kind string
	InterviewProposal
}

// Normalize trims the kind and normalises the rest as an interview
// proposal.
func (p *MeetingProposal) Normalize() {
	p.Kind = Line(p.Kind)
	p.InterviewProposal.Normalize()
}

// Validate checks the proposal against now as InterviewProposal.Validate
// does, and the kind ("kind": "meeting.error.kind_required").
//
// The keys that name an interview ("the interview's place", "private
// notes") are replaced by the meeting's own (meetingKeys).
func (p *MeetingProposal) Validate(now time.Time) ([]InterviewSlot, error) {
	slots, err := p.InterviewProposal.Validate(now)
	if err == nil && MeetingKind(p.Kind).Valid() {
		return slots, nil
	}
	fields := map[string]string{}
	for k, v := range ErrorFields(err) {
		if mk, ok := meetingKeys[v]; ok {
			v = mk
		}
		fields[k] = v
	}
	if !MeetingKind(p.Kind).Valid() {
		fields["kind"] = "meeting.error.kind_required"
	}
	return nil, &Error{Code: EINVALID, Message: "Please check the meeting.", Fields: fields}
}

// meetingKeys maps the interview's catalogue keys that would be wrong for
// a meeting to the meeting's.
var meetingKeys = map[string]string{
	"interview.error.place_required": "meeting.error.place_required",
	"interview.error.notes_long":     "meeting.error.note_long",
}

// ReasonProjectStarted is the catalogue key recorded when an entry still
// open is declined because the coordinator started the project.
const ReasonProjectStarted = "entry.reason.project_started"
