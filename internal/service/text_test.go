package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestText_BidiControlsLeaveOneLineFields: the bidirectional controls are
// removed from names and one-line fields, on both engines, so that
// "safe\u202Egnp.exe" is stored and shown as "safegnp.exe" and cannot pose
// as "safeexe.png".
func TestText_BidiControlsLeaveOneLineFields(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		const hostile, clean = "safe\u202Egnp.exe", "safegnp.exe"
		u, err := newUsers(db).CreateUser(ctx, "bidi@example.jp", hostile, "kuresonn-no-sato-2026", false)
		if err != nil || u.DisplayName != clean {
			t.Fatalf("display name %q, %v", u.DisplayName, err)
		}
		in := input(hostile)
		in.CatchCopy, in.City, in.WorkPlace = new("\u2066"+hostile+"\u2069"), new("郡上\u200F市"), new("畑\u061C")
		p, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindProject(ctx, p.Slug, []furusato.ProjectStatus{p.Status})
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != clean || got.CatchCopy != clean || got.City != "郡上市" || got.WorkPlace != "畑" {
			t.Errorf("project %q %q %q %q, %v", got.Title, got.CatchCopy, got.City, got.WorkPlace, err)
		}

		orgs := newOrgsFor(db)
		co := &furusato.Company{Slug: "bidi-farm", Name: hostile, City: "郡上\u202D市", Industry: "農業\u202C", Size: "6\u200E名", Prefecture: 21,
			Website: "https://example.jp/\u202E"}
		if err := orgs.CreateCompany(ctx, f.gifu, co, ""); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindCompanyBySlug(ctx, "bidi-farm")
		if err != nil || c.Name != clean || c.City != "郡上市" || c.Industry != "農業" || c.Size != "6名" || c.Website != "https://example.jp/" {
			t.Errorf("company %+v, %v", c, err)
		}
	})
}

// TestText_WebsiteIsAnAbsoluteHTTPURL: company and organisation websites
// are absolute http(s) URLs with a host, on create and on update; other
// values are a field error, and nothing is stored.
func TestText_WebsiteIsAnAbsoluteHTTPURL(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
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
