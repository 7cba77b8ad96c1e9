package furusato

import "time"

// NoticeKind names an event people are told about, in the product and by
// e-mail. The names are stable: preferences and templates use them.
type NoticeKind string

// The events of the entry workflow.
const (
	NoticeNewEntry           NoticeKind = "entry.new"           // to the organisation and company
	NoticeEntryReceived      NoticeKind = "entry.received"      // to the participant: the receipt of their entry
	NoticeStageChanged       NoticeKind = "entry.stage"         // to the participant
	NoticeInterviewProposed  NoticeKind = "interview.proposed"  // to the participant
	NoticeInterviewConfirmed NoticeKind = "interview.confirmed" // to both sides
	NoticeInterviewReminder  NoticeKind = "interview.reminder"  // to both sides, the day before
	NoticeInterviewCancelled NoticeKind = "interview.cancelled" // to both sides
	NoticeOffer              NoticeKind = "entry.offer"         // to the participant
	NoticeMatched            NoticeKind = "entry.matched"       // to both sides
	NoticeMessage            NoticeKind = "message.new"         // to the thread's other people
	NoticeDeadlineSoon       NoticeKind = "favorite.deadline"   // a favourite's deadline approaches
	NoticeEntriesClosed      NoticeKind = "entry.closed"        // project filled or deadline passed, to open entries
)

// The events of a team after the match (issue 10).
const (
	NoticeCharter        NoticeKind = "team.charter"     // a charter version to confirm, to the team's members
	NoticeAgreement      NoticeKind = "team.agreement"   // an agreement version to accept, to the participants and the company's staff
	NoticeTeamMeeting    NoticeKind = "team.meeting"     // a team meeting proposed, set, moved, cancelled or coming up, to the team
	NoticeCheckInDue     NoticeKind = "team.checkin_due" // a check-in is due, to the participants
	NoticeCheckInComment NoticeKind = "team.comment"     // a comment on one's check-in, to its author
	NoticeTeamMessage    NoticeKind = "team.message"     // new messages in the team thread, as a digest
	NoticeTeamFlag       NoticeKind = "team.flag"        // a team needs attention (early warning), to its coordinators and supporters
	NoticeTeamCompleted  NoticeKind = "team.completed"   // the project completed or ended early, to the team
	NoticeReflection     NoticeKind = "team.reflection"  // a reflection to write, or the other side's to read, to the team
	NoticeRecord         NoticeKind = "team.record"      // a participation record to confirm (company) or issued (participant)
)

// NoticeKinds lists every kind, in the order the preferences page shows them.
var NoticeKinds = []NoticeKind{
	NoticeNewEntry, NoticeEntryReceived, NoticeStageChanged, NoticeInterviewProposed, NoticeInterviewConfirmed,
	NoticeInterviewReminder, NoticeInterviewCancelled, NoticeOffer, NoticeMatched,
	NoticeMessage, NoticeDeadlineSoon, NoticeEntriesClosed,
	NoticeCharter, NoticeAgreement, NoticeTeamMeeting, NoticeCheckInDue, NoticeCheckInComment, NoticeTeamMessage, NoticeTeamFlag, NoticeTeamCompleted, NoticeReflection, NoticeRecord,
}

// HostKind reports whether only hosts get kind k: a new entry goes to the
// organisation and the company (the admins stand in), a team's flag to
// its coordinators and supporters.
func (k NoticeKind) HostKind() bool { return k == NoticeNewEntry || k == NoticeTeamFlag }

// NoticeKindsOf lists the kinds a may choose about, in the order of
// NoticeKinds: every kind for a host (a member of an organisation or a
// company, a supporter, an admin), the others for a participant, who never
// gets a host's notices.
func NoticeKindsOf(a *Actor) []NoticeKind {
	if a.IsAdmin() || a.SignedIn() && (len(a.Memberships) > 0 || len(a.Supporting) > 0) {
		return NoticeKinds
	}
	out := make([]NoticeKind, 0, len(NoticeKinds))
	for _, k := range NoticeKinds {
		if !k.HostKind() {
			out = append(out, k)
		}
	}
	return out
}

// Valid reports whether k is a known kind.
func (k NoticeKind) Valid() bool {
	for _, v := range NoticeKinds {
		if v == k {
			return true
		}
	}
	return false
}

// Notice is one in-app notification to one person. Params fill the
// catalogue message of its kind (project title, stage…); Link is a path on
// the site.
type Notice struct {
	ID        int64
	UserID    int64
	Kind      NoticeKind
	EntryID   int64 // 0 when not about an entry
	ProjectID int64 // 0 when not about a project
	Params    map[string]string
	Link      string
	// Calendar is an iCalendar document attached to the notice's e-mail
	// (interview confirmations); not kept with the in-app notice.
	Calendar  string
	ReadAt    time.Time // zero while unread
	CreatedAt time.Time
}

// NoticePref is one person's choice for one kind: shown in the product
// (always, the centre keeps everything) and sent by e-mail or not.
type NoticePref struct {
	Kind  NoticeKind
	Email bool
}
