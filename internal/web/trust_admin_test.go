package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// pageForm is the admin form of a page with its four texts.
func pageForm(version, titleJa, bodyJa string) url.Values {
	return url.Values{"version": {version}, "title_ja": {titleJa}, "body_ja": {bodyJa},
		"title_en": {"Terms of use"}, "body_en": {"These terms apply."}}
}

func TestAdminPages_EveryOtherRoleIsRefused(t *testing.T) {
	s := adminSite(t)
	for _, who := range []string{"participant@demo.furusato.example", "coordinator.gifu@demo.furusato.example",
		"staff.watercress@demo.furusato.example", "supporter@demo.furusato.example"} {
		b := s.adminSignIn(t, who)
		for _, path := range []string{"/admin/pages", "/admin/pages/terms"} {
			res, body := b.get(path)
			status(t, who+" GET "+path, res, body, 403)
		}
		res, body := b.post("/admin/pages/terms", pageForm("1", "乗っ取り", "本文"))
		status(t, who+" POST", res, body, 403)
	}
	v := s.adminSignIn(t, "")
	res, body := v.get("/admin/pages")
	redirected(t, "visitor", res, body, "/account/signin?next=%2Fadmin%2Fpages")
	res, _ = v.post("/admin/pages/terms", pageForm("1", "乗っ取り", "本文"))
	if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/account/signin") {
		t.Fatalf("visitor POST: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Cross-origin, even with an admin's session: refused before the page.
	a := s.adminSignIn(t, "admin@demo.furusato.example")
	res, body = a.post("/admin/pages/terms", pageForm("1", "乗っ取り", "本文"), "Origin", "https://evil.example")
	status(t, "cross-origin save", res, body, 403)
	if p, _ := s.db.CurrentPage(context.Background(), furusato.PageTerms); p.Version != 1 {
		t.Fatalf("a refused save wrote version %d", p.Version)
	}
}

func TestAdminPages_SaveHostileTextAndTwoTabs(t *testing.T) {
	s := adminSite(t)
	a := s.adminSignIn(t, "admin@demo.furusato.example")
	body := a.adminGet("/admin/pages", 200)
	mustContain(t, "list", body, `href="/admin/pages/terms"`, `href="/admin/pages/faq"`, "初期の文面")
	body = a.adminGet("/admin/pages/terms", 200)
	mustContain(t, "form", body, `name="version" value="1"`, `id="body_ja"`, `id="title_en"`, "第1版")

	for name, bad := range map[string]string{"NUL": "規約\x00です", "bidi override": "規約\u202Eです", "10,000 characters": strings.Repeat("規", 10000)} {
		res, body := a.post("/admin/pages/terms", pageForm("1", "利用規約", bad))
		status(t, name, res, body, 400)
		mustContain(t, name, body, `href="#body_ja"`, `aria-invalid="true"`)
	}
	res, body := a.post("/admin/pages/terms", pageForm("1", "利用規約", ""))
	status(t, "empty", res, body, 400)
	mustContain(t, "empty", body, "入力してください")
	if p, _ := s.db.CurrentPage(context.Background(), furusato.PageTerms); p.Version != 1 {
		t.Fatalf("a refused save wrote version %d", p.Version)
	}

	// Two tabs opened on version 1: the first save wins, the second sees both.
	res, body = a.post("/admin/pages/terms", pageForm("1", "利用規約", "一つ目のタブの本文です。"))
	redirected(t, "first tab", res, body, "/admin/pages/terms")
	res, body = a.post("/admin/pages/terms", pageForm("1", "利用規約", "二つ目のタブの本文です。"))
	status(t, "second tab", res, body, 409)
	mustContain(t, "second tab", body, "保存されている最新の内容（第2版）", "一つ目のタブの本文です。", "二つ目のタブの本文です。",
		`name="version" value="2"`, `href="#conflict"`)
	p, _ := s.db.CurrentPage(context.Background(), furusato.PageTerms)
	if p.Version != 2 || p.Ja.Body != "一つ目のタブの本文です。" {
		t.Fatalf("current = %d %q", p.Version, p.Ja.Body)
	}
	// Saving again from the conflict page replaces it knowingly.
	res, body = a.post("/admin/pages/terms", pageForm("2", "利用規約", "二つ目のタブの本文です。"))
	redirected(t, "second tab again", res, body, "/admin/pages/terms")
	_, body = a.get("/pages/terms")
	mustContain(t, "public page", body, "二つ目のタブの本文です。", "最終更新：")
	_, n, _ := s.db.FindAudit(context.Background(), furusato.AuditFilter{Action: furusato.AuditPageSave})
	if n != 2 {
		t.Errorf("%d audited saves, want 2", n)
	}
}

func TestTerms_ChangedTermsAreAgreedAgain(t *testing.T) {
	s := adminSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	_, body := b.get("/me")
	mustNotContain(t, "before the change", body, `href="/account/terms"`)
	a := s.adminSignIn(t, "admin@demo.furusato.example")
	res, body := a.post("/admin/pages/terms", pageForm("1", "利用規約", "改定した規約です。"))
	redirected(t, "new terms", res, body, "/admin/pages/terms")

	_, body = b.get("/me")
	mustContain(t, "banner", body, "利用規約を改定しました。内容をご確認のうえ、同意をお願いします。", `href="/account/terms"`)
	_, body = b.get("/account/terms?next=%2Fprojects")
	mustContain(t, "terms to agree", body, "改定した規約です。", `name="version" value="2"`, `name="next" value="/projects"`)
	res, body = b.post("/account/terms", url.Values{"version": {"1"}})
	status(t, "agreeing to the old version", res, body, 409)
	res, body = b.post("/account/terms", url.Values{"version": {"2"}, "next": {"/projects"}})
	redirected(t, "agree", res, body, "/projects")
	_, body = b.get("/me")
	mustNotContain(t, "after agreeing", body, `href="/account/terms"`)
	res, body = b.get("/account/terms")
	redirected(t, "nothing to agree", res, body, "/pages/terms")
	// The demo accounts were seeded as agreeing to version 1: asked again too.
	p := s.adminSignIn(t, "participant@demo.furusato.example")
	_, body = p.get("/me")
	mustContain(t, "demo account after the change", body, `href="/account/terms"`)
}

// An account that never agreed (made on the command line) sees the banner
// and agrees on /account/terms; its choice is recorded and the banner goes.
func TestTerms_NeverAgreedAccountIsAsked(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	u, err := service.NewUsers(s.db, func() time.Time { return testNow }, service.TestArgon).CreateUser(ctx, "cli@example.jp", "コマンド 作成", demo.Password, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, u.ID, testNow) }); err != nil {
		t.Fatal(err)
	}
	d := s.adminSignIn(t, "participant@demo.furusato.example")
	_, body := d.get("/me")
	mustNotContain(t, "demo account", body, `href="/account/terms"`)

	b := s.adminSignIn(t, "cli@example.jp")
	_, body = b.get("/me")
	mustContain(t, "banner", body, `href="/account/terms"`)
	_, body = b.get("/account/terms?next=%2Fme")
	mustContain(t, "terms to agree", body, `name="version" value="1"`, `name="next" value="/me"`)
	res, body := b.post("/account/terms", url.Values{"version": {"1"}, "next": {"/me"}})
	redirected(t, "agree", res, body, "/me")
	if v, _ := s.db.AgreedVersion(ctx, u.ID, furusato.PageTerms); v != 1 {
		t.Errorf("recorded version %d, want 1", v)
	}
	_, body = b.get("/me")
	mustNotContain(t, "after agreeing", body, `href="/account/terms"`)
}
