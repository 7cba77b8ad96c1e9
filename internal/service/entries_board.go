package service

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// BoardFilter selects and orders a project's entries.
type BoardFilter struct {
	Stage  furusato.Stage // "" for all
	Query  string         // words in the participant's name or the entry's text
	Sort   string         // "created" (default), "updated", "hours", "name"
	Desc   bool
	Limit  int // 50 when ≤ 0
	Offset int
}

// Board is a project's entries for its organisation and company.
type Board struct {
	Project *furusato.Project
	Counts  map[furusato.Stage]int // per stage, whatever the filter
	Entries []*furusato.Entry      // with Participant
	Total   int                    // matching the filter
}

// MaxBoardLimit bounds one page of a board.
const MaxBoardLimit = 200

// storeFilter turns f into the store's filter: an unknown stage or sort is
// ignored, the words are normalised as entries are (NFKC) and lower-cased.
func (f BoardFilter) storeFilter() store.EntryFilter {
	sf := store.EntryFilter{Sort: f.Sort, Desc: f.Desc, Limit: min(f.Limit, MaxBoardLimit), Offset: max(f.Offset, 0)}
	if f.Stage.Valid() {
		sf.Stage = f.Stage
	}
	switch f.Sort {
	case store.EntrySortCreated, store.EntrySortUpdated, store.EntrySortHours, store.EntrySortName:
	default:
		sf.Sort = store.EntrySortCreated
	}
	words := strings.Fields(strings.ToLower(normText(f.Query)))
	if len(words) > 5 {
		words = words[:5]
	}
	sf.Words = words
	return sf
}

// boardProject reads project projectID (any status) and checks policy.EntryBoard.
func (s *Entries) boardProject(ctx context.Context, actor *furusato.Actor, projectID int64) (*furusato.Project, error) {
	if projectID <= 0 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	p, err := s.db.FindProject(ctx, formatID(projectID), furusato.ProjectStatuses)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	if err != nil {
		return nil, err
	}
	if err := policy.Entry(actor, policy.EntryBoard, projectScope(p)); err != nil {
		return nil, err
	}
	return p, nil
}

// Board returns the entries of project projectID (policy.EntryBoard:
// ENOTFOUND for anyone but its organisation, its company and admins).
func (s *Entries) Board(ctx context.Context, actor *furusato.Actor, projectID int64, f BoardFilter) (*Board, error) {
	p, err := s.boardProject(ctx, actor, projectID)
	if err != nil {
		return nil, err
	}
	b := &Board{Project: p}
	if b.Counts, err = s.db.CountEntriesByStage(ctx, p.ID); err != nil {
		return nil, err
	}
	sf := f.storeFilter()
	sf.ProjectID = p.ID
	if b.Entries, b.Total, err = s.db.FindEntries(ctx, sf); err != nil {
		return nil, err
	}
	return b, nil
}

// OrganizationEntries lists the entries of the projects of organisation
// orgID, newest change first unless f sorts otherwise, for its
// coordinators and admins (ENOTFOUND for anyone else, EUNAUTHORIZED for a
// visitor), with the number of all that match.
func (s *Entries) OrganizationEntries(ctx context.Context, actor *furusato.Actor, orgID int64, f BoardFilter) ([]*furusato.Entry, int, error) {
	if orgID <= 0 {
		return nil, 0, furusato.Errorf(furusato.ENOTFOUND, "Organization not found.")
	}
	if err := policy.Entry(actor, policy.EntryBoard, furusato.EntryScope{OrganizationID: orgID}); err != nil {
		return nil, 0, err
	}
	if f.Sort == "" {
		f.Sort, f.Desc = store.EntrySortUpdated, true
	}
	sf := f.storeFilter()
	sf.OrganizationID = orgID
	return s.db.FindEntries(ctx, sf)
}

// csvLabels are the header row and stage names of the CSV export, per
// language (the catalogue lives in ui, which service does not import).
var csvLabels = map[string]struct {
	header []string
	stages map[furusato.Stage]string
}{
	"ja": {
		header: []string{"エントリーID", "参加者", "メールアドレス", "選考状況", "週あたりの時間", "関わりたい理由", "貢献できること", "質問", "エントリー日時", "最終更新日時"},
		stages: map[furusato.Stage]string{furusato.StageSubmitted: "エントリー", furusato.StageScreening: "書類選考",
			furusato.StageInterview: "面談", furusato.StageOffered: "オファー", furusato.StageMatched: "参画決定",
			furusato.StageDeclined: "見送り", furusato.StageWithdrawn: "辞退"},
	},
	"en": {
		header: []string{"Entry ID", "Participant", "E-mail", "Stage", "Hours per week", "Motivation", "Contribution", "Questions", "Entered at (JST)", "Last change (JST)"},
		stages: map[furusato.Stage]string{furusato.StageSubmitted: "Submitted", furusato.StageScreening: "Screening",
			furusato.StageInterview: "Interview", furusato.StageOffered: "Offered", furusato.StageMatched: "Matched",
			furusato.StageDeclined: "Declined", furusato.StageWithdrawn: "Withdrawn"},
	},
}

// csvCell neutralises a cell a spreadsheet would read as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ExportCSV writes the entries of project projectID that f selects (its
// stage and words, in its order; every entry with a zero f), every page
// of them, as CSV for Excel: UTF-8
// with a BOM, CRLF line ends, one header row in lang ("ja" unless "en"),
// times in JST, cells that would start a formula prefixed with an
// apostrophe (policy.EntryBoard).
func (s *Entries) ExportCSV(ctx context.Context, actor *furusato.Actor, projectID int64, f BoardFilter, lang string, w io.Writer) error {
	p, err := s.boardProject(ctx, actor, projectID)
	if err != nil {
		return err
	}
	labels, ok := csvLabels[lang]
	if !ok {
		labels = csvLabels["ja"]
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(labels.header); err != nil {
		return err
	}
	const page = 500
	for off := 0; ; off += page {
		sf := f.storeFilter() // the board's filter and order, every page
		sf.ProjectID, sf.Limit, sf.Offset = p.ID, page, off
		es, _, err := s.db.FindEntries(ctx, sf)
		if err != nil {
			return err
		}
		for _, e := range es {
			row := []string{strconv.FormatInt(e.ID, 10), e.Participant.DisplayName, e.Participant.Email,
				labels.stages[e.Stage], strconv.Itoa(e.HoursPerWeek), e.Motivation, e.Contribution, e.Questions,
				e.CreatedAt.In(furusato.JST).Format("2006-01-02 15:04"), e.UpdatedAt.In(furusato.JST).Format("2006-01-02 15:04")}
			for i := range row {
				row[i] = csvCell(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		if len(es) < page {
			break
		}
	}
	cw.Flush()
	return cw.Error()
}
