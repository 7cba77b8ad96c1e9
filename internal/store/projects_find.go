package store

import (
	"context"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// FindProjects returns one page of the projects that match f, and how many
// match in all. Ranking: with words, projects whose title holds every word
// first, then catch copy, then the rest; within a tier projects taking
// entries first, then by f.Sort (nearest deadline, or newest), then id.
func (c *conn) FindProjects(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	var b builder
	tier := ""
	b.where("p.status IN (" + b.statuses(f.Statuses) + ")")
	if q := search.ParseQuery(f.Query); !q.Empty() {
		var cond string
		cond, tier = b.matchCond(c.engine, q)
		tier += ", "
		b.where(cond)
	}
	prefs := f.Prefectures
	if f.Area != "" {
		for _, p := range furusato.PrefecturesIn(f.Area) {
			prefs = append(prefs, p.Code)
		}
		if len(prefs) == 0 {
			prefs = []int{0} // unknown area: nothing matches
		}
	}
	if len(prefs) > 0 {
		b.where("p.prefecture IN (" + b.ints(prefs) + ")")
	}
	if len(f.Themes) > 0 {
		ph := make([]string, len(f.Themes))
		for i, t := range f.Themes {
			ph[i] = b.arg(t)
		}
		b.where("EXISTS (SELECT 1 FROM project_themes t WHERE t.project_id = p.id AND t.theme IN (" + strings.Join(ph, ", ") + "))")
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
	today := b.arg(f.Today.String())
	if f.OpenOnly {
		b.where("p.status = 'published' AND p.deadline >= " + today)
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
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	query := `SELECT ` + projectColumns + `, COUNT(*) OVER ()` + projectJoins + b.clause() +
		` ORDER BY ` + tier + `CASE WHEN p.status = 'published' AND p.deadline >= ` + today + ` THEN 0 ELSE 1 END, ` + order +
		` LIMIT ` + b.arg(limit) + ` OFFSET ` + b.arg(f.Offset)
	rows, err := c.q.QueryContext(ctx, query, b.args...)
	if err != nil {
		return nil, 0, wrap("find projects", err)
	}
	defer rows.Close()
	var ps []*furusato.Project
	total := 0
	for rows.Next() {
		p, err := scanProject(rows, &total)
		if err != nil {
			return nil, 0, wrap("find projects", err)
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find projects", err)
	}
	if len(ps) == 0 && f.Offset > 0 {
		// Past the last page: the window gave no row to read the total from.
		if total, err = c.countProjects(ctx, query, b.args); err != nil {
			return nil, 0, err
		}
	}
	return ps, total, c.fillThemes(ctx, ps)
}

func (c *conn) countProjects(ctx context.Context, query string, args []any) (int, error) {
	// Reuse the same WHERE by counting the unpaginated query.
	q := query[:strings.LastIndex(query, " LIMIT ")]
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`) x`, args[:len(args)-2]...).Scan(&n)
	return n, wrap("count projects", err)
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
