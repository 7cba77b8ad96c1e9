package policy

import (
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The world of the tests: company A and company B, both coordinated by
// organisation X; organisation Y coordinates another region; G is a partner
// group; S is the secretariat; P is a project of company A, coordinated by X.
const (
	companyA    = 1
	companyB    = 2
	orgX        = 10
	orgY        = 20
	groupG      = 30
	secretariat = 40
	projectP    = 100
)

// signedIn is a person with a confirmed address and memberships ms.
func signedIn(id int64, ms ...furusato.Membership) *furusato.Actor {
	return &furusato.Actor{User: &furusato.User{ID: id, Email: fmt.Sprintf("u%d@example.jp", id),
		EmailVerifiedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, furusato.JST)}, Memberships: ms}
}

func staff(co int64) furusato.Membership {
	return furusato.Membership{Role: furusato.RoleCompanyStaff, CompanyID: co}
}

func coordinator(org int64) furusato.Membership {
	return furusato.Membership{Role: furusato.RoleCoordinator, OrganizationID: org}
}

func supporter(org int64) furusato.Membership {
	return furusato.Membership{Role: furusato.RoleSupporter, OrganizationID: org}
}

// roleNames is every role a matrix row must give a result for, in the order
// the tables list them.
var roleNames = []string{"visitor", "participant", "staffA", "staffB", "coordX", "coordY", "supporterP", "supporterG", "removed", "admin"}

// roleActors gives the actors playing each role. The visitor is played three
// times: by furusato.Visitor, by a nil actor and by a deleted admin (a
// deleted account is nobody).
func roleActors() map[string][]*furusato.Actor {
	supP := signedIn(7, supporter(groupG))
	supP.Supporting = []furusato.Support{{ProjectID: projectP, OrganizationID: groupG}}
	removed := signedIn(9) // was a supporter of P; the assignment was not cleaned up
	removed.Supporting = []furusato.Support{{ProjectID: projectP, OrganizationID: groupG}}
	admin := signedIn(10)
	admin.User.Admin = true
	deleted := signedIn(11, coordinator(orgX))
	deleted.User.Admin = true
	deleted.User.DeletedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, furusato.JST)
	return map[string][]*furusato.Actor{
		"visitor":     {furusato.Visitor, nil, deleted},
		"participant": {signedIn(2)},
		"staffA":      {signedIn(3, staff(companyA))},
		"staffB":      {signedIn(4, staff(companyB))},
		"coordX":      {signedIn(5, coordinator(orgX))},
		"coordY":      {signedIn(6, coordinator(orgY))},
		"supporterP":  {supP},
		"supporterG":  {signedIn(8, supporter(groupG))},
		"removed":     {removed},
		"admin":       {admin},
	}
}

// projectIn returns project P of company A, coordinated by X, in status s.
func projectIn(s furusato.ProjectStatus) *furusato.Project {
	return &furusato.Project{ID: projectP, Slug: "gifu-cress", CompanyID: companyA, OrganizationID: orgX, Status: s}
}

// codes maps the letters of the tables to results.
var codes = map[byte]string{
	'y': "", // allowed
	'n': furusato.ENOTFOUND,
	'u': furusato.EUNAUTHORIZED,
	'f': furusato.EFORBIDDEN,
	'c': furusato.ECONFLICT,
	'v': furusato.EINVALID,
}

func name(code string) string {
	if code == "" {
		return "allowed"
	}
	return code
}

// row is one action of a matrix: for each role, one result letter per column.
type row struct {
	act  Action
	want map[string]string
}

// check runs every role's actors against row r; call(actor, column) asks
// the policy. columns names the columns for messages.
func check(t *testing.T, matrix string, r row, columns []string, call func(*furusato.Actor, int) error) {
	t.Helper()
	actors := roleActors()
	for _, role := range roleNames {
		w, ok := r.want[role]
		if !ok {
			t.Errorf("%s: row %s has no results for role %s", matrix, r.act, role)
			continue
		}
		if len(w) != len(columns) {
			t.Errorf("%s: row %s, role %s: %d results for %d columns", matrix, r.act, role, len(w), len(columns))
			continue
		}
		for i, col := range columns {
			want, ok := codes[w[i]]
			if !ok {
				t.Fatalf("%s: bad letter %q", matrix, w[i])
			}
			for j, a := range actors[role] {
				if got := furusato.ErrorCode(call(a, i)); got != want {
					t.Errorf("%s: %s by %s #%d on %s = %s, want %s", matrix, r.act, role, j, col, name(got), name(want))
				}
			}
		}
	}
}

var statusColumns = func() []string {
	var cs []string
	for _, s := range furusato.ProjectStatuses {
		cs = append(cs, string(s))
	}
	return cs
}()

// projectMatrix: Project(actor, action, P in each status). Columns, in order:
//
//	draft  in_review  published  closed  in_progress  completed  cancelled
//
// y allowed, n ENOTFOUND, u EUNAUTHORIZED, f EFORBIDDEN, c ECONFLICT,
// v EINVALID. For ProjectCreate the column is the status the new project
// is given.
var projectMatrix = []row{
	{ProjectView, map[string]string{
		"visitor":     "nnyyyyn",
		"participant": "nnyyyyn",
		"staffA":      "yyyyyyy",
		"staffB":      "nnyyyyn",
		"coordX":      "yyyyyyy",
		"coordY":      "nnyyyyn",
		"supporterP":  "yyyyyyy",
		"supporterG":  "nnyyyyn",
		"removed":     "nnyyyyn",
		"admin":       "yyyyyyy",
	}},
	{ProjectCreate, map[string]string{
		"visitor":     "uuuuuuu",
		"participant": "fvvvvvv",
		"staffA":      "yvvvvvv",
		"staffB":      "fvvvvvv",
		"coordX":      "yvvvvvv",
		"coordY":      "fvvvvvv",
		"supporterP":  "fvvvvvv",
		"supporterG":  "fvvvvvv",
		"removed":     "fvvvvvv",
		"admin":       "yvvvvvv",
	}},
	{ProjectEdit, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnffffn",
		"staffA":      "yffffff",
		"staffB":      "nnffffn",
		"coordX":      "yyyyyyy",
		"coordY":      "nnffffn",
		"supporterP":  "fffffff",
		"supporterG":  "nnffffn",
		"removed":     "nnffffn",
		"admin":       "yyyyyyy",
	}},
	{ProjectSubmit, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnccccn",
		"staffA":      "ycccccc",
		"staffB":      "nnccccn",
		"coordX":      "ycccccc",
		"coordY":      "nnccccn",
		"supporterP":  "fcccccc",
		"supporterG":  "nnccccn",
		"removed":     "nnccccn",
		"admin":       "ycccccc",
	}},
	{ProjectSendBack, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnccccn",
		"staffA":      "cfccccc",
		"staffB":      "nnccccn",
		"coordX":      "cyccccc",
		"coordY":      "nnccccn",
		"supporterP":  "cfccccc",
		"supporterG":  "nnccccn",
		"removed":     "nnccccn",
		"admin":       "cyccccc",
	}},
	{ProjectPublish, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnccccn",
		"staffA":      "ffccccc",
		"staffB":      "nnccccn",
		"coordX":      "yyccccc",
		"coordY":      "nnccccn",
		"supporterP":  "ffccccc",
		"supporterG":  "nnccccn",
		"removed":     "nnccccn",
		"admin":       "yyccccc",
	}},
	{ProjectClose, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnfcccn",
		"staffA":      "ccfcccc",
		"staffB":      "nnfcccn",
		"coordX":      "ccycccc",
		"coordY":      "nnfcccn",
		"supporterP":  "ccfcccc",
		"supporterG":  "nnfcccn",
		"removed":     "nnfcccn",
		"admin":       "ccycccc",
	}},
	{ProjectReopen, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nncfccn",
		"staffA":      "cccfccc",
		"staffB":      "nncfccn",
		"coordX":      "cccyccc",
		"coordY":      "nncfccn",
		"supporterP":  "cccfccc",
		"supporterG":  "nncfccn",
		"removed":     "nncfccn",
		"admin":       "cccyccc",
	}},
	{ProjectStart, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nncfccn",
		"staffA":      "cccfccc",
		"staffB":      "nncfccn",
		"coordX":      "cccyccc",
		"coordY":      "nncfccn",
		"supporterP":  "cccfccc",
		"supporterG":  "nncfccn",
		"removed":     "nncfccn",
		"admin":       "cccyccc",
	}},
	{ProjectComplete, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnccfcn",
		"staffA":      "ccccfcc",
		"staffB":      "nnccfcn",
		"coordX":      "ccccycc",
		"coordY":      "nnccfcn",
		"supporterP":  "ccccfcc",
		"supporterG":  "nnccfcn",
		"removed":     "nnccfcn",
		"admin":       "ccccycc",
	}},
	{ProjectCancel, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnfffcn",
		"staffA":      "fffffcc",
		"staffB":      "nnfffcn",
		"coordX":      "yyyyycc",
		"coordY":      "nnfffcn",
		"supporterP":  "fffffcc",
		"supporterG":  "nnfffcn",
		"removed":     "nnfffcn",
		"admin":       "yyyyycc",
	}},
	{ProjectAssignSupporters, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnffffn",
		"staffA":      "fffffff",
		"staffB":      "nnffffn",
		"coordX":      "yyyyyyy",
		"coordY":      "nnffffn",
		"supporterP":  "fffffff",
		"supporterG":  "nnffffn",
		"removed":     "nnffffn",
		"admin":       "yyyyyyy",
	}},
	{ProjectHistory, map[string]string{
		"visitor":     "nnuuuun",
		"participant": "nnffffn",
		"staffA":      "yyyyyyy",
		"staffB":      "nnffffn",
		"coordX":      "yyyyyyy",
		"coordY":      "nnffffn",
		"supporterP":  "yyyyyyy",
		"supporterG":  "nnffffn",
		"removed":     "nnffffn",
		"admin":       "yyyyyyy",
	}},
}

func TestProject_Matrix(t *testing.T) {
	for _, r := range projectMatrix {
		check(t, "Project", r, statusColumns, func(a *furusato.Actor, i int) error {
			return Project(a, r.act, projectIn(furusato.ProjectStatuses[i]))
		})
	}
}

// moveMatrix: Move(actor, P in status from, to), for every role. One string
// per from status (rows in the order of the columns of projectMatrix), one
// letter per to status (same order).
var moveMatrix = map[string][7]string{
	"visitor": {
		"nnnnnnn", // draft
		"nnnnnnn", // in_review
		"uuuuuuu", // published
		"uuuuuuu", // closed
		"uuuuuuu", // in_progress
		"uuuuuuu", // completed
		"nnnnnnn", // cancelled
	},
	"participant": {"nnnnnnn", "nnnnnnn", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "nnnnnnn"},
	"staffA": {
		"cyfcccf", // draft: may submit, not publish or cancel
		"fcfcccf", // in_review: may not send back, publish or cancel
		"cccfccf",
		"ccfcfcf",
		"cccccff",
		"ccccccc",
		"ccccccc",
	},
	"staffB": {"nnnnnnn", "nnnnnnn", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "nnnnnnn"},
	"coordX": {
		"cyycccy", // draft → in_review, published, cancelled
		"ycycccy", // in_review → draft, published, cancelled
		"cccyccy", // published → closed, cancelled
		"ccycycy", // closed → published, in_progress, cancelled
		"cccccyy", // in_progress → completed, cancelled
		"ccccccc", // completed: final
		"ccccccc", // cancelled: final
	},
	"coordY":     {"nnnnnnn", "nnnnnnn", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "nnnnnnn"},
	"supporterP": {"cffcccf", "fcfcccf", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "ccccccc"},
	"supporterG": {"nnnnnnn", "nnnnnnn", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "nnnnnnn"},
	"removed":    {"nnnnnnn", "nnnnnnn", "cccfccf", "ccfcfcf", "cccccff", "ccccccc", "nnnnnnn"},
	"admin":      {"cyycccy", "ycycccy", "cccyccy", "ccycycy", "cccccyy", "ccccccc", "ccccccc"},
}

func TestMove_Matrix(t *testing.T) {
	for fi, from := range furusato.ProjectStatuses {
		r := row{act: Action("move from " + from), want: map[string]string{}}
		for role, rows := range moveMatrix {
			r.want[role] = rows[fi]
		}
		check(t, "Move", r, statusColumns, func(a *furusato.Actor, i int) error {
			return Move(a, projectIn(from), furusato.ProjectStatuses[i])
		})
	}
}

// companyMatrix: Company(actor, action, company A bound to X); for
// CompanyCreate, a new company to be bound to X. One column.
var companyMatrix = []row{
	{CompanyCreate, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "y", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{CompanyEdit, map[string]string{"visitor": "u", "participant": "f", "staffA": "y", "staffB": "f", "coordX": "y", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{CompanyInviteStaff, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "y", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{MemberRemove, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "y", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
}

func TestCompany_Matrix(t *testing.T) {
	for _, r := range companyMatrix {
		c := CompanyRef{ID: companyA, OrganizationID: orgX}
		if r.act == CompanyCreate {
			c.ID = 0
		}
		check(t, "Company", r, []string{"company A"}, func(a *furusato.Actor, _ int) error {
			return Company(a, r.act, c)
		})
	}
}

var orgs = []*furusato.Organization{
	{ID: orgX, Slug: "gifu-net", Kind: furusato.OrgCoordinator, Prefectures: []int{21}},
	{ID: groupG, Slug: "young-partners", Kind: furusato.OrgPartner},
	{ID: secretariat, Slug: "secretariat", Kind: furusato.OrgSecretariat},
}

// orgMatrix: Organization(actor, action, org). Columns: X (coordinator
// organisation), G (partner group), S (secretariat).
var orgMatrix = []row{
	{OrgManage, map[string]string{
		"visitor": "uuu", "participant": "fff", "staffA": "fff", "staffB": "fff", "coordX": "fff",
		"coordY": "fff", "supporterP": "fff", "supporterG": "fff", "removed": "fff", "admin": "yyy",
	}},
	{OrgInviteCoordinator, map[string]string{
		"visitor": "uuu", "participant": "fvf", "staffA": "fvf", "staffB": "fvf", "coordX": "yvf",
		"coordY": "fvf", "supporterP": "fvf", "supporterG": "fvf", "removed": "fvf", "admin": "yvy",
	}},
	{OrgInviteSupporter, map[string]string{
		"visitor": "uuu", "participant": "vfv", "staffA": "vfv", "staffB": "vfv", "coordX": "vfv",
		"coordY": "vfv", "supporterP": "vfv", "supporterG": "vfv", "removed": "vfv", "admin": "vyv",
	}},
	{OrgCoordinate, map[string]string{
		"visitor": "uuu", "participant": "fvf", "staffA": "fvf", "staffB": "fvf", "coordX": "yvf",
		"coordY": "fvf", "supporterP": "fvf", "supporterG": "fvf", "removed": "fvf", "admin": "yvy",
	}},
	{MemberRemove, map[string]string{
		"visitor": "uuu", "participant": "fff", "staffA": "fff", "staffB": "fff", "coordX": "yff",
		"coordY": "fff", "supporterP": "fff", "supporterG": "fff", "removed": "fff", "admin": "yyy",
	}},
}

func TestOrganization_Matrix(t *testing.T) {
	for _, r := range orgMatrix {
		check(t, "Organization", r, []string{"X", "G", "S"}, func(a *furusato.Actor, i int) error {
			return Organization(a, r.act, orgs[i])
		})
	}
}

// globalMatrix: Global(actor, action). One column.
var globalMatrix = []row{
	{AuditView, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{OutboxView, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{UserManage, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{OrgManage, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{JobsView, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{PageEdit, map[string]string{"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "f", "coordY": "f", "supporterP": "f", "supporterG": "f", "removed": "f", "admin": "y"}},
	{ManageOpen, map[string]string{"visitor": "u", "participant": "f", "staffA": "y", "staffB": "y", "coordX": "y", "coordY": "y", "supporterP": "y", "supporterG": "y", "removed": "f", "admin": "y"}},
	{TokenManageOwn, map[string]string{"visitor": "u", "participant": "y", "staffA": "y", "staffB": "y", "coordX": "y", "coordY": "y", "supporterP": "y", "supporterG": "y", "removed": "y", "admin": "y"}},
	{FavoriteOwn, map[string]string{"visitor": "u", "participant": "y", "staffA": "y", "staffB": "y", "coordX": "y", "coordY": "y", "supporterP": "y", "supporterG": "y", "removed": "y", "admin": "y"}},
}

func TestGlobal_Matrix(t *testing.T) {
	for _, r := range globalMatrix {
		check(t, "Global", r, []string{"-"}, func(a *furusato.Actor, _ int) error {
			return Global(a, r.act)
		})
	}
}

// TestGlobal_TokensNeedAConfirmedAddress: an account whose address is not
// confirmed manages no API tokens, whatever its roles; confirming it is
// enough.
func TestGlobal_TokensNeedAConfirmedAddress(t *testing.T) {
	for _, a := range []*furusato.Actor{signedIn(50), signedIn(51, coordinator(orgX)), signedIn(52)} {
		a.User.EmailVerifiedAt = time.Time{}
		if err := Global(a, TokenManageOwn); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("unconfirmed %d: %v, want EFORBIDDEN", a.User.ID, err)
		}
		a.User.EmailVerifiedAt = time.Date(2026, 11, 24, 0, 0, 0, 0, furusato.JST)
		if err := Global(a, TokenManageOwn); err != nil {
			t.Errorf("confirmed %d: %v", a.User.ID, err)
		}
	}
}

// TestActions_AllCovered fails when an Action is in no matrix, and when the
// Actions list misses a constant some matrix uses or repeats one.
func TestActions_AllCovered(t *testing.T) {
	covered := map[Action]bool{}
	for _, m := range [][]row{projectMatrix, companyMatrix, orgMatrix, globalMatrix, entryMatrix, teamMatrix, dashboardMatrix} {
		for _, r := range m {
			covered[r.act] = true
		}
	}
	listed := map[Action]bool{}
	for _, a := range Actions {
		if listed[a] {
			t.Errorf("%s is listed twice in Actions", a)
		}
		listed[a] = true
		if !covered[a] {
			t.Errorf("action %s is in no test matrix", a)
		}
	}
	for a := range covered {
		if !listed[a] {
			t.Errorf("action %s is tested but missing from Actions", a)
		}
	}
}

// TestProject_PrivateDraftsAreNotFound: someone guessing the ID of company
// A's draft (or a project in review, or a cancelled one) learns nothing,
// whatever they try.
func TestProject_PrivateDraftsAreNotFound(t *testing.T) {
	actors := roleActors()
	for _, role := range []string{"visitor", "participant", "staffB", "coordY", "supporterG", "removed"} {
		for _, a := range actors[role] {
			for _, s := range []furusato.ProjectStatus{furusato.StatusDraft, furusato.StatusInReview, furusato.StatusCancelled} {
				p := projectIn(s)
				if CanSeeProject(a, p) {
					t.Errorf("%s can see a %s project of company A", role, s)
				}
				for _, act := range Actions {
					if !projectAction(act) || act == ProjectCreate {
						continue
					}
					if got := furusato.ErrorCode(Project(a, act, p)); got != furusato.ENOTFOUND {
						t.Errorf("%s: %s on a %s project = %s, want not found", role, act, s, name(got))
					}
				}
				for _, to := range append(furusato.ProjectStatuses, "bogus") {
					if got := furusato.ErrorCode(Move(a, p, to)); got != furusato.ENOTFOUND {
						t.Errorf("%s: move %s → %s = %s, want not found", role, s, to, name(got))
					}
				}
			}
		}
	}
}

// TestProject_NotFoundIsIndistinguishable: a hidden project gets the very
// error a missing one gets, message included.
func TestProject_NotFoundIsIndistinguishable(t *testing.T) {
	a := roleActors()["staffB"][0]
	hidden := Project(a, ProjectEdit, projectIn(furusato.StatusDraft))
	missing := Project(a, ProjectEdit, nil)
	if hidden == nil || missing == nil || hidden.Error() != missing.Error() {
		t.Errorf("hidden: %v; missing: %v", hidden, missing)
	}
	if moved := Move(a, projectIn(furusato.StatusDraft), furusato.StatusPublished); moved == nil || moved.Error() != missing.Error() {
		t.Errorf("move of hidden: %v; missing: %v", moved, missing)
	}
	if CanSeeProject(roleActors()["admin"][0], nil) {
		t.Error("a nil project is visible")
	}
}

func TestMove_UnknownStatusIsInvalid(t *testing.T) {
	actors := roleActors()
	for _, s := range furusato.ProjectStatuses {
		if got := furusato.ErrorCode(Move(actors["coordX"][0], projectIn(s), "bogus")); got != furusato.EINVALID {
			t.Errorf("coordinator: %s → bogus = %s, want invalid", s, name(got))
		}
	}
	if got := furusato.ErrorCode(Move(nil, projectIn(furusato.StatusPublished), "bogus")); got != furusato.EUNAUTHORIZED {
		t.Errorf("visitor: published → bogus = %s, want unauthorized", name(got))
	}
}

// TestProject_MoveActionsAgreeWithMove: asking Project for a move action and
// asking Move for the status it leads to give the same answer whenever the
// move starts from the project's status.
func TestProject_MoveActionsAgreeWithMove(t *testing.T) {
	for role, as := range roleActors() {
		for _, a := range as {
			for _, s := range furusato.ProjectStatuses {
				for act, to := range moveTo {
					if !moveFrom(act, s) {
						continue
					}
					p := projectIn(s)
					if x, y := furusato.ErrorCode(Project(a, act, p)), furusato.ErrorCode(Move(a, p, to)); x != y {
						t.Errorf("%s on %s: Project(%s) = %s, Move(→%s) = %s", role, s, act, name(x), to, name(y))
					}
				}
			}
		}
	}
}

// TestMoveAction_CoversEveryMove: every move furusato allows has an action,
// and each move action leads where moveTo says.
func TestMoveAction_CoversEveryMove(t *testing.T) {
	for _, from := range furusato.ProjectStatuses {
		for _, to := range furusato.ProjectStatuses {
			act, ok := moveAction(from, to)
			if ok != furusato.CanMove(from, to) {
				t.Errorf("moveAction(%s, %s) ok = %v, CanMove = %v", from, to, ok, !ok)
			}
			if ok && moveTo[act] != to {
				t.Errorf("moveAction(%s, %s) = %s, which leads to %s", from, to, act, moveTo[act])
			}
		}
	}
}

// TestWrongFamilyIsInternal: asking a function for an action it does not
// decide is a programming error, refused even for an admin.
func TestWrongFamilyIsInternal(t *testing.T) {
	admin := roleActors()["admin"][0]
	cases := []struct {
		fn  string
		err error
	}{
		{"Project", Project(admin, CompanyEdit, projectIn(furusato.StatusPublished))},
		{"Project", Project(admin, "project.bogus", projectIn(furusato.StatusPublished))},
		{"Company", Company(admin, ProjectView, CompanyRef{companyA, orgX})},
		{"Company", Company(admin, OrgManage, CompanyRef{companyA, orgX})},
		{"Organization", Organization(admin, CompanyEdit, orgs[0])},
		{"Global", Global(admin, ProjectView)},
		{"Global", Global(admin, MemberRemove)},
	}
	for _, c := range cases {
		if got := furusato.ErrorCode(c.err); got != furusato.EINTERNAL {
			t.Errorf("%s: %v, want internal", c.fn, c.err)
		}
	}
}

// TestCompany_OtherRegionAndUnsetLinks: a coordinator of Y manages Y's
// companies, not X's; an unset link (0) matches no membership.
func TestCompany_OtherRegionAndUnsetLinks(t *testing.T) {
	actors := roleActors()
	coordY, staffA := actors["coordY"][0], actors["staffA"][0]
	if err := Company(coordY, CompanyInviteStaff, CompanyRef{ID: 3, OrganizationID: orgY}); err != nil {
		t.Errorf("coordinator of Y inviting staff to a Y company: %v", err)
	}
	if err := Company(coordY, CompanyCreate, CompanyRef{OrganizationID: orgX}); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
		t.Errorf("coordinator of Y creating an X company: %v", err)
	}
	zero := signedIn(20, coordinator(0), staff(0))
	if err := Company(zero, CompanyEdit, CompanyRef{}); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
		t.Errorf("membership with unset ids edits an unlinked company: %v", err)
	}
	if CanSeeProject(zero, &furusato.Project{Status: furusato.StatusDraft}) {
		t.Error("membership with unset ids sees an unlinked draft")
	}
	if err := Project(staffA, ProjectCreate, nil); furusato.ErrorCode(err) != furusato.EINVALID {
		t.Errorf("create with a nil project: %v", err)
	}
	if err := Organization(staffA, OrgManage, nil); furusato.ErrorCode(err) != furusato.ENOTFOUND {
		t.Errorf("nil organisation: %v", err)
	}
}

// TestProject_RemovedSupporterLosesAssignment: an assignment counts only
// while its holder is still a supporter, even if they keep other roles.
func TestProject_RemovedSupporterLosesAssignment(t *testing.T) {
	a := signedIn(21, staff(companyB))
	a.Supporting = []furusato.Support{{ProjectID: projectP, OrganizationID: groupG}}
	p := projectIn(furusato.StatusDraft)
	if CanSeeProject(a, p) {
		t.Error("a former supporter, now staff of B, still sees P's draft")
	}
	if err := Project(a, ProjectHistory, projectIn(furusato.StatusPublished)); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
		t.Errorf("former supporter reads P's history: %v", err)
	}
}

// TestProject_SupporterAssignmentNeedsThatPartnerGroup: a supporter
// assignment counts only while its holder is a supporter of the partner
// group the assignment row names; a supporter membership elsewhere does not
// keep it alive (removed from group A, still in group B).
func TestProject_SupporterAssignmentNeedsThatPartnerGroup(t *testing.T) {
	const groupA, groupB = 31, 32
	draft, published := projectIn(furusato.StatusDraft), projectIn(furusato.StatusPublished)
	for _, c := range []struct {
		name        string
		memberships []furusato.Membership
		assigned    []furusato.Support
		sees        bool
	}{
		{"in A, assigned through A", []furusato.Membership{supporter(groupA)}, []furusato.Support{{ProjectID: projectP, OrganizationID: groupA}}, true},
		{"in A and B, assigned through A", []furusato.Membership{supporter(groupB), supporter(groupA)}, []furusato.Support{{ProjectID: projectP, OrganizationID: groupA}}, true},
		{"removed from A, still in B", []furusato.Membership{supporter(groupB)}, []furusato.Support{{ProjectID: projectP, OrganizationID: groupA}}, false},
		{"removed from A, coordinator of A", []furusato.Membership{coordinator(groupA), supporter(groupB)}, []furusato.Support{{ProjectID: projectP, OrganizationID: groupA}}, false},
		{"through A and B, removed from A", []furusato.Membership{supporter(groupB)}, []furusato.Support{{ProjectID: projectP, OrganizationID: groupA}, {ProjectID: projectP, OrganizationID: groupB}}, true},
		{"in A, assigned to another project", []furusato.Membership{supporter(groupA)}, []furusato.Support{{ProjectID: projectP + 1, OrganizationID: groupA}}, false},
		{"in A, assignment without a group", []furusato.Membership{supporter(groupA)}, []furusato.Support{{ProjectID: projectP}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := signedIn(40, c.memberships...)
			a.Supporting = c.assigned
			if got := CanSeeProject(a, draft); got != c.sees {
				t.Errorf("sees the draft = %v, want %v", got, c.sees)
			}
			err := Project(a, ProjectHistory, published)
			if c.sees && err != nil {
				t.Errorf("history: %v, want allowed", err)
			} else if !c.sees && err == nil {
				t.Error("history allowed, want refused")
			}
		})
	}
}

// TestProject_AssignSupportersOnANewDraft: the new-project form asks
// ProjectAssignSupporters of the draft about to be created (no ID yet):
// its coordinator and admins choose supporters; the company's staff, another
// company's staff and another region's coordinator do not.
func TestProject_AssignSupportersOnANewDraft(t *testing.T) {
	draft := &furusato.Project{CompanyID: companyA, OrganizationID: orgX, Status: furusato.StatusDraft}
	want := map[string]string{"visitor": "n", "participant": "n", "staffA": "f", "staffB": "n", "coordX": "y", "coordY": "n",
		"supporterP": "n", "supporterG": "n", "removed": "n", "admin": "y"}
	check(t, "new draft", row{ProjectAssignSupporters, want}, []string{"new"}, func(a *furusato.Actor, _ int) error {
		return Project(a, ProjectAssignSupporters, draft)
	})
}
