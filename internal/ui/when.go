package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Clock writes the time of day of t in Japan time as 9:00 (the style
// guide's form, never 09:00), in both languages.
func Clock(t time.Time) string {
	t = t.In(jst)
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}

// Slot writes a span in Japan time: 2026年11月24日(火) 9:00〜10:00, or
// Tue, 24 Nov 2026, 9:00–10:00 in English; a span over midnight names the
// second day too. A zero start gives "".
func (l *Locale) Slot(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	s, e := start.In(jst), end.In(jst)
	sep, comma := "〜", " "
	if l.Lang == English {
		sep, comma = "–", ", "
	}
	out := l.Date(s) + comma + Clock(s) + sep
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		day := fmt.Sprintf("%d月%d日 ", e.Month(), e.Day())
		if l.Lang == English {
			day = e.Format("2 Jan ")
		}
		return out + day + Clock(e)
	}
	return out + Clock(e)
}

// SlotList reads furusato.ParamSlots back and writes each span in l's language;
// nil when v is empty or unreadable.
func (l *Locale) SlotList(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(v, ";") {
		a, b, ok := strings.Cut(part, "/")
		start, err1 := time.Parse(time.RFC3339, a)
		end, err2 := time.Parse(time.RFC3339, b)
		if !ok || err1 != nil || err2 != nil {
			return nil
		}
		out = append(out, l.Slot(start, end))
	}
	return out
}

// NoticeParams returns a copy of a notice's params with "when" and
// "deadline" written in l's language from furusato.ParamSlots and furusato.ParamDeadline,
// where the notice has them.
func (l *Locale) NoticeParams(p map[string]string) map[string]string {
	out := make(map[string]string, len(p))
	for k, v := range p {
		out[k] = v
	}
	if list := l.SlotList(p[furusato.ParamSlots]); list != nil {
		sep := "、"
		if l.Lang == English {
			sep = "; "
		}
		out["when"] = strings.Join(list, sep)
	}
	if d, err := time.ParseInLocation("2006-01-02", p[furusato.ParamDeadline], jst); err == nil {
		out["deadline"] = l.Date(d)
	}
	return out
}
