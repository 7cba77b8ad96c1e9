package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// newThreadSite is the manage site with the message and notification
// services, and an entry of the demo participant on the watercress project.
func newThreadSite(t *testing.T) (*site, *testServer, *service.Notifier, *furusato.Entry) {
	t.Helper()
	s, srv := newManageSite(t)
	n := s.h.svc.Notifier
	ctx := context.Background()
	p, err := s.db.FindProject(ctx, "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.db.FindActiveEntry(ctx, p.ID, u.ID)
	if err != nil {
		e = &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
			Motivation: "関わりたい", Contribution: "広報", HoursPerWeek: 10}
		if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateEntry(ctx, e, testNow) }); err != nil {
			t.Fatal(err)
		}
	}
	return s, srv, n, e
}

func ntfUserID(t *testing.T, s *site, email string) int64 {
	t.Helper()
	u, err := s.db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestMessagePost_ParticipantAndHostsWriteOthersAre404(t *testing.T) {
	s, srv, _, e := newThreadSite(t)
	path := "/entries/" + strconv.FormatInt(e.ID, 10) + "/messages"
	me := "/me/entries/" + strconv.FormatInt(e.ID, 10)

	part := s.manageSignIn(t, srv, participant)
	res, body := part.post(path, url.Values{"body": {"  はじめまして <script>alert(1)</script>\r\n資料は https://example.jp/a?b=1&c=\"x です  "}})
	redirected(t, "participant posts", res, body, me+"#thread")

	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = coord.post(path, url.Values{"body": {"よろしくお願いします"}})
	redirected(t, "coordinator posts", res, body, "/manage/entries/"+strconv.FormatInt(e.ID, 10)+"#thread")

	for _, who := range []string{otherRegion} {
		b := s.manageSignIn(t, srv, who)
		res, body := b.post(path, url.Values{"body": {"のぞき見"}})
		status(t, who, res, body, http.StatusNotFound)
	}
	msgs, err := s.db.FindMessages(context.Background(), e.ID)
	if err != nil || len(msgs) != 2 || msgs[0].Body != "はじめまして <script>alert(1)</script>\n資料は https://example.jp/a?b=1&c=\"x です" || msgs[1].AuthorID != ntfUserID(t, s, gifuCoordinator) {
		t.Fatalf("thread = %+v, %v", msgs, err)
	}

	// An empty message comes back with the error beside the field; a long
	// one keeps what was typed. The thread is shown escaped, links made.
	res, body = part.post(path, url.Values{"body": {"   "}})
	status(t, "empty message", res, body, http.StatusBadRequest)
	mustContain(t, "empty message", body, "エラー：", "メッセージを入力してください", `href="#message-body"`, `aria-invalid="true"`,
		"&lt;script&gt;alert(1)&lt;/script&gt;<br>", `<a href="https://example.jp/a?b=1&amp;c=" rel="nofollow noopener noreferrer">`, `href="`+me+`"`)
	mustNotContain(t, "empty message", body, "<script>alert")
	long := strings.Repeat("長", furusato.MaxMessage+1)
	res, body = part.post(path, url.Values{"body": {long}})
	status(t, "long message", res, body, http.StatusBadRequest)
	if !strings.Contains(body, ">"+long+"</textarea>") {
		t.Error("long message: what was typed is lost")
	}
	mustContain(t, "long message", body, "メッセージは4,000文字以内")
}

func TestNotifications_CentreBadgeReadAndReadAll(t *testing.T) {
	s, srv, n, e := newThreadSite(t)
	ctx := context.Background()
	pid := ntfUserID(t, s, participant)
	var ids []int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for i, k := range []furusato.NoticeKind{furusato.NoticeStageChanged, furusato.NoticeOffer, furusato.NoticeMessage} {
			nt := furusato.Notice{UserID: pid, Kind: k, EntryID: e.ID, Link: "/me/entries/" + strconv.FormatInt(e.ID, 10),
				Params: map[string]string{"project": "クレソン<b>", "stage": "screening", "count": "3"}}
			if i == 2 {
				nt.Link = "//evil.example/"
			}
			if err := n.Notify(ctx, tx, nt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, _, _ := s.db.FindNotifications(ctx, pid, 10, 0)
	for _, x := range list {
		ids = append(ids, x.ID)
	}

	b := s.manageSignIn(t, srv, participant)
	res, body := b.get("/notifications")
	status(t, "centre", res, body, http.StatusOK)
	mustContain(t, "centre", body,
		`<span class="nav-badge num">3</span><span class="vh">件の未読</span>`,
		"未読の通知が3件あります。",
		"「クレソン&lt;b&gt;」のエントリーの状況が「書類選考中」に変わりました",
		"「クレソン&lt;b&gt;」からオファーが届きました",
		"新しいメッセージが3件届きました",
		`action="/notifications/read-all"`)
	if strings.Index(body, "新しいメッセージ") > strings.Index(body, "オファー") {
		t.Error("not newest first")
	}
	if strings.Count(body, `<span class="notice-state">未読</span>`) != 3 {
		t.Error("unread not marked in text")
	}

	// Another person's notice is 404; following one's own marks it read.
	other := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = other.get("/notifications/" + strconv.FormatInt(ids[0], 10))
	status(t, "another's notice", res, body, http.StatusNotFound)
	res, body = b.get("/notifications/" + strconv.FormatInt(ids[1], 10)) // the offer
	redirected(t, "open", res, body, "/me/entries/"+strconv.FormatInt(e.ID, 10))
	res, body = b.get("/notifications/" + strconv.FormatInt(ids[0], 10)) // a link off the site
	redirected(t, "open off-site", res, body, "/notifications")
	_, body = b.get("/notifications")
	mustContain(t, "after opening", body, `<span class="nav-badge num">1</span>`)

	res, body = b.post("/notifications/"+strconv.FormatInt(ids[2], 10)+"/read", nil)
	redirected(t, "read one", res, body, "/notifications")
	if c, _ := s.db.CountUnreadNotifications(ctx, pid); c != 0 {
		t.Errorf("unread = %d", c)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for i := 0; i < 120; i++ {
			if err := n.Notify(ctx, tx, furusato.Notice{UserID: pid, Kind: furusato.NoticeDeadlineSoon, Link: "/projects",
				Params: map[string]string{"project": "p", "deadline": "12月1日"}}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/notifications")
	mustContain(t, "many", body, `<span class="nav-badge num">99+</span>`, `aria-label="ページ送り"`)
	res, body = b.get("/notifications?page=2")
	status(t, "page 2", res, body, http.StatusOK)
	res, body = b.post("/notifications/read-all", nil)
	redirected(t, "read all", res, body, "/notifications")
	_, body = b.get("/notifications")
	mustContain(t, "after read all", body, "すべての通知を既読にしました", "未読の通知はありません。")
	mustNotContain(t, "after read all", body, "nav-badge")

	visitor := s.browser(t, srv.Server)
	res, body = visitor.get("/notifications")
	redirected(t, "visitor", res, body, "/account/signin?next=%2Fnotifications")
}

func TestNotificationPrefs_SaveWithFlash(t *testing.T) {
	s, srv, _, _ := newThreadSite(t)
	ctx := context.Background()
	b := s.manageSignIn(t, srv, participant)
	res, body := b.get("/account/notifications")
	status(t, "prefs", res, body, http.StatusOK)
	mustContain(t, "prefs", body, "<fieldset>", "<legend>メールで受け取るお知らせ", `name="email" value="message.new" checked`)
	res, body = b.post("/account/notifications", url.Values{"email": {"entry.offer", "entry.matched"}})
	redirected(t, "save", res, body, "/account/notifications")
	_, body = b.get("/account/notifications")
	mustContain(t, "saved", body, "通知の設定を保存しました", `value="entry.offer" checked`)
	mustNotContain(t, "saved", body, `value="message.new" checked`)
	pid := ntfUserID(t, s, participant)
	if on, _ := s.db.NoticeEmail(ctx, pid, furusato.NoticeMessage); on {
		t.Error("message e-mail still on")
	}
	if on, _ := s.db.NoticeEmail(ctx, pid, furusato.NoticeOffer); !on {
		t.Error("offer e-mail off")
	}
	res, body = b.post("/account/notifications", url.Values{"email": {"nope"}})
	status(t, "unknown kind", res, body, http.StatusBadRequest)
}

func TestEntryPages_ShowTheThreadAndMarkItRead(t *testing.T) {
	s, srv, _, e := newThreadSite(t)
	id := strconv.FormatInt(e.ID, 10)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post("/entries/"+id+"/messages", url.Values{"body": {"面談の前に https://example.jp/guide をご覧ください\n<b>よろしく</b>"}})
	redirected(t, "coordinator posts", res, body, "/manage/entries/"+id+"#thread")

	part := s.manageSignIn(t, srv, participant)
	res, body = part.get("/me/entries/" + id)
	status(t, "my entry", res, body, http.StatusOK)
	checkHeadings(t, "/me/entries/"+id, body)
	mustContain(t, "my entry", body, `<section class="section thread" id="thread" aria-labelledby="thread-title">`,
		`<h2 id="thread-title">メッセージ</h2>`, "岐阜 コーディネーター",
		`<a href="https://example.jp/guide" rel="nofollow noopener noreferrer">https://example.jp/guide</a>`,
		"&lt;b&gt;よろしく&lt;/b&gt;", `<label for="message-body">メッセージ<span class="req"><span aria-hidden="true">※</span>必須</span></label>`,
		`action="/entries/`+id+`/messages"`)
	mustNotContain(t, "my entry", body, "<b>よろしく")
	pid := ntfUserID(t, s, participant)
	if c, _ := s.db.UnreadMessageCounts(context.Background(), pid, []int64{e.ID}); len(c) != 0 {
		t.Errorf("unread after viewing = %v", c)
	}

	res, body = coord.get("/manage/entries/" + id)
	status(t, "host entry", res, body, http.StatusOK)
	mustContain(t, "host entry", body, `id="thread"`, "（あなた）")
}
