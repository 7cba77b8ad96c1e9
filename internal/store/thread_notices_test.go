package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestThreadNotices_PeopleOneUnreadPerThreadAndRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		p := f.bySlug["watercress"]
		part := createUser(t, db, "tn-part@example.jp", false)
		coord := createUser(t, db, "tn-coord@example.jp", false)
		staff := createUser(t, db, "tn-staff@example.jp", false)
		other := createUser(t, db, "tn-other@example.jp", false)
		for _, m := range []furusato.Membership{
			{UserID: coord.ID, Role: furusato.RoleCoordinator, OrganizationID: p.OrganizationID},
			{UserID: staff.ID, Role: furusato.RoleCompanyStaff, CompanyID: p.CompanyID},
			{UserID: other.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordTokyo.ID},
		} {
			if err := addMembership(db, m); err != nil {
				t.Fatal(err)
			}
		}
		e := ntfEntry(t, db, p, part.ID)
		people, err := db.EntryThreadPeople(ctx, e.ID)
		if want := []int64{part.ID, coord.ID, staff.ID}; err != nil || !reflect.DeepEqual(people.IDs, want) ||
			people.Participant != part.ID || people.ProjectID != p.ID || people.ProjectTitle != p.Title {
			t.Fatalf("people = %+v, %v; want ids %v", people, err, want)
		}
		put := func(user int64, link, count string, at time.Time) {
			t.Helper()
			n := &furusato.Notice{UserID: user, Kind: furusato.NoticeMessage, EntryID: e.ID, Link: link, Params: map[string]string{"count": count}}
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.PutThreadNotice(ctx, n, at) }); err != nil {
				t.Fatal(err)
			}
		}
		put(coord.ID, "/manage/entries/1", "1", now)
		put(coord.ID, "/manage/entries/1", "2", now.Add(time.Minute))
		put(coord.ID, "/manage/entries/2", "1", now) // another thread: its own notice
		list, _, err := db.FindNotifications(ctx, coord.ID, 10, 0)
		if err != nil || len(list) != 2 || list[0].Params["count"] != "2" || !list[0].CreatedAt.Equal(now.Add(time.Minute).Truncate(time.Millisecond)) {
			t.Fatalf("after two puts: %+v, %v", list, err)
		}
		if n, _ := db.CountUnreadNotifications(ctx, coord.ID); n != 2 {
			t.Errorf("unread = %d", n)
		}
		// Read: the next message makes a new notice, the read one stays read.
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.MarkThreadNoticesRead(ctx, coord.ID, furusato.NoticeMessage, "/manage/entries/1", now.Add(2*time.Minute))
		}); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountUnreadNotifications(ctx, coord.ID); n != 1 {
			t.Errorf("unread after reading one thread = %d", n)
		}
		put(coord.ID, "/manage/entries/1", "1", now.Add(3*time.Minute))
		list, total, _ := db.FindNotifications(ctx, coord.ID, 10, 0)
		if total != 3 || !list[0].ReadAt.IsZero() || list[0].Params["count"] != "1" {
			t.Errorf("after a new message: %d, %+v", total, list[0])
		}
		// Someone else's notices are untouched.
		if n, _ := db.CountUnreadNotifications(ctx, staff.ID); n != 0 {
			t.Errorf("staff unread = %d", n)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.PutThreadNotice(ctx, &furusato.Notice{UserID: coord.ID, Kind: furusato.NoticeMessage}, now)
		}); err == nil {
			t.Error("a notice without a link was put")
		}
	})
}
