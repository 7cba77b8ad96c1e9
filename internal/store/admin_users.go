package store

import (
	"context"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
)

// UserFilter selects users for the admins' user list.
type UserFilter struct {
	// Query matches a part of the address or of the name. The caller
	// normalises it (NFKC, lower case); the name is compared in lower case.
	Query         string
	Limit, Offset int
}

// UserRow is a user of the admins' list with the number of their
// memberships.
type UserRow struct {
	User        *furusato.User
	Memberships int
}

// FindUsers returns one page of the users that are not deleted, newest
// first, with the number of users f matches.
func (c *conn) FindUsers(ctx context.Context, f UserFilter) ([]UserRow, int, error) {
	where, args := `u.deleted_at = 0`, []any{}
	if f.Query != "" {
		args = append(args, "%"+likeEscape(f.Query)+"%")
		where += ` AND (LOWER(u.email) LIKE $1 ESCAPE '\' OR LOWER(u.display_name) LIKE $1 ESCAPE '\')`
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	n := len(args)
	args = append(args, f.Limit, f.Offset)
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+userColumns+`, (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id), COUNT(*) OVER ()
		FROM users u WHERE `+where+`
		ORDER BY u.created_at DESC, u.id DESC
		LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), args...)
	if err != nil {
		return nil, 0, wrap("find users", err)
	}
	defer rows.Close()
	var out []UserRow
	total := 0
	for rows.Next() {
		var row UserRow
		var err error
		row.User, err = scanUser(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &row.Memberships, &total)...)
		}))
		if err != nil {
			return nil, 0, wrap("find users", err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find users", err)
	}
	if len(out) == 0 && f.Offset > 0 { // a page past the end still knows the total
		err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE `+where, args[:n]...).Scan(&total)
		if err != nil {
			return nil, 0, wrap("count users", err)
		}
	}
	return out, total, nil
}

// scanFunc lets a function stand where a Scan method is wanted.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// MembershipDetail is a membership with the names of what it is in: an
// organisation (with its kind, which the policy needs) or a company (with
// its coordinating organisation).
type MembershipDetail struct {
	furusato.Membership
	Organization *furusato.Organization // set for an organisation's membership (without prefectures)
	Company      *furusato.Company      // set for a company's membership (id, slug, name, organisation only)
}

// FindMembershipDetails returns the memberships of user id with what they
// are in, oldest first.
func (c *conn) FindMembershipDetails(ctx context.Context, userID int64) ([]MembershipDetail, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.user_id, m.role, COALESCE(m.organization_id, 0), COALESCE(m.company_id, 0), m.created_at,
		       COALESCE(o.slug, ''), COALESCE(o.name, ''), COALESCE(o.kind, ''),
		       COALESCE(c.slug, ''), COALESCE(c.name, ''), COALESCE(c.organization_id, 0)
		FROM memberships m
		LEFT JOIN organizations o ON o.id = m.organization_id
		LEFT JOIN companies c ON c.id = m.company_id
		WHERE m.user_id = $1 ORDER BY m.id`, userID)
	if err != nil {
		return nil, wrap("find membership details", err)
	}
	defer rows.Close()
	var out []MembershipDetail
	for rows.Next() {
		var d MembershipDetail
		var role, oslug, oname, okind, cslug, cname string
		var created, corg int64
		if err := rows.Scan(&d.UserID, &role, &d.OrganizationID, &d.CompanyID, &created, &oslug, &oname, &okind, &cslug, &cname, &corg); err != nil {
			return nil, wrap("find membership details", err)
		}
		d.Role, d.CreatedAt = furusato.Role(role), fromMS(created)
		if d.CompanyID != 0 {
			d.Company = &furusato.Company{ID: d.CompanyID, Slug: cslug, Name: cname, OrganizationID: corg}
		} else {
			d.Organization = &furusato.Organization{ID: d.OrganizationID, Slug: oslug, Name: oname, Kind: furusato.OrgKind(okind)}
		}
		out = append(out, d)
	}
	return out, wrap("find membership details", rows.Err())
}
