package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

const projectColumns = `p.id, p.slug, p.title, p.catch_copy, p.background, p.what_you_do, p.goal, p.skills, p.good_for, p.gains,
	p.work_style, p.visits_per_month, p.work_place, p.hours_per_week, p.duration_months, p.start_date,
	p.reward_type, p.reward_amount, p.travel_cost, p.places, p.deadline, p.prefecture, p.city,
	p.company_id, p.organization_id, p.status, p.created_at, p.updated_at, p.published_at,
	p.cover_key, p.cover_width, p.cover_height, p.matched,
	p.reward_basis, p.reward_note, p.interview_style, p.interview_note, p.work_times, p.selection_steps,
	p.response_days, p.host_intro, p.supporter_intro,
	c.slug, c.name, o.slug, o.name, ` + projectThemesColumn

// projectThemesColumn is a project's themes as one column (string_agg is in
// both engines), so that a page reads its rows and their themes in one
// round trip; scanProject puts them in the taxonomy's order.
const projectThemesColumn = `COALESCE((SELECT string_agg(pt.theme, ',') FROM project_themes pt WHERE pt.project_id = p.id), '')`

const projectJoins = ` FROM projects p JOIN companies c ON c.id = p.company_id JOIN organizations o ON o.id = p.organization_id`

func scanProject(s interface{ Scan(...any) error }, extra ...any) (*furusato.Project, error) {
	var p furusato.Project
	var skills string
	var r projectText
	p.Company, p.Organization = &furusato.Company{}, &furusato.Organization{}
	dest := []any{&p.ID, &p.Slug, &p.Title, &p.CatchCopy, &p.Background, &p.WhatYouDo, &p.Goal, &skills, &p.GoodFor, &p.Gains,
		&r.workStyle, &p.VisitsPerMonth, &p.WorkPlace, &p.HoursPerWeek, &p.DurationMonths, &r.start,
		&r.reward, &p.RewardAmount, &r.travel, &p.Places, &r.deadline, &p.Prefecture, &p.City,
		&p.CompanyID, &p.OrganizationID, &r.status, &r.created, &r.updated, &r.published,
		&p.CoverKey, &p.CoverWidth, &p.CoverHeight, &p.Matched}
	var fs factScan
	dest = append(dest, fs.dest(&p)...)
	dest = append(dest, &p.Company.Slug, &p.Company.Name, &p.Organization.Slug, &p.Organization.Name, &r.themes)
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	fs.done(&p)
	if skills != "" {
		p.Skills = strings.Split(skills, "\n")
	}
	r.finish(&p)
	return &p, nil
}

// projectText holds the columns that every projection of a project
// (scanProject, scanProjectCard) scans as text or milliseconds; finish
// turns them into the project's typed fields.
type projectText struct {
	workStyle, start, reward, travel, deadline, status, themes string
	created, updated, published                                int64
	mask                                                       int64 // the themes as themes_mask's bits, when byMask
	byMask                                                     bool
}

func (r *projectText) finish(p *furusato.Project) {
	p.WorkStyle, p.RewardType, p.TravelCost = furusato.WorkStyle(r.workStyle), furusato.RewardType(r.reward), furusato.TravelCost(r.travel)
	p.Status = furusato.ProjectStatus(r.status)
	p.StartDate, _ = furusato.ParseDate(r.start)
	p.Deadline, _ = furusato.ParseDate(r.deadline)
	p.CreatedAt, p.UpdatedAt, p.PublishedAt = fromMS(r.created), fromMS(r.updated), fromMS(r.published)
	p.Company.ID, p.Organization.ID = p.CompanyID, p.OrganizationID
	if r.byMask {
		p.Themes = furusato.ThemesOfMask(r.mask)
	} else {
		p.Themes = themesInOrder(r.themes)
	}
}

// themesInOrder returns the themes of the comma-separated list in the
// taxonomy's order, the same on both engines; a theme the taxonomy no
// longer has is left out.
func themesInOrder(list string) []string {
	if list == "" {
		return nil
	}
	var out []string
	for _, t := range furusato.Themes {
		for rest := list; rest != ""; {
			var one string
			one, rest, _ = strings.Cut(rest, ",")
			if one == t.Slug {
				out = append(out, t.Slug)
				break
			}
		}
	}
	return out
}

// FindProject returns the project whose id (all digits) or slug is key, with
// its themes, supporters, company and organisation (with its prefectures),
// when its status is one of statuses; otherwise ENOTFOUND, so that hidden
// projects cannot be told from missing ones. The row, its company, its
// organisation, the organisation's prefectures, the themes and the
// supporters come in one statement; ReferenceFindProject is the same read
// in five, which the tests compare it with.
func (c *conn) FindProject(ctx context.Context, key string, statuses []furusato.ProjectStatus) (*furusato.Project, error) {
	p, _, err := c.FindProjectAt(ctx, key, statuses)
	return p, err
}

// FindProjectAt is FindProject that also gives the catalogue version, read
// in the same statement: the project page needs it for its related
// projects, and on PostgreSQL a round trip is most of a small read's cost.
func (c *conn) FindProjectAt(ctx context.Context, key string, statuses []furusato.ProjectStatus) (*furusato.Project, int64, error) {
	var b builder
	if id, ok := parseID(key); ok {
		b.where("p.id = " + b.arg(id))
	} else if c.engine == SQLite {
		// unlikely() (few rows match: the slug is unique) keeps SQLite from
		// estimating the rows from the index statistics for the bound slug,
		// which made it plan the statement again at every run. Not likely():
		// that told the planner most rows match, and it scanned companies.
		b.where("unlikely(p.slug = " + b.arg(key) + ")")
	} else {
		b.where("p.slug = " + b.arg(key))
	}
	b.where("p.status IN (" + statusLiterals(&b, statuses) + ")")
	co, org := &furusato.Company{}, &furusato.Organization{}
	var coCreated, orgCreated int64
	var kind, prefs, sups string
	var version int64
	cols := findProjectSQLite
	if c.engine == Postgres {
		cols = findProjectPostgres
	}
	p, err := scanProject(c.q.QueryRowContext(ctx, cols+b.clause(), b.args...),
		&co.ID, &co.Slug, &co.Name, &co.Prefecture, &co.City, &co.Industry, &co.FoundedYear, &co.Size, &co.Description, &co.Website, &coCreated,
		&co.OrganizationID,
		&org.ID, &org.Slug, &org.Name, &kind, &org.Description, &org.Website, &orgCreated, &prefs, &sups, &version)
	if err != nil {
		return nil, 0, wrap("find project", err)
	}
	co.CreatedAt = fromMS(coCreated)
	org.Kind, org.CreatedAt = furusato.OrgKind(kind), fromMS(orgCreated)
	org.Prefectures = prefecturesOf(prefs)
	p.Company, p.Organization = co, org
	if p.Supporters, err = supportersOf(sups); err != nil {
		return nil, 0, wrap("find project supporters", err)
	}
	return p, version, nil
}

// FindProject's statement (but its WHERE) on each engine, the catalogue
// version last: the supporters come as one JSON array in their order, built with each engine's own JSON
// functions (text people wrote survives any separator), which on
// PostgreSQL saves the round trip a second statement cost.
var (
	findProjectSQLite   = findProjectSelect("json_group_array", "json_object", "")
	findProjectPostgres = findProjectSelect("json_agg", "json_build_object", "::text")
)

func findProjectSelect(agg, object, cast string) string {
	return `SELECT ` + projectColumns + `, ` + projectCompanyOrgColumns + `,
	COALESCE((SELECT ` + agg + `(` + object + `('o', s.organization_id, 'on', sorg.name, 'n', s.name, 'r', s.role,
		'u', COALESCE(s.user_id, 0), 'e', COALESCE(u.email, '')) ORDER BY s.position)` + cast + `
		FROM project_supporters s JOIN organizations sorg ON sorg.id = s.organization_id LEFT JOIN users u ON u.id = s.user_id
		WHERE s.project_id = p.id), ''),
	(SELECT version FROM catalogue_version WHERE id = 1)` + projectJoins
}

// supportersOf decodes FindProject's supporters column: nil for none, as
// fillSupporters gives (SQLite's aggregate of no rows is "[]").
func supportersOf(list string) ([]furusato.Supporter, error) {
	if list == "" || list == "[]" {
		return nil, nil
	}
	var raw []struct {
		O  int64  `json:"o"`
		On string `json:"on"`
		N  string `json:"n"`
		R  string `json:"r"`
		U  int64  `json:"u"`
		E  string `json:"e"`
	}
	if err := json.Unmarshal([]byte(list), &raw); err != nil {
		return nil, err
	}
	out := make([]furusato.Supporter, len(raw))
	for i, s := range raw {
		out[i] = furusato.Supporter{OrganizationID: s.O, OrganizationName: s.On, Name: s.N, Role: s.R, UserID: s.U, Email: s.E}
	}
	return out, nil
}

// projectCompanyOrgColumns are companyColumns and orgColumns, with the
// organisation's prefectures as one column, for FindProject's one row.
const projectCompanyOrgColumns = companyColumns + `, ` + orgColumns + `,
	COALESCE((SELECT string_agg(CAST(op.prefecture AS TEXT), ',') FROM organization_prefectures op WHERE op.organization_id = o.id), '')`

// prefecturesOf parses a comma-separated list of prefecture codes, in
// ascending order as fillPrefectures gives them.
func prefecturesOf(list string) []int {
	if list == "" {
		return nil
	}
	var out []int
	for one := range strings.SplitSeq(list, ",") {
		if n, err := strconv.Atoi(one); err == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// statusLiterals is the IN list of statuses (the public ones when empty)
// written as SQL literals, where every one is a plain word as a status is;
// else as parameters: SQLite may plan a statement again at every run when a
// bound value meets an index with statistics.
func statusLiterals(b *builder, ss []furusato.ProjectStatus) string {
	if len(ss) == 0 {
		ss = furusato.PublicStatuses
	}
	var sb strings.Builder
	for i, s := range ss {
		for _, r := range s {
			if (r < 'a' || r > 'z') && r != '_' {
				return b.statuses(ss)
			}
		}
		if s == "" {
			return b.statuses(ss)
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("'" + string(s) + "'")
	}
	return sb.String()
}

// ReferenceFindProject is FindProject as it was written before it read
// everything in one statement: the row, then the company, the organisation,
// its prefectures and the supporters each in their own. The tests compare
// the two.
func (c *conn) ReferenceFindProject(ctx context.Context, key string, statuses []furusato.ProjectStatus) (*furusato.Project, error) {
	var b builder
	if id, ok := parseID(key); ok {
		b.where("p.id = " + b.arg(id))
	} else {
		b.where("p.slug = " + b.arg(key))
	}
	b.where("p.status IN (" + b.statuses(statuses) + ")")
	p, err := scanProject(c.q.QueryRowContext(ctx, `SELECT `+projectColumns+projectJoins+b.clause(), b.args...))
	if err != nil {
		return nil, wrap("find project", err)
	}
	if p.Company, err = c.FindCompanyByID(ctx, p.CompanyID); err != nil {
		return nil, err
	}
	if p.Organization, err = c.FindOrganizationByID(ctx, p.OrganizationID); err != nil {
		return nil, err
	}
	return p, c.fillSupporters(ctx, p)
}

func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var id int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		id = id*10 + int64(r-'0')
	}
	return id, true
}

func (c *conn) fillSupporters(ctx context.Context, p *furusato.Project) error {
	rows, err := c.q.QueryContext(ctx, `
		SELECT s.organization_id, o.name, s.name, s.role, COALESCE(s.user_id, 0), COALESCE(u.email, '') FROM project_supporters s
		JOIN organizations o ON o.id = s.organization_id
		LEFT JOIN users u ON u.id = s.user_id
		WHERE s.project_id = $1 ORDER BY s.position`, p.ID)
	if err != nil {
		return wrap("find project supporters", err)
	}
	defer rows.Close()
	p.Supporters = nil
	for rows.Next() {
		var s furusato.Supporter
		if err := rows.Scan(&s.OrganizationID, &s.OrganizationName, &s.Name, &s.Role, &s.UserID, &s.Email); err != nil {
			return wrap("find project supporters", err)
		}
		p.Supporters = append(p.Supporters, s)
	}
	return wrap("find project supporters", rows.Err())
}

// ProjectsByID reads the projects with ids, with their themes, in the
// order of ids; ids that do not exist are left out.
func (c *conn) ProjectsByID(ctx context.Context, ids []int64) ([]*furusato.Project, error) {
	return c.projectsByID(ctx, ids, projectColumns, func(rows *sql.Rows) (*furusato.Project, error) { return scanProject(rows) })
}

// ProjectCardsByID is ProjectsByID for what a card, an API list item and a
// feed entry show: every field but the long texts of the project page
// (Background, WhatYouDo, Goal, Skills, GoodFor, Gains, WorkPlace and the
// facts' RewardNote, WorkTimes, InterviewNote, SelectionSteps, HostIntro and
// SupporterIntro), which stay empty. A page of 20 cards converted those
// ~15 long texts per row for nothing.
func (c *conn) ProjectCardsByID(ctx context.Context, ids []int64) ([]*furusato.Project, error) {
	return c.projectsByID(ctx, ids, projectCardColumns, func(rows *sql.Rows) (*furusato.Project, error) { return scanProjectCard(rows) })
}

// ProjectCardsByIDAt is ProjectCardsByID that also gives the catalogue
// version, read in the same statement (so as of the same snapshot as the
// cards): a listing whose ranking is cached checks with it that the
// catalogue has not changed since, instead of reading the version in a
// round trip of its own first. The version is 0 when no id was found.
func (c *conn) ProjectCardsByIDAt(ctx context.Context, ids []int64) ([]*furusato.Project, int64, error) {
	var version int64
	ps, err := c.projectsByID(ctx, ids, projectCardColumns+`, (SELECT version FROM catalogue_version WHERE id = 1)`,
		func(rows *sql.Rows) (*furusato.Project, error) { return scanProjectCard(rows, &version) })
	return ps, version, err
}

// projectCardColumns are the columns of ProjectCardsByID, in
// scanProjectCard's order. The themes come from the row's themes_mask, the
// copy of project_themes that every write of the project keeps with it
// (CreateProject, UpdateProject) and the listing already filters on: on
// PostgreSQL the correlated string_agg over project_themes was most of the
// server's work for a page of cards (20 aggregates, each a bitmap scan).
const projectCardColumns = `p.id, p.slug, p.title, p.catch_copy, p.work_style, p.visits_per_month, p.hours_per_week, p.duration_months, p.start_date,
	p.reward_type, p.reward_amount, p.reward_basis, p.travel_cost, p.places, p.matched, p.deadline, p.prefecture, p.city,
	p.company_id, p.organization_id, p.status, p.created_at, p.updated_at, p.published_at,
	p.cover_key, p.cover_width, p.cover_height, p.interview_style, p.response_days,
	c.slug, c.name, o.slug, o.name, p.themes_mask`

// cardInts are scanProjectCard's integer columns, in projectCardColumns'
// order among the integers.
const cardInts = 17

// scanProjectCard scans a row of projectCardColumns. The integers are
// scanned into any (database/sql hands the driver's int64 over as it is)
// rather than into the int fields: for an int, database/sql formats the
// driver's int64 as text and parses it again, an allocation and a parse for
// each of a card's dozen numbers.
func scanProjectCard(rows *sql.Rows, extra ...any) (*furusato.Project, error) {
	var p furusato.Project
	var r projectText
	var basis, style string
	var n [cardInts]any
	p.Company, p.Organization = &furusato.Company{}, &furusato.Organization{}
	dest := append(make([]any, 0, 35), &n[0], &p.Slug, &p.Title, &p.CatchCopy, &r.workStyle, &n[1], &n[2], &n[3], &r.start,
		&r.reward, &n[4], &basis, &r.travel, &n[5], &n[6], &r.deadline, &n[7], &p.City,
		&n[8], &n[9], &r.status, &n[10], &n[11], &n[12],
		&p.CoverKey, &n[13], &n[14], &style, &n[15],
		&p.Company.Slug, &p.Company.Name, &p.Organization.Slug, &p.Organization.Name, &n[16])
	if err := rows.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	var v [cardInts]int64
	for i, x := range n {
		var err error
		if v[i], err = intOf(x); err != nil {
			return nil, err
		}
	}
	p.ID, p.VisitsPerMonth, p.HoursPerWeek, p.DurationMonths = v[0], int(v[1]), int(v[2]), int(v[3])
	p.RewardAmount, p.Places, p.Matched, p.Prefecture = int(v[4]), int(v[5]), int(v[6]), int(v[7])
	p.CompanyID, p.OrganizationID, r.created, r.updated, r.published = v[8], v[9], v[10], v[11], v[12]
	p.CoverWidth, p.CoverHeight, p.ResponseDays = int(v[13]), int(v[14]), int(v[15])
	r.mask, r.byMask = v[16], true
	r.finish(&p)
	p.RewardBasis, p.InterviewStyle = furusato.RewardBasis(basis), furusato.InterviewStyle(style)
	return &p, nil
}

// intOf is the integer a driver gave for an integer column: int64 from
// both drivers, other forms for safety.
func intOf(x any) (int64, error) {
	switch v := x.(type) {
	case int64:
		return v, nil
	case int32:
		return int64(v), nil
	case int:
		return int64(v), nil
	case []byte:
		return strconv.ParseInt(string(v), 10, 64)
	case string:
		return strconv.ParseInt(v, 10, 64)
	}
	return 0, fmt.Errorf("store: integer column holds %T", x)
}

func (c *conn) projectsByID(ctx context.Context, ids []int64, columns string, scan func(*sql.Rows) (*furusato.Project, error)) ([]*furusato.Project, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var b builder
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = b.arg(id)
	}
	rows, err := c.q.QueryContext(ctx, `SELECT `+columns+projectJoins+` WHERE p.id IN (`+strings.Join(ph, ", ")+`)`, b.args...)
	if err != nil {
		return nil, wrap("find projects by id", err)
	}
	defer rows.Close()
	byID := make(map[int64]*furusato.Project, len(ids))
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, wrap("find projects by id", err)
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find projects by id", err)
	}
	ps := make([]*furusato.Project, 0, len(ids))
	for _, id := range ids {
		if p := byID[id]; p != nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

// ManageFilter selects projects of any status for the management
// dashboards. A project matches when it belongs to one of OrganizationIDs
// or one of CompanyIDs; with both empty, only All (an admin's view) matches
// anything.
type ManageFilter struct {
	OrganizationIDs []int64
	CompanyIDs      []int64
	All             bool
	Statuses        []furusato.ProjectStatus // any status when empty
	// DeadlineFrom and DeadlineTo bound the entry deadline, inclusive; zero
	// dates do not bound it.
	DeadlineFrom, DeadlineTo furusato.Date
	Sort                     string // ManageSortUpdated (default), ManageSortDeadline, ManageSortPublished
	Limit                    int    // DefaultManageLimit when ≤ 0
	Offset                   int
}

// FindProjectsForManage returns one page of the projects f selects, in any
// status, with their themes, and the number of all that match.
func (c *conn) FindProjectsForManage(ctx context.Context, f ManageFilter) ([]*furusato.Project, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultManageLimit
	}
	if f.Offset < 0 {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "Page out of range.")
	}
	var b builder
	var scope []string
	if len(f.OrganizationIDs) > 0 {
		scope = append(scope, "p.organization_id IN ("+b.ids(f.OrganizationIDs)+")")
	}
	if len(f.CompanyIDs) > 0 {
		scope = append(scope, "p.company_id IN ("+b.ids(f.CompanyIDs)+")")
	}
	switch {
	case len(scope) > 0:
		b.where("(" + strings.Join(scope, " OR ") + ")")
	case !f.All:
		return nil, 0, nil
	}
	if len(f.Statuses) > 0 {
		b.where("p.status IN (" + b.statuses(f.Statuses) + ")")
	}
	if !f.DeadlineFrom.IsZero() {
		b.where("p.deadline >= " + b.arg(f.DeadlineFrom.String()))
	}
	if !f.DeadlineTo.IsZero() {
		b.where("p.deadline <= " + b.arg(f.DeadlineTo.String()))
	}
	order := "p.updated_at DESC, p.id DESC"
	switch f.Sort {
	case ManageSortDeadline:
		order = "p.deadline, p.id"
	case ManageSortPublished:
		order = "p.published_at DESC, p.id DESC"
	}
	q := `SELECT ` + projectColumns + `, COUNT(*) OVER ()` + projectJoins + b.clause() +
		` ORDER BY ` + order + ` LIMIT ` + b.arg(f.Limit) + ` OFFSET ` + b.arg(f.Offset)
	rows, err := c.q.QueryContext(ctx, q, b.args...)
	if err != nil {
		return nil, 0, wrap("find projects for manage", err)
	}
	defer rows.Close()
	var out []*furusato.Project
	total := 0
	for rows.Next() {
		p, err := scanProject(rows, &total)
		if err != nil {
			return nil, 0, wrap("find projects for manage", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find projects for manage", err)
	}
	return out, total, nil
}

// Sort orders of FindProjectsForManage.
const (
	ManageSortUpdated   = "updated"   // last changed first
	ManageSortDeadline  = "deadline"  // nearest deadline first
	ManageSortPublished = "published" // last published first
)

// DefaultManageLimit is the page size of FindProjectsForManage when the
// filter names none.
const DefaultManageLimit = 50
