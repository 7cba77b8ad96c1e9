package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// checkMembership returns EINVALID for a membership the schema would refuse:
// an unknown role, or not exactly one of organisation and company, or a
// company for any role but company staff.
func checkMembership(m *furusato.Membership) error {
	f := map[string]string{}
	switch m.Role {
	case furusato.RoleCompanyStaff:
		if m.CompanyID == 0 || m.OrganizationID != 0 {
			f["company_id"] = "error.required"
		}
	case furusato.RoleCoordinator, furusato.RoleSupporter:
		if m.OrganizationID == 0 || m.CompanyID != 0 {
			f["organization_id"] = "error.required"
		}
	default:
		f["role"] = "error.invalid"
	}
	if m.UserID == 0 {
		f["user_id"] = "error.required"
	}
	if len(f) == 0 {
		return nil
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "Please check the highlighted fields.", Fields: f}
}

// nullID stores the zero id as NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// AddMembership gives m.UserID the role m.Role in m's organisation or
// company and sets m.CreatedAt. It returns EINVALID for a malformed
// membership, ENOTFOUND when the user, organisation or company does not
// exist, and ECONFLICT (Fields{"role": "error.taken"}) when the user
// already holds that role there. Call it on a Tx.
func (c *conn) AddMembership(ctx context.Context, m *furusato.Membership, now time.Time) error {
	if err := checkMembership(m); err != nil {
		return err
	}
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	_, err := c.q.ExecContext(ctx, `
		INSERT INTO memberships (user_id, role, organization_id, company_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		m.UserID, string(m.Role), nullID(m.OrganizationID), nullID(m.CompanyID), ms(now))
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return conflict("The user already has this role there.", "role")
	case isForeignKey(err):
		return furusato.Errorf(furusato.ENOTFOUND, "No such user, organisation or company.")
	}
	return wrap("add membership", err)
}

// RemoveMembership takes the role m.Role in m's organisation or company
// away from m.UserID; ENOTFOUND when they did not hold it. Call it on a Tx.
func (c *conn) RemoveMembership(ctx context.Context, m furusato.Membership) error {
	res, err := c.q.ExecContext(ctx, `
		DELETE FROM memberships
		WHERE user_id = $1 AND role = $2
		  AND COALESCE(organization_id, 0) = $3 AND COALESCE(company_id, 0) = $4`,
		m.UserID, string(m.Role), m.OrganizationID, m.CompanyID)
	return mustAffect("remove membership", res, err, "Membership not found.")
}

// FindMemberships returns the memberships of user id, oldest first (none
// for an unknown user).
func (c *conn) FindMemberships(ctx context.Context, userID int64) ([]furusato.Membership, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT user_id, role, COALESCE(organization_id, 0), COALESCE(company_id, 0), created_at
		FROM memberships WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, wrap("find memberships", err)
	}
	defer rows.Close()
	var out []furusato.Membership
	for rows.Next() {
		var m furusato.Membership
		var role string
		var created int64
		if err := rows.Scan(&m.UserID, &role, &m.OrganizationID, &m.CompanyID, &created); err != nil {
			return nil, wrap("find memberships", err)
		}
		m.Role, m.CreatedAt = furusato.Role(role), fromMS(created)
		out = append(out, m)
	}
	return out, wrap("find memberships", rows.Err())
}

// ActorFor returns the actor of a signed-in user id: the user with their
// memberships as they are now. ENOTFOUND when the user does not exist or
// was deleted, so a session of a deleted account acts as a visitor.
func (c *conn) ActorFor(ctx context.Context, userID int64) (*furusato.Actor, error) {
	u, err := c.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !u.DeletedAt.IsZero() {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	mems, err := c.FindMemberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	supporting, err := c.supportingProjects(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &furusato.Actor{User: u, Memberships: mems, Supporting: supporting}, nil
}

// supportingProjects returns the supporter assignments linked to user id:
// each project with the partner group its row names, by project and group.
func (c *conn) supportingProjects(ctx context.Context, userID int64) ([]furusato.Support, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT DISTINCT project_id, organization_id FROM project_supporters WHERE user_id = $1
		ORDER BY project_id, organization_id`, userID)
	if err != nil {
		return nil, wrap("find supported projects", err)
	}
	defer rows.Close()
	var out []furusato.Support
	for rows.Next() {
		var s furusato.Support
		if err := rows.Scan(&s.ProjectID, &s.OrganizationID); err != nil {
			return nil, wrap("find supported projects", err)
		}
		out = append(out, s)
	}
	return out, wrap("find supported projects", rows.Err())
}

// FindMembers returns the members of organisation org or company co (one
// of them 0), oldest first; deleted users are left out.
func (c *conn) FindMembers(ctx context.Context, org, co int64) ([]furusato.Member, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT u.id, u.display_name, u.email, m.role, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE COALESCE(m.organization_id, 0) = $1 AND COALESCE(m.company_id, 0) = $2 AND u.deleted_at = 0
		ORDER BY m.created_at, m.id`, org, co)
	if err != nil {
		return nil, wrap("find members", err)
	}
	defer rows.Close()
	var out []furusato.Member
	for rows.Next() {
		var m furusato.Member
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

// FindMembershipDetails returns the memberships of user id with what they
// are in, oldest first.
func (c *conn) FindMembershipDetails(ctx context.Context, userID int64) ([]furusato.MembershipDetail, error) {
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
	var out []furusato.MembershipDetail
	for rows.Next() {
		var d furusato.MembershipDetail
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
