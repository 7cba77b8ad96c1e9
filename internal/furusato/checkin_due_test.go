package furusato

import (
	"testing"
	"time"
)

func TestCheckInDue_FromTheLastCheckInOrTheKickoff(t *testing.T) {
	kickoff := time.Date(2027, 1, 31, 10, 0, 0, 0, JST)
	last := time.Date(2027, 2, 3, 9, 0, 0, 0, JST)
	for _, c := range []struct {
		name          string
		cadence       Cadence
		last, kickoff time.Time
		want          time.Time
	}{
		{"nothing started", CadenceWeekly, time.Time{}, time.Time{}, time.Time{}},
		{"a week after the kickoff", CadenceWeekly, time.Time{}, kickoff, kickoff.Add(7 * 24 * time.Hour)},
		{"two weeks after the last", CadenceBiweekly, last, kickoff, last.Add(14 * 24 * time.Hour)},
		{"a calendar month after the kickoff", CadenceMonthly, time.Time{}, kickoff, time.Date(2027, 3, 3, 10, 0, 0, 0, JST)},
	} {
		if got := CheckInDue(c.cadence, c.last, c.kickoff); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckInPeriod_NeverEndsBeforeItStarts(t *testing.T) {
	now := time.Date(2027, 2, 10, 9, 0, 0, 0, JST)
	created, kickoff, last := now.Add(-30*24*time.Hour), now.Add(-20*24*time.Hour), now.Add(-6*24*time.Hour)
	for _, c := range []struct {
		name                   string
		last, kickoff, created time.Time
		want                   time.Time
	}{
		{"since the last check-in", last, kickoff, created, last},
		{"since the kickoff", time.Time{}, kickoff, created, kickoff},
		{"since the team began", time.Time{}, time.Time{}, created, created},
		{"a kickoff still ahead", time.Time{}, now.Add(time.Hour), created, now},
	} {
		start, end := CheckInPeriod(c.last, c.kickoff, c.created, now)
		if !start.Equal(c.want) || !end.Equal(now) {
			t.Errorf("%s: %v–%v, want %v–%v", c.name, start, end, c.want, now)
		}
	}
}

func TestMilestone_OverdueAndMoves(t *testing.T) {
	today := Date{Year: 2027, Month: 2, Day: 10}
	m := &Milestone{Status: MilestoneOpen, Due: Date{Year: 2027, Month: 2, Day: 9}}
	if !m.Overdue(today) {
		t.Error("an open milestone due yesterday is not overdue")
	}
	m.Due = today
	if m.Overdue(today) {
		t.Error("due today is overdue")
	}
	m.Due, m.Status = Date{Year: 2027, Month: 1, Day: 1}, MilestoneDone
	if m.Overdue(today) {
		t.Error("a done milestone is overdue")
	}
	if !CanMoveMilestone(MilestoneDone, MilestoneOpen) || CanMoveMilestone(MilestoneOpen, MilestoneOpen) || CanMoveMilestone("lost", MilestoneDone) {
		t.Error("CanMoveMilestone")
	}
}
