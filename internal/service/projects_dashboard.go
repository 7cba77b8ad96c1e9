package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// DashboardSection is one list of a management dashboard. Key names it
// (for the page's heading): "in_review", "drafts", "closing", "published"
// for coordinators and admins, a status for company staff.
type DashboardSection struct {
	Key      string
	Staff    bool // a section of the company staff's own projects
	Projects []*furusato.Project
	Total    int
}

// dashboardLimit bounds each section of a dashboard.
const dashboardLimit = 20

// Dashboard returns "what needs me today" for actor: for a coordinator (and
// an admin, over every organisation) the projects in review, the drafts,
// those closing within 7 days (JST) and the recently published ones; for
// company staff their companies' projects by status. ENOTFOUND for a person
// who is neither (the page does not exist for them).
func (s *Projects) Dashboard(ctx context.Context, actor *furusato.Actor) ([]DashboardSection, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	var orgs, cos []int64
	for _, m := range actor.Memberships {
		switch m.Role {
		case furusato.RoleCoordinator:
			orgs = append(orgs, m.OrganizationID)
		case furusato.RoleCompanyStaff:
			cos = append(cos, m.CompanyID)
		}
	}
	admin := actor.IsAdmin()
	if !admin && len(orgs) == 0 && len(cos) == 0 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	today := furusato.DateOf(s.now())
	var out []DashboardSection
	add := func(key string, staff bool, f store.ManageFilter) error {
		f.Limit = dashboardLimit
		ps, total, err := s.db.FindProjectsForManage(ctx, f)
		if err != nil {
			return err
		}
		out = append(out, DashboardSection{Key: key, Staff: staff, Projects: ps, Total: total})
		return nil
	}
	if admin || len(orgs) > 0 {
		base := store.ManageFilter{OrganizationIDs: orgs, All: admin}
		if admin {
			base.OrganizationIDs = nil
		}
		sections := []struct {
			key string
			f   store.ManageFilter
		}{
			{"in_review", store.ManageFilter{Statuses: []furusato.ProjectStatus{furusato.StatusInReview}}},
			{"drafts", store.ManageFilter{Statuses: []furusato.ProjectStatus{furusato.StatusDraft}}},
			{"closing", store.ManageFilter{Statuses: []furusato.ProjectStatus{furusato.StatusPublished},
				DeadlineFrom: today, DeadlineTo: today.AddDays(7), Sort: store.ManageSortDeadline}},
			{"published", store.ManageFilter{Statuses: []furusato.ProjectStatus{furusato.StatusPublished}, Sort: store.ManageSortPublished}},
		}
		for _, sec := range sections {
			f := sec.f
			f.OrganizationIDs, f.All = base.OrganizationIDs, base.All
			if err := add(sec.key, false, f); err != nil {
				return nil, err
			}
		}
	}
	if len(cos) > 0 {
		for _, st := range furusato.ProjectStatuses {
			if err := add(string(st), true, store.ManageFilter{CompanyIDs: cos, Statuses: []furusato.ProjectStatus{st}}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// StaffCompanies returns the companies actor is staff of, for the links
// that create a project.
func (s *Projects) StaffCompanies(ctx context.Context, actor *furusato.Actor) ([]*furusato.Company, error) {
	var out []*furusato.Company
	if !actor.SignedIn() {
		return nil, nil
	}
	for _, m := range actor.Memberships {
		if m.Role != furusato.RoleCompanyStaff {
			continue
		}
		co, err := s.db.FindCompanyByID(ctx, m.CompanyID)
		if err != nil {
			return nil, err
		}
		out = append(out, co)
	}
	return out, nil
}
