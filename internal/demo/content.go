// Package demo holds the deterministic demo content of the platform
// (content*.go: organisations, companies and projects per area), the demo
// accounts and entries (accounts.go, entries.go), the loader that puts them
// into a database in one transaction (load.go), and the generator of
// large catalogues for benchmarks (generate.go, gen_entries.go).
//
// All people, companies and organisations in the content are fictional.
package demo

import (
	"fmt"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// Dataset is the whole demo catalogue, with dates relative to today.
type Dataset struct {
	Organizations []*furusato.Organization // ID left 0; Slug unique
	Companies     []*DemoCompany
	Projects      []*DemoProject
}

// DemoCompany is a company of the demo catalogue; nothing else is needed to
// load it.
type DemoCompany struct{ furusato.Company } // ID 0; Slug unique

// DemoProject is a project whose links are given by slug, to be resolved by
// the loader.
type DemoProject struct {
	furusato.Project // ID, CompanyID, OrganizationID left 0; Supporters' OrganizationID 0

	CompanySlug string
	// OrganizationSlug is the coordinating organisation: the coordinator
	// whose Prefectures include the company's prefecture, or the secretariat
	// where none does.
	OrganizationSlug string
	// SupporterOrgSlugs is parallel to Project.Supporters: the partner
	// organisation slug of each supporter.
	SupporterOrgSlugs []string
	// PublishedDaysAgo places PublishedAt/CreatedAt relative to today
	// (0..120). For projects never made public it is the age of the draft.
	PublishedDaysAgo int
}

// Slugs of the two organisations that are not coordinators.
const (
	partnerSlug     = "michishirube"
	secretariatSlug = "furusato-jimukyoku"
)

// projectGroups builds the projects, one function per file.
var projectGroups = []func(today furusato.Date) []*DemoProject{
	projectsHokkaidoTohoku,
	projectsKanto,
	projectsChubu,
	projectsGifu,
	projectsKinki,
	projectsChugokuShikoku,
	projectsKyushuOkinawa,
}

// Content returns the demo dataset with deadlines and start dates set
// relative to today (JST date). It is deterministic: same today → identical
// result.
//
// Time stamps (CreatedAt, PublishedAt, …) are left zero; the loader derives
// them from PublishedDaysAgo. Each project's Prefecture and City are those
// of its company, and its OrganizationSlug follows the coordinator rule.
func Content(today furusato.Date) *Dataset {
	orgs := organizations()
	companies := companies()

	var partner *furusato.Organization
	coordinatorOf := map[int]string{} // prefecture code → coordinator slug
	for _, o := range orgs {
		switch o.Kind {
		case furusato.OrgPartner:
			if o.Slug == partnerSlug {
				partner = o
			}
		case furusato.OrgCoordinator:
			for _, c := range o.Prefectures {
				if prev, dup := coordinatorOf[c]; dup {
					panic(fmt.Sprintf("demo: prefecture %d covered by both %s and %s", c, prev, o.Slug))
				}
				coordinatorOf[c] = o.Slug
			}
		}
	}
	if partner == nil {
		panic("demo: partner organisation missing")
	}

	bySlug := make(map[string]*DemoCompany, len(companies))
	for _, c := range companies {
		bySlug[c.Slug] = c
	}

	var projects []*DemoProject
	for _, group := range projectGroups {
		projects = append(projects, group(today)...)
	}
	for _, p := range projects {
		c, ok := bySlug[p.CompanySlug]
		if !ok {
			panic("demo: project " + p.Slug + " names unknown company " + p.CompanySlug)
		}
		p.Prefecture = c.Prefecture
		p.City = c.City
		if slug, ok := coordinatorOf[c.Prefecture]; ok {
			p.OrganizationSlug = slug
		} else {
			p.OrganizationSlug = secretariatSlug
		}
		p.SupporterOrgSlugs = nil
		for i := range p.Supporters {
			p.Supporters[i].OrganizationName = partner.Name
			p.SupporterOrgSlugs = append(p.SupporterOrgSlugs, partner.Slug)
		}
	}
	fillFacts(projects)
	return &Dataset{Organizations: orgs, Companies: companies, Projects: projects}
}

// bullets joins items into lines that start with 「・」.
func bullets(items ...string) string {
	return "・" + strings.Join(items, "\n・")
}

// supporters is shorthand for a project's supporter list; the partner
// organisation is filled in by Content.
func supporters(nameRole ...string) []furusato.Supporter {
	if len(nameRole)%2 != 0 {
		panic("demo: supporters takes name, role pairs")
	}
	var s []furusato.Supporter
	for i := 0; i < len(nameRole); i += 2 {
		s = append(s, furusato.Supporter{Name: nameRole[i], Role: nameRole[i+1]})
	}
	return s
}
