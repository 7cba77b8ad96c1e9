package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// An organisation's only coordinator cannot be removed, by themselves or
// an admin (manage.md D6); with a second coordinator, one may leave.
func TestOrgsRemoveMembership_LastCoordinatorIsRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		mine := furusato.Membership{UserID: w.coordX.ID, Role: furusato.RoleCoordinator, OrganizationID: w.x.ID}
		for _, who := range []int64{w.coordX.ID, w.admin.ID} {
			if err := w.orgs.RemoveMembership(ctx, w.actor(who), mine, ""); err != service.ErrLastCoordinator {
				t.Errorf("removing the last coordinator (by %d): %v", who, err)
			}
		}
		if a := w.actor(w.coordX.ID); !a.CoordinatorOf(w.x.ID) {
			t.Fatal("the refused removal removed the membership")
		}
		if w.audits("membership.remove") != 0 {
			t.Error("a refused removal was audited")
		}
		second := furusato.Membership{UserID: w.coordY.ID, Role: furusato.RoleCoordinator, OrganizationID: w.x.ID}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.AddMembership(ctx, &second, now) }); err != nil {
			t.Fatal(err)
		}
		if err := w.orgs.RemoveMembership(ctx, w.actor(w.coordX.ID), mine, ""); err != nil {
			t.Errorf("leaving with another coordinator left: %v", err)
		}
	})
}
