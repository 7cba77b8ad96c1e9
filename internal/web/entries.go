package web

import (
	"net/http"
	"regexp"
	"strconv"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The entry workflow's pages (issue 4): favourites, the entry form, My
// page and the entry pages of the participant (entries_*.go), and the
// board of the organisation and company. This file holds what they share:
// the guard, stage chips and the history rows.

// entries wraps an entry workflow page: never cached; its refusals are answered by fail like every page's.
func (h *Handler) entries(w http.ResponseWriter, r *http.Request, l *ui.Locale, fn func() error) error {
	w.Header().Set("Cache-Control", "private, no-store")
	return fn()
}

// pathID parses the {id} of the path; 0 (never found) when it is not one.
func pathID(r *http.Request) int64 { return projectID(r) }

func myEntryURL(id int64) string      { return "/me/entries/" + strconv.FormatInt(id, 10) }
func hostEntryURL(id int64) string    { return "/manage/entries/" + strconv.FormatInt(id, 10) }
func boardURL(projectID int64) string { return manageURL(projectID) + "/entries" }

// stageChip is an entry's stage as text with its tone and icon (ui.md
// "Status chips": never colour alone).
type stageChip struct {
	Text, Tone, Icon string
}

func stageOf(l *ui.Locale, s furusato.Stage) stageChip {
	c := stageChip{Text: l.T("entries.stage." + string(s)), Tone: "blue", Icon: "clock"}
	switch s {
	case furusato.StageOffered:
		c.Tone = "yellow"
	case furusato.StageMatched:
		c.Tone, c.Icon = "green", "open"
	case furusato.StageDeclined, furusato.StageWithdrawn:
		c.Tone, c.Icon = "grey", "stop"
	}
	return c
}

// eventRow is one line of an entry's history.
type eventRow struct {
	At, Who, What, Reason string
}

// reasonKey is what a reason recorded by the system looks like: a
// catalogue key (entries.reason.filled) or a bare word (filled).
var reasonKey = regexp.MustCompile(`^[a-z_]+(\.[a-z0-9_]+)*$`)

var (
	catalogueOnce sync.Once
	catalogueIDs  map[string]bool
)

// known reports whether id is a message of the catalogue.
func known(id string) bool {
	catalogueOnce.Do(func() { catalogueIDs, _ = ui.MessageIDs(ui.DefaultLang) })
	return catalogueIDs[id]
}

// reasonText words a recorded reason: the system records catalogue keys
// or bare words (deadline, filled), people write text.
func reasonText(l *ui.Locale, reason string) string {
	if !reasonKey.MatchString(reason) {
		return reason
	}
	for _, id := range []string{reason, "entries.reason." + reason} {
		if known(id) {
			return l.T(id)
		}
	}
	if i := lastDot(reason); i >= 0 && known("entries.reason."+reason[i+1:]) {
		return l.T("entries.reason." + reason[i+1:])
	}
	return reason
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// eventRows words an entry's history, oldest first as recorded.
func eventRows(l *ui.Locale, evs []furusato.EntryEvent) []eventRow {
	rows := make([]eventRow, 0, len(evs))
	for _, e := range evs {
		who := e.ActorName
		if e.ActorID == 0 {
			who = l.T("entries.history.system")
		}
		what := l.T("entries.history.created")
		if e.From != "" && e.From != e.To {
			what = l.T("entries.history.moved", "From", l.T("entries.stage."+string(e.From)), "To", l.T("entries.stage."+string(e.To)))
		} else if e.From != "" {
			what = l.T("entries.history.edited")
		}
		rows = append(rows, eventRow{At: when(l, e.CreatedAt), Who: who, What: what, Reason: reasonText(l, e.Reason)})
	}
	return rows
}

// closedText is why a project takes no entries, for its page and the form.
func closedText(l *ui.Locale, c furusato.ClosedReason) string {
	switch c {
	case furusato.ClosedNot:
		return ""
	case furusato.ClosedDeadline:
		return l.T("entries.closed.deadline")
	case furusato.ClosedFilled:
		return l.T("entries.closed.filled")
	}
	return l.T("entries.closed.closed")
}

// entryFormURL is the entry form of project p.
func entryFormURL(p *furusato.Project) string { return projectURL(p) + "/entry" }

// actorOf is the request's actor.
func actorOf(r *http.Request) *furusato.Actor { return httpx.ActorFrom(r.Context()) }
