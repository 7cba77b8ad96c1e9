package store

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// ReferenceRankProjects is the test oracle of the listing: the catalogue
// filters and ranks in memory (service's listing index), and the tests
// compare it with this plain SQL on both engines. Production code does not
// call it.
//
// It returns the ids of every project that matches f, in order:
// with words, projects whose title holds every word first, then catch copy,
// then the rest; within a tier projects taking entries first, then by
// f.Sort (nearest deadline, or newest), then id. Only narrow rows are
// sorted; callers read the page they show with ProjectsByID.
func (c *conn) ReferenceRankProjects(ctx context.Context, f furusato.ProjectFilter) ([]int64, error) {
	var b builder
	tier := ""
	b.where("p.status IN (" + b.statuses(f.Statuses) + ")")
	if q := search.ParseQuery(f.Query); !q.Empty() {
		var cond string
		cond, tier = b.matchCond(c.engine, q)
		tier += ", "
		b.where(cond)
	}
	// Facets combine with AND, the values within one facet with OR.
	if len(f.Prefectures) > 0 {
		b.where("p.prefecture IN (" + b.ints(f.Prefectures) + ")")
	}
	if f.Area != "" {
		area := []int{0} // unknown area: nothing matches
		for _, p := range furusato.PrefecturesIn(f.Area) {
			area = append(area, p.Code)
		}
		b.where("p.prefecture IN (" + b.ints(area) + ")")
	}
	if len(f.Themes) > 0 {
		// Any of the themes; unknown slugs match nothing.
		b.where("(p.themes_mask & " + b.arg(furusato.ThemeMask(f.Themes)) + ") <> 0")
	}
	if f.Remote {
		b.where("p.work_style IN ('remote', 'hybrid')")
	}
	if f.Reward != "" {
		b.where("p.reward_type = " + b.arg(string(f.Reward)))
	}
	switch f.Duration {
	case furusato.DurationShort:
		b.where("p.duration_months <= 3")
	case furusato.DurationMid:
		b.where("p.duration_months BETWEEN 4 AND 6")
	case furusato.DurationLong:
		b.where("p.duration_months >= 7")
	}
	// The date is bound only where it is used: PostgreSQL refuses an
	// argument the query does not name (the feed's order needs none).
	var todayArg string
	today := func() string {
		if todayArg == "" {
			todayArg = b.arg(f.Today.String())
		}
		return todayArg
	}
	if f.OpenOnly {
		b.where("p.status = 'published' AND p.deadline >= " + today())
	}
	if f.CompanyID != 0 {
		b.where("p.company_id = " + b.arg(f.CompanyID))
	}
	if f.OrgID != 0 {
		b.where("p.organization_id = " + b.arg(f.OrgID))
	}
	if f.ExcludeID != 0 {
		b.where("p.id <> " + b.arg(f.ExcludeID))
	}
	order := "p.published_at DESC, p.id DESC"
	if f.Sort == furusato.SortDeadline {
		order = "p.deadline, p.id"
	}
	openFirst := "" // the feed: by publication alone
	if f.Sort != furusato.SortPublished {
		openFirst = `CASE WHEN p.status = 'published' AND p.deadline >= ` + today() + ` THEN 0 ELSE 1 END, `
	}
	query := `SELECT p.id FROM projects p` + b.clause() + ` ORDER BY ` + tier + openFirst + order
	rows, err := c.q.QueryContext(ctx, query, b.args...)
	if err != nil {
		return nil, wrap("rank projects", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("rank projects", err)
		}
		ids = append(ids, id)
	}
	return ids, wrap("rank projects", rows.Err())
}

// ReferenceFindProjects returns one page of the projects that match f
// (f.Offset, f.Limit), and how many match in all, as ReferenceRankProjects
// ranks them: the tests' oracle, not called in production.
func (c *conn) ReferenceFindProjects(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	ids, err := c.ReferenceRankProjects(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	lo, hi := min(max(f.Offset, 0), len(ids)), min(max(f.Offset, 0)+limit, len(ids))
	ps, err := c.ProjectsByID(ctx, ids[lo:hi])
	if err != nil {
		return nil, 0, err
	}
	return ps, len(ids), nil
}

// CountCatalogue counts open projects by prefecture and theme.
func (c *conn) CountCatalogue(ctx context.Context, today furusato.Date) (*furusato.CatalogueCounts, error) {
	cc := &furusato.CatalogueCounts{ByPrefecture: map[int]int{}, ByTheme: map[string]int{}}
	open := `p.status = 'published' AND p.deadline >= $1`
	rows, err := c.q.QueryContext(ctx, `SELECT p.prefecture, COUNT(*) FROM projects p WHERE `+open+` GROUP BY p.prefecture`, today.String())
	if err != nil {
		return nil, wrap("count catalogue", err)
	}
	for rows.Next() {
		var k, n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, wrap("count catalogue", err)
		}
		cc.ByPrefecture[k], cc.Open = n, cc.Open+n
	}
	rows.Close()
	rows, err = c.q.QueryContext(ctx, `SELECT t.theme, COUNT(*) FROM project_themes t JOIN projects p ON p.id = t.project_id WHERE `+open+` GROUP BY t.theme`, today.String())
	if err != nil {
		return nil, wrap("count catalogue", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, wrap("count catalogue", err)
		}
		cc.ByTheme[k] = n
	}
	rows.Close()
	err = c.q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM projects WHERE status IN ('published', 'closed', 'in_progress', 'completed')),
		(SELECT COUNT(*) FROM organizations WHERE kind = 'coordinator')`).Scan(&cc.Public, &cc.Organizations)
	return cc, wrap("count catalogue", err)
}

// ListingRow is what ranking needs of one project: no text, so that a node
// can hold every public project in memory and rank without the database.
type ListingRow struct {
	ID          int64
	Status      furusato.ProjectStatus
	Deadline    string // YYYY-MM-DD, compared as text like the SQL does
	PublishedAt int64  // Unix ms
	Prefecture  int
	WorkStyle   furusato.WorkStyle
	Reward      furusato.RewardType
	Duration    int
	CompanyID   int64
	OrgID       int64
	ThemesMask  int64
}

// ListingRows returns the ranking columns of every project in statuses
// (public ones when empty), read from the covering index. The rows are
// counted first and read into an array of that size: grown by append, the
// array of 100,000 rows (12 MB) ended with room for 131,072 and left
// 15 MB of earlier arrays behind it while a node's old index still lived.
func (c *conn) ListingRows(ctx context.Context, statuses []furusato.ProjectStatus) ([]ListingRow, error) {
	var cb builder
	var n int
	if err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects p WHERE p.status IN (`+cb.statuses(statuses)+`)`, cb.args...).Scan(&n); err != nil {
		return nil, wrap("listing rows", err)
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT p.id, p.status, p.deadline, p.published_at, p.prefecture, p.work_style, p.reward_type,
			p.duration_months, p.company_id, p.organization_id, p.themes_mask
		FROM projects p WHERE p.status IN (`+b.statuses(statuses)+`)`, b.args...)
	if err != nil {
		return nil, wrap("listing rows", err)
	}
	defer rows.Close()
	// A write between the count and the read may add a few rows: room for
	// them, and append beyond it.
	out := make([]ListingRow, 0, n+n/256+8)
	// The texts repeat (a handful of statuses, work styles and rewards, a
	// few hundred deadlines): each row shares one copy of each instead of
	// holding its own, 6 MB at 100,000 projects.
	texts := map[string]string{}
	intern := func(s string) string {
		if t, ok := texts[s]; ok {
			return t
		}
		texts[s] = s
		return s
	}
	for rows.Next() {
		var r ListingRow
		var status, deadline, ws, reward string
		if err := rows.Scan(&r.ID, &status, &deadline, &r.PublishedAt, &r.Prefecture, &ws, &reward,
			&r.Duration, &r.CompanyID, &r.OrgID, &r.ThemesMask); err != nil {
			return nil, wrap("listing rows", err)
		}
		r.Deadline = intern(deadline)
		r.Status, r.WorkStyle, r.Reward = furusato.ProjectStatus(intern(status)), furusato.WorkStyle(intern(ws)), furusato.RewardType(intern(reward))
		out = append(out, r)
	}
	return out, wrap("listing rows", rows.Err())
}
