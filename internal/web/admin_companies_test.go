package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestAdminCompanies_CoordinatorCreatesInOwnRegionWithFullWidthYear(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	gifu, err := s.db.CoordinatorFor(ctx, 21)
	if err != nil {
		t.Fatal(err)
	}
	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	body := coord.adminGet("/admin", 200)
	mustContain(t, "coordinator home", body, `href="/admin/organizations/`+gifu.Slug+`/members"`, `href="/admin/companies/new"`)
	mustNotContain(t, "coordinator home", body, `href="/admin/audit"`, `href="/admin/users"`)
	body = coord.adminGet("/admin/companies/new", 200)
	mustContain(t, "form", body, "novalidate", `<select id="prefecture"`, `<option value="21" selected>`, `inputmode="numeric"`, "<optgroup")

	// Errors: a Japanese name without a slug, a year that is no year.
	res, body := coord.post("/admin/companies", url.Values{"name": {"郡上の工房"}, "prefecture": {"21"}, "founded_year": {"昔"}})
	status(t, "invalid", res, body, 400)
	mustContain(t, "invalid", body, "<title>エラー：", `href="#slug"`, `href="#founded_year"`, "創業年は、西暦の数字で入力してください", `value="郡上の工房"`, `value="昔"`)
	// Outside the region: said beside the prefecture.
	res, body = coord.post("/admin/companies", url.Values{"name": {"Sapporo Works"}, "prefecture": {"1"}})
	status(t, "other region", res, body, http.StatusForbidden)
	mustContain(t, "other region", body, `href="#prefecture"`, "担当地域の外の都道府県です", `<option value="1" selected>`)

	res, body = coord.post("/admin/companies", url.Values{"name": {"Gujo Works"}, "prefecture": {"21"}, "city": {"郡上市"},
		"founded_year": {"１９８７"}, "size": {"従業員１２名"}, "industry": {"木工"}, "description": {"木の器をつくります。"}, "website": {"https://gujo.example.jp"}})
	redirected(t, "create", res, body, "/admin/companies")
	co, err := s.db.FindCompanyBySlug(ctx, "gujo-works")
	if err != nil {
		t.Fatal(err)
	}
	if co.FoundedYear != 1987 || co.OrganizationID != gifu.ID || co.Size != "従業員１２名" || co.City != "郡上市" {
		t.Errorf("created %+v", co)
	}
	body = coord.adminGet("/admin/companies", 200)
	mustContain(t, "list", body, "企業を登録しました。", "Gujo Works", gifu.Name, `href="/admin/companies/gujo-works/members"`, `href="/admin/companies/gujo-works/edit"`)
	mustNotContain(t, "list", body, "北海道") // only the organisation's own companies

	hokkaido := s.adminSignIn(t, "coordinator.hokkaido@demo.furusato.example")
	res, body = hokkaido.post("/admin/companies", url.Values{"name": {"Gifu Other"}, "prefecture": {"21"}})
	status(t, "hokkaido in gifu", res, body, http.StatusForbidden)
	for _, who := range []string{"staff.watercress@demo.furusato.example", "participant@demo.furusato.example"} {
		res, body := s.adminSignIn(t, who).post("/admin/companies", url.Values{"name": {"Any Co"}, "prefecture": {"21"}})
		status(t, who+" creates", res, body, http.StatusForbidden)
	}

	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	body = admin.adminGet("/admin/companies", 200)
	mustContain(t, "admin list", body, "Gujo Works", gifu.Name, "担当の団体")
	body = admin.adminGet("/admin/audit?action=company.create", 200)
	mustContain(t, "audit", body, "<code>company.create</code>")
}

func TestAdminCompanies_EditByAdminCoordinatorAndStaff(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	co := s.adminWatercress(t)
	edit := "/admin/companies/" + co.Slug + "/edit"

	coord := s.adminSignIn(t, "coordinator.gifu@demo.furusato.example")
	body := coord.adminGet("/admin/companies/"+co.Slug+"/members", 200)
	mustContain(t, "members page links to edit", body, `href="`+edit+`"`)
	body = coord.adminGet(edit, 200)
	mustContain(t, "edit form", body, `value="`+co.Name+`"`, `href="/admin/companies/`+co.Slug+`/members"`)
	mustNotContain(t, "edit form", body, `id="slug"`)

	staff := s.adminSignIn(t, "staff.watercress@demo.furusato.example")
	body = staff.adminGet(edit, 200)
	mustNotContain(t, "staff's form", body, "/members\"")
	res, body := staff.post(edit, url.Values{"name": {co.Name + " 本店"}, "prefecture": {"21"}, "founded_year": {"２００１年"}})
	redirected(t, "staff saves", res, body, edit)
	got, err := s.db.FindCompanyBySlug(ctx, co.Slug)
	if err != nil || got.Name != co.Name+" 本店" || got.FoundedYear != 2001 || got.OrganizationID != co.OrganizationID {
		t.Fatalf("after save %+v, %v", got, err)
	}
	// The project page shows the new name at once (the cached catalogue was invalidated).
	_, body = staff.get("/projects/gifu-watercress-evangelist")
	mustContain(t, "project page", body, co.Name+" 本店")
	// and search finds the project by the new name (it was indexed again).
	_, body = staff.get("/projects?q=" + url.QueryEscape("本店"))
	mustContain(t, "search by the new name", body, `href="/projects/gifu-watercress-evangelist"`)

	res, body = staff.post(edit, url.Values{"name": {" "}, "prefecture": {"99"}})
	status(t, "invalid edit", res, body, 400)
	mustContain(t, "invalid edit", body, `href="#name"`, `href="#prefecture"`)

	for _, who := range []string{"coordinator.hokkaido@demo.furusato.example", "participant@demo.furusato.example"} {
		b := s.adminSignIn(t, who)
		b.adminGet(edit, http.StatusForbidden)
		res, body := b.post(edit, url.Values{"name": {"x"}, "prefecture": {"21"}})
		status(t, who+" saves", res, body, http.StatusForbidden)
	}
	s.adminSignIn(t, "admin@demo.furusato.example").adminGet("/admin/companies/nowhere/edit", 404)
}
