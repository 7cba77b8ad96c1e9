package progress

import (
	"strings"
	"testing"
	"time"
)

// clock is a fake clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)} }

func TestBar_NotATerminalWritesOneSummaryLine(t *testing.T) {
	var out strings.Builder
	c := newClock()
	b := newBar(&out, "generating projects", 100000, false, c.now)
	for range 100 {
		c.advance(500 * time.Millisecond)
		b.Add(1000)
	}
	b.Done()
	b.Done()
	if got, want := out.String(), "generating projects: 100,000 in 50s (2,000/s)\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestBar_TerminalShowsShareRateAndEstimate(t *testing.T) {
	var out strings.Builder
	c := newClock()
	b := newBar(&out, "reindexing", 1000, true, c.now)
	c.advance(2 * time.Second)
	b.Set(250)
	if got, want := out.String(), "\rreindexing: 250 / 1,000 (25%), 125/s, about 6s left"; got != want {
		t.Fatalf("line %q, want %q", got, want)
	}
	out.Reset()
	c.advance(50 * time.Millisecond)
	b.Add(1) // too soon after the last redraw: nothing
	if out.Len() != 0 {
		t.Errorf("redrawn after 50ms: %q", out.String())
	}
	c.advance(5950 * time.Millisecond)
	b.Set(1000) // the end is always drawn
	b.Done()
	if got := out.String(); !strings.HasPrefix(got, "\rreindexing: 1,000 / 1,000 (100%)") || !strings.Contains(got, "\rreindexing: 1,000 in 8s (125/s)") {
		t.Errorf("end %q", got)
	}
}

func TestBar_ShorterLineBlanksTheRest(t *testing.T) {
	var out strings.Builder
	c := newClock()
	b := newBar(&out, "x", 0, true, c.now)
	c.advance(time.Second)
	b.Set(123456)
	out.Reset()
	b.Done()
	line := strings.TrimSuffix(strings.TrimPrefix(out.String(), "\r"), "\n")
	if strings.TrimRight(line, " ") != "x: 123,456 in 1s (123,456/s)" {
		t.Errorf("summary %q", line)
	}
}

func TestBar_UnknownTotal(t *testing.T) {
	var out strings.Builder
	c := newClock()
	b := newBar(&out, "backing up", 0, true, c.now)
	b.Set(10)
	if got, want := out.String(), "\rbacking up: 10, 0s"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&strings.Builder{}) {
		t.Error("a strings.Builder is a terminal")
	}
}

func TestBar_Clear(t *testing.T) {
	var out strings.Builder
	c := newClock()
	b := newBar(&out, "backing up", 10, true, c.now)
	b.Set(3)
	out.Reset()
	b.Clear()
	b.Done()
	if got, want := out.String(), "\r"+strings.Repeat(" ", len("backing up: 3 / 10 (30%), 0s"))+"\r"; got != want {
		t.Errorf("clear wrote %q, want %q", got, want)
	}
	var quiet strings.Builder
	b = newBar(&quiet, "backing up", 10, false, c.now)
	b.Set(3)
	b.Clear()
	if quiet.Len() != 0 {
		t.Errorf("clear off a terminal wrote %q", quiet.String())
	}
}
