package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

const outboxTok = "Zk3q-secretvalue_0123456789abcdefABCDEF"

// queueLink writes one mail of kind with a link that holds a token.
func queueLink(t *testing.T, db *store.DB, kind mail.Kind, to, url string, at time.Time) int64 {
	t.Helper()
	m, err := mail.Compose(kind, "ja", to, mail.Data{Name: "利用者", URL: url, Expires: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Tx(context.Background(), func(tx *store.Tx) error { return service.QueueMail(context.Background(), tx, m, at) })
	if err != nil {
		t.Fatal(err)
	}
	all, _, _ := db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 1})
	return all[0].ID
}

// TestMailer_SentMailKeepsNoToken: the mail goes out with its real link;
// the outbox keeps it without the token once sent.
func TestMailer_SentMailKeepsNoToken(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		links := map[mail.Kind]string{
			mail.KindResetPassword: "https://furusato.example.jp/account/password/reset/" + outboxTok,
			mail.KindVerifyEmail:   "https://furusato.example.jp/account/verify/" + outboxTok,
			mail.KindEmailChange:   "https://furusato.example.jp/account/verify/" + outboxTok,
			mail.KindInvitation:    "https://furusato.example.jp/invitations/" + outboxTok,
		}
		d := quiet(service.NewMailer(db, smtpSender(t, srv), func() time.Time { return mailTime.Add(time.Minute) }))
		for kind, link := range links {
			id := queueLink(t, db, kind, string(kind)+"@example.jp", link, mailTime)
			if err := d.Deliver(ctx, id); err != nil {
				t.Fatal(err)
			}
			m, err := db.FindOutboxMail(ctx, id)
			if err != nil || m.SentAt.IsZero() {
				t.Fatalf("%s: %+v, %v", kind, m, err)
			}
			if strings.Contains(m.Text+m.HTML, outboxTok) {
				t.Errorf("%s: the sent mail keeps its token in the outbox:\n%s", kind, m.Text)
			}
			redacted := strings.Replace(link, outboxTok, furusato.RedactedSecret, 1)
			if !strings.Contains(m.Text, redacted) || !strings.Contains(m.HTML, redacted) {
				t.Errorf("%s: kept text lacks %q:\n%s", kind, redacted, m.Text)
			}
		}
		got := srv.WaitFor(t, len(links), 5*time.Second)
		for _, g := range got {
			if !strings.Contains(g.Text, outboxTok) || !strings.Contains(g.HTML, outboxTok) {
				t.Errorf("mail to %v went out without its link:\n%s", g.To, g.Text)
			}
		}
	})
}

// TestOrgsOutbox_AdminsNeverSeeAToken: the admins' outbox view shows the
// links of mail not sent yet without their tokens, while delivery still
// reads the real link.
func TestOrgsOutbox_AdminsNeverSeeAToken(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := queueLink(t, db, mail.KindResetPassword, "r@example.jp", "https://furusato.example.jp/account/password/reset/"+outboxTok, mailTime)
		// A notice's one-click unsubscribe URL is a secret link too.
		if _, err := db.Writer().ExecContext(ctx, `UPDATE outbox SET list_unsubscribe = $1 WHERE id = $2`,
			"https://furusato.example.jp/mail/unsubscribe/"+outboxTok, id); err != nil {
			t.Fatal(err)
		}
		admin := &furusato.Actor{User: &furusato.User{ID: 1, Admin: true, Email: "admin@example.jp"}}
		o := service.NewOutbox(db)
		list, _, err := o.List(ctx, admin, furusato.OutboxFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("Outbox = %v, %v", list, err)
		}
		one, err := o.Mail(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []*furusato.OutboxMail{list[0], one} {
			if strings.Contains(m.Text+m.HTML+m.ListUnsubscribe, outboxTok) {
				t.Errorf("admin view holds the token:\n%s\n%s", m.Text, m.ListUnsubscribe)
			}
			if !strings.Contains(m.Text, "/account/password/reset/"+furusato.RedactedSecret) || m.To != "r@example.jp" || m.Kind != "reset_password" {
				t.Errorf("admin view %+v", m)
			}
		}
		if stored, _ := db.FindOutboxMail(ctx, id); !strings.Contains(stored.Text, outboxTok) {
			t.Error("the unsent mail lost its link before delivery")
		}
	})
}

// TestMailer_PurgeSentRemovesOnlyOldSentMail: sent mail older than the
// retention is deleted; newer sent mail and unsent mail stay.
func TestMailer_PurgeSentRemovesOnlyOldSentMail(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := &mailClock{t: mailTime}
		d := quiet(service.NewMailer(db, &recordingSender{}, clk.Now))
		d.Retention = 30 * 24 * time.Hour
		var oldSent []int64
		for i := range 3 {
			id := queueLink(t, db, mail.KindVerifyEmail, "old@example.jp", "https://furusato.example.jp/account/verify/"+outboxTok+string(rune('a'+i)), clk.Now())
			if err := d.Deliver(ctx, id); err != nil {
				t.Fatal(err)
			}
			oldSent = append(oldSent, id)
		}
		oldUnsent := queueLink(t, db, mail.KindVerifyEmail, "unsent@example.jp", "https://furusato.example.jp/account/verify/x", clk.Now())
		clk.Add(20 * 24 * time.Hour)
		newSent := queueLink(t, db, mail.KindVerifyEmail, "new@example.jp", "https://furusato.example.jp/account/verify/y", clk.Now())
		if err := d.Deliver(ctx, newSent); err != nil {
			t.Fatal(err)
		}
		if n, err := d.PurgeSent(ctx); n != 0 || err != nil {
			t.Fatalf("PurgeSent within retention = %d, %v; want 0", n, err)
		}
		clk.Add(11 * 24 * time.Hour)
		if n, err := d.PurgeSent(ctx); n != 3 || err != nil {
			t.Fatalf("PurgeSent = %d, %v; want 3", n, err)
		}
		for _, id := range oldSent {
			if _, err := db.FindOutboxMail(ctx, id); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("old sent mail %d: %v", id, err)
			}
		}
		for _, id := range []int64{oldUnsent, newSent} {
			if _, err := db.FindOutboxMail(ctx, id); err != nil {
				t.Errorf("mail %d purged: %v", id, err)
			}
		}
		d.Retention = 0 // keep forever
		clk.Add(365 * 24 * time.Hour)
		if n, err := d.PurgeSent(ctx); n != 0 || err != nil {
			t.Errorf("PurgeSent with no retention = %d, %v; want 0", n, err)
		}
	})
}

// TestMailer_PurgeSentBlanksLinksLeftByOlderVersions: mail that an older
// version marked sent with its link whole loses the token at the next
// purge, even when sent mail is kept for ever; so does the job.
func TestMailer_PurgeSentBlanksLinksLeftByOlderVersions(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := queueLink(t, db, mail.KindInvitation, "old@example.jp", "https://furusato.example.jp/invitations/"+outboxTok, mailTime)
		if _, err := db.Writer().ExecContext(ctx, `UPDATE outbox SET sent_at = $1, next_attempt_at = 0 WHERE id = $2`, mailTime.UnixMilli(), id); err != nil {
			t.Fatal(err)
		}
		s := newServices(t, db, func() time.Time { return mailTime.Add(time.Hour) }, "https://furusato.example.jp").JobServices()
		if s.PurgeOutbox == nil {
			t.Fatal("no outbox job")
		}
		if n, err := s.PurgeOutbox(ctx); n != 1 || err != nil {
			t.Fatalf("PurgeOutbox = %d, %v; want 1", n, err)
		}
		m, err := db.FindOutboxMail(ctx, id)
		if err != nil || strings.Contains(m.Text+m.HTML, outboxTok) || !strings.Contains(m.Text, "/invitations/{token}") {
			t.Errorf("after the purge: %v\n%s", err, m.Text)
		}
		if n, err := s.PurgeOutbox(ctx); n != 0 || err != nil {
			t.Errorf("second PurgeOutbox = %d, %v; want 0", n, err)
		}
	})
}
