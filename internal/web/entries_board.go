package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The board of a project's entries for its organisation and company
// (GET /manage/projects/{id}/entries) and its CSV export.

// boardTab is one stage of the board with its count.
type boardTab struct {
	URL, Text string
	Count     int
	Current   bool
}

// boardCol is a sortable column head: a link that sorts by it, and
// aria-sort when it is the current order.
type boardCol struct {
	Text, URL, Sort string // Sort: "ascending", "descending" or ""
	Num             bool
}

// boardRow is one entry of the board.
type boardRow struct {
	URL, Name, Hours, Created, Updated string
	Stage                              stageChip
	Unread                             int    // messages by others the host has not read
	UnreadText                         string // Unread in words (「2件」, 「なし」)
}

// boardPage is GET /manage/projects/{id}/entries.
type boardPage struct {
	ui.Base
	Project    *furusato.Project
	ManageURL  string
	Action     string // the filter form
	Stage      string // kept by the filter form
	SortKey    string
	Dir        string
	Tabs       []boardTab
	Cols       []boardCol
	Rows       []boardRow
	Range      rangeInfo
	Pager      pager
	CSV        string
	Caption    string
	ClearQuery string // the empty state's action when words filter nothing
}

// boardSorts are the orders of the board; the first is the default.
var boardSorts = []string{"created", "updated", "hours", "name"}

// parseBoard reads the board's parameters; anything unknown falls back to
// the default, so a hand-edited URL still shows the board.
func parseBoard(q url.Values) (service.BoardFilter, int) {
	f := service.BoardFilter{Sort: boardSorts[0], Desc: true, Limit: perPage}
	if s := furusato.Stage(q.Get("stage")); s.Valid() {
		f.Stage = s
	}
	for _, s := range boardSorts {
		if q.Get("sort") == s {
			f.Sort = s
		}
	}
	switch q.Get("dir") {
	case "asc":
		f.Desc = false
	case "desc":
		f.Desc = true
	default:
		f.Desc = f.Sort != "name"
	}
	words := strings.TrimSpace(strings.ToValidUTF8(q.Get("q"), "")) // the service normalises them
	f.Query = truncateRunes(words, search.MaxQueryRunes)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 || page > service.MaxPage {
		page = 1
	}
	f.Offset = (page - 1) * perPage
	return f, page
}

// boardLink is the board with f's filter and order, changed by set.
func boardLink(path string, f service.BoardFilter, set map[string]string) string {
	v := url.Values{}
	if f.Stage != "" {
		v.Set("stage", string(f.Stage))
	}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Sort != boardSorts[0] || !f.Desc {
		v.Set("sort", f.Sort)
		v.Set("dir", map[bool]string{true: "desc", false: "asc"}[f.Desc])
	}
	for k, val := range set {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// entryBoard is GET /manage/projects/{id}/entries.
func (h *Handler) entryBoard(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		f, page := parseBoard(r.URL.Query())
		id := pathID(r)
		b, err := h.svc.Entries.Board(r.Context(), actorOf(r), id, f)
		if err != nil {
			return err
		}
		unread, err := h.unreadCounts(r, b.Entries)
		if err != nil {
			return err
		}
		path := boardURL(id)
		p := boardPage{Base: h.base(r, l, l.T("entries.board_title", "Title", b.Project.Title)), Project: b.Project,
			ManageURL: manageURL(id), Action: path, Stage: string(f.Stage), CSV: csvURL(path, r.URL.Query())}
		p.NoIndex, p.HeaderSearch, p.Nav, p.Query = true, false, "manage", f.Query
		if f.Sort != boardSorts[0] || !f.Desc {
			p.SortKey, p.Dir = f.Sort, map[bool]string{true: "desc", false: "asc"}[f.Desc]
		}
		all := 0
		for _, s := range furusato.Stages {
			all += b.Counts[s]
		}
		p.Tabs = append(p.Tabs, boardTab{URL: boardLink(path, f, map[string]string{"stage": "", "page": ""}), Text: l.T("entries.board_all"), Count: all, Current: f.Stage == ""})
		for _, s := range furusato.Stages {
			p.Tabs = append(p.Tabs, boardTab{URL: boardLink(path, f, map[string]string{"stage": string(s), "page": ""}),
				Text: l.T("entries.stage." + string(s)), Count: b.Counts[s], Current: f.Stage == s})
		}
		col := func(key, sort string, num bool) boardCol {
			c := boardCol{Text: l.T("entries.col." + key), Num: num}
			if sort == "" {
				return c
			}
			dir := "asc"
			if sort != "name" {
				dir = "desc"
			}
			if f.Sort == sort {
				c.Sort = map[bool]string{true: "descending", false: "ascending"}[f.Desc]
				dir = map[bool]string{true: "asc", false: "desc"}[f.Desc]
			}
			c.URL = boardLink(path, f, map[string]string{"sort": sort, "dir": dir, "page": ""})
			return c
		}
		p.Cols = []boardCol{col("name", "name", false), col("stage", "", false), col("hours", "hours", true),
			col("unread", "", true), col("created", "created", false), col("updated", "updated", false)}
		for _, e := range b.Entries {
			name := ""
			if e.Participant != nil {
				name = e.Participant.DisplayName
			}
			row := boardRow{URL: hostEntryURL(e.ID), Name: name, Stage: stageOf(l, e.Stage),
				Hours: l.T("entries.hours_value", "Count", e.HoursPerWeek), Created: l.Date(e.CreatedAt), Updated: l.Date(e.UpdatedAt),
				Unread: unread[e.ID], UnreadText: l.T("entries.none")}
			if row.Unread > 0 {
				row.UnreadText = l.T("entries.unread_cell", "Count", row.Unread)
			}
			p.Rows = append(p.Rows, row)
		}
		p.Caption = l.T("entries.board_caption", "Stage", l.T("entries.board_all"))
		if f.Stage != "" {
			p.Caption = l.T("entries.board_caption", "Stage", l.T("entries.stage."+string(f.Stage)))
		}
		p.Range = newRange(l, page, perPage, len(b.Entries), b.Total)
		q := url.Values{}
		for k, vs := range r.URL.Query() {
			if k == "stage" || k == "q" || k == "sort" || k == "dir" {
				q[k] = vs
			}
		}
		p.Pager = newPager(l, path, q, page, perPage, b.Total)
		if f.Query != "" && b.Total == 0 {
			p.ClearQuery = boardLink(path, f, map[string]string{"q": "", "page": ""})
		}
		return h.render(w, http.StatusOK, "entry_board", p)
	})
}

// entryBoardCSV is GET /manage/projects/{id}/entries.csv: the entries the
// board shows with the same filter (stage, words; all without one), for
// Excel (UTF-8 with a BOM, from the service).
func (h *Handler) entryBoardCSV(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		id := pathID(r)
		var buf bytes.Buffer              // so that a refusal still gets its page
		f, _ := parseBoard(r.URL.Query()) // the board's filter, as its link carries it
		if err := h.svc.Entries.ExportCSV(r.Context(), actorOf(r), id, f, l.Lang, &buf); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="entries-project-`+strconv.FormatInt(id, 10)+`.csv"`)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// boardLinkOf is the link to pr's entry board with its counts, for the
// project's management page; nil when the person may not read the board
// (policy.EntryBoard).
func (h *Handler) boardLinkOf(r *http.Request, l *ui.Locale, pr *furusato.Project) *link {
	b, err := h.svc.Entries.Board(r.Context(), actorOf(r), pr.ID, service.BoardFilter{Limit: 1})
	if err != nil {
		return nil
	}
	all, active := 0, 0
	for _, s := range furusato.Stages {
		all += b.Counts[s]
		if s.Active() {
			active += b.Counts[s]
		}
	}
	return &link{URL: boardURL(pr.ID), Text: l.T("entries.board_link_counts", "All", all, "Active", active)}
}

// csvURL is the board's CSV link with the board's filter and order (not
// its page): the export holds what the board shows, every page of it.
func csvURL(path string, q url.Values) string {
	v := url.Values{}
	for _, k := range []string{"stage", "q", "sort", "dir"} {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return path + ".csv"
	}
	return path + ".csv?" + v.Encode()
}
