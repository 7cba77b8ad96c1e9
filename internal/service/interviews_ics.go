package service

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
)

// Calendar returns the iCalendar document of interview id for anyone who
// may view its entry (policy.EntryView): METHOD PUBLISH for a confirmed
// interview, METHOD CANCEL with STATUS CANCELLED for a cancelled one.
// ENOTFOUND while no time is picked (proposed): there is no calendar
// entry yet, as for an interview the actor may not see.
func (s *Interviews) Calendar(ctx context.Context, actor *furusato.Actor, id int64) (string, error) {
	iv, e, err := s.interview(ctx, s.db, actor, policy.EntryView, id)
	if err != nil {
		return "", err
	}
	if _, ok := iv.Chosen(); !ok {
		return "", furusato.Errorf(furusato.ENOTFOUND, "No time is fixed yet: there is no calendar file.")
	}
	return s.calendar(iv, e, s.now())
}

// icsText makes s fit for an iCalendar TEXT property, whose escaping is
// the library's: every line end becomes LF (which the library writes as
// "\n"), and invalid UTF-8 and control characters are dropped. A bare CR
// is what some parsers take for a line end, so one in a location would
// let its author add properties (ATTENDEE) or components (VALARM) to
// the participant's calendar (L2).
func icsText(s string) string { return furusato.CleanText(furusato.Newlines(s)) }

// icsLine is icsText on one line: line ends and runs of spaces become
// one space.
func icsLine(s string) string { return strings.Join(strings.Fields(icsText(s)), " ") }

// calendar writes the iCalendar document of iv (with a chosen slot): the
// UID is stable per interview (interview-ID@host of the base URL), so a
// later SEQUENCE replaces or cancels the event in people's calendars.
func (s *Interviews) calendar(iv *furusato.Interview, e *furusato.InterviewEntry, now time.Time) (string, error) {
	slot, ok := iv.Chosen()
	if !ok {
		return "", fmt.Errorf("service: calendar of interview %d: no slot chosen", iv.ID)
	}
	title := icsLine(e.ProjectTitle)
	link := strings.TrimRight(s.baseURL, "/") + fmt.Sprintf("/me/entries/%d", e.Scope.EntryID)
	return calendarEvent{
		UID: "interview-" + fmt.Sprint(iv.ID), Product: "Interviews", Sequence: iv.Sequence, Slot: slot,
		Cancelled: iv.Status == furusato.InterviewCancelled, Summary: "面談：" + title,
		Description: fmt.Sprintf("「%s」の面談です（%s、日本時間）。\n%s", title, SlotText(slot), link),
		Online:      iv.Online, Location: iv.Location,
	}.write(s.baseURL, now), nil
}

// calendarEvent is one event of an iCalendar document: an interview or a
// team meeting at its chosen slot.
type calendarEvent struct {
	UID         string // stable per event; "@host" is added
	Product     string // the PRODID's part: Interviews, Meetings
	Sequence    int
	Slot        furusato.InterviewSlot
	Cancelled   bool // METHOD CANCEL, STATUS CANCELLED
	Summary     string
	Description string // the place's link is added when online
	Online      bool
	Location    string // the URL when online, else the place
}

// write returns the iCalendar document of ev, stamped now; the UID's host
// is that of baseURL. Line folding, escaping and CRLF are the library's.
func (ev calendarEvent) write(baseURL string, now time.Time) string {
	host := "furusato"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := ics.NewCalendarFor("Furusato")
	cal.SetProductId("-//Furusato//" + ev.Product + "//JA")
	if ev.Cancelled {
		cal.SetMethod(ics.MethodCancel)
	} else {
		cal.SetMethod(ics.MethodPublish)
	}
	e := cal.AddEvent(ev.UID + "@" + host)
	e.SetDtStampTime(now)
	e.SetSequence(ev.Sequence)
	e.SetStartAt(ev.Slot.Start)
	e.SetEndAt(ev.Slot.End())
	e.SetSummary(icsLine(ev.Summary))
	desc := ev.Description
	if ev.Online {
		e.SetLocation("オンライン")
		// URL is a URI value, which the library writes unescaped: only a
		// clean http(s) URL (no spaces, no control characters) goes there.
		if furusato.ValidWebsite(ev.Location) {
			e.SetURL(ev.Location)
		}
		desc += "\n参加URL：" + icsLine(ev.Location)
	} else {
		e.SetLocation(icsText(ev.Location))
	}
	e.SetDescription(icsText(desc))
	if ev.Cancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	} else {
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
	return cal.Serialize(ics.WithNewLineWindows)
}
