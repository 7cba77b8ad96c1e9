package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/ui"
)

// accountMembership is one of the person's roles on their account page,
// with the pages the policy lets them open for it.
type accountMembership struct {
	Target, Role string
	Links        []link
}

// accountMemberships returns the signed-in person's roles for the
// "memberships" section of the account page.
func (h *Handler) accountMemberships(r *http.Request, l *ui.Locale) ([]accountMembership, error) {
	a := httpx.ActorFrom(r.Context())
	ms, err := h.svc.Users.MyMemberships(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var out []accountMembership
	for _, d := range ms {
		row := accountMembership{Role: roleLabel(l, d.Role)}
		if d.Company != nil {
			row.Target = d.Company.Name
			ref := policy.CompanyRef{ID: d.Company.ID, OrganizationID: d.Company.OrganizationID}
			row.Links = append(row.Links, link{"/manage", l.T("admin.account_manage_link")})
			if policy.Company(a, policy.CompanyEdit, ref) == nil {
				row.Links = append(row.Links, link{"/admin/companies/" + d.Company.Slug + "/edit", l.T("admin.company_edit_title", "Name", d.Company.Name)})
			}
			if policy.Company(a, policy.CompanyInviteStaff, ref) == nil {
				row.Links = append(row.Links, link{"/admin/companies/" + d.Company.Slug + "/members", l.T("admin.members_link", "Name", d.Company.Name)})
			}
		} else {
			o := d.Organization
			row.Target = o.Name
			if policy.Organization(a, policy.OrgCoordinate, o) == nil {
				row.Links = append(row.Links, link{"/manage", l.T("admin.account_manage_link")})
			}
			if policy.Organization(a, policy.MemberRemove, o) == nil {
				row.Links = append(row.Links, link{"/admin/organizations/" + o.Slug + "/members", l.T("admin.members_link", "Name", o.Name)})
			} else {
				row.Links = append(row.Links, link{"/organizations/" + o.Slug, l.T("admin.account_org_link", "Name", o.Name)})
			}
		}
		out = append(out, row)
	}
	return out, nil
}
