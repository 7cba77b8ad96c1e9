package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
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
		for _, p := range ps { // insertProject has set PublishedAt
			if err := tx.indexProjectAt(ctx, p, SearchKey(ms(p.PublishedAt), p.ID)); err != nil {
				return err
			}
		}
	}
	for _, p := range ps { // PostgreSQL's terms came with the rows
		if p.Status.Public() {
			tx.textWritten = true // words_version.go
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
	args = append(args, factArgs(p)...) // $30–$38
	searchCol, searchVal := "", ""
	if tx.engine == Postgres {
		// Written with the row, not by a later UPDATE that would make a second
		// row version and index entries for it.
		all, title, catch := tsvectors(p)
		searchCol, searchVal = ", search, search_title, search_catch", ", $39::tsvector, $40::tsvector, $41::tsvector"
		args = append(args, all, title, catch)
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO projects (slug, title, catch_copy, background, what_you_do, goal, skills, good_for, gains,
			work_style, visits_per_month, work_place, hours_per_week, duration_months, start_date,
			reward_type, reward_amount, travel_cost, places, deadline, prefecture, city,
			company_id, organization_id, status, created_at, updated_at, published_at, themes_mask, `+factColumns+searchCol+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			$21, $22, $23, $24, $25, $26, $27, $28, $29, `+factParams(30)+searchVal+`)
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

// moveProject is the one statement that changes a project's status (and
// so its version: updated_at moves on by at least a millisecond): only
// while it is still from (on PostgreSQL a concurrent move waits for the row
// and then re-checks the status), and to published only while places are
// left. It reports whether it moved the project.
func (tx *Tx) moveProject(ctx context.Context, id int64, from, to furusato.ProjectStatus, now time.Time) (bool, error) {
	pub, places := int64(0), ""
	rekey := false // the first publication moves the search rows (see SearchKey)
	if to == furusato.StatusPublished {
		pub, places = ms(now), " AND matched < places"
		if tx.engine == SQLite {
			var was int64
			if err := tx.q.QueryRowContext(ctx, `SELECT published_at FROM projects WHERE id = $1`, id).Scan(&was); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return false, wrap("set project status", err)
			}
			rekey = was == 0
		}
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE projects SET status = $3, `+nextVersion("$4")+`,
			published_at = CASE WHEN published_at = 0 THEN $5 ELSE published_at END
		WHERE id = $1 AND status = $2`+places, id, string(from), string(to), ms(now), pub)
	if err != nil {
		return false, wrap("set project status", err)
	}
	n, err := res.RowsAffected()
	if n > 0 && err == nil && !from.Public() && to.Public() {
		tx.textWritten = true // its text joins the public catalogue: words_version.go
	}
	if err != nil || n == 0 || !rekey {
		return n > 0, wrap("set project status", err)
	}
	p, err := tx.FindProject(ctx, strconv.FormatInt(id, 10), furusato.ProjectStatuses)
	if err != nil {
		return false, err
	}
	return true, tx.indexProject(ctx, p)
}

// nextVersion is the SET clause of every write that makes a new version
// of a project (furusato.Project.Version): updated_at becomes now (the
// parameter named), or one millisecond more than before when the clock
// has not moved on, so that two saves never share a version.
func nextVersion(now string) string {
	return "updated_at = CASE WHEN updated_at >= " + now + " THEN updated_at + 1 ELSE " + now + " END"
}

// BumpCatalogueVersion marks every cached listing stale, on every node;
// and every word cache too when this transaction wrote search terms
// (words_version.go).
func (tx *Tx) BumpCatalogueVersion(ctx context.Context) error {
	words := ""
	if tx.textWritten && !tx.wordsBumped {
		words = ", words_version = words_version + 1"
	}
	_, err := tx.q.ExecContext(ctx, `UPDATE catalogue_version SET version = version + 1`+words+` WHERE id = 1`)
	if err == nil {
		tx.bumped, tx.wordsBumped = true, tx.wordsBumped || words != ""
	}
	return wrap("bump catalogue version", err)
}

// CatalogueVersion returns the current catalogue version.
func (c *conn) CatalogueVersion(ctx context.Context) (int64, error) {
	var v int64
	err := c.q.QueryRowContext(ctx, `SELECT version FROM catalogue_version WHERE id = 1`).Scan(&v)
	return v, wrap("catalogue version", err)
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

// UpdateProject writes every editable field of p (content, terms, place,
// themes, supporters) and its search terms, and bumps the catalogue
// version, in the caller's transaction. Its status, company, organisation
// and creation time are not changed here (SetProjectStatus moves it).
//
// version is the version (furusato.Project.Version) the change was made
// to: when the stored project was saved since, UpdateProject returns
// ECONFLICT and writes nothing (optimistic concurrency). On success
// p.UpdatedAt is the new instant: now, or one millisecond after the
// previous one when the clock has not moved on, so that every save is a new
// version. ENOTFOUND when there is no project p.ID. Places below the
// people matched by then are EINVALID (furusato.ErrPlacesBelowMatched).
func (tx *Tx) UpdateProject(ctx context.Context, p *furusato.Project, version int64, now time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	var next int64
	var status string // the saved project's, for indexProject (words_version.go)
	err := tx.q.QueryRowContext(ctx, `
		UPDATE projects SET slug = $3, title = $4, catch_copy = $5, background = $6, what_you_do = $7, goal = $8,
			skills = $9, good_for = $10, gains = $11, work_style = $12, visits_per_month = $13, work_place = $14,
			hours_per_week = $15, duration_months = $16, start_date = $17, reward_type = $18, reward_amount = $19,
			travel_cost = $20, places = $21, deadline = $22, prefecture = $23, city = $24, themes_mask = $25,
			`+nextVersion("$26")+`, `+factSets(27)+`
		WHERE id = $1 AND updated_at = $2 AND matched <= $21 RETURNING updated_at, status`,
		append([]any{p.ID, version, p.Slug, p.Title, p.CatchCopy, p.Background, p.WhatYouDo, p.Goal,
			strings.Join(p.Skills, "\n"), p.GoodFor, p.Gains, string(p.WorkStyle), p.VisitsPerMonth, p.WorkPlace,
			p.HoursPerWeek, p.DurationMonths, p.StartDate.String(), string(p.RewardType), p.RewardAmount,
			string(p.TravelCost), p.Places, p.Deadline.String(), p.Prefecture, p.City, furusato.ThemeMask(p.Themes), ms(now)},
			factArgs(p)...)...).Scan(&next, &status)
	if errors.Is(err, sql.ErrNoRows) {
		// No row at that version: saved since, gone (ENOTFOUND), or more
		// people matched meanwhile than the places asked for (an accept
		// does not change the version, so the places are checked here).
		now, err := tx.FindProject(ctx, strconv.FormatInt(p.ID, 10), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		if now.Matched > p.Places {
			var f furusato.FieldErrors
			f.Add("places", furusato.ErrPlacesBelowMatched, "Min", now.Matched)
			return f.Err()
		}
		return furusato.Errorf(furusato.ECONFLICT, "Someone else saved this project in the meantime.")
	}
	if err != nil {
		return wrap("update project", err)
	}
	p.UpdatedAt, p.Status = fromMS(next), furusato.ProjectStatus(status)
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
