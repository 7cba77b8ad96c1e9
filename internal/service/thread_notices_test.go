package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// threadNotices returns a's notices of kind with link, and a's unread count.
func threadNotices(t *testing.T, n *service.Notifier, a *furusato.Actor, kind furusato.NoticeKind, link string) ([]*furusato.Notice, int) {
	t.Helper()
	ctx := context.Background()
	list, _, err := n.List(ctx, a, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []*furusato.Notice
	for _, x := range list {
		if x.Kind == kind && x.Link == link {
			out = append(out, x)
		}
	}
	unread, err := n.Unread(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return out, unread
}

func TestMessages_NewMessageIsOneNoticePerThreadAtOnce(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newMsgFixture(t, db)
		hostLink := fmt.Sprintf("/manage/entries/%d", f.entry.ID)
		partLink := fmt.Sprintf("/me/entries/%d", f.entry.ID)
		_, before := threadNotices(t, f.notify, f.gifu, furusato.NoticeMessage, hostLink)
		start := f.at
		for i := 1; i <= 3; i++ {
			f.at = start.Add(time.Duration(i) * time.Minute)
			if _, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, fmt.Sprintf("質問その%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		// Each host has ONE unread notice, updated to the third message, at once.
		for _, a := range []*furusato.Actor{f.gifu, f.staff} {
			got, _ := threadNotices(t, f.notify, a, furusato.NoticeMessage, hostLink)
			if len(got) != 1 || got[0].Params["count"] != "3" || got[0].Params["author"] != f.part.User.DisplayName ||
				!got[0].ReadAt.IsZero() || !got[0].CreatedAt.Equal(f.at.UTC().Truncate(time.Millisecond)) || got[0].EntryID != f.entry.ID {
				t.Fatalf("%s: %+v", a.User.Email, got)
			}
		}
		if _, unread := threadNotices(t, f.notify, f.gifu, furusato.NoticeMessage, hostLink); unread != before+1 {
			t.Errorf("coordinator's badge %d, want %d", unread, before+1)
		}
		// Not the author, and nobody outside the thread.
		if got, _ := threadNotices(t, f.notify, f.part, furusato.NoticeMessage, partLink); len(got) != 0 {
			t.Errorf("the author was told of their own message: %+v", got)
		}
		other := f.newParticipant(t, "別の 参加者")
		if _, unread := threadNotices(t, f.notify, other, furusato.NoticeMessage, hostLink); unread != 0 {
			t.Errorf("an outsider has %d unread", unread)
		}
		// The coordinator answers: the participant gets their own link.
		if _, _, err := f.msgs.Post(ctx, f.gifu, f.entry.ID, "お答えします"); err != nil {
			t.Fatal(err)
		}
		if got, _ := threadNotices(t, f.notify, f.part, furusato.NoticeMessage, partLink); len(got) != 1 || got[0].Params["count"] != "1" {
			t.Errorf("participant's notice: %+v", got)
		}
		// Opening the entry reads its notices; the next message makes a new one.
		if err := f.notify.ReadEntry(ctx, f.staff, f.entry.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.msgs.Thread(ctx, f.staff, f.entry.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := threadNotices(t, f.notify, f.staff, furusato.NoticeMessage, hostLink)
		if len(got) != 1 || got[0].ReadAt.IsZero() {
			t.Fatalf("staff after reading: %+v", got)
		}
		f.at = f.at.Add(time.Minute)
		if _, _, err := f.msgs.Post(ctx, f.part, f.entry.ID, "もう一つ"); err != nil {
			t.Fatal(err)
		}
		got, _ = threadNotices(t, f.notify, f.staff, furusato.NoticeMessage, hostLink)
		if len(got) != 2 || !got[0].ReadAt.IsZero() || got[0].Params["count"] != "1" {
			t.Fatalf("staff after a new message: %+v", got)
		}
		// The digest mails, and adds no second notice.
		f.at = f.at.Add(service.DigestQuiet)
		if _, err := f.msgs.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		if len(mails(t, db, "message_digest", f.gifu.User.Email)) != 1 {
			t.Error("no digest mail for the coordinator")
		}
		if got, _ := threadNotices(t, f.notify, f.gifu, furusato.NoticeMessage, hostLink); len(got) != 1 || got[0].Params["count"] != "1" || !got[0].ReadAt.IsZero() {
			// The coordinator wrote since the participant's three: one is unread.
			t.Errorf("coordinator after the digest: %+v", *got[0])
		}
	})
}

func TestTeamThread_NewMessageIsOneNoticeReadWithTheThread(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams, notify := f.services.Teams, f.services.Notifier
		link := service.ThreadPath(f.team.ID)
		for i := 1; i <= 2; i++ {
			f.at = f.at.Add(time.Minute)
			if _, err := teams.PostMessage(ctx, f.member, f.team.ID, fmt.Sprintf("連絡%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []*furusato.Actor{f.gifu, f.staff} {
			got, _ := threadNotices(t, notify, a, furusato.NoticeTeamMessage, link)
			if len(got) != 1 || got[0].Params["count"] != "2" || got[0].ProjectID != f.project.ID || !got[0].ReadAt.IsZero() {
				t.Fatalf("%s: %+v", a.User.Email, got)
			}
		}
		if got, _ := threadNotices(t, notify, f.member, furusato.NoticeTeamMessage, link); len(got) != 0 {
			t.Errorf("the author was told: %+v", got)
		}
		if _, unread := threadNotices(t, notify, f.hokkaido, furusato.NoticeTeamMessage, link); unread != 0 {
			t.Errorf("an outsider has %d unread", unread)
		}
		_, before := threadNotices(t, notify, f.gifu, furusato.NoticeTeamMessage, link)
		if _, err := teams.Thread(ctx, f.gifu, f.team.ID); err != nil {
			t.Fatal(err)
		}
		got, after := threadNotices(t, notify, f.gifu, furusato.NoticeTeamMessage, link)
		if len(got) != 1 || got[0].ReadAt.IsZero() || after != before-1 {
			t.Errorf("after reading the thread: %+v, badge %d → %d", got, before, after)
		}
	})
}
