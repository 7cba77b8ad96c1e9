package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Notices are listed newest first by when they were made, not by id: a
// notice written later about something earlier (a back-dated one, or one
// made by a slow job) sits where its time puts it.
func TestNotifications_NewestByTime(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "order@example.jp", false)
		var ids []int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, at := range []time.Duration{-48 * time.Hour, 0, -24 * time.Hour} {
				n := &furusato.Notice{UserID: u.ID, Kind: furusato.NoticeMessage}
				if err := tx.CreateNotification(ctx, n, now.Add(at)); err != nil {
					return err
				}
				ids = append(ids, n.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := db.FindNotifications(ctx, u.ID, 10, 0)
		if err != nil || len(got) != 3 {
			t.Fatalf("notices = %v, %v", got, err)
		}
		if got[0].ID != ids[1] || got[1].ID != ids[2] || got[2].ID != ids[0] {
			t.Errorf("order = %d %d %d; want %d %d %d", got[0].ID, got[1].ID, got[2].ID, ids[1], ids[2], ids[0])
		}
	})
}

// A favourite's deadline reminder is not sent for a project the person has
// already entered (the entry is under way, or over): they know.
func TestFavorites_DeadlineNotForEntered(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "favent@example.jp", false)
		p := f.bySlug["watercress"] // deadline today+3
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.AddFavorite(ctx, u.ID, p.ID, now) }); err != nil {
			t.Fatal(err)
		}
		ntfEntry(t, db, p, u.ID)
		if due, err := db.DueFavoriteDeadlines(ctx, today, today.AddDays(3), 100); err != nil || len(due) != 0 {
			t.Errorf("due for an entered project: %+v, %v", due, err)
		}
	})
}

// ThrottleStart says when a key's window began, so a refusal can say when
// it lifts; nothing for an unknown key.
func TestThrottles_Start(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if at, err := tx.ThrottleStart(ctx, "entry:none"); err != nil || !at.IsZero() {
				t.Errorf("unknown key: %v, %v", at, err)
			}
			for i := range 3 {
				if _, err := tx.HitThrottle(ctx, "entry:1", 24*time.Hour, now.Add(time.Duration(i)*time.Hour)); err != nil {
					return err
				}
			}
			at, err := tx.ThrottleStart(ctx, "entry:1")
			if err != nil || !at.Equal(now) {
				t.Errorf("start = %v, %v; want %v", at, err, now)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A project whose organisation has no coordinator still reaches someone:
// the platform admins (the secretariat) take the coordinator's place, and
// only then.
func TestNotifications_HostIDsFallBackToAdmins(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		admin := createUser(t, db, "admin-host@example.jp", true)
		coord := createUser(t, db, "coord-host@example.jp", false)
		staff := createUser(t, db, "staff-host@example.jp", false)
		for _, m := range []furusato.Membership{
			{UserID: coord.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID},
			{UserID: staff.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID},
		} {
			if err := addMembership(db, m); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.HostIDs(ctx, f.coordGifu.ID, f.gifuCo.ID); err != nil || len(got) != 2 || got[0] != coord.ID || got[1] != staff.ID {
			t.Errorf("with a coordinator: %v, %v", got, err)
		}
		if got, err := db.HostIDs(ctx, f.coordTokyo.ID, f.gifuCo.ID); err != nil || len(got) != 2 || got[0] != admin.ID || got[1] != staff.ID {
			t.Errorf("without a coordinator: %v, %v; want admin %d and staff %d", got, err, admin.ID, staff.ID)
		}
	})
}

// Opening an entry marks the person's notices about it read, and no
// others.
func TestNotifications_MarkEntryRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "seen@example.jp", false)
		other := createUser(t, db, "other-seen@example.jp", false)
		e := ntfEntry(t, db, f.bySlug["watercress"], u.ID)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, n := range []*furusato.Notice{{UserID: u.ID, Kind: furusato.NoticeStageChanged, EntryID: e.ID},
				{UserID: u.ID, Kind: furusato.NoticeDeadlineSoon}, {UserID: other.ID, Kind: furusato.NoticeNewEntry, EntryID: e.ID}} {
				if err := tx.CreateNotification(ctx, n, now); err != nil {
					return err
				}
			}
			n, err := tx.MarkEntryNotificationsRead(ctx, u.ID, e.ID, now.Add(time.Minute))
			if n != 1 {
				t.Errorf("marked %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountUnreadNotifications(ctx, u.ID); n != 1 {
			t.Errorf("unread left = %d, want the other notice", n)
		}
		if n, _ := db.CountUnreadNotifications(ctx, other.ID); n != 1 {
			t.Errorf("another person's notice was touched: %d", n)
		}
	})
}
