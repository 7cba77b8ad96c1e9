package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The dashboard's "entries waiting for you" (/manage): the new entries and
// the long unanswered offers of the projects the person hosts.

// waitingRow is one entry of the dashboard's "entries waiting for you".
type waitingRow struct {
	URL, Name, Project, Entered string
	Offered                     string // when an offered entry's offer was made; "" otherwise
	Stage                       stageChip
}

// waitingSection is the dashboard's list of the entries that wait for the
// person; when Total passes the rows, Boards link the entry list of each
// listed project, on the stage of its longest waiting entry.
type waitingSection struct {
	Count  string // how many wait, for the heading ("1,000件以上" past the count's cap)
	Rows   []waitingRow
	More   string
	Boards []jaLink
}

// waitingOf builds the dashboard's waiting entries for the request's actor.
func (h *Handler) waitingOf(r *http.Request, l *ui.Locale) (*waitingSection, error) {
	w, err := h.svc.Entries.Waiting(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return nil, err
	}
	ws := &waitingSection{Count: ui.Num(w.Total)}
	if w.Many() {
		ws.Count = l.T("manage.waiting.count_many", "Count", ui.Num(furusato.WaitingCountCap))
	}
	seen := map[int64]bool{}
	for _, e := range w.Entries {
		row := waitingRow{URL: hostEntryURL(e.ID), Name: e.Participant.DisplayName, Project: e.Project.Title,
			Entered: l.Date(e.CreatedAt), Stage: stageOf(l, e.Stage)}
		if e.Stage == furusato.StageOffered {
			row.Offered = l.T("manage.waiting.offered_on", "Date", l.Date(e.UpdatedAt))
		}
		ws.Rows = append(ws.Rows, row)
		if w.More() && !seen[e.ProjectID] {
			seen[e.ProjectID] = true
			ws.Boards = append(ws.Boards, jaLink{URL: boardURL(e.ProjectID) + "?stage=" + string(e.Stage),
				Text: l.JaIn(l.T("manage.waiting.board", "Title", e.Project.Title), e.Project.Title)})
		}
	}
	switch {
	case w.Many():
		ws.More = l.T("manage.waiting.more_many", "Count", ui.Num(furusato.WaitingCountCap))
	case w.More():
		ws.More = l.T("manage.waiting.more", "Count", w.Total-len(w.Entries))
	}
	return ws, nil
}
