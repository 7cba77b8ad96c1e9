package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// The personal data of a participant who took part in the workflow: what
// the export must show and what deleting the account must clean up.

const personPW = "kuresonn-no-sato-2026"

// personFixture is a participant ("me") with, on the fixture's project
// (one place), an entry at stage interview with a confirmed and a proposed
// interview, a message of theirs and one of the staff, a private note of
// the staff; on a second project (one place, now filled and closed) a
// matched entry; a favourite, a notification preference and an API token.
type personFixture struct {
	*closeFixture
	data       *service.PersonalData
	msgs       *service.Messages
	me         *furusato.Actor
	active     *furusato.Entry
	confirmed  *furusato.Interview
	proposed   *furusato.Interview
	second     *furusato.Project
	matched    *furusato.Entry
	declinedBy *furusato.Actor // had an offer on the second project, declined when it filled
}

func newPersonFixture(t *testing.T, db *store.DB) *personFixture {
	t.Helper()
	ctx := context.Background()
	f := &personFixture{closeFixture: newCloseFixture(t, db, 1)}
	f.data, f.msgs = f.services.PersonalData, f.services.Messages
	f.me = f.newParticipant(t, "退会 予定子")
	f.participant = f.me // closeFixture.check looks at the participant
	f.active, f.confirmed, f.proposed = f.interviewing(t, f.me)
	if _, _, err := f.msgs.Post(ctx, f.me, f.active.ID, "参加者からの質問です。駐車場はありますか。"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.msgs.Post(ctx, f.staff, f.active.ID, "担当者からの返信です。駐車場はあります。"); err != nil {
		t.Fatal(err)
	}
	if err := f.entries.AddNote(ctx, f.staff, f.active.ID, "非公開メモ：受け入れ前向き"); err != nil {
		t.Fatal(err)
	}
	f.second = f.publish(t, "二つ目のクレソン案件", 1)
	f.declinedBy = f.newParticipant(t, "別の 参加者")
	other := f.submit(t, f.declinedBy, f.second)
	f.move(t, other, furusato.StageOffered)
	f.matched = f.submit(t, f.me, f.second)
	f.move(t, f.matched, furusato.StageOffered)
	if err := f.entries.Accept(ctx, f.me, f.matched.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.entries.SetFavorite(ctx, f.me, f.project.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := f.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.SetNoticePrefs(ctx, f.me.User.ID, []furusato.NoticePref{{Kind: furusato.NoticeMessage, Email: false}})
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateAPIToken(ctx, &furusato.APIToken{UserID: f.me.User.ID, Name: "家のパソコン", Hash: strings.Repeat("ab", 32),
			Prefix: "fst_abcd", Scope: furusato.ScopeRead, ExpiresAt: f.at.AddDate(0, 1, 0)}, f.at)
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDeleteAccount_WithdrawsEntriesReleasesPlacesAndRemovesTexts(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newPersonFixture(t, db)
		if p, err := db.FindProject(ctx, fmt.Sprint(f.second.ID), furusato.ProjectStatuses); err != nil || p.Matched != 1 || p.Status != furusato.StatusClosed {
			t.Fatalf("second project before: %+v %v", p, err)
		}
		staffBefore, gifuBefore := len(hostNotices(t, db, f.staff)), len(hostNotices(t, db, f.gifu))
		mailsBefore := mailsTo(t, db, f.me.User.Email)

		if err := f.data.DeleteAccount(ctx, f.me, personPW, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}

		// No active entry of theirs on any board; the matched one is withdrawn too.
		es, err := db.FindUserEntries(ctx, f.me.User.ID)
		if err != nil || len(es) != 2 {
			t.Fatalf("entries: %d %v", len(es), err)
		}
		for _, e := range es {
			if e.Stage != furusato.StageWithdrawn {
				t.Errorf("entry %d on %q is %s, want withdrawn", e.ID, e.Project.Title, e.Stage)
			}
			if e.Motivation != "" || e.Contribution != "" || e.Questions != "" {
				t.Errorf("entry %d keeps its answers: %+v", e.ID, e)
			}
			evs, err := db.FindEntryEvents(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if last := evs[len(evs)-1]; last.ActorID != 0 || last.To != furusato.StageWithdrawn || last.Reason != furusato.ReasonAccountDeleted {
				t.Errorf("entry %d last event %+v, want a system withdrawal for the deleted account", e.ID, last)
			}
		}
		for _, p := range []int64{f.project.ID, f.second.ID} {
			for _, st := range furusato.ActiveStages {
				board, _, err := db.FindEntries(ctx, store.EntryFilter{ProjectID: p, Stage: st})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range board {
					if e.UserID == f.me.User.ID {
						t.Errorf("their entry %d is still on the board at %s", e.ID, st)
					}
				}
			}
		}
		// Its interviews are cancelled; the hosts are told.
		if got := f.statuses(t, f.confirmed, f.proposed); got != "cancelled cancelled" {
			t.Errorf("interviews %s", got)
		}
		for _, h := range []struct {
			who    *furusato.Actor
			before int
		}{{f.staff, staffBefore}, {f.gifu, gifuBefore}} {
			ns := hostNotices(t, db, h.who)[h.before:]
			told := map[int64]bool{}
			for _, n := range ns {
				if n.Kind == furusato.NoticeStageChanged && n.Params["reason"] == furusato.ReasonAccountDeleted && n.Params["stage"] == "withdrawn" {
					told[n.EntryID] = true
				}
			}
			if !told[f.active.ID] || !told[f.matched.ID] {
				t.Errorf("%s was not told of both withdrawals: %+v", h.who.User.Email, ns)
			}
		}
		if n := mailsTo(t, db, f.me.User.Email); n != mailsBefore {
			t.Errorf("%d mails went to the deleted address", n-mailsBefore)
		}
		// Their message texts are gone; the staff's reply stays.
		ms, err := db.FindMessages(ctx, f.active.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if strings.Contains(m.Body, "駐車場はありますか") {
				t.Errorf("their message is still readable: %q", m.Body)
			}
			if m.AuthorID == f.me.User.ID && m.Body != furusato.DeletedMessageBody {
				t.Errorf("their message reads %q", m.Body)
			}
		}
		if len(ms) != 2 || ms[1].Body != "担当者からの返信です。駐車場はあります。" {
			t.Errorf("thread %+v", ms)
		}
		// Favourites, notifications, preferences and tokens are gone.
		if favs, _ := db.FavoriteIDs(ctx, f.me.User.ID, []int64{f.project.ID}); len(favs) != 0 {
			t.Errorf("favourites kept: %v", favs)
		}
		if ns, n, _ := db.FindNotifications(ctx, f.me.User.ID, 10, 0); n != 0 {
			t.Errorf("notifications kept: %d %+v", n, ns)
		}
		if on, _ := db.NoticeEmail(ctx, f.me.User.ID, furusato.NoticeMessage); !on {
			t.Error("notification preferences kept")
		}
		if ts, _ := db.FindAPITokens(ctx, f.me.User.ID); len(ts) != 0 {
			t.Errorf("API tokens kept: %+v", ts)
		}
		// The place is free: the coordinator may reopen, and someone else can be matched.
		p, err := db.FindProject(ctx, fmt.Sprint(f.second.ID), furusato.ProjectStatuses)
		if err != nil || p.Matched != 0 || p.Status != furusato.StatusClosed {
			t.Fatalf("second project after: matched %d, %s, %v (want 0, closed: reopening is the coordinator's choice)", p.Matched, p.Status, err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusPublished, ""); err != nil {
			t.Fatalf("reopen: %v", err)
		}
		next := f.newParticipant(t, "次の 参加者")
		ne := f.submit(t, next, f.second)
		f.move(t, ne, furusato.StageOffered)
		if err := f.entries.Accept(ctx, next, ne.ID); err != nil {
			t.Fatalf("a second participant cannot be matched: %v", err)
		}
	})
}

// A matched entry of a finished project stays matched (it happened); its
// texts go all the same, and no place count moves.
func TestDeleteAccount_FinishedProjectKeepsItsMatch(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newPersonFixture(t, db)
		for _, to := range []furusato.ProjectStatus{furusato.StatusInProgress, furusato.StatusCompleted} {
			if _, err := f.svc.Move(ctx, f.gifu, f.second.ID, to, ""); err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
		}
		if err := f.data.DeleteAccount(ctx, f.me, personPW, ""); err != nil {
			t.Fatal(err)
		}
		e, err := db.FindEntry(ctx, f.matched.ID)
		if err != nil || e.Stage != furusato.StageMatched || e.Motivation != "" {
			t.Errorf("matched entry of a completed project: %+v %v", e, err)
		}
		if p, _ := db.FindProject(ctx, fmt.Sprint(f.second.ID), furusato.ProjectStatuses); p.Matched != 1 {
			t.Errorf("matched %d, want 1", p.Matched)
		}
	})
}

func hostNotices(t *testing.T, db *store.DB, a *furusato.Actor) []*furusato.Notice {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	// oldest first, so that a slice from a count taken earlier holds the new ones
	for i, j := 0, len(ns)-1; i < j; i, j = i+1, j-1 {
		ns[i], ns[j] = ns[j], ns[i]
	}
	return ns
}

func mailsTo(t *testing.T, db *store.DB, address string) int {
	t.Helper()
	mails, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range mails {
		if m.To == address {
			n++
		}
	}
	return n
}

func TestExportData_EverythingAboutThePersonNothingAboutOthers(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newPersonFixture(t, db)
		me := f.me.User.ID
		// An admin's action about them, and one of theirs naming someone else.
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.Audit(ctx, furusato.AuditEntry{At: f.at, ActorID: f.admin.User.ID, Action: "user.admin_grant", ObjectType: "user",
				ObjectID: me, IP: "198.51.100.77", Detail: json.RawMessage(`{"email":"` + f.me.User.Email + `"}`)}); err != nil {
				return err
			}
			if err := tx.Audit(ctx, furusato.AuditEntry{At: f.at, Action: "user.signin_failed", ObjectType: "user", ObjectID: me, IP: "203.0.113.66"}); err != nil {
				return err
			}
			return tx.Audit(ctx, furusato.AuditEntry{At: f.at, ActorID: me, Action: "invitation.create", ObjectType: "organization",
				ObjectID: 1, IP: "192.0.2.44", Detail: json.RawMessage(`{"email":"someone-else@example.jp","role":"coordinator"}`)})
		}); err != nil {
			t.Fatal(err)
		}
		x, err := f.data.ExportData(ctx, f.me, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(x, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(b, &keys); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"format", "exported_at", "user", "profile", "memberships", "entries", "favorites", "notifications",
			"notification_preferences", "api_tokens", "audit_log", "active_sessions", "consents"} {
			if _, ok := keys[k]; !ok {
				t.Errorf("export lacks %q", k)
			}
		}
		if x.Format != "furusato-data-export/2" {
			t.Errorf("format %q", x.Format)
		}
		// Their entries, with the answers, the history, the thread and the interviews.
		if len(x.Entries) != 2 {
			t.Fatalf("entries %+v", x.Entries)
		}
		var active *service.ExportEntry
		for i := range x.Entries {
			if x.Entries[i].ID == f.active.ID {
				active = &x.Entries[i]
			}
		}
		if active == nil || active.Project.Title != f.project.Title || active.Project.Slug != f.project.Slug || active.Stage != "interview" ||
			active.Motivation != "クレソンが好きです" || active.Contribution == "" || active.HoursPerWeek != 10 {
			t.Fatalf("active entry %+v", active)
		}
		if len(active.History) < 2 || active.History[0].To != "submitted" || active.History[1].To != "interview" || active.History[1].By != "host" {
			t.Errorf("history %+v", active.History)
		}
		if len(active.Messages) != 2 || !active.Messages[0].ByYou || active.Messages[0].Body != "参加者からの質問です。駐車場はありますか。" ||
			active.Messages[1].ByYou || active.Messages[1].Body != "担当者からの返信です。駐車場はあります。" {
			t.Errorf("messages %+v", active.Messages)
		}
		if len(active.Interviews) != 2 {
			t.Fatalf("interviews %+v", active.Interviews)
		}
		iv := active.Interviews[0]
		if iv.Status != "confirmed" || iv.Mode != "online" || iv.Place != "https://meet.example.jp/abc" || iv.Confirmed == nil ||
			iv.Confirmed.Start != "2026-11-26T14:00:00+09:00" || iv.Confirmed.End != "2026-11-26T15:00:00+09:00" {
			t.Errorf("confirmed interview %+v", iv)
		}
		if p := active.Interviews[1]; p.Status != "proposed" || len(p.Slots) != 2 || p.Slots[1].Start != "2026-11-27T15:00:00+09:00" {
			t.Errorf("proposed interview %+v", p)
		}
		// Favourites, notifications, preferences, tokens.
		if len(x.Favorites) != 1 || x.Favorites[0].Project.Title != f.project.Title {
			t.Errorf("favourites %+v", x.Favorites)
		}
		if len(x.Notifications) == 0 || x.Notifications[0].Kind == "" || x.Notifications[0].Link == "" {
			t.Errorf("notifications %+v", x.Notifications)
		}
		prefOff := false
		for _, p := range x.NotificationPrefs {
			if p.Kind == string(furusato.NoticeMessage) && !p.Email {
				prefOff = true
			}
		}
		if len(x.NotificationPrefs) != len(furusato.NoticeKinds) || !prefOff {
			t.Errorf("preferences %+v", x.NotificationPrefs)
		}
		if len(x.APITokens) != 1 || x.APITokens[0].Name != "家のパソコン" || x.APITokens[0].Scope != "read" || x.APITokens[0].ExpiresAt == nil || x.APITokens[0].LastUsedAt != nil {
			t.Errorf("tokens %+v", x.APITokens)
		}
		// Audit: theirs in full; others' about them without who or where.
		var grant, failed, invite *service.ExportAudit
		for i, a := range x.Audit {
			switch a.Action {
			case "user.admin_grant":
				grant = &x.Audit[i]
			case "user.signin_failed":
				failed = &x.Audit[i]
			case "invitation.create":
				invite = &x.Audit[i]
			}
		}
		if grant == nil || grant.By != "other" || grant.IP != "" || failed == nil || failed.IP != "" || invite == nil || invite.IP != "192.0.2.44" || invite.By != "you" {
			t.Errorf("audit rows: grant %+v, failed %+v, invite %+v", grant, failed, invite)
		}
		// Nothing about anyone else.
		for _, s := range []string{"198.51.100.77", "203.0.113.66", "someone-else@example.jp", f.staff.User.Email, f.gifu.User.Email,
			f.admin.User.Email, f.declinedBy.User.Email, "非公開メモ", "志望度が高い", strings.Repeat("ab", 32), "password"} {
			if strings.Contains(doc, s) {
				t.Errorf("the export holds %q", s)
			}
		}
		// Times are JST.
		if !strings.Contains(doc, `"exported_at": "`) || !strings.Contains(string(keys["exported_at"]), "+09:00") {
			t.Errorf("exported_at %s", keys["exported_at"])
		}
	})
}
