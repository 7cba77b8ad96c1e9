package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Member is a membership with the name and address of its user, for the
// member lists of an organisation or a company.
type Member struct {
	UserID      int64
	DisplayName string
	Email       string
	Role        furusato.Role
	Since       time.Time
}

// FindMembers returns the members of organisation org or company co (one
// of them 0), oldest first; deleted users are left out.
func (c *conn) FindMembers(ctx context.Context, org, co int64) ([]Member, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT u.id, u.display_name, u.email, m.role, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE COALESCE(m.organization_id, 0) = $1 AND COALESCE(m.company_id, 0) = $2 AND u.deleted_at = 0
		ORDER BY m.created_at, m.id`, org, co)
	if err != nil {
		return nil, wrap("find members", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var role string
		var since int64
		if err := rows.Scan(&m.UserID, &m.DisplayName, &m.Email, &role, &since); err != nil {
			return nil, wrap("find members", err)
		}
		m.Role, m.Since = furusato.Role(role), fromMS(since)
		out = append(out, m)
	}
	return out, wrap("find members", rows.Err())
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
