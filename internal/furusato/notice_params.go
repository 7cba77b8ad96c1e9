package furusato

import (
	"strings"
	"time"
)

// ParamProject names the project a notice is about; every notice of an
// entry, a team or a record carries it (the texts read it).
const ParamProject = "project"

// ParamSlots is the notice parameter that keeps interview and meeting
// times as instants ("start/end;start/end", RFC 3339), so that each reader
// gets them in their own language; "when" keeps the Japanese text that
// notices written before it carry.
const ParamSlots = "slots_at"

// ParamDeadline keeps a deadline as a date (2006-01-02) beside the
// Japanese "deadline" text, for the same reason.
const ParamDeadline = "deadline_on"

// ParamHost marks a notice sent to the hosts of an entry ("1"), whose
// wording differs from the participant's (a match is theirs to act on,
// not to be congratulated on).
const ParamHost = "host"

// SlotsParam writes spans (start, end) for ParamSlots.
func SlotsParam(spans ...[2]time.Time) string {
	parts := make([]string, 0, len(spans))
	for _, s := range spans {
		parts = append(parts, s[0].UTC().Format(time.RFC3339)+"/"+s[1].UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, ";")
}
