package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// The link in a notice mail asks first (scanners open links); the button,
// or the mail provider's one-click POST (RFC 8058: no cookie, no Origin),
// turns that kind off; a forged link is a page that says so.
func TestUnsubscribe_AsksThenTurnsOneKindOff(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.signUpAndIn("unsub@example.jp")
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, "unsub@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return s.h.svc.Notifier.Notify(ctx, tx, furusato.Notice{UserID: u.ID, Kind: furusato.NoticeOffer, Link: "/me",
			Params: map[string]string{"project": "岐阜のクレソン"}})
	}); err != nil {
		t.Fatal(err)
	}
	all, _, err := s.db.FindOutbox(ctx, furusato.OutboxFilter{Limit: 1})
	if err != nil || len(all) != 1 || all[0].ListUnsubscribe == "" {
		t.Fatalf("notice mail %+v, %v", all, err)
	}
	link, err := url.Parse(all[0].ListUnsubscribe)
	if err != nil {
		t.Fatal(err)
	}
	visitor := s.browser(t, srv)
	res, body := visitor.get(link.Path)
	status(t, "unsubscribe page", res, body, 200)
	mustContain(t, "unsubscribe page", body, "「オファー」のお知らせを、メールで受け取らないようにします", ">メールを停止する</button>", `action="`+link.Path+`"`)
	if on, _ := s.db.NoticeEmail(ctx, u.ID, furusato.NoticeOffer); !on {
		t.Fatal("opening the link turned the mail off")
	}

	// The provider's one-click POST.
	res, err = http.Post(srv.URL+link.Path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	done, _ := io.ReadAll(res.Body)
	res.Body.Close()
	status(t, "one-click", res, string(done), 200)
	mustContain(t, "one-click", string(done), "お知らせメールを停止しました")
	if on, _ := s.db.NoticeEmail(ctx, u.ID, furusato.NoticeOffer); on {
		t.Error("still e-mailed after the one-click POST")
	}
	if on, _ := s.db.NoticeEmail(ctx, u.ID, furusato.NoticeMessage); !on {
		t.Error("another kind was turned off")
	}

	res, body = visitor.get(link.Path + "x")
	status(t, "forged link", res, body, 404)
	mustContain(t, "forged link", body, "このリンクは使えません")
}
