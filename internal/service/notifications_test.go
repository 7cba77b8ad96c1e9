package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// msgFixture is the entry fixture with Messages and a Notifier on its
// clock, and one entry of a fresh participant (verified address).
type msgFixture struct {
	*entryFixture
	notify *service.Notifier
	msgs   *service.Messages
	part   *furusato.Actor
	entry  *furusato.Entry
}

func newMsgFixture(t *testing.T, db *store.DB) *msgFixture {
	t.Helper()
	f := &msgFixture{entryFixture: newEntryFixture(t, db, 3)}
	f.notify, f.msgs = f.services.Notifier, f.services.Messages
	f.part = f.newParticipant(t, "参加 太郎")
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.MarkEmailVerified(context.Background(), f.part.User.ID, now)
	}); err != nil {
		t.Fatal(err)
	}
	f.entry = f.submit(t, f.part, f.project)
	return f
}

// mails returns the outbox mail of kind to address to.
func mails(t *testing.T, db *store.DB, kind, to string) []*furusato.OutboxMail {
	t.Helper()
	all, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []*furusato.OutboxMail
	for _, m := range all {
		if m.Kind == kind && m.To == to {
			out = append(out, m)
		}
	}
	return out
}

func TestMessages_OnlyTheParticipantAndHostsReadAndWrite(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newMsgFixture(t, db)
	other := f.newParticipant(t, "別の 参加者")
	for name, a := range map[string]*furusato.Actor{"another participant": other, "other region's coordinator": f.hokkaido,
		"other company's staff": f.otherStaff, "removed staff": f.removed} {
		_, _, err := f.msgs.Post(ctx, a, f.entry.ID, "こんにちは")
		wantCode(t, name+" posts", err, furusato.ENOTFOUND)
		_, err = f.msgs.Thread(ctx, a, f.entry.ID)
		wantCode(t, name+" reads", err, furusato.ENOTFOUND)
	}
	_, _, err := f.msgs.Post(ctx, furusato.Visitor, f.entry.ID, "こんにちは")
	wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)
	_, _, err = f.msgs.Post(ctx, f.part, 99999, "こんにちは")
	wantCode(t, "no such entry", err, furusato.ENOTFOUND)
	th, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, " \r\n ")
	if furusato.ErrorFields(err)["body"] != "messages.error.body_required" || th == nil || th.EntryPath() != fmt.Sprintf("/me/entries/%d", f.entry.ID) {
		t.Fatalf("empty: %v, %+v", err, th)
	}
	_, _, err = f.msgs.Post(ctx, f.part, f.entry.ID, strings.Repeat("あ", furusato.MaxMessage+1))
	if furusato.ErrorFields(err)["body"] != "messages.error.body_long" {
		t.Fatalf("long: %v", err)
	}
	for _, a := range []*furusato.Actor{f.part, f.gifu, f.staff, f.admin} {
		if _, _, err := f.msgs.Post(ctx, a, f.entry.ID, "  ＡＢＣ　です\r\n二行目  "); err != nil {
			t.Fatalf("%s posts: %v", a.User.Email, err)
		}
	}
	// Unread: the participant has 3 from others until reading the thread.
	per, total, err := f.msgs.UnreadCounts(ctx, f.part, []*furusato.Entry{f.entry})
	if err != nil || per[f.entry.ID] != 3 || total != 3 {
		t.Fatalf("unread = %v, %d, %v", per, total, err)
	}
	// Someone who may not see the entry learns nothing of it.
	if per, total, err := f.msgs.UnreadCounts(ctx, f.newParticipant(t, "別の 参加者"), []*furusato.Entry{f.entry}); err != nil || len(per) != 0 || total != 0 {
		t.Fatalf("another participant's unread = %v, %d, %v", per, total, err)
	}
	th, err = f.msgs.Thread(ctx, f.part, f.entry.ID)
	if err != nil || len(th.Messages) != 4 || th.Messages[0].Body != "ＡＢＣ　です\n二行目" || th.Messages[1].AuthorID != f.gifu.User.ID || !th.Participant {
		t.Fatalf("thread = %+v, %v", th, err)
	}
	if _, total, _ := f.msgs.UnreadCounts(ctx, f.part, []*furusato.Entry{f.entry}); total != 0 {
		t.Errorf("unread after reading = %d", total)
	}
	if th, _ := f.msgs.Thread(ctx, f.staff, f.entry.ID); th.Participant || th.EntryPath() != fmt.Sprintf("/manage/entries/%d", f.entry.ID) {
		t.Errorf("host's path = %s", th.EntryPath())
	}
}

func TestMessagesSendDigests_OneMailPerThreadOnceAndPreferences(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newMsgFixture(t, db)
		// The company's staff wants no e-mail for messages.
		if err := f.notify.SetPrefs(ctx, f.staff, []furusato.NoticeKind{furusato.NoticeOffer}); err != nil {
			t.Fatal(err)
		}
		start := f.at
		for i := 0; i < 10; i++ {
			f.at = start.Add(time.Duration(i) * time.Minute)
			if _, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, fmt.Sprintf("質問その%d", i+1)); err != nil {
				t.Fatal(err)
			}
		}
		f.at = start.Add(12 * time.Minute) // 3 minutes after the last: not quiet yet
		if n, err := f.msgs.SendDigests(ctx); err != nil || n != 0 {
			t.Fatalf("too early: %d, %v", n, err)
		}
		f.at = start.Add(15 * time.Minute)
		n, err := f.msgs.SendDigests(ctx)
		if err != nil || n < 2 {
			t.Fatalf("digests = %d, %v", n, err)
		}
		got := mails(t, db, "message_digest", f.gifu.User.Email)
		if len(got) != 1 {
			t.Fatalf("coordinator got %d digests", len(got))
		}
		for i := 1; i <= 10; i++ {
			if !strings.Contains(got[0].Text, fmt.Sprintf("質問その%d\n", i)) {
				t.Errorf("digest lacks message %d:\n%s", i, got[0].Text)
			}
		}
		if !strings.Contains(got[0].Subject, "10件") || !strings.Contains(got[0].Text, fmt.Sprintf("https://furusato.example/manage/entries/%d", f.entry.ID)) {
			t.Errorf("digest: %s\n%s", got[0].Subject, got[0].Text)
		}
		if m := mails(t, db, "message_digest", f.staff.User.Email); len(m) != 0 {
			t.Error("staff got a digest despite the preference")
		}
		if m := mails(t, db, "message_digest", f.part.User.Email); len(m) != 0 {
			t.Error("the author got a digest of their own messages")
		}
		// The in-app notice is there for both hosts, one per thread (put by Post).
		for _, a := range []*furusato.Actor{f.gifu, f.staff} {
			list, _, _ := f.notify.List(ctx, a, 100, 0)
			c := 0
			for _, x := range list {
				if x.Kind == furusato.NoticeMessage && x.EntryID == f.entry.ID {
					c++
					if x.Params["count"] != "10" {
						t.Errorf("notice params %v", x.Params)
					}
				}
			}
			if c != 1 {
				t.Errorf("%s: %d message notices", a.User.Email, c)
			}
		}
		// Again, later, and concurrently: nothing more.
		f.at = start.Add(time.Hour)
		done := make(chan int, 2)
		for i := 0; i < 2; i++ {
			go func() {
				n, err := f.msgs.SendDigests(ctx)
				if err != nil {
					t.Error(err)
				}
				done <- n
			}()
		}
		if a, b := <-done, <-done; a+b != 0 {
			t.Errorf("second run sent %d", a+b)
		}
		if len(mails(t, db, "message_digest", f.gifu.User.Email)) != 1 {
			t.Error("digest sent twice")
		}
		// A reply by the coordinator goes to the participant only when they
		// have not read it; a busy thread gets mail after 30 minutes.
		reply := start.Add(2 * time.Hour)
		for i := 0; i < 40; i++ {
			f.at = reply.Add(time.Duration(2*i) * time.Minute) // within service.MessagesPerHour
			if _, _, err := f.msgs.Post(ctx, f.gifu, f.entry.ID, fmt.Sprintf("返信%d", i)); err != nil {
				t.Fatal(err)
			}
			if i == 31 {
				if n, _ := f.msgs.SendDigests(ctx); n == 0 {
					t.Error("busy thread got no digest after 30 minutes")
				}
			}
		}
		if m := mails(t, db, "message_digest", f.part.User.Email); len(m) != 1 || !strings.Contains(m[0].Text, "返信0\n") {
			t.Errorf("participant digests = %d", len(m))
		}
	})
}

func TestNotifyHosts_EachHostOnceExceptTheActor(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newMsgFixture(t, db)
	// The Gifu coordinator is also staff of the watercress company: still one notice.
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		return tx.AddMembership(ctx, &furusato.Membership{UserID: f.gifu.User.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.watercress.ID}, now)
	}); err != nil {
		t.Fatal(err)
	}
	count := func(a *furusato.Actor) int {
		list, _, err := f.notify.List(ctx, a, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		c := 0
		for _, x := range list {
			if x.Kind == furusato.NoticeMatched {
				c++
			}
		}
		return c
	}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		return f.notify.NotifyHosts(ctx, tx, f.entry.Scope(), furusato.Notice{UserID: 12345, Kind: furusato.NoticeMatched,
			EntryID: f.entry.ID, Link: "/manage/entries/1", Params: map[string]string{"project": "p", "participant": "参加 太郎"}}, f.staff.User.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"gifu": 1, "staff (except)": 0, "hokkaido": 0, "other staff": 0, "removed": 0, "participant": 0}
	got := map[string]int{"gifu": count(f.gifu), "staff (except)": count(f.staff), "hokkaido": count(f.hokkaido),
		"other staff": count(f.otherStaff), "removed": count(f.removed), "participant": count(f.part)}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %d notices, want %d", k, got[k], w)
		}
	}
	if m := mails(t, db, "notice", f.gifu.User.Email); len(m) == 0 || !strings.Contains(m[len(m)-1].Text, "https://furusato.example/manage/entries/1") {
		t.Errorf("coordinator mail = %v", m)
	}
	// An unconfirmed address gets the notice but no mail; a kind turned off
	// gets no mail either.
	un := f.newParticipant(t, "未確認")
	if err := f.notify.SetPrefs(ctx, f.part, nil); err != nil {
		t.Fatal(err)
	}
	before := len(mails(t, db, "notice", f.part.User.Email))
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for _, id := range []int64{un.User.ID, f.part.User.ID} {
			if err := f.notify.Notify(ctx, tx, furusato.Notice{UserID: id, Kind: furusato.NoticeOffer, Link: "/me"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.notify.Unread(ctx, un); n != 1 || len(mails(t, db, "notice", un.User.Email)) != 0 {
		t.Errorf("unverified: %d unread, %d mails", n, len(mails(t, db, "notice", un.User.Email)))
	}
	if len(mails(t, db, "notice", f.part.User.Email)) != before {
		t.Error("mail sent although turned off")
	}
}

func TestNotifications_OpenReadAllAndFavoriteDeadlines(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	f := newMsgFixture(t, db)
	// Someone who marked the project but has not entered it (those who
	// entered are not reminded).
	fan := f.newParticipant(t, "気になる 花子")
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, fan.User.ID, now) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.AddFavorite(ctx, fan.User.ID, f.project.ID, now) }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.notify.ReadAll(ctx, f.part); err != nil { // the receipt of the fixture's entry
		t.Fatal(err)
	}
	f.at = f.project.Deadline.AddDays(-4).Start().Add(10 * time.Hour)
	if n, err := f.notify.SendFavoriteDeadlines(ctx); err != nil || n != 0 {
		t.Fatalf("4 days before: %d, %v", n, err)
	}
	f.at = f.project.Deadline.AddDays(-3).Start().Add(10 * time.Hour)
	for i, want := range []int{1, 0} {
		if n, err := f.notify.SendFavoriteDeadlines(ctx); err != nil || n != want {
			t.Fatalf("run %d: %d, %v", i, n, err)
		}
	}
	list, total, err := f.notify.List(ctx, fan, 10, 0)
	if err != nil || total != 1 || list[0].Kind != furusato.NoticeDeadlineSoon || list[0].Link != "/projects/"+f.project.Slug || list[0].Params["days"] != "3" {
		t.Fatalf("notices = %+v, %d, %v", list, total, err)
	}
	if m := mails(t, db, "notice", fan.User.Email); len(m) != 1 || !strings.Contains(m[0].Subject, "締切が近づいています") {
		t.Errorf("deadline mails = %v", m)
	}
	_, err = f.notify.Open(ctx, f.gifu, list[0].ID)
	wantCode(t, "another's notice", err, furusato.ENOTFOUND)
	n, err := f.notify.Open(ctx, fan, list[0].ID)
	if err != nil || n.ReadAt.IsZero() {
		t.Fatalf("open = %+v, %v", n, err)
	}
	if c, _ := f.notify.Unread(ctx, fan); c != 0 {
		t.Errorf("unread = %d", c)
	}
	if c, _ := f.notify.Unread(ctx, f.gifu); c == 0 {
		t.Fatal("coordinator has no notice of the new entry")
	}
	if c, err := f.notify.ReadAll(ctx, f.gifu); err != nil || c == 0 {
		t.Errorf("read all = %d, %v", c, err)
	}
	if c, _ := f.notify.Unread(ctx, f.gifu); c != 0 {
		t.Errorf("unread after read all = %d", c)
	}
	_, _, err = f.notify.List(ctx, furusato.Visitor, 10, 0)
	wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)
	err = f.notify.SetPrefs(ctx, fan, []furusato.NoticeKind{"nope"})
	wantCode(t, "unknown kind", err, furusato.EINVALID)
}
