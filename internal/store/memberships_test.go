package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func addMembership(db *store.DB, m furusato.Membership) error {
	return db.Tx(context.Background(), func(tx *store.Tx) error { return tx.AddMembership(context.Background(), &m, now) })
}

func TestMemberships_AddFindRemove(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "coord@example.jp", false)
		now := now.UTC() // as read back
		want := []furusato.Membership{
			{UserID: u.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID, CreatedAt: now},
			{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID, CreatedAt: now},
			{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: f.partner.ID, CreatedAt: now},
			// The same organisation in another role is another membership.
			{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: f.coordGifu.ID, CreatedAt: now},
		}
		for _, m := range want {
			if err := addMembership(db, m); err != nil {
				t.Fatalf("add %+v: %v", m, err)
			}
		}
		got, err := db.FindMemberships(ctx, u.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("FindMemberships = %+v, %v; want %+v", got, err, want)
		}
		if got, err := db.FindMemberships(ctx, 999); err != nil || len(got) != 0 {
			t.Errorf("memberships of nobody = %v, %v", got, err)
		}

		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.User.ID != u.ID || !a.CoordinatorOf(f.coordGifu.ID) || !a.StaffOf(f.gifuCo.ID) || !a.SupporterIn(f.partner.ID) ||
			a.CoordinatorOf(f.coordTokyo.ID) || a.StaffOf(f.tokyoCo.ID) || len(a.Supporting) != 0 {
			t.Errorf("actor = %+v", a)
		}

		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.RemoveMembership(ctx, want[0]) })
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := db.ActorFor(ctx, u.ID); a.CoordinatorOf(f.coordGifu.ID) || !a.StaffOf(f.gifuCo.ID) {
			t.Errorf("after removal: %+v", a.Memberships)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.RemoveMembership(ctx, want[0]) })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("removing again: err = %v, want ENOTFOUND", err)
		}
	})
}

func TestMemberships_DuplicateIsConflict(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		f := loadFixture(t, db)
		u := createUser(t, db, "coord@example.jp", false)
		for _, m := range []furusato.Membership{
			{UserID: u.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID},
			{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID},
		} {
			if err := addMembership(db, m); err != nil {
				t.Fatal(err)
			}
			err := addMembership(db, m)
			if furusato.ErrorCode(err) != furusato.ECONFLICT || furusato.ErrorFields(err)["role"] != "error.taken" {
				t.Errorf("duplicate %s: err = %v, want ECONFLICT on role", m.Role, err)
			}
		}
	})
}

func TestMemberships_MalformedOrDanglingIsRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		f := loadFixture(t, db)
		u := createUser(t, db, "coord@example.jp", false)
		for _, tc := range []struct {
			name string
			m    furusato.Membership
			code string
		}{
			{"staff of an organisation", furusato.Membership{UserID: u.ID, Role: furusato.RoleCompanyStaff, OrganizationID: f.coordGifu.ID}, furusato.EINVALID},
			{"coordinator of a company", furusato.Membership{UserID: u.ID, Role: furusato.RoleCoordinator, CompanyID: f.gifuCo.ID}, furusato.EINVALID},
			{"both", furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: f.partner.ID, CompanyID: f.gifuCo.ID}, furusato.EINVALID},
			{"neither", furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter}, furusato.EINVALID},
			{"unknown role", furusato.Membership{UserID: u.ID, Role: "owner", OrganizationID: f.partner.ID}, furusato.EINVALID},
			{"no user", furusato.Membership{Role: furusato.RoleSupporter, OrganizationID: f.partner.ID}, furusato.EINVALID},
			{"missing user", furusato.Membership{UserID: 999, Role: furusato.RoleSupporter, OrganizationID: f.partner.ID}, furusato.ENOTFOUND},
			{"missing organisation", furusato.Membership{UserID: u.ID, Role: furusato.RoleSupporter, OrganizationID: 999}, furusato.ENOTFOUND},
			{"missing company", furusato.Membership{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: 999}, furusato.ENOTFOUND},
		} {
			if err := addMembership(db, tc.m); furusato.ErrorCode(err) != tc.code {
				t.Errorf("%s: err = %v, want %s", tc.name, err, tc.code)
			}
		}
		if ms, _ := db.FindMemberships(context.Background(), u.ID); len(ms) != 0 {
			t.Errorf("refused memberships were stored: %+v", ms)
		}
	})
}

// The schema itself keeps the invariants, whatever code writes the rows.
func TestMemberships_SchemaChecks(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "coord@example.jp", false)
		ok := func(q string) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.ExecForTest(ctx, q) })
		}
		ins := func(role, org, co string) string {
			return "INSERT INTO memberships (user_id, role, organization_id, company_id, created_at) VALUES (" +
				itoa(u.ID) + ", '" + role + "', " + org + ", " + co + ", 1)"
		}
		org, co := itoa(f.coordGifu.ID), itoa(f.gifuCo.ID)
		for _, q := range []string{
			ins("company_staff", org, "NULL"),
			ins("coordinator", "NULL", co),
			ins("supporter", org, co),
			ins("supporter", "NULL", "NULL"),
			ins("owner", org, "NULL"),
		} {
			if err := ok(q); err == nil {
				t.Errorf("schema accepted %s", q)
			}
		}
		if err := ok(ins("coordinator", org, "NULL")); err != nil {
			t.Fatal(err)
		}
		if err := ok(ins("coordinator", org, "NULL")); err == nil {
			t.Error("schema accepted a duplicate membership")
		}
		// Deleting the user deletes their memberships.
		if err := ok("DELETE FROM users WHERE id = " + itoa(u.ID)); err != nil {
			t.Fatal(err)
		}
		if ms, _ := db.FindMemberships(ctx, u.ID); len(ms) != 0 {
			t.Errorf("memberships outlived their user: %+v", ms)
		}
	})
}

func TestActorFor_DeletedUserIsNotFound(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "gone@example.jp", false)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, "UPDATE users SET deleted_at = 1 WHERE id = "+itoa(u.ID))
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActorFor(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("ActorFor(deleted) err = %v, want ENOTFOUND", err)
		}
	})
}
