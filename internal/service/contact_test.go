package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The configured contact reaches the pages (Pages.Contact) and the
// signature of the account mails and of the notices.
func TestContact_InTheMailsAndOnThePages(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := furusato.Contact{Email: "info@furusato.example.jp", URL: "https://forms.example.jp/furusato"}
		e := newAuthEnv(t, db)
		svc, err := service.New(db, service.Config{BaseURL: authBase + "/", Now: e.clock.Now, Argon: service.TestArgon, Contact: c})
		if err != nil {
			t.Fatal(err)
		}
		e.svc, e.auth = svc, svc.Auth
		if got := svc.Pages.Contact(); got != c {
			t.Errorf("Pages.Contact = %+v", got)
		}
		u := e.signUp("hanako@example.jp", pw) // the verify mail is read inside
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return svc.Notifier.Notify(ctx, tx, furusato.Notice{UserID: u.ID, Kind: furusato.NoticeMessage, Link: "/me",
				Params: map[string]string{furusato.ParamProject: "岐阜のクレソン", "count": "1", "author": "田中"}})
		})
		if err != nil {
			t.Fatal(err)
		}
		all, _, err := db.FindOutbox(ctx, furusato.OutboxFilter{Limit: 10})
		if err != nil || len(all) < 2 {
			t.Fatalf("%d mails, %v", len(all), err)
		}
		for _, m := range all {
			if !strings.Contains(m.Text, c.Email) || !strings.Contains(m.Text, c.URL) {
				t.Errorf("%s mail without the contact:\n%s", m.Kind, m.Text)
			}
		}
	})
}
