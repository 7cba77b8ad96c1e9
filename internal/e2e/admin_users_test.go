package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// TestAdminUsersJourney: the demo admin finds a user by e-mail address (typed
// in full width), opens them and sees their memberships; the Gifu
// coordinator opens /admin, registers a company in Gifu with the founded
// year in full-width digits and sees it in their list, and their account
// page lists their role. In Chromium, axe-core on every page.
func TestAdminUsersJourney(t *testing.T) {
	s, db := startAuthSite(t)
	ctx := context.Background()
	if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	gifu, err := db.CoordinatorFor(ctx, 21)
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)

	// The admin finds the Gifu coordinator by address and opens their page.
	j := s.journey(t, b)
	j.open("/account/signin?next=%2Fadmin")
	j.signInAs("admin@demo.furusato.example", demo.Password)
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="利用者"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "利用者" {
		t.Fatalf("h1 %q", h1)
	}
	j.do(sendKeys(field("user-q"), "ＣＯＯＲＤＩＮＡＴＯＲ．ＧＩＦＵ"))
	j.follow(chromedp.Click(button("探す")))
	if got := j.text(`#users-caption + thead + tbody`); !strings.Contains(got, "coordinator.gifu@demo.furusato.example") || strings.Contains(got, "participant@") {
		t.Errorf("search found %q", got)
	}
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="岐阜 コーディネーター"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "岐阜 コーディネーターさん" {
		t.Fatalf("user page h1 %q", h1)
	}
	if facts := j.facts(`dl.user-facts`); facts["メールアドレス"] != "coordinator.gifu@demo.furusato.example" || facts["管理者"] != "いいえ" {
		t.Errorf("facts %v", facts)
	}
	if got := j.text(`#memberships-caption + thead + tbody`); !strings.Contains(got, gifu.Name) || !strings.Contains(got, "コーディネーター") || !strings.Contains(got, "メンバーから外す") {
		t.Errorf("memberships %q", got)
	}

	// The Gifu coordinator registers a company in Gifu.
	c := s.journey(t, b)
	c.open("/account/signin?next=%2Fadmin")
	c.signInAs("coordinator.gifu@demo.furusato.example", demo.Password)
	if u := c.url(); u.Path != "/admin" {
		t.Fatalf("after sign-in at %s", u)
	}
	c.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="企業を登録する"]`)))
	if v := c.value(chromedp.Search(`//select[@id="prefecture"]`)); v != "21" {
		t.Errorf("preselected prefecture %q", v)
	}
	c.do(sendKeys(field("name"), "Gujo Works"), sendKeys(field("city"), "郡上市"),
		sendKeys(field("founded_year"), "１９８７"), sendKeys(field("size"), "従業員１２名"))
	c.follow(chromedp.Click(button("登録する")))
	if u := c.url(); u.Path != "/admin/companies" {
		t.Fatalf("after registering at %s", u)
	}
	if got := c.text(`[role="status"]`); got != "企業を登録しました。" {
		t.Errorf("flash %q", got)
	}
	if got := c.text(`#companies-caption + thead + tbody`); !strings.Contains(got, "Gujo Works") || !strings.Contains(got, gifu.Name) {
		t.Errorf("companies list %q", got)
	}
	co, err := db.FindCompanyBySlug(ctx, "gujo-works")
	if err != nil || co.FoundedYear != 1987 || co.OrganizationID != gifu.ID {
		t.Fatalf("registered %+v, %v", co, err)
	}
	c.follow(chromedp.Click(chromedp.Search(`//main//a[@href="/admin/companies/gujo-works/edit"]`)))
	if v := c.value(field("founded_year")); v != "1987" {
		t.Errorf("founded year on the edit form %q", v)
	}
	c.open("/account")
	if got := c.text(`#memberships-title + ul`); !strings.Contains(got, gifu.Name) || !strings.Contains(got, "コーディネーター") {
		t.Errorf("account memberships %q", got)
	}
}
