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
	"github.com/furusato/furusato/internal/store"
)

// Calendar returns the iCalendar document of interview id for anyone who
// may view its entry (policy.EntryView): METHOD PUBLISH for a confirmed
// interview, METHOD CANCEL with STATUS CANCELLED for a cancelled one.
// ECONFLICT while no time is picked (proposed).
func (s *Interviews) Calendar(ctx context.Context, actor *furusato.Actor, id int64) (string, error) {
	iv, e, err := s.interview(ctx, s.db, actor, policy.EntryView, id)
	if err != nil {
		return "", err
	}
	if _, ok := iv.Chosen(); !ok {
		return "", furusato.Errorf(furusato.ECONFLICT, "No time is fixed yet.")
	}
	return s.calendar(iv, e, s.now())
}

// calendar writes the iCalendar document of iv (with a chosen slot): the
// UID is stable per interview (interview-ID@host of the base URL), so a
// later SEQUENCE replaces or cancels the event in people's calendars.
// Line folding, escaping and CRLF are the library's.
func (s *Interviews) calendar(iv *furusato.Interview, e *store.InterviewEntry, now time.Time) (string, error) {
	slot, ok := iv.Chosen()
	if !ok {
		return "", fmt.Errorf("service: calendar of interview %d: no slot chosen", iv.ID)
	}
	host := "furusato"
	if u, err := url.Parse(s.baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := ics.NewCalendarFor("Furusato")
	cal.SetProductId("-//Furusato//Interviews//JA")
	cancelled := iv.Status == furusato.InterviewCancelled
	if cancelled {
		cal.SetMethod(ics.MethodCancel)
	} else {
		cal.SetMethod(ics.MethodPublish)
	}
	ev := cal.AddEvent(fmt.Sprintf("interview-%d@%s", iv.ID, host))
	ev.SetDtStampTime(now)
	ev.SetSequence(iv.Sequence)
	ev.SetStartAt(slot.Start)
	ev.SetEndAt(slot.End())
	ev.SetSummary("面談：" + e.ProjectTitle)
	link := strings.TrimRight(s.baseURL, "/") + fmt.Sprintf("/me/entries/%d", e.Scope.EntryID)
	desc := fmt.Sprintf("「%s」の面談です（%s、日本時間）。\n%s", e.ProjectTitle, SlotText(slot), link)
	if iv.Online {
		ev.SetLocation("オンライン")
		ev.SetURL(iv.Location)
		desc += "\n参加URL：" + iv.Location
	} else {
		ev.SetLocation(iv.Location)
	}
	ev.SetDescription(desc)
	if cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return cal.Serialize(ics.WithNewLineWindows), nil
}
