package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// LoadResult says what Load added.
type LoadResult struct {
	Organizations, Companies, Projects int
}

// Load writes the demo catalogue into db in one transaction, with dates
// relative to now. It is idempotent: objects whose slug already exists are
// left alone, so running it twice adds nothing.
func Load(ctx context.Context, db *store.DB, now time.Time) (LoadResult, error) {
	var res LoadResult
	data := Content(furusato.DateOf(now))
	err := db.Tx(ctx, func(tx *store.Tx) error {
		orgIDs := map[string]int64{}
		for _, o := range data.Organizations {
			if found, err := tx.FindOrganizationBySlug(ctx, o.Slug); err == nil {
				orgIDs[o.Slug] = found.ID
				continue
			} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
				return err
			}
			org := *o
			if err := tx.CreateOrganization(ctx, &org, now); err != nil {
				return fmt.Errorf("demo: organisation %s: %w", o.Slug, err)
			}
			orgIDs[o.Slug] = org.ID
			res.Organizations++
		}
		companies := map[string]*furusato.Company{}
		for _, c := range data.Companies {
			if found, err := tx.FindCompanyBySlug(ctx, c.Slug); err == nil {
				companies[c.Slug] = found
				continue
			} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
				return err
			}
			co := c.Company
			if err := tx.CreateCompany(ctx, &co, now); err != nil {
				return fmt.Errorf("demo: company %s: %w", c.Slug, err)
			}
			companies[c.Slug] = &co
			res.Companies++
		}
		for _, dp := range data.Projects {
			if exists, err := tx.ProjectSlugExists(ctx, dp.Slug); err != nil {
				return err
			} else if exists {
				continue
			}
			p := dp.Project
			co := companies[dp.CompanySlug]
			if co == nil || orgIDs[dp.OrganizationSlug] == 0 {
				return fmt.Errorf("demo: project %s: unknown company or organisation", dp.Slug)
			}
			p.CompanyID, p.Company, p.OrganizationID = co.ID, co, orgIDs[dp.OrganizationSlug]
			p.Supporters = append([]furusato.Supporter(nil), dp.Supporters...)
			for i := range p.Supporters {
				p.Supporters[i].OrganizationID = orgIDs[dp.SupporterOrgSlugs[i]]
			}
			at := now.Add(-time.Duration(dp.PublishedDaysAgo)*24*time.Hour - time.Duration(res.Projects)*time.Minute)
			if p.Status.Public() {
				p.PublishedAt = at
			}
			if err := tx.CreateProject(ctx, &p, at); err != nil {
				return fmt.Errorf("demo: project %s: %w", dp.Slug, err)
			}
			res.Projects++
		}
		return nil
	})
	return res, err
}
