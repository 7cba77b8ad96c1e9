package furusato

import (
	"fmt"
	"time"
)

// JST is Japan Standard Time. Japan has no daylight saving time, so a fixed
// zone is exact and needs no tzdata on the machine.
var JST = time.FixedZone("JST", 9*60*60)

// Date is a calendar date read in JST, such as an entry deadline. Its zero
// value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "2006-01-02". It rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation("2006-01-02", s, JST)
	if err != nil {
		return Date{}, Errorf(EINVALID, "invalid date %q", s)
	}
	return DateOf(t), nil
}

// DateOf returns the JST calendar date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(JST).Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as "2006-01-02", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Start returns the first instant of d in JST.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, JST) }

// End returns the first instant after d in JST: a deadline of d closes then.
func (d Date) End() time.Time { return d.Start().AddDate(0, 0, 1) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Start().AddDate(0, 0, n)) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// DaysFrom returns the number of days from today until d (0 when d is today,
// negative when d has passed).
func (d Date) DaysFrom(today Date) int {
	// Noon avoids any rounding trouble at day boundaries.
	a := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
