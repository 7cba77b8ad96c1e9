package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// TestText_BidiControlsAreFieldErrors: a bidirectional control in a name,
// a one-line field or prose is a field error naming the field (bad_text),
// on both engines, never silently removed ("safe\u202Egnp.exe" would pose
// as "safeexe.png"), and nothing is stored.
func TestText_BidiControlsAreFieldErrors(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		const hostile = "safe\u202Egnp.exe"
		badText := func(what string, err error, field string) {
			t.Helper()
			if code(err) != furusato.EINVALID || furusato.ErrorFields(err)[field] != furusato.ErrBadText {
				t.Errorf("%s: %v %v, want %s=%s", what, err, furusato.ErrorFields(err), field, furusato.ErrBadText)
			}
		}
		_, err := newUsers(db).CreateUser(ctx, "bidi@example.jp", hostile, "kuresonn-no-sato-2026", false)
		badText("display name", err, "display_name")
		if _, err := db.FindUserByEmail(ctx, "bidi@example.jp"); code(err) != furusato.ENOTFOUND {
			t.Errorf("the account was stored: %v", err)
		}
		for field, set := range map[string]func(*furusato.ProjectUpdate){
			"title":      func(in *furusato.ProjectUpdate) { in.Title = new(hostile) },
			"catch_copy": func(in *furusato.ProjectUpdate) { in.CatchCopy = new("\u2066清流\u2069") },
			"city":       func(in *furusato.ProjectUpdate) { in.City = new("郡上\u200F市") },
			"work_place": func(in *furusato.ProjectUpdate) { in.WorkPlace = new("畑\u061C") },
			"background": func(in *furusato.ProjectUpdate) { in.Background = new("背景\u202Dです") },
		} {
			in := input("双方向の案件")
			set(&in)
			_, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", in)
			badText("project "+field, err, field)
		}
		orgs := newOrgsFor(db)
		for field, co := range map[string]*furusato.Company{
			"name":     {Name: hostile},
			"city":     {Name: "郡上の農園", City: "郡上\u202D市"},
			"industry": {Name: "郡上の農園", Industry: "農業\u202C"},
			"size":     {Name: "郡上の農園", Size: "6\u200E名"},
			"website":  {Name: "郡上の農園", Website: "https://example.jp/\u202E"},
		} {
			co.Slug, co.Prefecture = "bidi-farm", 21
			err := orgs.CreateCompany(ctx, f.gifu, co, "")
			if field == "website" { // an address that is no web address has its own sentence
				if furusato.ErrorFields(err)["website"] != furusato.ErrWebsite {
					t.Errorf("company website: %v", err)
				}
				continue
			}
			badText("company "+field, err, field)
		}
		if _, err := db.FindCompanyBySlug(ctx, "bidi-farm"); code(err) != furusato.ENOTFOUND {
			t.Errorf("a company was stored: %v", err)
		}
		who := f.newParticipant(t, "双方向の参加者")
		e := f.submit(t, who, f.project)
		_, _, err = f.services.Messages.Post(ctx, f.gifu, e.ID, "資料です\u202e")
		badText("entry message", err, "body")
		badText("entry note", f.entries.AddNote(ctx, f.gifu, e.ID, "メモ\u202e"), "body")
		badText("move letter", f.entries.Move(ctx, f.gifu, e.ID, furusato.StageScreening, "", "書類選考に進みます\u2067"), "message")
		badText("withdraw reason", f.entries.Withdraw(ctx, who, e.ID, "都合\u202e"), "reason")
		_, _, err = f.services.APITokens.Create(ctx, f.gifu, "集計\u202e", furusato.ScopeWrite, 0, "")
		badText("token name", err, "name")
		_, err = f.entries.Submit(ctx, f.newParticipant(t, "もう一人"), f.project.ID, furusato.Entry{Motivation: "理由\u202e", Contribution: "広報", HoursPerWeek: 2})
		badText("entry motivation", err, "motivation")
		_, err = f.services.Teams.AddMilestone(ctx, f.member, f.team.ID, milestoneIn(" 試作品を\u202eつくる ", "2026-12-20", 0))
		badText("milestone title", err, "title")
		_, err = f.services.Teams.PostMessage(ctx, f.member, f.team.ID, "よろしく\u2067")
		badText("team message", err, "body")
		_, err = f.services.Teams.WriteCheckIn(ctx, f.member, f.team.ID, service.CheckInInput{Done: "畑\u202eを見学", Next: "ロゴ案", Hours: "3"})
		badText("check-in", err, "done")
	})
}

// TestText_WebsiteIsAnAbsoluteHTTPURL: company and organisation websites
// are absolute http(s) URLs with a host, on create and on update; other
// values are a field error, and nothing is stored.
func TestText_WebsiteIsAnAbsoluteHTTPURL(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		orgs := newOrgsFor(db)
		for _, w := range []string{"javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>", "//evil.example/",
			"ftp://example.jp/", "http://", "https://user@evil.example/"} {
			co := &furusato.Company{Slug: "web-farm", Name: "ウェブ農園", Prefecture: 21, Website: w}
			if err := orgs.CreateCompany(ctx, f.gifu, co, ""); furusato.ErrorFields(err)["website"] != furusato.ErrWebsite {
				t.Errorf("create company with %q: %v", w, err)
			}
			up := *f.watercress
			up.Website = w
			if err := orgs.UpdateCompany(ctx, f.staff, f.watercress.Slug, &up, ""); furusato.ErrorFields(err)["website"] != furusato.ErrWebsite {
				t.Errorf("update company with %q: %v", w, err)
			}
			o := &furusato.Organization{Slug: "web-group", Name: "ウェブの会", Kind: furusato.OrgPartner, Website: w}
			if err := orgs.CreateOrganization(ctx, f.admin, o, ""); furusato.ErrorFields(err)["website"] != furusato.ErrWebsite {
				t.Errorf("create organisation with %q: %v", w, err)
			}
		}
		if _, err := db.FindCompanyBySlug(ctx, "web-farm"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("stored: %v", err)
		}
		co, err := db.FindCompanyBySlug(ctx, f.watercress.Slug)
		if err != nil || co.Website != f.watercress.Website {
			t.Errorf("website %q, %v", co.Website, err)
		}
		// The demo data passes.
		for _, c := range mustCompanies(t, db) {
			if c.Website != "" && !furusato.ValidWebsite(c.Website) {
				t.Errorf("demo company %s: website %q", c.Slug, c.Website)
			}
		}
	})
}

func newOrgsFor(db *store.DB) *service.Orgs {
	return service.NewOrgs(db, func() time.Time { return now }, "https://furusato.example.jp")
}

func mustCompanies(t *testing.T, db *store.DB) []*furusato.Company {
	t.Helper()
	cos, err := db.FindCompanies(context.Background())
	if err != nil || len(cos) == 0 {
		t.Fatalf("companies: %d, %v", len(cos), err)
	}
	return cos
}
