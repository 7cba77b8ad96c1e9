package furusato

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FlaggedTeam is one team of a dashboard (coordinator, supporter, admin):
// the project it works on and its current warnings as the early-warning
// job last stored them. Since is when its oldest warning started (zero
// for a team without warnings): dashboards put the longest-flagged first.
type FlaggedTeam struct {
	TeamID       int64
	ProjectID    int64
	ProjectTitle string
	ProjectSlug  string
	Since        time.Time
	Warnings     []Warning
	// Names holds the display names of the participants the warnings
	// name (Warning.UserID), for wording the reasons; a deleted account
	// has none.
	Names map[int64]string
}

// Flagged reports whether t has a warning.
func (t *FlaggedTeam) Flagged() bool { return len(t.Warnings) > 0 }

// warningSettingKeys are the names of WarningSettings in ParseWarningSettings
// and String, in order.
var warningSettingKeys = []string{"overdue-cadences", "low-hours-percent", "low-hours-periods", "blocker-checkins", "silent-days", "confirm-days"}

func (s *WarningSettings) fields() []*int {
	return []*int{&s.OverdueCadences, &s.LowHoursPercent, &s.LowHoursPeriods, &s.BlockerCheckIns, &s.SilentDays, &s.ConfirmDays}
}

// String writes s as ParseWarningSettings reads it:
// "overdue-cadences=1,low-hours-percent=50,…".
func (s WarningSettings) String() string {
	var b strings.Builder
	for i, p := range s.fields() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(warningSettingKeys[i] + "=" + strconv.Itoa(*p))
	}
	return b.String()
}

// ParseWarningSettings reads thresholds written as comma-separated
// name=number pairs (the names of String); a name left out keeps its
// default (DefaultWarningSettings), so "silent-days=14" changes only the
// silence. The result is validated.
func ParseWarningSettings(v string) (WarningSettings, error) {
	s := DefaultWarningSettings
	fields := s.fields()
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		i := indexOf(warningSettingKeys, strings.TrimSpace(name))
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if !ok || i < 0 || err != nil {
			return s, fmt.Errorf("want name=number pairs with names among %s, got %q", strings.Join(warningSettingKeys, ", "), part)
		}
		*fields[i] = n
	}
	return s, s.Validate()
}

// Validate reports the first threshold that cannot work: the cadences
// late 0 (overdue as soon as the due time passes) to 12, every other count
// at least 1, the percentage at most 100 and the day counts at most a year.
func (s WarningSettings) Validate() error {
	limits := [][2]int{{0, 12}, {1, 100}, {1, 52}, {1, 52}, {1, 365}, {1, 365}}
	for i, p := range s.fields() {
		if *p < limits[i][0] || *p > limits[i][1] {
			return fmt.Errorf("%s: want %d to %d, got %d", warningSettingKeys[i], limits[i][0], limits[i][1], *p)
		}
	}
	return nil
}

func indexOf(ss []string, s string) int {
	for i, v := range ss {
		if v == s {
			return i
		}
	}
	return -1
}
