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

// ntfEntry enters participant into project p.
func ntfEntry(t *testing.T, db *store.DB, p *furusato.Project, participant int64) *furusato.Entry {
	t.Helper()
	e := &furusato.Entry{ProjectID: p.ID, UserID: participant, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "関わりたい", Contribution: "広報", HoursPerWeek: 10}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return tx.CreateEntry(context.Background(), e, now) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func ntfMessage(t *testing.T, db *store.DB, entry, author int64, body string, at time.Time) *furusato.Message {
	t.Helper()
	m := &furusato.Message{EntryID: entry, AuthorID: author, Body: body}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.CreateMessage(context.Background(), m, store.MessageKindMessage, at)
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNotifications_CreateListReadAndPrefs(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "n1@example.jp", false)
		other := createUser(t, db, "n2@example.jp", false)
		p := f.bySlug["watercress"]
		var ids []int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i := 0; i < 3; i++ {
				n := &furusato.Notice{UserID: u.ID, Kind: furusato.NoticeDeadlineSoon, ProjectID: p.ID,
					Params: map[string]string{"project": p.Title}, Link: "/projects/" + p.Slug}
				if err := tx.CreateNotification(ctx, n, now.Add(time.Duration(i)*time.Minute)); err != nil {
					return err
				}
				ids = append(ids, n.ID)
			}
			return tx.CreateNotification(ctx, &furusato.Notice{UserID: other.ID, Kind: furusato.NoticeMessage}, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, total, err := db.FindNotifications(ctx, u.ID, 2, 0)
		if err != nil || total != 3 || len(got) != 2 || got[0].ID != ids[2] || got[1].ID != ids[1] {
			t.Fatalf("page 1 = %v, %d, %v", got, total, err)
		}
		if g := got[0]; g.Params["project"] != p.Title || g.ProjectID != p.ID || g.EntryID != 0 || g.Link != "/projects/watercress" ||
			!g.ReadAt.IsZero() || !g.CreatedAt.Equal(now.Add(2*time.Minute)) || g.Kind != furusato.NoticeDeadlineSoon {
			t.Errorf("notice = %+v", g)
		}
		if got, total, _ := db.FindNotifications(ctx, u.ID, 2, 4); len(got) != 0 || total != 3 {
			t.Errorf("past the end = %v, %d", got, total)
		}
		if n, _ := db.CountUnreadNotifications(ctx, u.ID); n != 3 {
			t.Errorf("unread = %d", n)
		}
		// Someone else's notice is not found, and cannot be marked.
		if _, err := db.FindNotification(ctx, other.ID, ids[0]); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("other's notice: %v", err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkNotificationRead(ctx, other.ID, ids[0], now) })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("mark other's: %v", err)
		}
		read := now.Add(time.Hour)
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkNotificationRead(ctx, u.ID, ids[0], read) }); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.FindNotification(ctx, u.ID, ids[0]); !n.ReadAt.Equal(read) {
			t.Errorf("read at %v", n.ReadAt)
		}
		var changed int
		err = db.Tx(ctx, func(tx *store.Tx) (err error) {
			changed, err = tx.MarkAllNotificationsRead(ctx, u.ID, read.Add(time.Hour))
			return
		})
		if err != nil || changed != 2 {
			t.Errorf("read all = %d, %v", changed, err)
		}
		if n, _ := db.FindNotification(ctx, u.ID, ids[0]); !n.ReadAt.Equal(read) {
			t.Errorf("first read time lost: %v", n.ReadAt)
		}
		if n, _ := db.CountUnreadNotifications(ctx, u.ID); n != 0 {
			t.Errorf("unread after read all = %d", n)
		}
		if n, _ := db.CountUnreadNotifications(ctx, other.ID); n != 1 {
			t.Errorf("other's unread = %d", n)
		}

		// Preferences: on by default; saved choices read back.
		prefs, err := db.NoticePrefs(ctx, u.ID)
		if err != nil || len(prefs) != len(furusato.NoticeKinds) || !prefs[0].Email {
			t.Fatalf("default prefs = %v, %v", prefs, err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: furusato.NoticeMessage, Email: false}, {Kind: furusato.NoticeOffer, Email: true}})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: furusato.NoticeNewEntry, Email: false}})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range furusato.NoticeKinds {
			want := k != furusato.NoticeMessage && k != furusato.NoticeNewEntry
			if on, err := db.NoticeEmail(ctx, u.ID, k); err != nil || on != want {
				t.Errorf("email %s = %v, %v; want %v", k, on, err, want)
			}
		}
		if on, _ := db.NoticeEmail(ctx, other.ID, furusato.NoticeMessage); !on {
			t.Error("another person's default changed")
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: "nope"}})
		})
		if furusato.ErrorCode(err) != furusato.EINVALID {
			t.Errorf("unknown kind: %v", err)
		}
	})
}

func TestNotifications_HostIDs(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		coord := createUser(t, db, "coord@example.jp", false)
		both := createUser(t, db, "both@example.jp", false)
		staff := createUser(t, db, "staff@example.jp", false)
		tokyo := createUser(t, db, "tokyo@example.jp", false)
		sup := createUser(t, db, "sup@example.jp", false)
		for _, m := range []furusato.Membership{
			{UserID: coord.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID},
			{UserID: both.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID},
			{UserID: both.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID},
			{UserID: staff.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID},
			{UserID: tokyo.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordTokyo.ID},
			{UserID: tokyo.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.tokyoCo.ID},
			{UserID: sup.ID, Role: furusato.RoleSupporter, OrganizationID: f.coordGifu.ID},
		} {
			if err := addMembership(db, m); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.HostIDs(ctx, f.coordGifu.ID, f.gifuCo.ID)
		if want := []int64{coord.ID, both.ID, staff.ID}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("hosts = %v, %v; want %v", got, err, want)
		}
	})
}

func TestMessages_ThreadReadsAndUnread(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		part := createUser(t, db, "part@example.jp", false)
		coord := createUser(t, db, "coord@example.jp", false)
		if err := addMembership(db, furusato.Membership{UserID: coord.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID}); err != nil {
			t.Fatal(err)
		}
		p := f.bySlug["watercress"]
		e := ntfEntry(t, db, p, part.ID)
		me, err := db.FindEntry(ctx, e.ID)
		if err != nil || me.Scope() != e.Scope() {
			t.Fatalf("message entry = %+v, %v", me, err)
		}
		if _, err := db.FindEntry(ctx, 9999); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing entry: %v", err)
		}
		m1 := ntfMessage(t, db, e.ID, part.ID, "はじめまして", now)
		m2 := ntfMessage(t, db, e.ID, coord.ID, "よろしくお願いします", now.Add(time.Minute))
		m3 := ntfMessage(t, db, e.ID, coord.ID, "面談しましょう", now.Add(2*time.Minute))
		got, err := db.FindMessages(ctx, e.ID)
		if err != nil || len(got) != 3 || got[0].ID != m1.ID || got[2].ID != m3.ID || got[1].AuthorName != "山田 花子" ||
			got[1].AuthorID != coord.ID || got[1].Body != "よろしくお願いします" || !got[1].CreatedAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("thread = %+v, %v", got, err)
		}
		if c, _ := db.UnreadMessageCounts(ctx, part.ID, []int64{e.ID}); c[e.ID] != 2 {
			t.Errorf("participant unread = %v", c)
		}
		if c, _ := db.UnreadMessageCounts(ctx, coord.ID, []int64{e.ID}); c[e.ID] != 1 {
			t.Errorf("coordinator unread = %v", c)
		}
		// Only the entries asked for are counted (who may ask is the service's).
		if c, _ := db.UnreadMessageCounts(ctx, part.ID, []int64{e.ID + 1000}); len(c) != 0 {
			t.Errorf("unread of an entry not asked for = %v", c)
		}
		mark := func(user, id int64) {
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkThreadRead(ctx, e.ID, user, id) }); err != nil {
				t.Fatal(err)
			}
		}
		mark(part.ID, m2.ID)
		mark(part.ID, m1.ID) // never moves back
		if c, _ := db.UnreadMessageCounts(ctx, part.ID, []int64{e.ID}); c[e.ID] != 1 {
			t.Errorf("participant unread after reading = %v", c)
		}
		mark(part.ID, m3.ID)
		if c, _ := db.UnreadMessageCounts(ctx, part.ID, []int64{e.ID}); len(c) != 0 {
			t.Errorf("participant unread after reading all = %v", c)
		}
		if ms, _ := db.FindDigestMessages(ctx, e.ID, part.ID, m1.ID, m3.ID); len(ms) != 2 || ms[0].ID != m2.ID {
			t.Errorf("digest messages = %v", ms)
		}
	})
}

func TestMessages_DigestCandidatesAndMark(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		part := createUser(t, db, "part@example.jp", false)
		coord := createUser(t, db, "coord@example.jp", false)
		staff := createUser(t, db, "staff@example.jp", false)
		for _, m := range []furusato.Membership{
			{UserID: coord.ID, Role: furusato.RoleCoordinator, OrganizationID: f.coordGifu.ID},
			{UserID: staff.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.gifuCo.ID},
		} {
			if err := addMembership(db, m); err != nil {
				t.Fatal(err)
			}
		}
		e := ntfEntry(t, db, f.bySlug["watercress"], part.ID)
		t0 := now
		for i := 0; i < 3; i++ {
			ntfMessage(t, db, e.ID, part.ID, "質問です", t0.Add(time.Duration(i)*time.Minute))
		}
		last := ntfMessage(t, db, e.ID, coord.ID, "お答えします", t0.Add(3*time.Minute))
		find := func(at time.Time) []store.DigestCandidate {
			t.Helper()
			c, err := db.FindDigestCandidates(ctx, at.Add(-7*24*time.Hour), at.Add(-5*time.Minute), at.Add(-30*time.Minute), 100)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		// Not quiet yet.
		if c := find(t0.Add(4 * time.Minute)); len(c) != 0 {
			t.Errorf("too early: %+v", c)
		}
		c := find(t0.Add(9 * time.Minute))
		// participant: 1 message (by coord); coord: 3 (by part); staff: 4.
		if len(c) != 3 {
			t.Fatalf("candidates = %+v", c)
		}
		byUser := map[int64]store.DigestCandidate{}
		for _, d := range c {
			byUser[d.UserID] = d
		}
		if d := byUser[part.ID]; d.Count != 1 || !d.Participant || d.Last != last.ID {
			t.Errorf("participant = %+v", d)
		}
		if d := byUser[coord.ID]; d.Count != 3 || d.Participant || d.Last != last.ID-1 {
			t.Errorf("coordinator = %+v", d)
		}
		if d := byUser[staff.ID]; d.Count != 4 || d.ProjectTitle == "" {
			t.Errorf("staff = %+v", d)
		}
		advance := func(d store.DigestCandidate) bool {
			var ok bool
			if err := db.Tx(ctx, func(tx *store.Tx) (err error) { ok, err = tx.AdvanceDigest(ctx, d.EntryID, d.UserID, d.Last); return }); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for _, d := range c {
			if !advance(d) {
				t.Errorf("first advance of %+v refused", d)
			}
			if advance(d) {
				t.Errorf("second advance of %+v accepted", d)
			}
		}
		if c := find(t0.Add(time.Hour)); len(c) != 0 {
			t.Errorf("after the digests: %+v", c)
		}
		// The participant reads; a new message by them is due to the hosts only.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkThreadRead(ctx, e.ID, part.ID, last.ID) }); err != nil {
			t.Fatal(err)
		}
		ntfMessage(t, db, e.ID, part.ID, "ありがとうございます", t0.Add(time.Hour))
		if c := find(t0.Add(2 * time.Hour)); len(c) != 2 || c[0].Count != 1 || c[1].Count != 1 {
			t.Errorf("second round: %+v", c)
		}
	})
}

func TestFavorites_DeadlineNoticeOnce(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		u := createUser(t, db, "fav@example.jp", false)
		p := f.bySlug["watercress"] // deadline today+3
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.AddFavorite(ctx, u.ID, p.ID, now) }); err != nil {
			t.Fatal(err)
		}
		due, err := db.DueFavoriteDeadlines(ctx, today, today.AddDays(3), 100)
		if err != nil || len(due) != 1 || due[0].ProjectID != p.ID || due[0].UserID != u.ID || due[0].Deadline != p.Deadline || due[0].Slug != p.Slug {
			t.Fatalf("due = %+v, %v", due, err)
		}
		if due, _ := db.DueFavoriteDeadlines(ctx, today, today.AddDays(2), 100); len(due) != 0 {
			t.Errorf("due too early: %+v", due)
		}
		for i, want := range []bool{true, false} {
			var ok bool
			err := db.Tx(ctx, func(tx *store.Tx) (err error) { ok, err = tx.MarkFavoriteDeadlineNotified(ctx, u.ID, p.ID); return })
			if err != nil || ok != want {
				t.Errorf("mark %d = %v, %v", i, ok, err)
			}
		}
		if due, _ := db.DueFavoriteDeadlines(ctx, today, today.AddDays(3), 100); len(due) != 0 {
			t.Errorf("due after notice: %+v", due)
		}
	})
}
