package service

import (
	"context"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// cleanCompany normalises what people type into a company: NFKC and
// trimmed text, a lower-case slug, and, when no slug was given, one made
// from an ASCII name ("Tanaka Farm" → "tanaka-farm"). A name in Japanese
// makes no slug: Validate then asks for one.
func cleanCompany(co *furusato.Company) {
	co.Slug = strings.ToLower(strings.TrimSpace(norm.NFKC.String(co.Slug)))
	co.Name, co.City = proseLine(co.Name), proseLine(co.City) // as written (NFC)
	co.Industry, co.Size = proseLine(co.Industry), proseLine(co.Size)
	co.Description = strings.TrimSpace(co.Description)
	co.Website = strings.TrimSpace(norm.NFKC.String(co.Website))
	if co.Slug == "" {
		co.Slug = SlugFromName(co.Name)
	}
}

// SlugFromName makes a slug of an ASCII name: lower case, every run of
// other characters a hyphen, at most 80 characters. It returns "" for a
// name with anything but ASCII letters, digits, spaces and punctuation, or
// one that would give an all-digit or too short slug.
func SlugFromName(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r > 0x7e:
			return ""
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if len(s) < 2 || strings.Trim(s, "0123456789") == "" {
		return ""
	}
	return s
}

// UpdateCompany replaces the profile of the company with slug by co's
// name, prefecture, city, industry, founded year, size, description and
// website (policy CompanyEdit: admins, its coordinators and its own
// staff), and audits "company.update". co gets the company's ID, slug and
// organisation: the binding made at creation stays, whatever the
// prefecture becomes. EINVALID with Fields as Company.Validate; ENOTFOUND.
func (o *Orgs) UpdateCompany(ctx context.Context, actor *furusato.Actor, slug string, co *furusato.Company, ip string) error {
	cur, err := o.db.FindCompanyBySlug(ctx, slug)
	if err != nil {
		return err
	}
	if err := policy.Company(actor, policy.CompanyEdit, companyRef(cur)); err != nil {
		return err
	}
	co.ID, co.Slug, co.OrganizationID, co.CreatedAt = cur.ID, cur.Slug, cur.OrganizationID, cur.CreatedAt
	cleanCompany(co)
	if err := co.Validate(); err != nil {
		return err
	}
	now := o.now()
	return o.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateCompany(ctx, co); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditCompanyUpdate, ObjectType: "company",
			ObjectID: co.ID, IP: ip, Detail: jsonDetail(map[string]string{"slug": co.Slug})})
	})
}
