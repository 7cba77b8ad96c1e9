package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// The participant gets a receipt, by notice and by mail, and the mail's
// one-click link turns that kind of mail off and nothing else; a forged or
// altered link does nothing.
func TestEntryReceipt_AndOneClickUnsubscribe(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		a := f.newParticipant(t, "受付 花子")
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkEmailVerified(ctx, a.User.ID, time.Now()) }); err != nil {
			t.Fatal(err)
		}
		f.submit(t, a, f.project)
		if k := noticeKinds(t, db, a); !strings.Contains(k, "entry.received") {
			t.Fatalf("participant's notices %s: no receipt", k)
		}
		all, _, err := db.FindOutbox(ctx, furusato.OutboxFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var receipt *furusato.OutboxMail
		for _, m := range all {
			if m.To == a.User.Email && strings.Contains(m.Subject, "エントリーを受け付けました") {
				receipt = m
			}
		}
		if receipt == nil {
			t.Fatalf("no receipt mail among %d", len(all))
		}
		link := receipt.ListUnsubscribe
		if !strings.HasPrefix(link, "https://") || !strings.Contains(link, "/mail/unsubscribe/") || !strings.Contains(receipt.Text, link) {
			t.Fatalf("List-Unsubscribe %q (in the body: %v)", link, strings.Contains(receipt.Text, link))
		}
		token := link[strings.LastIndex(link, "/")+1:]
		n := f.services.Notifier
		for _, bad := range []string{"", "x", token + "x", "MSBlbnRyeS5yZWNlaXZlZA." + token[strings.Index(token, ".")+1:]} {
			if _, err := n.Unsubscribe(ctx, bad); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("token %q: %v, want ENOTFOUND", bad, err)
			}
		}
		got, err := n.CheckUnsubscribe(ctx, token)
		if err != nil || got.Kind != furusato.NoticeEntryReceived || got.Lang != "ja" || got.Stopped {
			t.Fatalf("CheckUnsubscribe = %+v, %v", got, err)
		}
		if on, _ := db.NoticeEmail(ctx, a.User.ID, furusato.NoticeEntryReceived); !on {
			t.Fatal("the check turned the mail off")
		}
		for range 2 { // a second click is fine
			if _, err := n.Unsubscribe(ctx, token); err != nil {
				t.Fatal(err)
			}
		}
		if on, _ := db.NoticeEmail(ctx, a.User.ID, furusato.NoticeEntryReceived); on {
			t.Error("still e-mailed after unsubscribing")
		}
		// The link opened again: the page is told it is done.
		if got, err := n.CheckUnsubscribe(ctx, token); err != nil || !got.Stopped || got.Kind != furusato.NoticeEntryReceived {
			t.Errorf("CheckUnsubscribe after unsubscribing = %+v, %v; want Stopped", got, err)
		}
		if on, _ := db.NoticeEmail(ctx, a.User.ID, furusato.NoticeStageChanged); !on {
			t.Error("another kind was turned off too")
		}
	})
}
