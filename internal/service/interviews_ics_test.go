package service

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/furusato/furusato/internal/furusato"
)

// TestCalendar_HostileTextCannotAddProperties (L2): a bare CR, CRLF, NUL
// and other control characters in the location, the project title or an
// online URL never reach the .ics file, so no calendar parser can be made
// to see an ATTENDEE or a VALARM the host wrote; LOCATION still reads back
// as typed (line ends as LF), every line ends with CRLF and none is longer
// than 75 octets.
func TestCalendar_HostileTextCannotAddProperties(t *testing.T) {
	t.Parallel()
	inject := "\rATTENDEE;CN=Evil:mailto:evil@example.com\rBEGIN:VALARM\rACTION:DISPLAY\rDESCRIPTION:Call +81-000 to confirm\rTRIGGER:-PT30M\rEND:VALARM"
	start := time.Date(2026, 11, 26, 14, 0, 0, 0, furusato.JST)
	s := &Interviews{baseURL: "https://furusato.example.jp"}
	for _, online := range []bool{false, true} {
		iv := &furusato.Interview{ID: 7, Status: furusato.InterviewConfirmed, ChosenID: 1, Online: online, Sequence: 2,
			Slots: []furusato.InterviewSlot{{ID: 1, Start: start, Duration: time.Hour}}, Location: "Gifu office" + inject + "\r\n2階\x00\x1b"}
		if online {
			iv.Location = "https://meet.example.jp/x" + inject
		}
		e := &furusato.InterviewEntry{Scope: furusato.EntryScope{EntryID: 3}, ProjectTitle: "クレソン\r\nの" + inject}
		text, err := s.calendar(iv, e, start)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(text, "\r\n") {
			t.Errorf("the document does not end with CRLF")
		}
		for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
			if strings.ContainsAny(line, "\r\n\x00\x1b") {
				t.Errorf("line %d holds a bare line end or a control character: %q", i, line)
			}
			if len(line) > 75 {
				t.Errorf("line %d has %d octets: %q", i, len(line), line)
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(cal.Events()); n != 1 {
			t.Fatalf("%d events", n)
		}
		ev := cal.Events()[0]
		if len(ev.Alarms()) != 0 || len(ev.Attendees()) != 0 || strings.Contains(text, "\r\nBEGIN:VALARM") || strings.Contains(text, "\r\nATTENDEE") {
			t.Errorf("injected components or properties:\n%s", text)
		}
		loc := ics.FromText(ev.GetProperty(ics.ComponentPropertyLocation).Value)
		want := "Gifu office" + strings.ReplaceAll(inject, "\r", "\n") + "\n2階"
		if online {
			want = "オンライン"
		}
		if loc != want {
			t.Errorf("location %q, want %q", loc, want)
		}
		if sum := ics.FromText(ev.GetProperty(ics.ComponentPropertySummary).Value); strings.ContainsAny(sum, "\r\n") {
			t.Errorf("summary on more than one line: %q", sum)
		}
		if online {
			if u := ev.GetProperty(ics.ComponentPropertyUrl); u != nil {
				t.Errorf("an online URL that is not one became URL:%s", u.Value)
			}
		}
	}
}
