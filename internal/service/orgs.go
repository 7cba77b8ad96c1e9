package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Orgs is the use cases of organisations, companies and their members:
// creating and editing organisations (admins), registering companies,
// inviting people (invitations.go), listing and removing members. Every
// method asks the policy first and audits every change in the transaction
// that makes it.
type Orgs struct {
	db      *store.DB
	now     func() time.Time
	baseURL string
	contact furusato.Contact // for the invitations' signature
}

// NewOrgs returns Orgs over db; now is the clock and baseURL the public
// origin that invitation links start with.
func NewOrgs(db *store.DB, now func() time.Time, baseURL string) *Orgs {
	return &Orgs{db: db, now: now, baseURL: strings.TrimRight(baseURL, "/")}
}

// Now returns the service's clock reading.
func (o *Orgs) Now() time.Time { return o.now() }

// cleanOrg normalises what people type into an organisation: the name
// as written (NFC), the slug and website NFKC, prefectures sorted without duplicates.
func cleanOrg(org *furusato.Organization) {
	org.Slug = strings.ToLower(strings.TrimSpace(norm.NFKC.String(org.Slug)))
	org.Name = proseLine(org.Name)
	org.Description = strings.TrimSpace(org.Description)
	org.Website = strings.TrimSpace(norm.NFKC.String(org.Website))
	slices.Sort(org.Prefectures)
	org.Prefectures = slices.Compact(org.Prefectures)
	if org.Kind != furusato.OrgCoordinator {
		org.Prefectures = nil // only coordinator organisations run regions
	}
}

// Organizations returns every organisation, for the admin list (policy
// OrgManage, admins only).
func (o *Orgs) Organizations(ctx context.Context, actor *furusato.Actor) ([]*furusato.Organization, error) {
	if err := policy.Global(actor, policy.OrgManage); err != nil {
		return nil, err
	}
	return o.db.FindOrganizations(ctx, "")
}

// Organization returns the organisation with slug (organisations are
// public), or ENOTFOUND.
func (o *Orgs) Organization(ctx context.Context, slug string) (*furusato.Organization, error) {
	return o.db.FindOrganizationBySlug(ctx, slug)
}

// CreateOrganization creates org with its prefectures (policy OrgManage,
// admins only) and audits "organization.create". EINVALID with Fields for
// slug, name, kind and prefectures; ECONFLICT (Fields{"slug":
// "error.taken"}) for a slug in use.
func (o *Orgs) CreateOrganization(ctx context.Context, actor *furusato.Actor, org *furusato.Organization, ip string) error {
	if err := policy.Global(actor, policy.OrgManage); err != nil {
		return err
	}
	cleanOrg(org)
	now := o.now()
	return o.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOrganization(ctx, org, now); err != nil {
			return err
		}
		if err := tx.BumpCatalogueVersion(ctx); err != nil { // organisation pages are cached for visitors
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditOrganizationCreate, ObjectType: "organization",
			ObjectID: org.ID, IP: ip, Detail: jsonDetail(map[string]string{"slug": org.Slug, "kind": string(org.Kind)})})
	})
}

// UpdateOrganization replaces the name, kind, description, website and
// prefectures of the organisation with slug by those of org (policy
// OrgManage on it, admins only) and audits "organization.update". org gets
// the organisation's ID and slug. Errors as CreateOrganization, and
// ENOTFOUND.
func (o *Orgs) UpdateOrganization(ctx context.Context, actor *furusato.Actor, slug string, org *furusato.Organization, ip string) error {
	cur, err := o.db.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return err
	}
	if err := policy.Organization(actor, policy.OrgManage, cur); err != nil {
		return err
	}
	org.ID, org.Slug = cur.ID, cur.Slug
	cleanOrg(org)
	now := o.now()
	return o.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateOrganization(ctx, org); err != nil {
			return err
		}
		if err := tx.BumpCatalogueVersion(ctx); err != nil { // organisation pages are cached for visitors
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditOrganizationUpdate, ObjectType: "organization",
			ObjectID: org.ID, IP: ip, Detail: jsonDetail(map[string]string{"slug": org.Slug, "kind": string(org.Kind)})})
	})
}

// companyRef is what the policy needs of co: its id and the coordinating
// organisation it was bound to when it was created (companies.organization_id).
func companyRef(co *furusato.Company) policy.CompanyRef {
	return policy.CompanyRef{ID: co.ID, OrganizationID: co.OrganizationID}
}

// Companies returns the companies the actor manages, for the admin list:
// every company for admins (the policy's OrgManage stands for "manages the
// network"), and for a coordinator those of their organisations (policy
// CompanyInviteStaff on each). EFORBIDDEN for anyone who coordinates
// nothing.
func (o *Orgs) Companies(ctx context.Context, actor *furusato.Actor) ([]*furusato.Company, error) {
	err := policy.Global(actor, policy.OrgManage)
	if err == nil {
		return o.db.FindCompanies(ctx)
	}
	coordinator := actor.SignedIn() && slices.ContainsFunc(actor.Memberships, func(m furusato.Membership) bool { return m.Role == furusato.RoleCoordinator })
	if !coordinator {
		return nil, err
	}
	all, err := o.db.FindCompanies(ctx)
	if err != nil {
		return nil, err
	}
	var out []*furusato.Company
	for _, co := range all {
		if policy.Company(actor, policy.CompanyInviteStaff, companyRef(co)) == nil {
			out = append(out, co)
		}
	}
	return out, nil
}

// Company returns the company with slug (companies are public), or
// ENOTFOUND.
func (o *Orgs) Company(ctx context.Context, slug string) (*furusato.Company, error) {
	return o.db.FindCompanyBySlug(ctx, slug)
}

// CreateCompany registers co, bound to co.OrganizationID or else to the coordinating organisation of its
// prefecture (policy CompanyCreate: admins and that organisation's
// coordinators), and audits "company.create". The text is normalised
// (NFKC, trimmed) and an empty slug is made from an ASCII name
// (SlugFromName). EINVALID with Fields as Company.Validate; ECONFLICT
// (Fields{"slug": "error.taken"}) for a slug in use.
func (o *Orgs) CreateCompany(ctx context.Context, actor *furusato.Actor, co *furusato.Company, ip string) error {
	cleanCompany(co)
	if err := co.Validate(); err != nil {
		if !actor.SignedIn() { // a visitor is asked to sign in, not to fix fields
			return policy.Company(actor, policy.CompanyCreate, policy.CompanyRef{})
		}
		return err
	}
	now := o.now()
	return o.db.Tx(ctx, func(tx *store.Tx) error {
		if co.OrganizationID == 0 {
			org, err := tx.CoordinatorFor(ctx, co.Prefecture)
			switch furusato.ErrorCode(err) {
			case "":
				co.OrganizationID = org.ID
			case furusato.ENOTFOUND: // no coordinator, no secretariat: admins only
			default:
				return err
			}
		}
		if err := policy.Company(actor, policy.CompanyCreate, policy.CompanyRef{OrganizationID: co.OrganizationID}); err != nil {
			return err
		}
		if err := tx.CreateCompany(ctx, co, now); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditCompanyCreate, ObjectType: "company",
			ObjectID: co.ID, IP: ip, Detail: jsonDetail(map[string]string{"slug": co.Slug})})
	})
}

// Members is an organisation's or a company's member list with the
// invitations still pending.
type Members struct {
	Members []furusato.Member
	Pending []*furusato.Invitation
}

// OrganizationMembers returns the members of org and its pending
// invitations, for those who may manage them (policy MemberRemove on org:
// admins, and in a coordinator organisation or the secretariat its
// coordinators).
func (o *Orgs) OrganizationMembers(ctx context.Context, actor *furusato.Actor, org *furusato.Organization) (*Members, error) {
	if err := policy.Organization(actor, policy.MemberRemove, org); err != nil {
		return nil, err
	}
	return o.members(ctx, org.ID, 0)
}

// CompanyMembers returns the staff of co and its pending invitations, for
// those who may manage them (policy CompanyInviteStaff: admins and the
// coordinators of its organisation).
func (o *Orgs) CompanyMembers(ctx context.Context, actor *furusato.Actor, co *furusato.Company) (*Members, error) {
	if err := policy.Company(actor, policy.CompanyInviteStaff, companyRef(co)); err != nil {
		return nil, err
	}
	return o.members(ctx, 0, co.ID)
}

func (o *Orgs) members(ctx context.Context, org, co int64) (*Members, error) {
	ms, err := o.db.FindMembers(ctx, org, co)
	if err != nil {
		return nil, err
	}
	pending, err := o.db.FindPendingInvitations(ctx, org, co, o.now())
	if err != nil {
		return nil, err
	}
	return &Members{Members: ms, Pending: pending}, nil
}

// ErrLastCoordinator refuses removing the last coordinator of an
// organisation (ECONFLICT): nothing is removed.
var ErrLastCoordinator = &furusato.Error{Code: furusato.ECONFLICT, Message: "The organisation's last coordinator cannot be removed; add another coordinator first."}

// RemoveMembership takes membership m away (policy MemberRemove on its
// organisation or company) and audits "membership.remove". It takes
// effect on the person's next request, whose Actor is read afresh.
// ENOTFOUND when the membership does not exist; ErrLastCoordinator for
// an organisation's last coordinator (the one choice kept: refuse, so an
// organisation with live projects is never left without one).

func (o *Orgs) RemoveMembership(ctx context.Context, actor *furusato.Actor, m furusato.Membership, ip string) error {
	now := o.now()
	return o.db.Tx(ctx, func(tx *store.Tx) error {
		var objType string
		var objID int64
		switch {
		case m.OrganizationID != 0 && m.CompanyID == 0:
			org, err := tx.FindOrganizationByID(ctx, m.OrganizationID)
			if err != nil {
				return err
			}
			if err := policy.Organization(actor, policy.MemberRemove, org); err != nil {
				return err
			}
			objType, objID = "organization", org.ID
		case m.CompanyID != 0 && m.OrganizationID == 0:
			co, err := tx.FindCompanyByID(ctx, m.CompanyID)
			if err != nil {
				return err
			}
			if err := policy.Company(actor, policy.MemberRemove, companyRef(co)); err != nil {
				return err
			}
			objType, objID = "company", co.ID
		default:
			return furusato.Errorf(furusato.EINVALID, "A membership names one organisation or one company.")
		}
		if objType == "organization" && m.Role == furusato.RoleCoordinator {
			// An organisation left without a coordinator has nobody to
			// publish, screen or match its live projects: add another first.
			if ok, err := tx.RemoveLastSafe(ctx, m); err != nil {
				return err
			} else if !ok {
				return ErrLastCoordinator
			}
		} else if err := tx.RemoveMembership(ctx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditMembershipRemove, ObjectType: objType,
			ObjectID: objID, IP: ip, Detail: jsonDetail(map[string]string{"user_id": strconv.FormatInt(m.UserID, 10), "role": string(m.Role)})})
	})
}
