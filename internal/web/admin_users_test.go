package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestAdminUsers_ListSearchOpenAndToggleAdmin(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	body := admin.adminGet("/admin", 200)
	mustContain(t, "admin home", body, `href="/admin/users"`, `href="/admin/companies/new"`)
	body = admin.adminGet("/admin/users", 200)
	mustContain(t, "list", body, "<caption", `<th scope="col">`, "participant@demo.furusato.example", "岐阜 コーディネーター", `<search role="search">`, `name="q"`)

	// Full-width, upper-case input finds the address.
	body = admin.adminGet("/admin/users?q="+url.QueryEscape("ＣＯＯＲＤＩＮＡＴＯＲ．ＧＩＦＵ"), 200)
	mustContain(t, "search by e-mail", body, "coordinator.gifu@demo.furusato.example", `value="ＣＯＯＲＤＩＮＡＴＯＲ．ＧＩＦＵ"`)
	mustNotContain(t, "search by e-mail", body, "participant@demo.furusato.example")
	body = admin.adminGet("/admin/users?q="+url.QueryEscape("クレソン農園"), 200)
	mustContain(t, "search by name", body, "staff.watercress@demo.furusato.example")
	mustNotContain(t, "search by name", body, "coordinator.gifu@")
	body = admin.adminGet("/admin/users?q=nobody-at-all", 200)
	mustContain(t, "nothing found", body, "該当する利用者はいません。")
	admin.adminGet("/admin/users?page=x", 400)

	staff, err := s.db.FindUserByEmail(ctx, "staff.watercress@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	co := s.adminWatercress(t)
	path := "/admin/users/" + adminID(staff.ID)
	body = admin.adminGet(path, 200)
	mustContain(t, "user page", body, "クレソン農園 スタッフさん", co.Name, "企業スタッフ",
		`action="/admin/companies/`+co.Slug+`/members/remove"`, `name="back" value="`+path+`"`, "管理者にする")
	admin.adminGet("/admin/users/999999", 404)
	admin.adminGet("/admin/users/abc", 404)

	// Removing the membership from the user page comes back to it.
	res, body := admin.post("/admin/companies/"+co.Slug+"/members/remove", url.Values{"user_id": {adminID(staff.ID)}, "role": {"company_staff"}, "back": {path}})
	redirected(t, "remove from user page", res, body, path)
	body = admin.adminGet(path, 200)
	mustContain(t, "after removal", body, "メンバーから外しました。", "所属はありません。")
	// A back that is not a user page is ignored (removing again, as a
	// double click does, says the person is no member now).
	res, body = admin.post("/admin/companies/"+co.Slug+"/members/remove", url.Values{"user_id": {adminID(staff.ID)}, "role": {"company_staff"}, "back": {"https://evil.example/"}})
	redirected(t, "remove again", res, body, "/admin/companies/"+co.Slug+"/members")
	mustContain(t, "remove again", admin.adminGet("/admin/companies/"+co.Slug+"/members", 200), "この方は、すでにメンバーではありません。")

	// Grant and withdraw the admin flag.
	res, body = admin.post(path+"/admin", url.Values{"admin": {"true"}})
	redirected(t, "grant", res, body, path)
	body = admin.adminGet(path, 200)
	mustContain(t, "granted", body, "管理者にしました。", "管理者の権限を外す")
	res, body = admin.post(path+"/admin", url.Values{"admin": {"false"}})
	redirected(t, "revoke", res, body, path)
	res, body = admin.post(path+"/admin", url.Values{"admin": {"maybe"}})
	status(t, "bad value", res, body, 400)

	// An admin cannot withdraw their own flag.
	me, err := s.db.FindUserByEmail(ctx, "admin@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	mine := "/admin/users/" + adminID(me.ID)
	body = admin.adminGet(mine, 200)
	mustContain(t, "own page", body, "ご自身の管理者の権限は外せません。")
	mustNotContain(t, "own page", body, "管理者の権限を外す</button>")
	res, body = admin.post(mine+"/admin", url.Values{"admin": {"false"}})
	status(t, "own flag", res, body, 409)
	mustContain(t, "own flag", body, "error-summary", "<title>エラー：")
	if u, _ := s.db.FindUserByEmail(ctx, "admin@demo.furusato.example"); !u.Admin {
		t.Fatal("own admin flag removed")
	}

	// Nobody else may toggle the flag, not even for themselves.
	for _, who := range []string{"staff.watercress@demo.furusato.example", "coordinator.gifu@demo.furusato.example"} {
		b := s.adminSignIn(t, who)
		res, body := b.post(path+"/admin", url.Values{"admin": {"true"}})
		status(t, who+" grants", res, body, http.StatusForbidden)
	}
	if u, _ := s.db.FindUserByID(ctx, staff.ID); u.Admin {
		t.Fatal("staff became admin")
	}
	body = admin.adminGet("/admin/audit", 200)
	mustContain(t, "audit", body, "user.admin_grant", "user.admin_revoke")
}

func TestAdminInvitations_RevokeFromTheMembersPage(t *testing.T) {
	s := adminSite(t)
	co := s.adminWatercress(t)
	members := "/admin/companies/" + co.Slug + "/members"
	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	res, body := coord.post("/admin/companies/"+co.Slug+"/invitations", url.Values{"email": {"later@example.jp"}})
	redirected(t, "invite", res, body, members)
	body = coord.adminGet(members, 200)
	m := regexp.MustCompile(`action="(/admin/invitations/[0-9a-f]{64}/revoke)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no revoke form:\n%s", between(body, "pending-caption", "</table>"))
	}
	mustContain(t, "revoke button", body, "招待を取り消す", "（later@example.jp）")
	revoke := m[1]

	for _, who := range []string{"coordinator.hokkaido@demo.furusato.example", "staff.watercress@demo.furusato.example"} {
		b := s.adminSignIn(t, who)
		res, body := b.post(revoke, nil)
		status(t, who+" revokes", res, body, http.StatusForbidden)
	}
	res, body = s.adminSignIn(t, "").post(revoke, nil)
	redirected(t, "visitor revokes", res, body, "/account/signin")

	res, body = coord.post(revoke, nil)
	redirected(t, "revoke", res, body, members)
	body = coord.adminGet(members, 200)
	mustContain(t, "revoked", body, "招待を取り消しました。", "返事を待っている招待はありません。")
	res, body = coord.post(revoke, nil)
	redirected(t, "revoke twice", res, body, members)
	// The second click of a double click: what was asked for holds, so it
	// says revoked, not that it was too late.
	body = coord.adminGet(members, 200)
	mustContain(t, "revoked twice", body, "招待を取り消しました。")
	if strings.Contains(body, "すでに承認されたか") {
		t.Errorf("revoking twice says it was too late")
	}
	res, body = coord.post("/admin/invitations/"+strings.Repeat("0", 64)+"/revoke", nil)
	status(t, "unknown", res, body, 404)

	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	body = admin.adminGet("/admin/audit?action=invitation.revoke", 200)
	mustContain(t, "audit", body, "<code>invitation.revoke</code>")
}

func TestAccount_MembershipsSection(t *testing.T) {
	s := adminSite(t)
	co := s.adminWatercress(t)
	staff := s.adminSignIn(t, "staff.watercress@demo.furusato.example")
	body := staff.adminGet("/account", 200)
	section := between(body, `id="memberships-title"`, "</section>")
	mustContain(t, "staff", section, co.Name, "企業スタッフ", `href="/admin/companies/`+co.Slug+`/edit"`)
	mustNotContain(t, "staff", section, "/members")
	if strings.Index(body, `id="memberships-title"`) > strings.Index(body, `id="profile-title"`) {
		t.Error("memberships section is not right after the e-mail information")
	}

	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	section = between(coord.adminGet("/account", 200), `id="memberships-title"`, "</section>")
	mustContain(t, "coordinator", section, "コーディネーター", "/members\"", "のメンバー")

	sup := s.adminSignIn(t, "supporter@demo.furusato.example")
	section = between(sup.adminGet("/account", 200), `id="memberships-title"`, "</section>")
	mustContain(t, "supporter", section, "伴走者", `href="/organizations/michishirube"`)
	mustNotContain(t, "supporter", section, "/admin/")

	p := s.adminSignIn(t, "participant@demo.furusato.example")
	section = between(p.adminGet("/account", 200), `id="memberships-title"`, "</section>")
	mustContain(t, "participant", section, "団体や企業には所属していません。")
}
