package store

import (
	"context"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateProject inserts p with its themes, supporters and search terms, sets
// p.ID and bumps the catalogue version, all in the caller's transaction.
func (tx *Tx) CreateProject(ctx context.Context, p *furusato.Project, now time.Time) error {
	return tx.CreateProjects(ctx, []*furusato.Project{p}, now)
}

// CreateProjects inserts many projects as CreateProject does, each created
// at now unless its CreatedAt is set. The search terms are written last, all
// together: SQLite's FTS5 flushes its pending terms whenever another statement
// opens a savepoint, so interleaving them costs several times more.
func (tx *Tx) CreateProjects(ctx context.Context, ps []*furusato.Project, now time.Time) error {
	for _, p := range ps {
		if err := tx.insertProject(ctx, p, now); err != nil {
			return err
		}
	}
	if tx.engine == SQLite {
		for _, p := range ps {
			if err := tx.indexProject(ctx, p); err != nil {
				return err
			}
		}
	}
	return tx.BumpCatalogueVersion(ctx)
}

func (tx *Tx) insertProject(ctx context.Context, p *furusato.Project, now time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.UpdatedAt = p.CreatedAt
	if p.Status.Public() && p.PublishedAt.IsZero() {
		p.PublishedAt = p.CreatedAt
	}
	args := []any{p.Slug, p.Title, p.CatchCopy, p.Background, p.WhatYouDo, p.Goal, strings.Join(p.Skills, "\n"), p.GoodFor, p.Gains,
		string(p.WorkStyle), p.VisitsPerMonth, p.WorkPlace, p.HoursPerWeek, p.DurationMonths, p.StartDate.String(),
		string(p.RewardType), p.RewardAmount, string(p.TravelCost), p.Places, p.Deadline.String(), p.Prefecture, p.City,
		p.CompanyID, p.OrganizationID, string(p.Status), ms(p.CreatedAt), ms(p.UpdatedAt), ms(p.PublishedAt),
		furusato.ThemeMask(p.Themes)}
	searchCol, searchVal := "", ""
	if tx.engine == Postgres {
		// Written with the row, not by a later UPDATE that would make a second
		// row version and index entries for it.
		all, title, catch := tsvectors(p)
		searchCol, searchVal = ", search, search_title, search_catch", ", $30::tsvector, $31::tsvector, $32::tsvector"
		args = append(args, all, title, catch)
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO projects (slug, title, catch_copy, background, what_you_do, goal, skills, good_for, gains,
			work_style, visits_per_month, work_place, hours_per_week, duration_months, start_date,
			reward_type, reward_amount, travel_cost, places, deadline, prefecture, city,
			company_id, organization_id, status, created_at, updated_at, published_at, themes_mask`+searchCol+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			$21, $22, $23, $24, $25, $26, $27, $28, $29`+searchVal+`)
		RETURNING id`, args...).Scan(&p.ID)
	if err != nil {
		return wrap("create project", err)
	}
	return tx.writeProjectLinks(ctx, p)
}

func (tx *Tx) writeProjectLinks(ctx context.Context, p *furusato.Project) error {
	if len(p.Themes) > 0 {
		b := builder{args: []any{p.ID}}
		rows := make([]string, len(p.Themes))
		for i, t := range p.Themes {
			rows[i] = "($1, " + b.arg(t) + ")"
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO project_themes (project_id, theme) VALUES `+strings.Join(rows, ", "), b.args...); err != nil {
			return wrap("create project themes", err)
		}
	}
	for i, s := range p.Supporters {
		if _, err := tx.q.ExecContext(ctx, `
			INSERT INTO project_supporters (project_id, position, organization_id, name, role, user_id) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.ID, i, s.OrganizationID, s.Name, s.Role, nullID(s.UserID)); err != nil {
			return wrap("create project supporter", err)
		}
	}
	return nil
}

// SetProjectStatus moves project id from status from to status to,
// recording the instant, and bumps the catalogue version; the first move to
// a public status sets published_at. The move is conditional on from (and,
// to published, on places left): when another move (or the accept that
// filled the last place) came first, it writes nothing and returns
// ECONFLICT, so that of two people moving the same project at once on any
// engine, exactly one wins.
func (tx *Tx) SetProjectStatus(ctx context.Context, id int64, from, to furusato.ProjectStatus, now time.Time) error {
	moved, err := tx.moveProject(ctx, id, from, to, now)
	if err != nil {
		return err
	}
	if !moved {
		return furusato.Errorf(furusato.ECONFLICT, "This project was changed in the meantime. Please reload the page.")
	}
	return tx.BumpCatalogueVersion(ctx)
}

// moveProject is the one statement that changes a project's status: only
// while it is still from (on PostgreSQL a concurrent move waits for the row
// and then re-checks the status), and to published only while places are
// left. It reports whether it moved the project.
func (tx *Tx) moveProject(ctx context.Context, id int64, from, to furusato.ProjectStatus, now time.Time) (bool, error) {
	pub, places := int64(0), ""
	if to == furusato.StatusPublished {
		pub, places = ms(now), " AND matched < places"
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE projects SET status = $3, updated_at = $4,
			published_at = CASE WHEN published_at = 0 THEN $5 ELSE published_at END
		WHERE id = $1 AND status = $2`+places, id, string(from), string(to), ms(now), pub)
	if err != nil {
		return false, wrap("set project status", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("set project status", err)
}

// BumpCatalogueVersion marks every cached listing stale, on every node.
func (tx *Tx) BumpCatalogueVersion(ctx context.Context) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE catalogue_version SET version = version + 1 WHERE id = 1`)
	return wrap("bump catalogue version", err)
}

// CatalogueVersion returns the current catalogue version.
func (c *conn) CatalogueVersion(ctx context.Context) (int64, error) {
	var v int64
	err := c.q.QueryRowContext(ctx, `SELECT version FROM catalogue_version WHERE id = 1`).Scan(&v)
	return v, wrap("catalogue version", err)
}

const projectColumns = `p.id, p.slug, p.title, p.catch_copy, p.background, p.what_you_do, p.goal, p.skills, p.good_for, p.gains,
	p.work_style, p.visits_per_month, p.work_place, p.hours_per_week, p.duration_months, p.start_date,
	p.reward_type, p.reward_amount, p.travel_cost, p.places, p.deadline, p.prefecture, p.city,
	p.company_id, p.organization_id, p.status, p.created_at, p.updated_at, p.published_at,
	p.cover_key, p.cover_width, p.cover_height, p.matched,
	c.slug, c.name, o.slug, o.name`

const projectJoins = ` FROM projects p JOIN companies c ON c.id = p.company_id JOIN organizations o ON o.id = p.organization_id`

func scanProject(s interface{ Scan(...any) error }, extra ...any) (*furusato.Project, error) {
	var p furusato.Project
	var skills, workStyle, start, reward, travel, deadline, status string
	var created, updated, published int64
	p.Company, p.Organization = &furusato.Company{}, &furusato.Organization{}
	dest := []any{&p.ID, &p.Slug, &p.Title, &p.CatchCopy, &p.Background, &p.WhatYouDo, &p.Goal, &skills, &p.GoodFor, &p.Gains,
		&workStyle, &p.VisitsPerMonth, &p.WorkPlace, &p.HoursPerWeek, &p.DurationMonths, &start,
		&reward, &p.RewardAmount, &travel, &p.Places, &deadline, &p.Prefecture, &p.City,
		&p.CompanyID, &p.OrganizationID, &status, &created, &updated, &published,
		&p.CoverKey, &p.CoverWidth, &p.CoverHeight, &p.Matched,
		&p.Company.Slug, &p.Company.Name, &p.Organization.Slug, &p.Organization.Name}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if skills != "" {
		p.Skills = strings.Split(skills, "\n")
	}
	p.WorkStyle, p.RewardType, p.TravelCost = furusato.WorkStyle(workStyle), furusato.RewardType(reward), furusato.TravelCost(travel)
	p.Status = furusato.ProjectStatus(status)
	p.StartDate, _ = furusato.ParseDate(start)
	p.Deadline, _ = furusato.ParseDate(deadline)
	p.CreatedAt, p.UpdatedAt, p.PublishedAt = fromMS(created), fromMS(updated), fromMS(published)
	p.Company.ID, p.Organization.ID = p.CompanyID, p.OrganizationID
	return &p, nil
}

// FindProject returns the project whose id (all digits) or slug is key, with
// its themes, supporters, company and organisation, when its status is one of
// statuses; otherwise ENOTFOUND, so that hidden projects cannot be told from
// missing ones.
func (c *conn) FindProject(ctx context.Context, key string, statuses []furusato.ProjectStatus) (*furusato.Project, error) {
	var b builder
	if id, ok := parseID(key); ok {
		b.where("p.id = " + b.arg(id))
	} else {
		b.where("p.slug = " + b.arg(key))
	}
	b.where("p.status IN (" + b.statuses(statuses) + ")")
	p, err := scanProject(c.q.QueryRowContext(ctx, `SELECT `+projectColumns+projectJoins+b.clause(), b.args...))
	if err != nil {
		return nil, wrap("find project", err)
	}
	if p.Company, err = c.FindCompanyByID(ctx, p.CompanyID); err != nil {
		return nil, err
	}
	if p.Organization, err = c.FindOrganizationByID(ctx, p.OrganizationID); err != nil {
		return nil, err
	}
	if err := c.fillThemes(ctx, []*furusato.Project{p}); err != nil {
		return nil, err
	}
	return p, c.fillSupporters(ctx, p)
}

func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var id int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		id = id*10 + int64(r-'0')
	}
	return id, true
}

func (c *conn) fillThemes(ctx context.Context, ps []*furusato.Project) error {
	if len(ps) == 0 {
		return nil
	}
	var b builder
	byID := make(map[int64]*furusato.Project, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	rows, err := c.q.QueryContext(ctx, `SELECT project_id, theme FROM project_themes WHERE project_id IN (`+b.ids(ids)+`)`, b.args...)
	if err != nil {
		return wrap("find project themes", err)
	}
	defer rows.Close()
	got := map[int64]map[string]bool{}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return wrap("find project themes", err)
		}
		if got[id] == nil {
			got[id] = map[string]bool{}
		}
		got[id][t] = true
	}
	if err := rows.Err(); err != nil {
		return wrap("find project themes", err)
	}
	// Keep the taxonomy's order, the same on both engines.
	for id, set := range got {
		p := byID[id]
		p.Themes = p.Themes[:0]
		for _, t := range furusato.Themes {
			if set[t.Slug] {
				p.Themes = append(p.Themes, t.Slug)
			}
		}
	}
	return nil
}

func (c *conn) fillSupporters(ctx context.Context, p *furusato.Project) error {
	rows, err := c.q.QueryContext(ctx, `
		SELECT s.organization_id, o.name, s.name, s.role, COALESCE(s.user_id, 0), COALESCE(u.email, '') FROM project_supporters s
		JOIN organizations o ON o.id = s.organization_id
		LEFT JOIN users u ON u.id = s.user_id
		WHERE s.project_id = $1 ORDER BY s.position`, p.ID)
	if err != nil {
		return wrap("find project supporters", err)
	}
	defer rows.Close()
	p.Supporters = nil
	for rows.Next() {
		var s furusato.Supporter
		if err := rows.Scan(&s.OrganizationID, &s.OrganizationName, &s.Name, &s.Role, &s.UserID, &s.Email); err != nil {
			return wrap("find project supporters", err)
		}
		p.Supporters = append(p.Supporters, s)
	}
	return wrap("find project supporters", rows.Err())
}

// ProjectSlugExists reports whether a project (of any status) has slug.
func (c *conn) ProjectSlugExists(ctx context.Context, slug string) (bool, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE slug = $1`, slug).Scan(&n)
	return n > 0, wrap("project slug exists", err)
}

// CountGeneratedProjects counts the projects made by the demo generator, so
// that a further run continues their numbering.
func (c *conn) CountGeneratedProjects(ctx context.Context) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE slug LIKE 'gen-%' AND slug NOT LIKE 'gen-company-%'`).Scan(&n)
	return n, wrap("count generated projects", err)
}
