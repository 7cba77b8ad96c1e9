package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestUsers_AdminSearchesByEmailOrNameInAnyWidthAndCase(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		admin := w.actor(w.admin.ID)
		rows, total, err := w.svc.Users.Users(ctx, admin, furusato.UserFilter{Limit: 50})
		if err != nil || total != 6 || len(rows) != 6 {
			t.Fatalf("all users: %d rows, total %d, %v", len(rows), total, err)
		}
		for query, want := range map[string]string{
			"ＣＯＯＲＤ．Ｘ":   "coord.x@example.jp", // full-width, upper case
			" STAFF.A ": "staff.a@example.jp",
			"100%":      "",
		} {
			rows, total, err := w.svc.Users.Users(ctx, admin, furusato.UserFilter{Query: query, Limit: 50})
			if err != nil {
				t.Fatalf("%q: %v", query, err)
			}
			if want == "" {
				if total != 0 || len(rows) != 0 {
					t.Errorf("%q found %d", query, total)
				}
				continue
			}
			if total != 1 || len(rows) != 1 || rows[0].User.Email != want || rows[0].Memberships != 1 {
				t.Errorf("%q: total %d, rows %+v", query, total, rows)
			}
		}
		// By name: every account here is 「利用者」; one is renamed.
		rows, total, err = w.svc.Users.Users(ctx, admin, furusato.UserFilter{Query: "利用", Limit: 2, Offset: 2})
		if err != nil || total != 6 || len(rows) != 2 {
			t.Errorf("by name, page 2: %d rows, total %d, %v", len(rows), total, err)
		}
		rows, total, err = w.svc.Users.Users(ctx, admin, furusato.UserFilter{Limit: 50, Offset: 100})
		if err != nil || total != 6 || len(rows) != 0 {
			t.Errorf("past the end: %d rows, total %d, %v", len(rows), total, err)
		}
		for who, a := range map[string]*furusato.Actor{"visitor": furusato.Visitor, "coordinator": w.actor(w.coordX.ID), "staff": w.actor(w.staffA.ID)} {
			_, _, err := w.svc.Users.Users(ctx, a, furusato.UserFilter{})
			want := furusato.EFORBIDDEN
			if who == "visitor" {
				want = furusato.EUNAUTHORIZED
			}
			wantCode(t, who+" lists users", err, want)
			_, _, err = w.svc.Users.User(ctx, a, w.user.ID)
			wantCode(t, who+" opens a user", err, want)
		}
	})
}

func TestUser_AdminSeesMembershipsWithNames(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		u, ms, err := w.svc.Users.User(ctx, w.actor(w.admin.ID), w.staffA.ID)
		if err != nil || u.Email != "staff.a@example.jp" {
			t.Fatalf("User: %+v, %v", u, err)
		}
		if len(ms) != 1 || ms[0].Company == nil || ms[0].Company.Name != "クレソン農園" || ms[0].Company.OrganizationID != w.x.ID || ms[0].Role != furusato.RoleCompanyStaff {
			t.Errorf("memberships %+v", ms)
		}
		_, ms, err = w.svc.Users.User(ctx, w.actor(w.admin.ID), w.coordX.ID)
		if err != nil || len(ms) != 1 || ms[0].Organization == nil || ms[0].Organization.Slug != "org-x" || ms[0].Organization.Kind != furusato.OrgCoordinator {
			t.Errorf("coordinator's memberships %+v, %v", ms, err)
		}
		_, _, err = w.svc.Users.User(ctx, w.actor(w.admin.ID), 999999)
		wantCode(t, "unknown user", err, furusato.ENOTFOUND)

		mine, err := w.svc.Users.MyMemberships(ctx, w.actor(w.supporterG.ID))
		if err != nil || len(mine) != 1 || mine[0].Organization.Name != "group-g 団体" {
			t.Errorf("MyMemberships %+v, %v", mine, err)
		}
		_, err = w.svc.Users.MyMemberships(ctx, furusato.Visitor)
		wantCode(t, "visitor's memberships", err, furusato.EUNAUTHORIZED)

		orgs, err := w.svc.Users.Coordinating(ctx, w.actor(w.coordX.ID))
		if err != nil || len(orgs) != 1 || orgs[0].ID != w.x.ID {
			t.Errorf("Coordinating %+v, %v", orgs, err)
		}
		if orgs, err := w.svc.Users.Coordinating(ctx, w.actor(w.staffA.ID)); err != nil || len(orgs) != 0 {
			t.Errorf("staff coordinates %+v, %v", orgs, err)
		}
	})
}

func TestSetAdmin_GrantRevokeAuditedAndNeverOwnFlag(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		admin := w.actor(w.admin.ID)
		if err := w.svc.Users.SetAdmin(ctx, admin, w.user.ID, true, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if a := w.actor(w.user.ID); !a.IsAdmin() {
			t.Error("not an admin after the grant")
		}
		if w.audits("user.admin_grant") != 1 {
			t.Error("grant not audited")
		}
		// Granting again changes nothing and writes no audit entry.
		if err := w.svc.Users.SetAdmin(ctx, admin, w.user.ID, true, ""); err != nil || w.audits("user.admin_grant") != 1 {
			t.Errorf("second grant: %v, %d audits", err, w.audits("user.admin_grant"))
		}
		// The new admin takes the first admin's flag away, on the next request.
		if err := w.svc.Users.SetAdmin(ctx, w.actor(w.user.ID), w.admin.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if w.actor(w.admin.ID).IsAdmin() || w.audits("user.admin_revoke") != 1 {
			t.Error("revoke did not take effect or was not audited")
		}

		err := w.svc.Users.SetAdmin(ctx, w.actor(w.user.ID), w.user.ID, false, "")
		wantCode(t, "admin removes own flag", err, furusato.ECONFLICT)
		if f := furusato.ErrorFields(err)["admin"]; f != "admin.own_admin" {
			t.Errorf("field %q", f)
		}
		if !w.actor(w.user.ID).IsAdmin() {
			t.Error("own flag removed")
		}
		wantCode(t, "staff grants themselves", w.svc.Users.SetAdmin(ctx, w.actor(w.staffA.ID), w.staffA.ID, true, ""), furusato.EFORBIDDEN)
		wantCode(t, "coordinator grants", w.svc.Users.SetAdmin(ctx, w.actor(w.coordX.ID), w.staffA.ID, true, ""), furusato.EFORBIDDEN)
		wantCode(t, "visitor grants", w.svc.Users.SetAdmin(ctx, furusato.Visitor, w.staffA.ID, true, ""), furusato.EUNAUTHORIZED)
		wantCode(t, "unknown user", w.svc.Users.SetAdmin(ctx, w.actor(w.user.ID), 999999, true, ""), furusato.ENOTFOUND)
		if w.actor(w.staffA.ID).IsAdmin() {
			t.Error("staff became admin")
		}
	})
}
