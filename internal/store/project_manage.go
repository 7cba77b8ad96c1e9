package store

import (
	"context"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// ManageFilter selects projects of any status for the management
// dashboards. A project matches when it belongs to one of OrganizationIDs
// or one of CompanyIDs; with both empty, only All (an admin's view) matches
// anything.
type ManageFilter struct {
	OrganizationIDs []int64
	CompanyIDs      []int64
	All             bool
	Statuses        []furusato.ProjectStatus // any status when empty
	// DeadlineFrom and DeadlineTo bound the entry deadline, inclusive; zero
	// dates do not bound it.
	DeadlineFrom, DeadlineTo furusato.Date
	Sort                     string // ManageSortUpdated (default), ManageSortDeadline, ManageSortPublished
	Limit                    int    // DefaultManageLimit when ≤ 0
	Offset                   int
}

// Sort orders of FindProjectsForManage.
const (
	ManageSortUpdated   = "updated"   // last changed first
	ManageSortDeadline  = "deadline"  // nearest deadline first
	ManageSortPublished = "published" // last published first
)

// DefaultManageLimit is the page size of FindProjectsForManage when the
// filter names none.
const DefaultManageLimit = 50

// FindProjectsForManage returns one page of the projects f selects, in any
// status, with their themes, and the number of all that match.
func (c *conn) FindProjectsForManage(ctx context.Context, f ManageFilter) ([]*furusato.Project, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultManageLimit
	}
	if f.Offset < 0 {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "Page out of range.")
	}
	var b builder
	var scope []string
	if len(f.OrganizationIDs) > 0 {
		scope = append(scope, "p.organization_id IN ("+b.ids(f.OrganizationIDs)+")")
	}
	if len(f.CompanyIDs) > 0 {
		scope = append(scope, "p.company_id IN ("+b.ids(f.CompanyIDs)+")")
	}
	switch {
	case len(scope) > 0:
		b.where("(" + strings.Join(scope, " OR ") + ")")
	case !f.All:
		return nil, 0, nil
	}
	if len(f.Statuses) > 0 {
		b.where("p.status IN (" + b.statuses(f.Statuses) + ")")
	}
	if !f.DeadlineFrom.IsZero() {
		b.where("p.deadline >= " + b.arg(f.DeadlineFrom.String()))
	}
	if !f.DeadlineTo.IsZero() {
		b.where("p.deadline <= " + b.arg(f.DeadlineTo.String()))
	}
	order := "p.updated_at DESC, p.id DESC"
	switch f.Sort {
	case ManageSortDeadline:
		order = "p.deadline, p.id"
	case ManageSortPublished:
		order = "p.published_at DESC, p.id DESC"
	}
	q := `SELECT ` + projectColumns + `, COUNT(*) OVER ()` + projectJoins + b.clause() +
		` ORDER BY ` + order + ` LIMIT ` + b.arg(f.Limit) + ` OFFSET ` + b.arg(f.Offset)
	rows, err := c.q.QueryContext(ctx, q, b.args...)
	if err != nil {
		return nil, 0, wrap("find projects for manage", err)
	}
	defer rows.Close()
	var out []*furusato.Project
	total := 0
	for rows.Next() {
		p, err := scanProject(rows, &total)
		if err != nil {
			return nil, 0, wrap("find projects for manage", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find projects for manage", err)
	}
	return out, total, c.fillThemes(ctx, out)
}

// UpdateProject writes every editable field of p (content, terms, place,
// themes, supporters) and its search terms, and bumps the catalogue
// version, in the caller's transaction. Its status, company, organisation
// and creation time are not changed here (SetProjectStatus moves it).
//
// p.UpdatedAt must be the instant of the version the change was made to:
// when the stored project was saved since, UpdateProject returns ECONFLICT
// and writes nothing (optimistic concurrency). On success p.UpdatedAt is the
// new instant: now, or one millisecond after the previous one when the
// clock has not moved on, so that every save is a new version. ENOTFOUND
// when there is no project p.ID.
func (tx *Tx) UpdateProject(ctx context.Context, p *furusato.Project, now time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var stored int64
	err := tx.q.QueryRowContext(ctx, `SELECT updated_at FROM projects WHERE id = $1`, p.ID).Scan(&stored)
	if err != nil {
		return wrap("update project", err)
	}
	if stored != ms(p.UpdatedAt) {
		return furusato.Errorf(furusato.ECONFLICT, "Someone else saved this project in the meantime.")
	}
	next := ms(now)
	if next <= stored {
		next = stored + 1
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE projects SET slug = $3, title = $4, catch_copy = $5, background = $6, what_you_do = $7, goal = $8,
			skills = $9, good_for = $10, gains = $11, work_style = $12, visits_per_month = $13, work_place = $14,
			hours_per_week = $15, duration_months = $16, start_date = $17, reward_type = $18, reward_amount = $19,
			travel_cost = $20, places = $21, deadline = $22, prefecture = $23, city = $24, themes_mask = $25,
			updated_at = $26
		WHERE id = $1 AND updated_at = $2`,
		p.ID, stored, p.Slug, p.Title, p.CatchCopy, p.Background, p.WhatYouDo, p.Goal,
		strings.Join(p.Skills, "\n"), p.GoodFor, p.Gains, string(p.WorkStyle), p.VisitsPerMonth, p.WorkPlace,
		p.HoursPerWeek, p.DurationMonths, p.StartDate.String(), string(p.RewardType), p.RewardAmount,
		string(p.TravelCost), p.Places, p.Deadline.String(), p.Prefecture, p.City, furusato.ThemeMask(p.Themes), next)
	if err != nil {
		return wrap("update project", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("update project", err)
	} else if n == 0 {
		return furusato.Errorf(furusato.ECONFLICT, "Someone else saved this project in the meantime.")
	}
	p.UpdatedAt = fromMS(next)
	for _, q := range []string{`DELETE FROM project_themes WHERE project_id = $1`, `DELETE FROM project_supporters WHERE project_id = $1`} {
		if _, err := tx.q.ExecContext(ctx, q, p.ID); err != nil {
			return wrap("update project links", err)
		}
	}
	if err := tx.writeProjectLinks(ctx, p); err != nil {
		return err
	}
	if err := tx.indexProject(ctx, p); err != nil {
		return err
	}
	return tx.BumpCatalogueVersion(ctx)
}
