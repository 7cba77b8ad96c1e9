// Package progress shows how long work is going: on a terminal, one line
// rewritten in place with the count, the share done, the rate and an
// estimate of the time left; elsewhere (a log file, a pipe, cron) nothing
// until the end, then one summary line.
//
//	bar := progress.New(os.Stdout, "generating projects", n)
//	for i := range n {
//		…
//		bar.Add(1) // or bar.Set(done), from any goroutine
//	}
//	bar.Done() // "generating projects: 100,000 in 48s (2,083/s)"
//
// A total of 0 means unknown: the line shows the count and the time spent.
// Redraws are at most five a second, so Add costs a mutex and a clock
// read. The package imports only the standard library and golang.org/x/term.
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"golang.org/x/term"
)

// redrawEvery is how often the terminal line is rewritten at most.
const redrawEvery = 200 * time.Millisecond

// Bar reports the progress of one piece of work. It is safe for
// concurrent use.
type Bar struct {
	out   io.Writer
	label string
	live  bool // out is a terminal: rewrite a line in place
	now   func() time.Time

	mu       sync.Mutex
	total    int64
	done     int64
	start    time.Time
	drawn    time.Time // last redraw
	width    int       // runes of the last line drawn, to blank what is left
	finished bool
}

// New starts a Bar for total units of work (0: unknown), writing to out.
// It draws on out only when out is a terminal (an *os.File on a TTY).
func New(out io.Writer, label string, total int) *Bar {
	return newBar(out, label, int64(total), IsTerminal(out), time.Now)
}

func newBar(out io.Writer, label string, total int64, live bool, now func() time.Time) *Bar {
	b := &Bar{out: out, label: label, live: live, now: now, total: total}
	b.start = now()
	return b
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Add records n more units done.
func (b *Bar) Add(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += int64(n)
	b.maybeDraw()
}

// Set records that done units are done in all.
func (b *Bar) Set(done int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = int64(done)
	b.maybeDraw()
}

// SetTotal changes the total, when it becomes known or grows.
func (b *Bar) SetTotal(total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total = int64(total)
	b.maybeDraw()
}

// Done ends the line and writes the summary: the count, the time taken and
// the rate. Calling it again (or Finish) does nothing.
func (b *Bar) Done() {
	b.mu.Lock()
	took := b.now().Sub(b.start)
	line := fmt.Sprintf("%s: %s in %s", b.label, Count(b.done), round(took))
	if s := took.Seconds(); s >= 1 && b.done > 0 {
		line += fmt.Sprintf(" (%s/s)", Count(int64(float64(b.done)/s)))
	}
	b.mu.Unlock()
	b.Finish(line)
}

// Finish ends the line with a summary of the caller's own wording
// ("generated 100,000 projects in 48s"). Calling it again does nothing.
func (b *Bar) Finish(summary string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	b.write(summary, true)
}

// Clear ends the work without a summary, blanking the line on a terminal,
// for callers that print their own report. Calling it again does nothing.
func (b *Bar) Clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	if b.live && b.width > 0 {
		fmt.Fprintf(b.out, "\r%*s\r", b.width, "")
	}
}

// Elapsed is the time since New, rounded for people: whole seconds, or
// milliseconds below a second.
func (b *Bar) Elapsed() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return round(b.now().Sub(b.start))
}

// maybeDraw redraws the line when on a terminal and redrawEvery has
// passed. b.mu is held.
func (b *Bar) maybeDraw() {
	if !b.live || b.finished {
		return
	}
	t := b.now()
	if t.Sub(b.drawn) < redrawEvery && !(b.total > 0 && b.done >= b.total) {
		return
	}
	b.drawn = t
	b.write(b.line(t), false)
}

// line is the progress line at t: "label: 41,000 / 100,000 (41%), 2,050/s, about 29s left".
func (b *Bar) line(t time.Time) string {
	took := t.Sub(b.start)
	s := b.label + ": " + Count(b.done)
	if b.total > 0 {
		s += fmt.Sprintf(" / %s (%d%%)", Count(b.total), min(100, b.done*100/b.total))
	}
	if sec := took.Seconds(); sec >= 1 && b.done > 0 {
		rate := float64(b.done) / sec
		s += fmt.Sprintf(", %s/s", Count(int64(rate)))
		if b.total > b.done {
			left := time.Duration(float64(b.total-b.done) / rate * float64(time.Second))
			s += ", about " + round(left) + " left"
		}
	} else {
		s += ", " + round(took)
	}
	return s
}

// write puts line on out: on a terminal over the previous line (and ends
// it when final); elsewhere only a final line.
func (b *Bar) write(line string, final bool) {
	if !b.live {
		if final {
			fmt.Fprintln(b.out, line)
		}
		return
	}
	n := len([]rune(line))
	pad := max(0, b.width-n)
	b.width = n
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprintf(b.out, "\r%s%*s%s", line, pad, "", end)
}

// Count writes n with thousands separators: 100000 → "100,000".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// round is d in whole seconds (minutes and seconds past a minute), or in
// milliseconds below a second.
func round(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
