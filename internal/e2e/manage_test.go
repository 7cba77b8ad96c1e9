package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// startManageSite is startAuthSite with the demo accounts.
func startManageSite(t *testing.T) (*site, *store.DB) {
	t.Helper()
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatalf("demo.LoadAccounts: %v", err)
	}
	return s, db
}

// signIn signs in with a demo account through the form.
func (j *journey) signIn(email string) {
	j.t.Helper()
	j.open("/account/signin")
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), demo.Password))
	j.follow(chromedp.Click(button("ログインする")))
	if u := j.url(); u.Path != "/account" {
		j.t.Fatalf("after sign-in at %s", u)
	}
}

func textarea(id string) chromedp.Search {
	return chromedp.Search(`//main//textarea[@id="` + id + `"]`)
}

// submitInvalid clicks the button text expecting the form back with a 400,
// and checks the page (axe) as check does for a 200.
func (j *journey) submitInvalid(text string) {
	j.t.Helper()
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(button(text)))
	if err != nil || res == nil || res.Status != 400 {
		j.t.Fatalf("invalid form: %v, %+v", err, res)
	}
	j.b.CheckA11y(j.t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
}

// TestManageJourney_CoordinatorCreatesEditsAndPublishes: the Gifu
// coordinator creates a project for the watercress company (a mistake
// first), edits it with full-width digits, publishes it, and finds it in the
// public search; axe-core on every page.
func TestManageJourney_CoordinatorCreatesEditsAndPublishes(t *testing.T) {
	s, _ := startManageSite(t)
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	j.signIn("coordinator.gifu@demo.furusato.example")
	j.follow(chromedp.Click(chromedp.Search(`//header//a[normalize-space()="管理"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "プロジェクト管理" {
		t.Fatalf("dashboard h1 %q", h1)
	}
	j.open("/manage/projects/new?company=gujo-seiryu-farm")
	j.do(sendKeys(field("catch_copy"), "清流のクレソンで、料理の楽しさを伝える"),
		sendKeys(textarea("background"), "クレソンの食べ方を知る機会が少ないことが課題です。"),
		sendKeys(textarea("what_you_do"), "料理教室の企画と運営"),
		sendKeys(textarea("goal"), "半年で料理教室を3回ひらく"),
		chromedp.Click(field("themes-1")), chromedp.Click(field("themes-12")),
		chromedp.Click(field("work_style-1")),
		sendKeys(field("hours_per_week"), "３"),
		sendKeys(field("duration_months"), "６"),
		chromedp.Click(field("reward_type-0")), chromedp.Click(field("travel_cost-1")),
		sendKeys(field("places"), " 2 "),
		sendKeys(field("deadline-year"), "２０２６"),
		sendKeys(field("deadline-month"), "12"),
		sendKeys(field("deadline-day"), "20"))
	// No title: the form comes back with the summary and everything typed.
	j.submitInvalid("下書きとして保存する")
	if got := j.text(`.error-summary li`); got != "タイトルを入力してください" {
		t.Errorf("summary %q", got)
	}
	if v := j.value(field("hours_per_week")); v != "３" {
		t.Errorf("hours kept as %q", v)
	}
	if a := j.attrs(`#title`); a["aria-invalid"] != "true" || !strings.Contains(a["aria-describedby"], "title-error") {
		t.Errorf("title attributes %v", a)
	}
	j.do(sendKeys(field("title"), "清流クレソンの料理教室をひらく"))
	j.follow(chromedp.Click(button("下書きとして保存する")))
	if got := j.text(`[role="status"]`); got != "下書きを保存しました。" {
		t.Errorf("flash %q", got)
	}
	manage := j.url().Path

	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="内容を編集する"]`)))
	// Words where a number goes: the rule with the bounds, beside the field,
	// with what was typed kept.
	evaluate[bool](j, `(document.getElementById('hours_per_week').value = '', true)`)
	j.do(sendKeys(field("hours_per_week"), "たくさん"))
	j.submitInvalid("保存する")
	if got := j.text(`.error-summary li`); got != "稼働時間は1〜40時間の範囲で、数字で入力してください" {
		t.Errorf("edit summary %q", got)
	}
	if v := j.value(field("hours_per_week")); v != "たくさん" {
		t.Errorf("hours kept as %q", v)
	}
	if a := j.attrs(`#hours_per_week`); a["aria-invalid"] != "true" {
		t.Errorf("hours attributes %v", a)
	}
	evaluate[bool](j, `(document.getElementById('hours_per_week').value = '', true)`)
	j.do(sendKeys(field("hours_per_week"), "１０"))
	j.follow(chromedp.Click(button("保存する")))
	if got := j.text(`[role="status"]`); got != "保存しました。" {
		t.Errorf("flash after editing %q", got)
	}
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="公開ページのプレビューを見る"]`)))
	if got := j.text(`[role="status"]`); !strings.HasPrefix(got, "プレビューです") {
		t.Errorf("preview banner %q", got)
	}
	if got := j.text(`main h1`); got != "清流クレソンの料理教室をひらく" {
		t.Errorf("preview h1 %q", got)
	}
	j.open(manage)
	j.follow(chromedp.Click(button("公開する")))
	if got := j.text(`[role="status"]`); got != "公開しました。" {
		t.Errorf("flash after publishing %q", got)
	}
	if got := j.text(`main table tbody tr:first-child th`); got != "公開" {
		t.Errorf("latest history %q", got)
	}

	j.open("/projects?q=" + "料理教室")
	found := false
	for _, c := range j.cards("main") {
		found = found || c.Title == "清流クレソンの料理教室をひらく"
	}
	if !found {
		t.Errorf("the published project is not in the search results: %v", j.cards("main"))
	}
}

// TestManageJourney_StaffCannotReachAnotherCompanysDraft: the watercress
// company's staff sees their dashboard, and another company's draft is a
// 404 page, with axe-core on every page.
func TestManageJourney_StaffCannotReachAnotherCompanysDraft(t *testing.T) {
	s, db := startManageSite(t)
	ctx := context.Background()
	co, err := db.FindCompanyBySlug(ctx, "gujo-seiryu-farm")
	if err != nil {
		t.Fatal(err)
	}
	drafts, _, err := db.FindProjectsForManage(ctx, store.ManageFilter{All: true, Statuses: []furusato.ProjectStatus{furusato.StatusDraft}})
	if err != nil || len(drafts) == 0 {
		t.Fatalf("drafts: %v %d", err, len(drafts))
	}
	var other *furusato.Project
	for _, p := range drafts {
		if p.CompanyID != co.ID {
			other = p
		}
	}
	if other == nil {
		t.Fatal("no draft of another company")
	}
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)
	j.signIn("staff.watercress@demo.furusato.example")
	j.follow(chromedp.Click(chromedp.Search(`//header//a[normalize-space()="管理"]`)))
	// The entries waiting for them come first, then their company's projects.
	if got := evaluate[[]string](j, `[...document.querySelectorAll("main h2")].slice(0, 2).map(h => h.textContent)`); len(got) != 2 ||
		!strings.HasPrefix(got[0], "対応が必要なエントリー") || !strings.HasPrefix(got[1], "自社のプロジェクト") {
		t.Errorf("staff dashboard first sections %q", got)
	}
	for _, path := range []string{fmt.Sprintf("/manage/projects/%d", other.ID), fmt.Sprintf("/manage/projects/%d/edit", other.ID),
		fmt.Sprintf("/manage/projects/%d/preview", other.ID), "/projects/" + other.Slug} {
		if res := j.open(path); res.Status != 404 {
			t.Errorf("%s answered %d, want 404", path, res.Status)
		}
		if strings.Contains(j.text(`main`), other.Title) {
			t.Errorf("%s shows the draft's title", path)
		}
	}
}
