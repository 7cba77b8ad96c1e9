package furusato

import (
	"slices"
	"strings"
	"time"
)

// RecordStatus is where a participation record stands.
type RecordStatus string

// The record statuses. A record is drafted when the team's work is
// completed, waits for the company to confirm the hours (draft), is then
// issued with its signed credential, and may be revoked by an admin,
// once and for good.
const (
	RecordDraft   RecordStatus = "draft"
	RecordIssued  RecordStatus = "issued"
	RecordRevoked RecordStatus = "revoked"
)

// RecordStatuses lists every record status.
var RecordStatuses = []RecordStatus{RecordDraft, RecordIssued, RecordRevoked}

// Valid reports whether s is a known record status.
func (s RecordStatus) Valid() bool { return slices.Contains(RecordStatuses, s) }

// Limits of a record's texts and hours.
const (
	MaxRecordRole   = 100   // the participant's role
	MaxRecordWords  = 1000  // the company's words
	MaxRecordReason = 1000  // an admin's reason for revoking
	MaxRecordHours  = 10000 // a year of full-time work is about 2,000
)

// Record is one participant's record of a completed project (参加の記録):
// the project, their role, the period, the hours the company confirmed
// from the check-ins, and the company's words when it consented to show
// them. Issued, it carries an Open Badges 3.0 credential (Credential,
// signed JSON) whose revocation bit is StatusIndex on the status lists.
// The participant decides whether it is public. Links (team, project,
// company, organisation, participant) are copied when it is drafted, so
// the policy decides on the record alone; the texts that the record
// states (project title, company, participant's name) are copied too, so
// it says what was true when it was issued.
type Record struct {
	ID             int64
	TeamID         int64
	ProjectID      int64
	CompanyID      int64
	OrganizationID int64
	UserID         int64 // the participant

	ProjectTitle    string
	CompanyName     string
	ParticipantName string
	Role            string // the participant's role in the team, as the record states it

	Start, End time.Time // kickoff (or the team's creation) to the end of the work

	ReportedHours int // the sum of the participant's check-ins, when drafted
	Hours         int // as the company confirmed them (ReportedHours until then)
	// Words is the company's words about the participant; it is kept only
	// with the company's consent to show it on the record (WordsConsent).
	Words        string
	WordsConsent bool

	Status      RecordStatus
	Public      bool // the participant's choice; private by default
	StatusIndex int64
	Credential  string // the signed OpenBadgeCredential (JSON), once issued

	ConfirmedBy  int64
	IssuedAt     time.Time
	RevokedAt    time.Time
	RevokeReason string
	CreatedAt    time.Time
}

// Shown reports whether r is open to everyone: issued (or revoked, which
// its page then says) and made public by its participant.
func (r *Record) Shown() bool { return r.Public && r.Status != RecordDraft }

// Scope is what the policy needs of r.
func (r *Record) Scope() RecordScope {
	return RecordScope{RecordID: r.ID, UserID: r.UserID, CompanyID: r.CompanyID,
		OrganizationID: r.OrganizationID, Status: r.Status, Public: r.Public}
}

// RecordScope names what a record permission depends on.
type RecordScope struct {
	RecordID       int64
	UserID         int64 // the participant
	CompanyID      int64
	OrganizationID int64
	Status         RecordStatus
	Public         bool
}

// RecordConfirmation is what the company's staff send to issue a record:
// the participant's role as the company words it (広報担当…), the hours
// (corrected if need be), their words and the consent to show the words
// on the record.
type RecordConfirmation struct {
	Role    string
	Hours   int
	Words   string
	Consent bool
}

// Normalize makes the role one line and trims the words; both lose any
// bidirectional control (they are signed into a credential, where a
// reordered text would say something else than it seems to).
func (c *RecordConfirmation) Normalize() {
	c.Role = Line(c.Role)
	c.Words = strings.TrimSpace(Newlines(c.Words))
}

// Validate checks a confirmation: the hours within range, the words
// clean; words without consent are refused (the company's words reach a
// record only with its consent, and are never kept silently).
func (c *RecordConfirmation) Validate() error {
	var f FieldErrors
	f.Text("role", c.Role, MaxRecordRole, true)
	if strings.ContainsAny(c.Role, "\r\n") {
		f.Add("role", "error.invalid")
	}
	if c.Hours < 0 || c.Hours > MaxRecordHours {
		f.Add("hours", "error.range", "Min", 0, "Max", MaxRecordHours)
	}
	f.Text("words", c.Words, MaxRecordWords, false)
	if c.Words != "" && !c.Consent && f.Fields["words"] == "" {
		f.Add("consent", "records.error.consent")
	}
	return f.Err()
}

// ValidateRevokeReason checks an admin's reason for revoking a record,
// normalised by the caller: required, clean, at most MaxRecordReason.
func ValidateRevokeReason(reason string) error {
	var f FieldErrors
	f.Text("reason", reason, MaxRecordReason, true)
	return f.Err()
}

// SigningKey is one of the platform's Ed25519 credential keys. Name is
// its fragment in the issuer profile ("key-1"); Seed is the private seed
// (never shown, never logged), Public the public key.
type SigningKey struct {
	ID        int64
	Name      string
	Seed      []byte
	Public    []byte
	CreatedAt time.Time
}
