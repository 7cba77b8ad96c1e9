package furusato

import (
	"fmt"
	"testing"
	"time"
)

// The fixed clock of the warning tests: kickoff on 2026-08-01, now on
// 2026-11-30, both 10:00 JST.
var (
	wNow     = time.Date(2026, 11, 30, 10, 0, 0, 0, JST)
	wKickoff = time.Date(2026, 8, 1, 10, 0, 0, 0, JST)
)

const day = 24 * time.Hour

// ago is the instant d before wNow.
func ago(d time.Duration) time.Time { return wNow.Add(-d) }

// healthy is a weekly team with one participant (user 2) that fires
// nothing: charter of 6 hours a week (so 3 is exactly half),
// everyone confirmed, a check-in and a message yesterday.
func healthy() TeamHealth {
	return TeamHealth{TeamID: 1, ProjectID: 100, CreatedAt: wKickoff.Add(-7 * day), KickoffAt: wKickoff,
		Cadence: CadenceWeekly, CharterVersion: 1, CharterHours: 6, CharterAt: wKickoff.Add(-2 * day),
		LastMessageAt: ago(day), CompanyConfirmed: true,
		Participants: []ParticipantHealth{{UserID: 2, Confirmed: true, LastCheckInAt: ago(day),
			Recent: []CheckInFact{{At: ago(8 * day), Hours: 6}, {At: ago(day), Hours: 6}}}}}
}

// checkins sets participant 2's recent check-ins (oldest first) and the
// last one's time.
func checkins(h *TeamHealth, cs ...CheckInFact) {
	h.Participants[0].Recent = cs
	h.Participants[0].LastCheckInAt = time.Time{}
	if len(cs) > 0 {
		h.Participants[0].LastCheckInAt = cs[len(cs)-1].At
	}
}

func low(d time.Duration, hours int) CheckInFact { return CheckInFact{At: ago(d), Hours: hours} }
func blocked(d time.Duration) CheckInFact        { return CheckInFact{At: ago(d), Hours: 6, Blocked: true} }

// fired is a warning as the table expects it.
type fired struct {
	rule  WarningRule
	user  int64
	since time.Time
}

func (f fired) String() string {
	return fmt.Sprintf("%s(user %d, since %s)", f.rule, f.user, f.since.In(JST).Format(time.DateTime+".000"))
}

func TestWarnings_Rules(t *testing.T) {
	cases := []struct {
		name string
		mod  func(h *TeamHealth)
		want []fired
	}{
		{"healthy team", func(h *TeamHealth) {}, nil},

		// Overdue: due one cadence after the last check-in, flagged when more than one cadence past that.
		{"weekly check-in exactly one cadence overdue", func(h *TeamHealth) { checkins(h, low(14*day, 6)) }, nil},
		{"weekly check-in just more than one cadence overdue", func(h *TeamHealth) { checkins(h, low(14*day+time.Millisecond, 6)) },
			[]fired{{RuleCheckInOverdue, 2, ago(time.Millisecond)}}},
		{"no check-in yet counts from the kickoff", func(h *TeamHealth) { checkins(h) },
			[]fired{{RuleCheckInOverdue, 2, wKickoff.Add(14 * day)}}},
		{"every two weeks, exactly at the edge", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceBiweekly, 3
			checkins(h, low(28*day, 6))
		}, nil},
		{"every two weeks, one day more", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceBiweekly, 3
			checkins(h, low(29*day, 6))
		}, []fired{{RuleCheckInOverdue, 2, ago(day)}}},
		{"monthly counts calendar months: two months ago is the edge", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceMonthly, 3
			checkins(h, CheckInFact{At: time.Date(2026, 9, 30, 10, 0, 0, 0, JST), Hours: 10})
		}, nil},
		{"monthly, a day more", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceMonthly, 3
			checkins(h, CheckInFact{At: time.Date(2026, 9, 29, 10, 0, 0, 0, JST), Hours: 10})
		}, []fired{{RuleCheckInOverdue, 2, time.Date(2026, 11, 29, 10, 0, 0, 0, JST)}}},
		{"nothing about check-ins or confirmation before the kickoff", func(h *TeamHealth) {
			h.KickoffAt = wNow.Add(day)
			h.CharterVersion, h.CompanyConfirmed = 0, false
			h.Participants[0].Confirmed = false
			checkins(h)
		}, nil},

		// Low hours: below half of the charter's share of a period, for two check-ins in a row.
		{"exactly half twice is not low", func(h *TeamHealth) { checkins(h, low(8*day, 3), low(day, 3)) }, nil},
		{"below half twice", func(h *TeamHealth) { checkins(h, low(8*day, 2), low(day, 2)) },
			[]fired{{RuleLowHours, 2, ago(day)}}},
		{"a longer run fires since its second check-in", func(h *TeamHealth) { checkins(h, low(15*day, 0), low(8*day, 2), low(day, 1)) },
			[]fired{{RuleLowHours, 2, ago(8 * day)}}},
		{"a good week ends the run", func(h *TeamHealth) { checkins(h, low(8*day, 2), low(day, 6)) }, nil},
		{"one low week is not two", func(h *TeamHealth) { checkins(h, low(8*day, 6), low(day, 2)) }, nil},
		{"monthly: 3 a week is 13 a month, 7 is more than half", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceMonthly, 3
			checkins(h, low(31*day, 7), low(day, 7))
		}, nil},
		{"monthly: 6 of 13 twice", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceMonthly, 3
			checkins(h, low(31*day, 6), low(day, 6))
		}, []fired{{RuleLowHours, 2, ago(day)}}},
		{"every two weeks: 2 of 6 (3 a week) twice", func(h *TeamHealth) {
			h.Cadence, h.CharterHours = CadenceBiweekly, 3
			checkins(h, low(15*day, 2), low(day, 2))
		}, []fired{{RuleLowHours, 2, ago(day)}}},
		{"no charter, no hours rule", func(h *TeamHealth) {
			h.CharterHours = 0
			checkins(h, low(8*day, 0), low(day, 0))
		}, nil},

		// Blockers: reported in two check-ins in a row.
		{"a blocker in two check-ins", func(h *TeamHealth) { checkins(h, blocked(8*day), blocked(day)) },
			[]fired{{RuleBlocker, 2, ago(day)}}},
		{"a blocker that was lifted", func(h *TeamHealth) { checkins(h, blocked(8*day), low(day, 6)) }, nil},
		{"a new blocker", func(h *TeamHealth) { checkins(h, low(8*day, 6), blocked(day)) }, nil},

		// Silence: 21 days without a message.
		{"silent exactly 21 days", func(h *TeamHealth) { h.LastMessageAt = ago(21 * day) },
			[]fired{{RuleSilent, 0, wNow}}},
		{"silent a moment less", func(h *TeamHealth) { h.LastMessageAt = ago(21*day - time.Millisecond) }, nil},
		{"never a message counts from the team's start", func(h *TeamHealth) { h.LastMessageAt = time.Time{} },
			[]fired{{RuleSilent, 0, wKickoff.Add(14 * day)}}},

		// Confirmation: every participant and the company, a week after the kickoff.
		{"participant unconfirmed exactly a week after kickoff", func(h *TeamHealth) {
			h.KickoffAt = ago(7 * day)
			h.CharterAt = ago(10 * day)
			h.Participants[0].Confirmed = false
			checkins(h, low(day, 6))
		}, []fired{{RuleUnconfirmed, 2, wNow}}},
		{"a moment before the week is out", func(h *TeamHealth) {
			h.KickoffAt = ago(7*day - time.Millisecond)
			h.CharterAt = ago(10 * day)
			h.Participants[0].Confirmed = false
			checkins(h, low(day, 6))
		}, nil},
		{"the company unconfirmed", func(h *TeamHealth) { h.CompanyConfirmed = false },
			[]fired{{RuleUnconfirmed, 0, wKickoff.Add(7 * day)}}},
		{"no charter at all", func(h *TeamHealth) { h.CharterVersion, h.CharterHours, h.CharterAt = 0, 0, time.Time{} },
			[]fired{{RuleUnconfirmed, 2, wKickoff.Add(7 * day)}, {RuleUnconfirmed, 0, wKickoff.Add(7 * day)}}},
		{"a new version gets its own week", func(h *TeamHealth) {
			h.CharterVersion, h.CharterAt = 2, ago(3*day)
			h.Participants[0].Confirmed = false
		}, nil},

		// An intervention clears every rule until it fires again after it.
		{"intervention clears an overdue check-in", func(h *TeamHealth) {
			checkins(h, low(20*day, 6))
			h.LastInterventionAt = ago(5 * day)
		}, nil},
		{"overdue again two cadences after the intervention", func(h *TeamHealth) {
			checkins(h, low(30*day, 6))
			h.LastInterventionAt = ago(15 * day)
		}, []fired{{RuleCheckInOverdue, 2, ago(day)}}},
		{"low hours before the intervention do not count", func(h *TeamHealth) {
			checkins(h, low(8*day, 2), low(day, 2))
			h.LastInterventionAt = ago(5 * day)
		}, nil},
		{"low hours twice after the intervention", func(h *TeamHealth) {
			checkins(h, low(15*day, 2), low(8*day, 2), low(day, 2))
			h.LastInterventionAt = ago(10 * day)
		}, []fired{{RuleLowHours, 2, ago(day)}}},
		{"blockers before the intervention do not count", func(h *TeamHealth) {
			checkins(h, blocked(8*day), blocked(day))
			h.LastInterventionAt = ago(2 * day)
		}, nil},
		{"silence measured from the intervention", func(h *TeamHealth) {
			h.LastMessageAt = ago(30 * day)
			h.LastInterventionAt = ago(10 * day)
		}, nil},
		{"silent 21 days after the intervention", func(h *TeamHealth) {
			h.LastMessageAt = ago(60 * day)
			h.LastInterventionAt = ago(22 * day)
		}, []fired{{RuleSilent, 0, ago(day)}}},
		{"a week to confirm after the intervention", func(h *TeamHealth) {
			h.CompanyConfirmed = false
			h.LastInterventionAt = ago(3 * day)
		}, nil},
		{"still unconfirmed a week after the intervention", func(h *TeamHealth) {
			h.CompanyConfirmed = false
			h.LastInterventionAt = ago(8 * day)
		}, []fired{{RuleUnconfirmed, 0, ago(day)}}},

		// Several rules, oldest first.
		{"several rules, oldest first", func(h *TeamHealth) {
			checkins(h, blocked(30*day), blocked(23*day))
			h.LastMessageAt = ago(25 * day)
		}, []fired{{RuleBlocker, 2, ago(23 * day)}, {RuleCheckInOverdue, 2, ago(9 * day)}, {RuleSilent, 0, ago(4 * day)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := healthy()
			c.mod(&h)
			var got []fired
			for _, w := range Warnings(h, DefaultWarningSettings, wNow) {
				if w.Key != "warning."+string(w.Rule) {
					t.Errorf("key %q for rule %s", w.Key, w.Rule)
				}
				got = append(got, fired{w.Rule, w.UserID, w.Since})
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("warnings = %v\nwant       %v", got, c.want)
			}
		})
	}
}

// TestWarnings_Params: the facts that word each reason.
func TestWarnings_Params(t *testing.T) {
	h := healthy()
	checkins(&h, low(22*day, 2), low(15*day, 1))
	h.LastMessageAt = ago(21 * day)
	h.CompanyConfirmed = false
	got := map[WarningRule]map[string]string{}
	for _, w := range Warnings(h, DefaultWarningSettings, wNow) {
		got[w.Rule] = w.Params
	}
	want := map[WarningRule]map[string]string{
		RuleCheckInOverdue: {"last": "2026-11-15", "due": "2026-11-22", "cadence": "weekly"},
		RuleLowHours:       {"hours": "2,1", "charter": "6", "periods": "2"},
		RuleSilent:         {"last": "2026-11-09", "days": "21"},
		RuleUnconfirmed:    {"party": "company", "version": "1"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("params = %v\nwant     %v", got, want)
	}
}

// TestWarnings_Settings: the thresholds are settings.
func TestWarnings_Settings(t *testing.T) {
	h := healthy()
	h.LastMessageAt = ago(10 * day)
	checkins(&h, blocked(day))
	s := DefaultWarningSettings
	s.SilentDays, s.BlockerCheckIns = 10, 1
	var rules []WarningRule
	for _, w := range Warnings(h, s, wNow) {
		rules = append(rules, w.Rule)
	}
	if fmt.Sprint(rules) != fmt.Sprint([]WarningRule{RuleBlocker, RuleSilent}) {
		t.Errorf("rules = %v", rules)
	}
}

func TestFlaggedSince(t *testing.T) {
	if _, ok := FlaggedSince(nil); ok {
		t.Error("no warnings flagged")
	}
	ws := []Warning{{Since: ago(day)}, {Since: ago(3 * day)}, {Since: ago(2 * day)}}
	if got, ok := FlaggedSince(ws); !ok || !got.Equal(ago(3*day)) {
		t.Errorf("FlaggedSince = %v, %v", got, ok)
	}
}
