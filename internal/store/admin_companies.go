package store

import (
	"context"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
)

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
