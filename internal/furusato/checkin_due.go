package furusato

import "time"

// CheckInDue returns when a participant's next check-in is due: one
// period of c after their last check-in (last), or after the kickoff if
// they have written none. It is zero when there is neither (the work has
// not started, so nothing is due).
func CheckInDue(c Cadence, last, kickoff time.Time) time.Time {
	switch {
	case !last.IsZero():
		return c.After(last)
	case !kickoff.IsZero():
		return c.After(kickoff)
	}
	return time.Time{}
}

// CheckInPeriod returns the period a check-in written at now covers: from
// the author's last check-in (or the kickoff, or the team's start when
// there was no kickoff) to now. A start after now (a kickoff still ahead)
// is now, so the period never ends before it starts.
func CheckInPeriod(last, kickoff, created, now time.Time) (start, end time.Time) {
	start = created
	switch {
	case !last.IsZero():
		start = last
	case !kickoff.IsZero():
		start = kickoff
	}
	if start.IsZero() || start.After(now) {
		start = now
	}
	return start, now
}

// Overdue reports whether m is still open after its due date (today is
// the date in JST).
func (m *Milestone) Overdue(today Date) bool {
	return m.Status == MilestoneOpen && !m.Due.IsZero() && m.Due.Before(today)
}

// CanMoveMilestone reports whether a milestone may go from status from to
// status to: any known status to another (done or dropped may be opened
// again), never to the same one.
func CanMoveMilestone(from, to MilestoneStatus) bool {
	return from.Valid() && to.Valid() && from != to
}
