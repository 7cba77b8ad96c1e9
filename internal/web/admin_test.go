package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// adminSite is the test site with the demo accounts.
func adminSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t)
	if _, err := demo.LoadAccounts(context.Background(), s.db, testNow, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	return s
}

// adminSignIn returns a browser signed in with the demo account email.
func (s *site) adminSignIn(t *testing.T, email string) *browser {
	t.Helper()
	b := s.browser(t, s.server(t))
	if email == "" {
		return b
	}
	res, body := b.post("/account/signin", url.Values{"email": {email}, "password": {demo.Password}})
	redirected(t, "sign-in "+email, res, body, "/account")
	return b
}

// adminGet GETs path, checks the status and the headings of the page.
func (b *browser) adminGet(path string, want int) string {
	b.t.Helper()
	res, body := b.get(path)
	status(b.t, "GET "+path, res, body, want)
	checkHeadings(b.t, path, body)
	if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
		b.t.Fatalf("GET %s: inline style or script", path)
	}
	return body
}

func (s *site) adminWatercress(t *testing.T) *furusato.Company {
	t.Helper()
	p, err := s.db.FindProject(context.Background(), "gifu-watercress-evangelist", []furusato.ProjectStatus{furusato.StatusPublished, furusato.StatusClosed, furusato.StatusDraft})
	if err != nil {
		t.Fatal(err)
	}
	co, err := s.db.FindCompanyByID(context.Background(), p.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	return co
}

var adminInviteRE = regexp.MustCompile(regexp.QuoteMeta(testBaseURL) + `(/invitations/[A-Za-z0-9_-]+)`)

func TestAdminRoutes_VisitorsSignInOthersAre403(t *testing.T) {
	s := adminSite(t)
	co := s.adminWatercress(t)
	paths := []string{"/admin", "/admin/organizations", "/admin/organizations/new", "/admin/companies", "/admin/audit", "/admin/outbox",
		"/admin/outbox/1", "/admin/organizations/michishirube/edit", "/admin/companies/" + co.Slug + "/members",
		"/admin/users", "/admin/users/1", "/admin/companies/new"}
	// Coordinators have an admin home, their companies and the new company form.
	coordinatorToo := map[string]bool{"/admin": true, "/admin/companies": true, "/admin/companies/new": true}
	visitor := s.adminSignIn(t, "")
	for _, p := range paths {
		res, body := visitor.get(p)
		redirected(t, "visitor "+p, res, body, "/account/signin?next="+url.QueryEscape(p))
	}
	res, body := visitor.post("/admin/organizations", url.Values{"name": {"x"}})
	redirected(t, "visitor POST", res, body, "/account/signin")
	for _, p := range []string{"/admin/companies", "/admin/users/1/admin", "/admin/invitations/" + strings.Repeat("a", 64) + "/revoke", "/admin/companies/" + co.Slug + "/edit"} {
		res, body := visitor.post(p, url.Values{"name": {"x"}})
		redirected(t, "visitor POST "+p, res, body, "/account/signin")
	}

	for _, who := range []string{"participant@demo.furusato.example", "staff.watercress@demo.furusato.example", "coordinator.hokkaido@demo.furusato.example"} {
		b := s.adminSignIn(t, who)
		for _, p := range paths {
			if coordinatorToo[p] && strings.HasPrefix(who, "coordinator.") {
				b.adminGet(p, http.StatusOK)
				continue
			}
			body := b.adminGet(p, http.StatusForbidden)
			mustContain(t, who+" "+p, body, "このページを表示する権限がありません")
		}
		res, body := b.post("/admin/companies/"+co.Slug+"/invitations", url.Values{"email": {"x@example.jp"}})
		status(t, who+" invites", res, body, http.StatusForbidden)
	}
	// A supporter may not manage their own partner group.
	b := s.adminSignIn(t, "supporter@demo.furusato.example")
	b.adminGet("/admin/organizations/michishirube/members", http.StatusForbidden)
	// A coordinator manages their own organisation's members, but no other.
	gifu, err := s.db.CoordinatorFor(context.Background(), 21)
	if err != nil {
		t.Fatal(err)
	}
	b = s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	body = b.adminGet("/admin/organizations/"+gifu.Slug+"/members", 200)
	mustContain(t, "own organisation", body, "岐阜 コーディネーター", `<th scope="col">`, "<caption")
	b.adminGet("/admin/organizations/michishirube/members", http.StatusForbidden)
	b.adminGet("/admin", http.StatusOK)
	b.adminGet("/admin/companies/"+co.Slug+"/members", 200)
	b.adminGet("/admin/organizations/nowhere/members", http.StatusNotFound)
}

func TestAdminOrganizations_CreateWithErrorsThenEdit(t *testing.T) {
	s := adminSite(t)
	b := s.adminSignIn(t, "admin@demo.furusato.example")
	body := b.adminGet("/admin", 200)
	mustContain(t, "admin home", body, `href="/admin/organizations"`, `href="/admin/companies"`, `href="/admin/audit"`, `href="/admin/outbox"`, `href="/admin/jobs"`, "バックグラウンドジョブ")
	body = b.adminGet("/admin/organizations", 200)
	mustContain(t, "organisations", body, "<caption", `<th scope="col">`, `<th scope="row">`, "みちしるべ", `href="/admin/organizations/new"`)
	body = b.adminGet("/admin/organizations/new", 200)
	mustContain(t, "new form", body, `novalidate`, `name="prefecture" value="21"`, `<legend>`, `type="radio"`)

	res, body := b.post("/admin/organizations", url.Values{"slug": {"Bad Slug"}, "name": {"  "}, "kind": {"coordinator"}, "prefecture": {"21", "99"}})
	status(t, "invalid create", res, body, 400)
	mustContain(t, "invalid create", body, `<title>エラー：団体を登録する | `, "error-summary", `href="#slug"`, `href="#name"`,
		"団体名を入力してください", `href="#pref-1"`, `value="Bad Slug"`, `name="prefecture" value="21" checked`)
	mustNotContain(t, "invalid create", body, "error.required", "error.slug")

	res, body = b.post("/admin/organizations", url.Values{"slug": {"shinshu-sato"}, "name": {"信州さとやま"}, "kind": {"coordinator"},
		"prefecture": {"20"}, "description": {"長野県の団体です。"}})
	redirected(t, "create", res, body, "/admin/organizations")
	body = b.adminGet("/admin/organizations", 200)
	mustContain(t, "after create", body, "団体を登録しました。", "信州さとやま", "長野県")
	res, body = b.post("/admin/organizations", url.Values{"slug": {"shinshu-sato"}, "name": {"二つ目"}, "kind": {"partner"}})
	status(t, "slug taken", res, body, 409)
	mustContain(t, "slug taken", body, "このURL用の名前は、すでに使われています")

	body = b.adminGet("/admin/organizations/shinshu-sato/edit", 200)
	mustContain(t, "edit form", body, `value="信州さとやま"`, `name="prefecture" value="20" checked`, "長野県の団体です。")
	res, body = b.post("/admin/organizations/shinshu-sato", url.Values{"name": {"信州さとやま協議会"}, "kind": {"coordinator"}, "prefecture": {"20", "15"}})
	redirected(t, "update", res, body, "/admin/organizations")
	o, err := s.db.FindOrganizationBySlug(context.Background(), "shinshu-sato")
	if err != nil || o.Name != "信州さとやま協議会" || len(o.Prefectures) != 2 {
		t.Fatalf("updated %+v, %v", o, err)
	}
	b.adminGet("/admin/organizations/nowhere/edit", 404)

	body = b.adminGet("/admin/audit?action=organization.create", 200)
	mustContain(t, "audit", body, "<caption", "organization.create", `<option value="organization.create" selected>`)
	mustNotContain(t, "audit filtered", body, "<code>user.signin</code>")
	b.adminGet("/admin/audit?page=0", 400)
	// The filter offers every action written, from the one typed list,
	// worded through the catalogue; an unknown action is refused.
	body = b.adminGet("/admin/audit", 200)
	for _, a := range furusato.AuditActions {
		mustContain(t, "audit filter", body, `<option value="`+string(a)+`">`)
	}
	mustContain(t, "audit filter", body, "プロジェクトの公開", "ログイン失敗", "アカウント削除", "ジョブの再実行", "APIトークン無効化")
	b.adminGet("/admin/audit?action=membership.add", 400)
	body = b.adminGet("/admin/companies", 200)
	mustContain(t, "companies", body, "<caption", "/members")
}

func TestAdminInvitations_InviteSignUpAcceptThenRemove(t *testing.T) {
	s := adminSite(t)
	co := s.adminWatercress(t)
	members := "/admin/companies/" + co.Slug + "/members"
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	body := admin.adminGet(members, 200)
	mustContain(t, "members", body, "クレソン農園 スタッフ", `<label for="invite-email">`, "招待メールを送る", "メンバーから外す")

	res, body := admin.post("/admin/companies/"+co.Slug+"/invitations", url.Values{"email": {"hanako@"}})
	status(t, "bad address", res, body, 400)
	mustContain(t, "bad address", body, "error-summary", `href="#invite-email"`, `value="hanako@"`)
	res, body = admin.post("/admin/companies/"+co.Slug+"/invitations", url.Values{"email": {"staff.watercress@demo.furusato.example"}})
	status(t, "already a member", res, body, 409)
	mustContain(t, "already a member", body, "この方は、すでにメンバーです")

	res, body = admin.post("/admin/companies/"+co.Slug+"/invitations", url.Values{"email": {"new.staff@example.jp"}})
	redirected(t, "invite", res, body, members)
	body = admin.adminGet(members, 200)
	mustContain(t, "pending", body, "招待メールを送りました。", "new.staff@example.jp")

	ms, _, err := s.db.FindOutbox(context.Background(), furusato.OutboxFilter{})
	if err != nil || len(ms) == 0 || ms[0].Kind != "invitation" || ms[0].To != "new.staff@example.jp" {
		t.Fatalf("outbox %v", err)
	}
	link := adminInviteRE.FindStringSubmatch(ms[0].Text)
	if link == nil {
		t.Fatalf("no link in\n%s", ms[0].Text)
	}
	inv := link[1]
	body = admin.adminGet("/admin/outbox", 200)
	mustContain(t, "outbox", body, "<caption", "new.staff@example.jp", "送信待ち")
	body = admin.adminGet("/admin/outbox/"+adminID(ms[0].ID), 200)
	// Never the live link: the token is for the invited person alone.
	mustContain(t, "mail", body, "招待が届いています", "/invitations/{token}", "宛先の方だけが使えるよう")
	mustNotContain(t, "mail", body, inv)

	visitor := s.adminSignIn(t, "")
	body = visitor.adminGet(inv, 200)
	mustContain(t, "visitor invitation", body, co.Name, "企業スタッフ", "new.staff@example.jp",
		`href="/account/signin?next=`+url.QueryEscape(inv)+`"`, `href="/account/signup?next=`)
	visitor.adminGet("/invitations/nothing-here", 404)
	res, body = visitor.post(inv+"/accept", nil)
	redirected(t, "visitor accept", res, body, "/account/signin")

	other := s.adminSignIn(t, "participant@demo.furusato.example")
	body = other.adminGet(inv, 200)
	mustContain(t, "other address", body, "この招待は別のメールアドレス宛てです")
	mustNotContain(t, "other address", body, "招待を受ける</button>")
	res, body = other.post(inv+"/accept", nil)
	status(t, "other accepts", res, body, 403)

	invited := s.browser(t, s.server(t))
	invited.signUpAndIn("new.staff@example.jp")
	body = invited.adminGet(inv, 200)
	mustContain(t, "invited", body, "招待を受ける</button>", `action="`+inv+`/accept"`)
	res, body = invited.post(inv+"/accept", nil)
	redirected(t, "accept", res, body, "/account")
	_, body = invited.get("/account")
	mustContain(t, "after accept", body, "招待を受けました。")
	u, err := s.db.FindUserByEmail(context.Background(), "new.staff@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	mems, _ := s.db.FindMemberships(context.Background(), u.ID)
	if len(mems) != 1 || mems[0].CompanyID != co.ID || mems[0].Role != furusato.RoleCompanyStaff {
		t.Fatalf("memberships %+v", mems)
	}
	res, body = invited.post(inv+"/accept", nil)
	status(t, "second accept", res, body, 409)
	mustContain(t, "second accept", body, "この招待は承認済みです。")

	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	body = coord.adminGet(members, 200)
	mustContain(t, "coordinator sees", body, "new.staff@example.jp")
	hokkaido := s.adminSignIn(t, "coordinator.hokkaido@demo.furusato.example")
	res, body = hokkaido.post(members+"/remove", url.Values{"user_id": {adminID(u.ID)}})
	status(t, "other region removes", res, body, 403)
	res, body = coord.post(members+"/remove", url.Values{"user_id": {adminID(u.ID)}})
	redirected(t, "remove", res, body, members)
	if mems, _ := s.db.FindMemberships(context.Background(), u.ID); len(mems) != 0 {
		t.Fatalf("memberships after removal %+v", mems)
	}
	// Again (a double click): the page says the person is no member now.
	res, body = coord.post(members+"/remove", url.Values{"user_id": {adminID(u.ID)}})
	redirected(t, "remove again", res, body, members)
	mustContain(t, "remove again", coord.adminGet(members, 200), "この方は、すでにメンバーではありません。")

	body = admin.adminGet("/admin/audit", 200)
	mustContain(t, "audit", body, "invitation.create", "invitation.accept", "membership.remove")
}

func adminID(n int64) string { return strconv.FormatInt(n, 10) }

func TestAdminOrgMembers_CoordinatorInvitesAColleagueAndRemovesThem(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	gifu, err := s.db.CoordinatorFor(ctx, 21)
	if err != nil {
		t.Fatal(err)
	}
	base := "/admin/organizations/" + gifu.Slug
	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	res, body := coord.post(base+"/invitations", url.Values{"email": {"colleague@example.jp"}, "role": {"coordinator"}})
	redirected(t, "invite a colleague", res, body, base+"/members")
	body = coord.adminGet(base+"/members", 200)
	mustContain(t, "pending colleague", body, "colleague@example.jp", "コーディネーター")
	// Into a partner group only admins invite, and only supporters.
	res, body = coord.post("/admin/organizations/michishirube/invitations", url.Values{"email": {"x@example.jp"}, "role": {"supporter"}})
	status(t, "coordinator invites into a partner group", res, body, 403)
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	res, body = admin.post("/admin/organizations/michishirube/invitations", url.Values{"email": {"x@example.jp"}, "role": {"coordinator"}})
	status(t, "coordinator into a partner group", res, body, 400)
	res, body = admin.post("/admin/organizations/michishirube/invitations", url.Values{"email": {"x@example.jp"}, "role": {"supporter"}})
	redirected(t, "supporter into a partner group", res, body, "/admin/organizations/michishirube/members")

	hokkaido, err := s.db.FindUserByEmail(ctx, "coordinator.hokkaido@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	// The Hokkaido coordinator is not a member of Gifu: nothing to remove.
	// The page says so (as it does to the second click of a double click,
	// which was a 404 page), and nothing changes.
	res, body = coord.post(base+"/members/remove", url.Values{"user_id": {adminID(hokkaido.ID)}, "role": {"coordinator"}})
	redirected(t, "remove a non-member", res, body, base+"/members")
	mustContain(t, "remove a non-member", coord.adminGet(base+"/members", http.StatusOK), "この方は、すでにメンバーではありません。")
	if es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: furusato.AuditMembershipRemove}); err != nil || len(es) != 0 {
		t.Fatalf("removing a non-member was audited: %+v, %v", es, err)
	}
	res, body = coord.post(base+"/members/remove", url.Values{"user_id": {"abc"}})
	status(t, "remove without a user", res, body, 400)
	me, err := s.db.FindUserByEmail(ctx, "coordinator.gifu@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	// The only coordinator stays (manage.md D6); with a second one, they may go.
	res, body = admin.post(base+"/members/remove", url.Values{"user_id": {adminID(me.ID)}, "role": {"coordinator"}})
	redirected(t, "admin removes the only coordinator", res, body, base+"/members")
	coord.adminGet(base+"/members", http.StatusOK)
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.AddMembership(ctx, &furusato.Membership{UserID: hokkaido.ID, Role: furusato.RoleCoordinator, OrganizationID: gifu.ID}, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	res, body = admin.post(base+"/members/remove", url.Values{"user_id": {adminID(me.ID)}, "role": {"coordinator"}})
	redirected(t, "admin removes the coordinator", res, body, base+"/members")
	// Their very next request has no coordinator rights any more.
	coord.adminGet(base+"/members", http.StatusForbidden)
}
