package furusato

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// InterviewProposal is an interview proposal (or reschedule) as typed in
// the form: up to MaxInterviewSlots slots, online or on site, the meeting
// URL or place, and private notes.
type InterviewProposal struct {
	Slots    []SlotDraft
	Mode     string // "online" or "onsite"
	Location string // https URL when online, a place when on site
	Notes    string // private to the organisation and company
}

// SlotDraft is one slot as typed: a date in JST (year, month, day), a
// start time HH:MM (24 h, JST) and a duration in minutes. A slot left
// wholly blank is skipped.
type SlotDraft struct {
	Year, Month, Day string
	Time             string
	Minutes          string
}

// Blank reports whether nothing was typed in d (the duration, a choice
// with a default, does not count).
func (d SlotDraft) Blank() bool {
	return strings.TrimSpace(d.Year+d.Month+d.Day+d.Time) == ""
}

// Interview modes as the form sends them.
const (
	InterviewOnline = "online"
	InterviewOnsite = "onsite"
)

// Limits of an interview's text, in runes.
const (
	MaxInterviewLocation = 500
	MaxInterviewNotes    = 2000
)

// foldDigits turns full-width digits and colons into ASCII, so that
// ２０２６ and １４：００ are read as typed (ui.md: never reject for width).
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '：':
			return ':'
		case r == '\u3000':
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
}

// Normalize trims the texts and folds full-width digits. The slots are
// copied first, so the caller's form values stay as typed.
func (p *InterviewProposal) Normalize() {
	p.Slots = append([]SlotDraft(nil), p.Slots...)
	for i := range p.Slots {
		d := &p.Slots[i]
		d.Year, d.Month, d.Day = foldDigits(d.Year), foldDigits(d.Month), foldDigits(d.Day)
		d.Time, d.Minutes = foldDigits(d.Time), foldDigits(d.Minutes)
	}
	p.Mode = strings.TrimSpace(p.Mode)
	p.Location = Line(Newlines(p.Location))
	p.Notes = strings.TrimSpace(Newlines(p.Notes))
}

// SlotField names the form field of slot n (1-based) and part ("date",
// "time", "duration"), as the Fields of Validate's error use them.
func SlotField(n int, part string) string { return "slot" + strconv.Itoa(n) + "_" + part }

// Validate checks the proposal against now and returns its slots (in the
// order typed, blank ones left out). Errors are EINVALID with Fields
// mapping "slot1_date", "slot1_time", "slot1_duration", "slots", "mode",
// "location", "notes" to catalogue keys.
func (p *InterviewProposal) Validate(now time.Time) ([]InterviewSlot, error) {
	fields := map[string]string{}
	var slots []InterviewSlot
	for i, d := range p.Slots {
		n := i + 1
		if d.Blank() {
			continue
		}
		if n > MaxInterviewSlots {
			fields["slots"] = "interview.error.too_many_slots"
			break
		}
		day, okDay := parseDay(d.Year, d.Month, d.Day)
		if !okDay {
			fields[SlotField(n, "date")] = "interview.error.date_invalid"
		}
		hh, mm, okTime := parseClock(d.Time)
		if !okTime {
			fields[SlotField(n, "time")] = "interview.error.time_invalid"
		}
		minutes, err := strconv.Atoi(d.Minutes)
		dur := time.Duration(minutes) * time.Minute
		if err != nil || dur < MinInterviewDuration || dur > MaxInterviewDuration {
			fields[SlotField(n, "duration")] = "interview.error.duration_range"
		}
		if !okDay || !okTime {
			continue
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, JST)
		if !start.After(now) {
			fields[SlotField(n, "date")] = "interview.error.date_past"
			continue
		}
		slots = append(slots, InterviewSlot{Start: start.UTC(), Duration: dur})
	}
	if len(slots) == 0 && len(fields) == 0 {
		fields[SlotField(1, "date")] = "interview.error.slot_required"
	}
	switch p.Mode {
	case InterviewOnline:
		if p.Location == "" {
			fields["location"] = "interview.error.url_required"
		} else if !httpsURL(p.Location) {
			fields["location"] = "interview.error.url_invalid"
		}
	case InterviewOnsite:
		if p.Location == "" {
			fields["location"] = "interview.error.place_required"
		}
	default:
		fields["mode"] = "interview.error.mode_required"
	}
	if TextLen(p.Location) > MaxInterviewLocation {
		fields["location"] = "interview.error.location_long"
	}
	if TextLen(p.Notes) > MaxInterviewNotes {
		fields["notes"] = "interview.error.notes_long"
	}
	for name, v := range map[string]string{"location": p.Location, "notes": p.Notes} {
		if BadProse(v) {
			fields[name] = ErrBadText
		}
	}
	if len(fields) > 0 {
		return nil, &Error{Code: EINVALID, Message: "Please check the interview.", Fields: fields}
	}
	return slots, nil
}

// parseDay reads a calendar date from its three fields.
func parseDay(y, m, d string) (time.Time, bool) {
	yy, e1 := strconv.Atoi(y)
	mo, e2 := strconv.Atoi(m)
	dd, e3 := strconv.Atoi(d)
	if e1 != nil || e2 != nil || e3 != nil || yy < 2000 || yy > 9999 || mo < 1 || mo > 12 || dd < 1 || dd > 31 {
		return time.Time{}, false
	}
	t := time.Date(yy, time.Month(mo), dd, 0, 0, 0, 0, JST)
	if t.Day() != dd { // 2月30日
		return time.Time{}, false
	}
	return t, true
}

// parseClock reads a start on the 24-hour clock as people type it, after
// Normalize: H:MM or HH:MM, 「14時」「14時30分」「14時半」, and HMM or HHMM
// (a phone's number pad has no colon).
func parseClock(s string) (int, int, bool) {
	h, m, ok := strings.Cut(s, ":")
	switch hour, rest, jp := strings.Cut(s, "時"); {
	case jp && rest == "":
		h, m, ok = hour, "00", true
	case jp && rest == "半":
		h, m, ok = hour, "30", true
	case jp && strings.HasSuffix(rest, "分"):
		h, m, ok = hour, strings.TrimSuffix(rest, "分"), true
		if len(m) == 1 {
			m = "0" + m
		}
	case !ok && (len(s) == 3 || len(s) == 4):
		h, m, ok = s[:len(s)-2], s[len(s)-2:], true
	}
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0, 0, false
	}
	return hh, mm, true
}

// digits reports whether s is ASCII digits only (Atoi also takes a sign).
func digits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// httpsURL reports whether s is an absolute https URL with a host.
func httpsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

// Mode returns the form's mode of iv: "online" or "onsite".
func (iv *Interview) Mode() string {
	if iv.Online {
		return InterviewOnline
	}
	return InterviewOnsite
}
