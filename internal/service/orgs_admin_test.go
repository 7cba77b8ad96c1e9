package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestSlugFromName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Tanaka Farm":         "tanaka-farm",
		"  Gujo  Works, Inc.": "gujo-works-inc",
		"クレソン農園":              "",
		"2026":                "",
		"A":                   "",
		"Café":                "",
	} {
		if got := service.SlugFromName(name); got != want {
			t.Errorf("SlugFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCreateCompany_CoordinatorInOwnRegionSlugFromNameAndRefusals(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		co := &furusato.Company{Name: " Gujo Works ", Prefecture: 21, FoundedYear: 1987, City: "郡上市"}
		if err := w.orgs.CreateCompany(ctx, w.actor(w.coordX.ID), co, "192.0.2.1"); err != nil {
			t.Fatalf("coordinator of X in Gifu: %v", err)
		}
		if co.Slug != "gujo-works" || co.Name != "Gujo Works" || co.OrganizationID != w.x.ID || w.audits("company.create") != 1 {
			t.Errorf("created %+v", co)
		}
		// A coordinator of another region may not register a company bound to X.
		other := &furusato.Company{Slug: "gifu-two", Name: "岐阜の会社", Prefecture: 21}
		wantCode(t, "coordinator of Y in Gifu", w.orgs.CreateCompany(ctx, w.actor(w.coordY.ID), other, ""), furusato.EFORBIDDEN)
		other = &furusato.Company{Slug: "gifu-three", Name: "岐阜の会社", Prefecture: 21, OrganizationID: w.x.ID}
		wantCode(t, "coordinator of Y binding to X", w.orgs.CreateCompany(ctx, w.actor(w.coordY.ID), other, ""), furusato.EFORBIDDEN)
		wantCode(t, "staff", w.orgs.CreateCompany(ctx, w.actor(w.staffA.ID), &furusato.Company{Slug: "s-co", Name: "x", Prefecture: 21}, ""), furusato.EFORBIDDEN)
		// A Japanese name makes no slug: the form asks for one.
		err := w.orgs.CreateCompany(ctx, w.actor(w.admin.ID), &furusato.Company{Name: "岐阜の会社", Prefecture: 21, FoundedYear: 3000}, "")
		wantCode(t, "no slug", err, furusato.EINVALID)
		if f := furusato.ErrorFields(err); f["slug"] != "error.slug" || f["founded_year"] != "error.invalid" {
			t.Errorf("fields %v", f)
		}
		err = w.orgs.CreateCompany(ctx, w.actor(w.admin.ID), &furusato.Company{Name: "Gujo Works", Prefecture: 1}, "")
		wantCode(t, "slug taken", err, furusato.ECONFLICT)
		if w.audits("company.create") != 1 {
			t.Error("refusals were audited")
		}
		cos, err := w.orgs.Companies(ctx, w.actor(w.coordX.ID))
		if err != nil || len(cos) != 2 {
			t.Errorf("X's companies: %d, %v", len(cos), err)
		}
		if cos, err := w.orgs.Companies(ctx, w.actor(w.coordY.ID)); err != nil || len(cos) != 0 {
			t.Errorf("Y's companies: %d, %v", len(cos), err)
		}
		_, err = w.orgs.Companies(ctx, w.actor(w.staffA.ID))
		wantCode(t, "staff lists companies", err, furusato.EFORBIDDEN)
	})
}

func TestUpdateCompany_AdminCoordinatorAndStaffButNoOneElse(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		edit := func(who *furusato.User, name string) error {
			return w.orgs.UpdateCompany(ctx, w.actor(who.ID), "company-a", &furusato.Company{Name: name, Prefecture: 1, FoundedYear: 1990, Size: "従業員１２名"}, "")
		}
		for _, who := range []*furusato.User{w.admin, w.coordX, w.staffA} {
			if err := edit(who, "クレソン農園 "+who.Email); err != nil {
				t.Errorf("%s edits: %v", who.Email, err)
			}
		}
		co, err := w.orgs.Company(ctx, "company-a")
		if err != nil || co.Name != "クレソン農園 staff.a@example.jp" || co.Size != "従業員１２名" || co.Prefecture != 1 || co.OrganizationID != w.x.ID {
			t.Errorf("after edits %+v, %v", co, err)
		}
		if w.audits("company.update") != 3 {
			t.Error("edits not audited")
		}
		wantCode(t, "coordinator of Y", edit(w.coordY, "x"), furusato.EFORBIDDEN)
		wantCode(t, "someone", edit(w.user, "x"), furusato.EFORBIDDEN)
		wantCode(t, "visitor", w.orgs.UpdateCompany(ctx, furusato.Visitor, "company-a", &furusato.Company{Name: "x", Prefecture: 1}, ""), furusato.EUNAUTHORIZED)
		wantCode(t, "empty name", edit(w.admin, " "), furusato.EINVALID)
		wantCode(t, "unknown", w.orgs.UpdateCompany(ctx, w.actor(w.admin.ID), "nowhere", &furusato.Company{Name: "x", Prefecture: 1}, ""), furusato.ENOTFOUND)
	})
}

func TestRevokeInvitation_AsTheInviterPolicyOnceAndAudited(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		inv, err := w.orgs.Invite(ctx, w.actor(w.coordX.ID), "new@example.jp", furusato.RoleCoordinator, service.InviteTarget{Org: w.x}, "ja", "")
		if err != nil {
			t.Fatal(err)
		}
		tok := inviteToken(t, w.oneMail("invitation", "new@example.jp"))
		id := service.InvitationID(inv)
		// Someone else's invitation: a coordinator of Y, staff, a visitor.
		_, err = w.orgs.RevokeInvitation(ctx, w.actor(w.coordY.ID), id, "")
		wantCode(t, "coordinator of Y revokes X's", err, furusato.EFORBIDDEN)
		_, err = w.orgs.RevokeInvitation(ctx, w.actor(w.staffA.ID), id, "")
		wantCode(t, "staff revokes", err, furusato.EFORBIDDEN)
		_, err = w.orgs.RevokeInvitation(ctx, furusato.Visitor, id, "")
		wantCode(t, "visitor revokes", err, furusato.EUNAUTHORIZED)
		_, err = w.orgs.RevokeInvitation(ctx, w.actor(w.coordX.ID), "nonsense", "")
		wantCode(t, "bad id", err, furusato.ENOTFOUND)

		info, err := w.orgs.RevokeInvitation(ctx, w.actor(w.coordX.ID), id, "192.0.2.1")
		if err != nil || info.Organization.ID != w.x.ID || info.State != service.InvitationRevoked {
			t.Fatalf("revoke: %+v, %v", info, err)
		}
		if w.audits("invitation.revoke") != 1 {
			t.Error("not audited")
		}
		if got, err := w.orgs.Invitation(ctx, tok); err != nil || got.State != service.InvitationRevoked {
			t.Errorf("after revoking: %+v, %v", got, err)
		}
		ms, err := w.orgs.OrganizationMembers(ctx, w.actor(w.coordX.ID), w.x)
		if err != nil || len(ms.Pending) != 0 {
			t.Errorf("pending after revoking: %+v, %v", ms, err)
		}
		info, err = w.orgs.RevokeInvitation(ctx, w.actor(w.admin.ID), id, "")
		wantCode(t, "twice", err, furusato.ECONFLICT)
		if info == nil || info.Organization.ID != w.x.ID {
			t.Errorf("conflict without its invitation: %+v", info)
		}

		// A company's invitation: its coordinator (and admins) may revoke it, its staff may not.
		inv, err = w.orgs.Invite(ctx, w.actor(w.admin.ID), "staff2@example.jp", furusato.RoleCompanyStaff, service.InviteTarget{Company: w.a}, "ja", "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.orgs.RevokeInvitation(ctx, w.actor(w.staffA.ID), service.InvitationID(inv), "")
		wantCode(t, "staff revokes the company's", err, furusato.EFORBIDDEN)
		if info, err := w.orgs.RevokeInvitation(ctx, w.actor(w.coordX.ID), service.InvitationID(inv), ""); err != nil || info.Company.ID != w.a.ID {
			t.Errorf("coordinator revokes the company's: %+v, %v", info, err)
		}
		// A partner group's invitation: admins only.
		inv, err = w.orgs.Invite(ctx, w.actor(w.admin.ID), "sup2@example.jp", furusato.RoleSupporter, service.InviteTarget{Org: w.g}, "ja", "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.orgs.RevokeInvitation(ctx, w.actor(w.supporterG.ID), service.InvitationID(inv), "")
		wantCode(t, "supporter revokes", err, furusato.EFORBIDDEN)
		if _, err := w.orgs.RevokeInvitation(ctx, w.actor(w.admin.ID), service.InvitationID(inv), ""); err != nil {
			t.Errorf("admin revokes the group's: %v", err)
		}
	})
}
