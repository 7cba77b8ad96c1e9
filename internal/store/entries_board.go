package store

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
)

// EntryFilter selects and orders entries for a board: those of one project
// (ProjectID) or of every project of one organisation (OrganizationID).
type EntryFilter struct {
	ProjectID      int64
	OrganizationID int64
	Stage          furusato.Stage // "" for every stage
	// Words must each appear in the participant's display name, the
	// motivation or the contribution; already normalised (NFKC, lower case).
	Words  []string
	Sort   string // EntrySortCreated (default), EntrySortUpdated, EntrySortHours, EntrySortName
	Desc   bool
	Limit  int // DefaultEntryLimit when ≤ 0
	Offset int
}

// Sort orders of FindEntries.
const (
	EntrySortCreated = "created"
	EntrySortUpdated = "updated"
	EntrySortHours   = "hours"
	EntrySortName    = "name"
)

// DefaultEntryLimit is the page size of FindEntries when the filter names none.
const DefaultEntryLimit = 50

// FindEntries returns one page of the entries f selects, each with its
// Participant and a Project holding its id, slug and title, and the number
// of all that match. A filter with neither a project nor an organisation
// matches nothing.
func (c *conn) FindEntries(ctx context.Context, f EntryFilter) ([]*furusato.Entry, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultEntryLimit
	}
	if f.Offset < 0 {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "Page out of range.")
	}
	var b builder
	switch {
	case f.ProjectID != 0:
		b.where("e.project_id = " + b.arg(f.ProjectID))
	case f.OrganizationID != 0:
		b.where("e.organization_id = " + b.arg(f.OrganizationID))
	default:
		return nil, 0, nil
	}
	if f.Stage != "" {
		b.where("e.stage = " + b.arg(string(f.Stage)))
	}
	byPerson := f.Sort == EntrySortName // the filter or order reads users
	for _, w := range f.Words {
		if w == "" {
			continue
		}
		byPerson = true
		ph := b.arg("%" + likeEscape(w) + "%")
		b.where("(LOWER(u.display_name) LIKE " + ph + ` ESCAPE '\' OR LOWER(e.motivation) LIKE ` + ph +
			` ESCAPE '\' OR LOWER(e.contribution) LIKE ` + ph + ` ESCAPE '\')`)
	}
	col := "e.created_at"
	switch f.Sort {
	case EntrySortUpdated:
		col = "e.updated_at"
	case EntrySortHours:
		col = "e.hours_per_week"
	case EntrySortName:
		col = "u.display_name"
	}
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	order := ` ORDER BY ` + col + dir + `, e.id` + dir
	if !byPerson {
		return c.findEntriesPaged(ctx, b, order, f.Limit, f.Offset)
	}
	q := `SELECT ` + entryColumns + `, p.slug, p.title, COUNT(*) OVER ()` + entryJoins +
		` JOIN projects p ON p.id = e.project_id` + b.clause() + order +
		` LIMIT ` + b.arg(f.Limit) + ` OFFSET ` + b.arg(f.Offset)
	return c.scanEntryPage(ctx, q, b.args, true)
}

// findEntriesPaged is FindEntries when the filter and the order need only
// the entries table: the total is counted on the index and the page of ids
// read in index order (an organisation may have tens of thousands of
// entries), and only that page is joined to its people and projects.
func (c *conn) findEntriesPaged(ctx context.Context, b builder, order string, limit, offset int) ([]*furusato.Entry, int, error) {
	total := 0
	if err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM entries e`+b.clause(), b.args...).Scan(&total); err != nil {
		return nil, 0, wrap("count entries", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	q := `SELECT ` + entryColumns + `, p.slug, p.title FROM (SELECT e.id FROM entries e` + b.clause() + order +
		` LIMIT ` + b.arg(limit) + ` OFFSET ` + b.arg(offset) + `) page JOIN entries e ON e.id = page.id
		LEFT JOIN users u ON u.id = e.user_id JOIN projects p ON p.id = e.project_id` + order
	out, _, err := c.scanEntryPage(ctx, q, b.args, false)
	return out, total, err
}

// scanEntryPage runs q and reads entries with their project's slug and
// title, and the window total when counted.
func (c *conn) scanEntryPage(ctx context.Context, q string, args []any, counted bool) ([]*furusato.Entry, int, error) {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, wrap("find entries", err)
	}
	defer rows.Close()
	var out []*furusato.Entry
	total := 0
	for rows.Next() {
		p := &furusato.Project{}
		extra := []any{&p.Slug, &p.Title}
		if counted {
			extra = append(extra, &total)
		}
		e, err := scanEntry(rows, extra...)
		if err != nil {
			return nil, 0, wrap("find entries", err)
		}
		p.ID, p.CompanyID, p.OrganizationID = e.ProjectID, e.CompanyID, e.OrganizationID
		e.Project = p
		out = append(out, e)
	}
	return out, total, wrap("find entries", rows.Err())
}

// CountEntriesByStage counts the entries of project projectID per stage.
func (c *conn) CountEntriesByStage(ctx context.Context, projectID int64) (map[furusato.Stage]int, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT stage, COUNT(*) FROM entries WHERE project_id = $1 GROUP BY stage`, projectID)
	if err != nil {
		return nil, wrap("count entries", err)
	}
	defer rows.Close()
	out := map[furusato.Stage]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, wrap("count entries", err)
		}
		out[furusato.Stage(s)] = n
	}
	return out, wrap("count entries", rows.Err())
}
