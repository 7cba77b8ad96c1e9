package api

import (
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The project list (GET /api/v1/projects) is written by hand instead of by
// encoding/json's reflection: byte for byte what json.Marshal writes for a
// projectList (TestProjectListJSON_IsEncodingJSON compares the two on
// hostile text), into a pooled buffer. To add a field to projectCommon,
// projectSummary or projectList, add it here too, in the same place.

var jsonBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeProjectList writes l as writeOK would.
func writeProjectList(w http.ResponseWriter, l *projectList) {
	bp := jsonBufs.Get().(*[]byte)
	b := append(l.appendJSON((*bp)[:0]), '\n')
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	if cap(b) <= 1<<20 { // do not keep huge buffers alive
		*bp = b[:0]
		jsonBufs.Put(bp)
	}
}

func (l *projectList) appendJSON(b []byte) []byte {
	b = append(b, `{"projects":`...)
	if l.Projects == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range l.Projects {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.Projects[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(l.Total), 10)
	b = append(b, `,"more":`...)
	b = strconv.AppendBool(b, l.More)
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(l.Page), 10)
	b = append(b, `,"per_page":`...)
	b = strconv.AppendInt(b, int64(l.PerPage), 10)
	return append(b, '}')
}

func (s *projectSummary) appendJSON(b []byte) []byte {
	c := &s.projectCommon
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, c.ID, 10)
	b = appendField(b, `,"slug":`, c.Slug)
	b = appendField(b, `,"title":`, c.Title)
	b = appendField(b, `,"catch_copy":`, c.CatchCopy)
	b = append(b, `,"prefecture":{"code":`...)
	b = strconv.AppendInt(b, int64(c.Prefecture.Code), 10)
	b = appendField(b, `,"slug":`, c.Prefecture.Slug)
	b = appendField(b, `,"name":`, c.Prefecture.Name)
	b = appendField(b, `,"name_en":`, c.Prefecture.NameEn)
	b = append(b, '}')
	b = appendField(b, `,"city":`, c.City)
	b = append(b, `,"themes":`...)
	if c.Themes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, t := range c.Themes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendField(b, `{"slug":`, t.Slug)
			b = appendField(b, `,"name":`, t.Name)
			b = appendField(b, `,"name_en":`, t.NameEn)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendField(b, `,"work_style":`, c.WorkStyle)
	b = append(b, `,"hours_per_week":`...)
	b = strconv.AppendInt(b, int64(c.HoursPerWeek), 10)
	b = append(b, `,"duration_months":`...)
	b = strconv.AppendInt(b, int64(c.DurationMonths), 10)
	b = appendField(b, `,"reward":{"type":`, c.Reward.Type)
	b = append(b, `,"amount":`...)
	b = strconv.AppendInt(b, int64(c.Reward.Amount), 10)
	b = appendField(b, `,"basis":`, c.Reward.Basis)
	b = append(b, '}')
	b = appendField(b, `,"travel_cost":`, c.TravelCost)
	b = append(b, `,"places":`...)
	b = strconv.AppendInt(b, int64(c.Places), 10)
	b = append(b, `,"places_left":`...)
	b = strconv.AppendInt(b, int64(c.PlacesLeft), 10)
	b = appendField(b, `,"status":`, c.Status)
	b = append(b, `,"open":`...)
	b = strconv.AppendBool(b, c.Open)
	b = appendField(b, `,"deadline":`, c.Deadline)
	b = appendField(b, `,"published_at":`, c.PublishedAt)
	b = appendField(b, `,"url":`, c.URL)
	b = appendField(b, `,"company":{"slug":`, s.Company.Slug)
	b = appendField(b, `,"name":`, s.Company.Name)
	b = appendField(b, `},"organization":{"slug":`, s.Organization.Slug)
	b = appendField(b, `,"name":`, s.Organization.Name)
	return append(b, "}}"...)
}

func appendField(b []byte, name, s string) []byte {
	return appendJSONString(append(b, name...), s)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json writes a string (HTML
// escaping on, as json.Marshal has it): quotes, backslash and control
// characters escaped (\b \f \n \r \t by name, the rest as \u00XX), <, >
// and & as \u003c, \u003e and \u0026, U+2028 and U+2029 as \u2028 and
// \u2029, and each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
