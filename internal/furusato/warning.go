package furusato

import (
	"slices"
	"strconv"
	"time"
)

// WarningRule names an early-warning rule (要注意).
type WarningRule string

// The early-warning rules of issue 10.
const (
	RuleCheckInOverdue WarningRule = "checkin_overdue"     // a participant's check-in is overdue by more than a cadence
	RuleLowHours       WarningRule = "low_hours"           // hours below the share of the charter for periods in a row
	RuleBlocker        WarningRule = "blocker_open"        // blockers reported in check-ins in a row
	RuleSilent         WarningRule = "thread_silent"       // nobody wrote in the team thread for days
	RuleUnconfirmed    WarningRule = "charter_unconfirmed" // a party has not confirmed the charter after kickoff
)

// WarningSettings are the thresholds of the rules (settings, not code).
type WarningSettings struct {
	OverdueCadences int // a check-in is overdue when more than this many periods late
	LowHoursPercent int // hours below this percentage of the charter's count as low
	LowHoursPeriods int // … for this many check-ins in a row
	BlockerCheckIns int // blockers reported in this many check-ins in a row
	SilentDays      int // the thread silent for this many days
	ConfirmDays     int // the charter unconfirmed this many days after kickoff
}

// DefaultWarningSettings are issue 10's thresholds.
var DefaultWarningSettings = WarningSettings{OverdueCadences: 1, LowHoursPercent: 50, LowHoursPeriods: 2,
	BlockerCheckIns: 2, SilentDays: 21, ConfirmDays: 7}

// TeamHealth is what the rules read of one team, as the dashboard query
// gives it for many teams at once.
type TeamHealth struct {
	TeamID             int64
	ProjectID          int64
	CreatedAt          time.Time
	KickoffAt          time.Time // zero: not yet
	Cadence            Cadence
	CharterVersion     int // 0: no charter yet
	CharterHours       int // per participant and week
	CharterAt          time.Time
	LastMessageAt      time.Time // zero: nobody wrote
	LastInterventionAt time.Time // zero: none
	CompanyConfirmed   bool      // one of the company's staff confirmed the current version
	Participants       []ParticipantHealth

	ProjectTitle, ProjectSlug string // joined for display
}

// ParticipantHealth is what the rules read of one participant.
type ParticipantHealth struct {
	UserID        int64
	Confirmed     bool      // confirmed the current charter version
	LastCheckInAt time.Time // zero: none yet
	// Recent holds the participant's latest check-ins, oldest first: at
	// least as many as the longest run a rule counts.
	Recent []CheckInFact
}

// CheckInFact is what the rules read of one check-in.
type CheckInFact struct {
	At      time.Time
	Hours   int
	Blocked bool // it reported a blocker
}

// Warning is one rule firing on a team: since when, for whom (UserID 0
// for the team, or the company for RuleUnconfirmed), and the facts that
// word the reason: Key is the message-catalogue key ("warning." + the
// rule) and Params its parameters (times as JST dates, numbers in
// decimal).
type Warning struct {
	Rule   WarningRule
	Since  time.Time
	UserID int64
	Key    string
	Params map[string]string
}

// Warnings returns the rules that fire on team h at now, oldest first.
// Edges: a check-in is overdue only when now is strictly more than
// OverdueCadences periods past its due time (issue 10: "by more than one
// cadence"); the silence and confirmation rules fire at exactly their
// number of days ("silent for 21 days", "a week after kickoff"); hours
// are low strictly below the percentage. A team fires nothing about
// check-ins and confirmation before its kickoff.
//
// An intervention clears the flag: every rule starts again from it.
// Periods and silence are measured from the intervention when it is
// later, runs of low hours and blockers count only check-ins after it, and
// the confirmation gets ConfirmDays from it.
func Warnings(h TeamHealth, s WarningSettings, now time.Time) []Warning {
	var out []Warning
	iv := h.LastInterventionAt
	add := func(rule WarningRule, since time.Time, user int64, params map[string]string) {
		out = append(out, Warning{Rule: rule, Since: since, UserID: user, Key: "warning." + string(rule), Params: params})
	}
	started := !h.KickoffAt.IsZero() && !now.Before(h.KickoffAt)
	for _, p := range h.Participants {
		if started {
			last := latest(p.LastCheckInAt, h.KickoffAt, iv)
			since := last
			for range 1 + s.OverdueCadences {
				since = h.Cadence.After(since)
			}
			if now.After(since) {
				add(RuleCheckInOverdue, since, p.UserID, map[string]string{"last": dateParam(p.LastCheckInAt),
					"due": dateParam(h.Cadence.After(last)), "cadence": string(h.Cadence)})
			}
		}
		after := afterTime(p.Recent, iv)
		if h.CharterHours > 0 && s.LowHoursPeriods > 0 {
			low := func(c CheckInFact) bool {
				return 100*c.Hours*h.Cadence.PerYear() < s.LowHoursPercent*h.CharterHours*52
			}
			if run := trailing(after, low); len(run) >= s.LowHoursPeriods {
				add(RuleLowHours, run[s.LowHoursPeriods-1].At, p.UserID, map[string]string{
					"hours": hoursParam(run), "charter": strconv.Itoa(h.CharterHours), "periods": strconv.Itoa(len(run))})
			}
		}
		if s.BlockerCheckIns > 0 {
			if run := trailing(after, func(c CheckInFact) bool { return c.Blocked }); len(run) >= s.BlockerCheckIns {
				add(RuleBlocker, run[s.BlockerCheckIns-1].At, p.UserID, map[string]string{"checkins": strconv.Itoa(len(run))})
			}
		}
	}
	last := latest(h.LastMessageAt, h.CreatedAt, iv)
	if since := last.AddDate(0, 0, s.SilentDays); !now.Before(since) {
		add(RuleSilent, since, 0, map[string]string{"last": dateParam(h.LastMessageAt),
			"days": strconv.Itoa(int(now.Sub(last) / (24 * time.Hour)))})
	}
	if started {
		since := h.KickoffAt.AddDate(0, 0, s.ConfirmDays)
		for _, t := range []time.Time{h.CharterAt, iv} {
			if !t.IsZero() {
				since = latest(since, t.AddDate(0, 0, s.ConfirmDays))
			}
		}
		if !now.Before(since) {
			version := strconv.Itoa(h.CharterVersion)
			for _, p := range h.Participants {
				if !p.Confirmed || h.CharterVersion == 0 {
					add(RuleUnconfirmed, since, p.UserID, map[string]string{"party": string(PartyParticipant), "version": version})
				}
			}
			if !h.CompanyConfirmed || h.CharterVersion == 0 {
				add(RuleUnconfirmed, since, 0, map[string]string{"party": string(PartyCompany), "version": version})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Warning) int { return a.Since.Compare(b.Since) })
	return out
}

// FlaggedSince returns when the oldest of ws started to fire: dashboards
// put the longest-flagged team first. ok is false when ws is empty.
func FlaggedSince(ws []Warning) (since time.Time, ok bool) {
	for _, w := range ws {
		if !ok || w.Since.Before(since) {
			since, ok = w.Since, true
		}
	}
	return since, ok
}

// latest returns the latest of ts.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// afterTime returns the check-ins of cs made after t (all for a zero t).
func afterTime(cs []CheckInFact, t time.Time) []CheckInFact {
	i := 0
	for i < len(cs) && !cs[i].At.After(t) {
		i++
	}
	return cs[i:]
}

// trailing returns the longest run at the end of cs whose check-ins all
// satisfy ok, oldest first.
func trailing(cs []CheckInFact, ok func(CheckInFact) bool) []CheckInFact {
	i := len(cs)
	for i > 0 && ok(cs[i-1]) {
		i--
	}
	return cs[i:]
}

// dateParam is t's JST date for a message parameter, "" for zero.
func dateParam(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return DateOf(t).String()
}

// hoursParam lists the hours of run, oldest first: "3,2".
func hoursParam(run []CheckInFact) string {
	var b []byte
	for i, c := range run {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(c.Hours), 10)
	}
	return string(b)
}
