package store

import (
	"context"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateCompany inserts co and sets co.ID. Unless co.OrganizationID is
// set, the company is bound to the coordinating organisation of its
// prefecture (CoordinatorFor), or to none when no organisation exists yet.
func (c *conn) CreateCompany(ctx context.Context, co *furusato.Company, now time.Time) error {
	if err := co.Validate(); err != nil {
		return err
	}
	if co.OrganizationID == 0 {
		o, err := c.CoordinatorFor(ctx, co.Prefecture)
		switch {
		case err == nil:
			co.OrganizationID = o.ID
		case furusato.ErrorCode(err) != furusato.ENOTFOUND:
			return err
		}
	}
	co.CreatedAt = now.UTC()
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO companies (slug, name, prefecture, city, industry, founded_year, size, description, website, created_at, organization_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		co.Slug, co.Name, co.Prefecture, co.City, co.Industry, co.FoundedYear, co.Size, co.Description, co.Website, ms(now),
		nullID(co.OrganizationID)).Scan(&co.ID)
	return wrap("create company", err)
}

const companyColumns = `c.id, c.slug, c.name, c.prefecture, c.city, c.industry, c.founded_year, c.size, c.description, c.website, c.created_at,
	COALESCE(c.organization_id, 0)`

func scanCompany(s interface{ Scan(...any) error }) (*furusato.Company, error) {
	var co furusato.Company
	var created int64
	err := s.Scan(&co.ID, &co.Slug, &co.Name, &co.Prefecture, &co.City, &co.Industry, &co.FoundedYear, &co.Size, &co.Description, &co.Website, &created,
		&co.OrganizationID)
	co.CreatedAt = fromMS(created)
	return &co, err
}

// FindCompanyByID returns the company with id, or ENOTFOUND.
func (c *conn) FindCompanyByID(ctx context.Context, id int64) (*furusato.Company, error) {
	co, err := scanCompany(c.q.QueryRowContext(ctx, `SELECT `+companyColumns+` FROM companies c WHERE c.id = $1`, id))
	if err != nil {
		return nil, wrap("find company", err)
	}
	return co, nil
}

// FindCompanyBySlug returns the company with slug, or ENOTFOUND.
func (c *conn) FindCompanyBySlug(ctx context.Context, slug string) (*furusato.Company, error) {
	co, err := scanCompany(c.q.QueryRowContext(ctx, `SELECT `+companyColumns+` FROM companies c WHERE c.slug = $1`, slug))
	if err != nil {
		return nil, wrap("find company", err)
	}
	return co, nil
}

// UpdateCompany replaces the profile of company co.ID (name, prefecture,
// city, industry, founded year, size, description, website) by co's. The
// slug and the coordinating organisation stay: a company keeps the
// organisation it was bound to when it was created. The company's projects
// are indexed again (their search text holds its name) and the catalogue
// version is bumped (their pages show it). EINVALID as Company.Validate;
// ENOTFOUND when there is no such company. Call it on a Tx.
func (tx *Tx) UpdateCompany(ctx context.Context, co *furusato.Company) error {
	if err := co.Validate(); err != nil {
		return err
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE companies SET name = $2, prefecture = $3, city = $4, industry = $5, founded_year = $6, size = $7,
		       description = $8, website = $9
		WHERE id = $1`,
		co.ID, co.Name, co.Prefecture, co.City, co.Industry, co.FoundedYear, co.Size, co.Description, co.Website)
	if err := mustAffect("update company", res, err, "Company not found."); err != nil {
		return err
	}
	ids, err := queryIDs(ctx, tx.q, "update company", `SELECT id FROM projects WHERE company_id = $1 ORDER BY id`, co.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, err := tx.FindProject(ctx, strconv.FormatInt(id, 10), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		if err := tx.indexProject(ctx, p); err != nil {
			return err
		}
	}
	return tx.BumpCatalogueVersion(ctx)
}

// FindCompanies returns every company, by name; for the admin pages.
func (c *conn) FindCompanies(ctx context.Context) ([]*furusato.Company, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+companyColumns+` FROM companies c ORDER BY c.prefecture, c.id`)
	if err != nil {
		return nil, wrap("find companies", err)
	}
	defer rows.Close()
	var out []*furusato.Company
	for rows.Next() {
		co, err := scanCompany(rows)
		if err != nil {
			return nil, wrap("find companies", err)
		}
		out = append(out, co)
	}
	return out, wrap("find companies", rows.Err())
}
