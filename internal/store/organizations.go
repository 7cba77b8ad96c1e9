package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateOrganization inserts o with its prefectures and sets o.ID.
func (c *conn) CreateOrganization(ctx context.Context, o *furusato.Organization, now time.Time) error {
	if err := o.Validate(); err != nil {
		return err
	}
	o.CreatedAt = now.UTC()
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO organizations (slug, name, kind, description, website, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		o.Slug, o.Name, string(o.Kind), o.Description, o.Website, ms(now)).Scan(&o.ID)
	if err != nil {
		return wrap("create organization", err)
	}
	for _, p := range o.Prefectures {
		if _, err := c.q.ExecContext(ctx, `INSERT INTO organization_prefectures (organization_id, prefecture) VALUES ($1, $2)`, o.ID, p); err != nil {
			return wrap("create organization prefecture", err)
		}
	}
	return nil
}

const orgColumns = `o.id, o.slug, o.name, o.kind, o.description, o.website, o.created_at`

func scanOrg(s interface{ Scan(...any) error }, extra ...any) (*furusato.Organization, error) {
	var o furusato.Organization
	var kind string
	var created int64
	if err := s.Scan(append([]any{&o.ID, &o.Slug, &o.Name, &kind, &o.Description, &o.Website, &created}, extra...)...); err != nil {
		return nil, err
	}
	o.Kind, o.CreatedAt = furusato.OrgKind(kind), fromMS(created)
	return &o, nil
}

// FindOrganizations returns the organisations of kind (all kinds when ""),
// by name, each with its prefectures and its count of public projects.
func (c *conn) FindOrganizations(ctx context.Context, kind furusato.OrgKind) ([]*furusato.Organization, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+orgColumns+`,
		       (SELECT COUNT(*) FROM projects p WHERE p.organization_id = o.id
		           AND p.status IN ('published', 'closed', 'in_progress', 'completed'))
		FROM organizations o
		WHERE ($1 = '' OR o.kind = $1)
		ORDER BY o.kind, o.id`, string(kind))
	if err != nil {
		return nil, wrap("find organizations", err)
	}
	defer rows.Close()
	var orgs []*furusato.Organization
	byID := map[int64]*furusato.Organization{}
	for rows.Next() {
		var n int
		o, err := scanOrg(rows, &n)
		if err != nil {
			return nil, wrap("find organizations", err)
		}
		o.ProjectCount = n
		orgs = append(orgs, o)
		byID[o.ID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find organizations", err)
	}
	if err := c.fillPrefectures(ctx, byID); err != nil {
		return nil, err
	}
	return orgs, nil
}

// fillPrefectures sets the prefectures of the organisations in byID: for
// one organisation (a project page) only its rows are read, for a listing
// all of them in one query.
func (c *conn) fillPrefectures(ctx context.Context, byID map[int64]*furusato.Organization) error {
	q, args := `SELECT organization_id, prefecture FROM organization_prefectures ORDER BY organization_id, prefecture`, []any(nil)
	if len(byID) == 1 {
		for id := range byID {
			q, args = `SELECT organization_id, prefecture FROM organization_prefectures WHERE organization_id = $1 ORDER BY prefecture`, []any{id}
		}
	}
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return wrap("find organization prefectures", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p int
		if err := rows.Scan(&id, &p); err != nil {
			return wrap("find organization prefectures", err)
		}
		if o := byID[id]; o != nil {
			o.Prefectures = append(o.Prefectures, p)
		}
	}
	return wrap("find organization prefectures", rows.Err())
}

// FindOrganizationBySlug returns the organisation with slug, or ENOTFOUND.
func (c *conn) FindOrganizationBySlug(ctx context.Context, slug string) (*furusato.Organization, error) {
	return c.findOrganization(ctx, `o.slug = $1`, slug)
}

// FindOrganizationByID returns the organisation with id, or ENOTFOUND.
func (c *conn) FindOrganizationByID(ctx context.Context, id int64) (*furusato.Organization, error) {
	return c.findOrganization(ctx, `o.id = $1`, id)
}

func (c *conn) findOrganization(ctx context.Context, where string, arg any) (*furusato.Organization, error) {
	o, err := scanOrg(c.q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE `+where, arg))
	if err != nil {
		return nil, wrap("find organization", err)
	}
	if err := c.fillPrefectures(ctx, map[int64]*furusato.Organization{o.ID: o}); err != nil {
		return nil, err
	}
	return o, nil
}

// CoordinatorFor returns the coordinating organisation of prefecture: the
// coordinator whose regions include it (the oldest, if several), else the
// secretariat. ENOTFOUND when neither exists.
func (c *conn) CoordinatorFor(ctx context.Context, prefecture int) (*furusato.Organization, error) {
	var id int64
	err := c.q.QueryRowContext(ctx, `
		SELECT o.id FROM organizations o
		JOIN organization_prefectures op ON op.organization_id = o.id
		WHERE o.kind = 'coordinator' AND op.prefecture = $1
		ORDER BY o.id LIMIT 1`, prefecture).Scan(&id)
	if err == sql.ErrNoRows {
		err = c.q.QueryRowContext(ctx, `SELECT id FROM organizations WHERE kind = 'secretariat' ORDER BY id LIMIT 1`).Scan(&id)
	}
	if err != nil {
		return nil, wrap("find coordinator", err)
	}
	return c.FindOrganizationByID(ctx, id)
}

// UpdateOrganization writes o's name, kind, description, website and
// prefectures (the slug stays: shared links use it). ENOTFOUND when there
// is no organisation o.ID. Call it on a Tx.
func (c *conn) UpdateOrganization(ctx context.Context, o *furusato.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := c.q.ExecContext(ctx, `
		UPDATE organizations SET name = $2, kind = $3, description = $4, website = $5 WHERE id = $1`,
		o.ID, o.Name, string(o.Kind), o.Description, o.Website)
	if err := mustAffect("update organization", res, err, "Organisation not found."); err != nil {
		return err
	}
	if _, err := c.q.ExecContext(ctx, `DELETE FROM organization_prefectures WHERE organization_id = $1`, o.ID); err != nil {
		return wrap("update organization prefectures", err)
	}
	for _, p := range o.Prefectures {
		if _, err := c.q.ExecContext(ctx, `INSERT INTO organization_prefectures (organization_id, prefecture) VALUES ($1, $2)`, o.ID, p); err != nil {
			return wrap("update organization prefectures", err)
		}
	}
	return nil
}
