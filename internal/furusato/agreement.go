package furusato

import (
	"slices"
	"strings"
	"time"
)

// Ownership says who owns what the team makes (成果物の帰属).
type Ownership string

// The ownership terms; the catalogue words each as a standard clause.
const (
	OwnedByCompany     Ownership = "company"
	OwnedByParticipant Ownership = "participant"
	OwnedShared        Ownership = "shared"
)

// Ownerships lists the ownership terms in the order forms offer them.
var Ownerships = []Ownership{OwnedByCompany, OwnedShared, OwnedByParticipant}

// Valid reports whether o is a known ownership term.
func (o Ownership) Valid() bool { return slices.Contains(Ownerships, o) }

// Agreement is one version of a team's side-job agreement (業務委託・謝礼の
// 取り決め): the standard terms filled from the project and the charter
// (AgreementFrom), which each participant and the company accept
// (AgreementAcceptance). The standard clauses are worded by the message
// catalogue from these values; Notes holds what the parties add.
type Agreement struct {
	ID             int64
	TeamID         int64
	Version        int
	CharterVersion int // the charter version it was filled from
	Start, End     Date
	HoursPerWeek   int
	RewardType     RewardType
	RewardAmount   int // yen per month
	TravelCost     TravelCost
	Confidential   bool      // the standard confidentiality clause applies
	Ownership      Ownership // who owns the results
	NoticeDays     int       // days of notice to end early
	Notes          string
	AuthorID       int64
	CreatedAt      time.Time
}

// Limits of an agreement.
const (
	MaxAgreementNotes = 4000
	MaxNoticeDays     = 90
	// DefaultNoticeDays is the standard notice to end early.
	DefaultNoticeDays = 14
)

// AgreementFrom fills the standard terms from project p and charter c:
// the period from the project's start for its duration (from start when
// the project names no start date), the charter's hours, the project's
// reward and travel cost; confidential, results owned by the company and
// DefaultNoticeDays to end early, which the parties may change.
func AgreementFrom(p *Project, c *Charter, start Date) Agreement {
	if !p.StartDate.IsZero() {
		start = p.StartDate
	}
	end := DateOf(start.Start().AddDate(0, p.DurationMonths, 0)).AddDays(-1)
	return Agreement{TeamID: c.TeamID, CharterVersion: c.Version, Start: start, End: end,
		HoursPerWeek: c.HoursPerWeek, RewardType: p.RewardType, RewardAmount: p.RewardAmount,
		TravelCost: p.TravelCost, Confidential: true, Ownership: OwnedByCompany, NoticeDays: DefaultNoticeDays}
}

// Validate checks the terms.
func (a *Agreement) Validate() error {
	var f FieldErrors
	if a.Start.IsZero() {
		f.Add("start", "error.required")
	}
	if a.End.IsZero() {
		f.Add("end", "error.required")
	} else if a.End.Before(a.Start) {
		f.Add("end", "error.range", "Min", a.Start, "Other", "start")
	}
	if a.HoursPerWeek < 1 || a.HoursPerWeek > MaxHoursPerWeek {
		f.Add("hours_per_week", "error.range", "Min", 1, "Max", MaxHoursPerWeek)
	}
	if !a.RewardType.Valid() {
		f.Add("reward_type", "error.invalid")
	}
	if a.RewardAmount < 0 || (a.RewardType == RewardNone && a.RewardAmount != 0) {
		f.Add("reward_amount", "error.invalid")
	}
	switch a.TravelCost {
	case TravelNone, TravelPart, TravelFull:
	default:
		f.Add("travel_cost", "error.invalid")
	}
	if !a.Ownership.Valid() {
		f.Add("ownership", "error.invalid")
	}
	if a.NoticeDays < 0 || a.NoticeDays > MaxNoticeDays {
		f.Add("notice_days", "error.range", "Min", 0, "Max", MaxNoticeDays)
	}
	f.Text("notes", a.Notes, MaxAgreementNotes, false)
	return f.Err()
}

// Normalize trims the notes and makes their line ends LF.
func (a *Agreement) Normalize() { a.Notes = strings.TrimSpace(Newlines(a.Notes)) }

// Party is a side of an agreement.
type Party string

// The parties: each participant accepts for themself; one of the
// company's staff accepts for the company.
const (
	PartyParticipant Party = "participant"
	PartyCompany     Party = "company"
)

// AgreementAcceptance records who accepted which agreement version, when,
// and for which party.
type AgreementAcceptance struct {
	AgreementID int64
	Party       Party
	UserID      int64 // who accepted: the participant, or the company's staff member
	AcceptedAt  time.Time

	Name string // joined for display
}
