package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// japanese reports whether s holds kana or kanji.
func japanese(s string) bool {
	for _, r := range s {
		if (r >= 0x3040 && r <= 0x30ff) || (r >= 0x4e00 && r <= 0x9fff) {
			return true
		}
	}
	return false
}

func TestAuthLanguage_MailFollowsThePerson(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		// Signed up on an English page: the account reads English.
		if err := e.auth.SignUp(ctx, "jane@example.jp", "Jane Doe", pw, "en", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		m := e.oneMail("verify_email", "jane@example.jp")
		if japanese(m.Subject) {
			t.Errorf("English sign-up, confirmation subject %q", m.Subject)
		}
		if _, err := e.auth.VerifyEmail(ctx, e.token(m, "/account/verify/"), ""); err != nil {
			t.Fatal(err)
		}
		u, _ := db.FindUserByEmail(ctx, "jane@example.jp")
		if u.Lang != "en" {
			t.Fatalf("Lang %q after an English sign-up", u.Lang)
		}
		// Asked for on a Japanese page, the mails still follow the person,
		// including the notice to the old address that was always Japanese.
		tok := e.pendingEmailChange(e.actor(u.ID), "jane2@example.jp")
		if _, err := e.auth.VerifyEmail(ctx, tok, ""); err != nil {
			t.Fatal(err)
		}
		changed := e.oneMail("email_changed", "jane@example.jp")
		if japanese(changed.Subject) || japanese(changed.Text) {
			t.Errorf("e-mail changed mail to an English reader:\n%s\n%s", changed.Subject, changed.Text)
		}
		// A notice is in English too.
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return e.svc.Notifier.Notify(ctx, tx, furusato.Notice{UserID: u.ID, Kind: furusato.NoticeOffer, Link: "/me",
				Params: map[string]string{"project": "Watercress"}})
		}); err != nil {
			t.Fatal(err)
		}
		n := e.oneMail("notice", "jane2@example.jp")
		if japanese(n.Subject) || japanese(n.Text) {
			t.Errorf("notice to an English reader:\n%s\n%s", n.Subject, n.Text)
		}
		// Switched to Japanese on the account page: a reset asked for on an
		// English page comes in Japanese.
		a := e.actor(u.ID)
		wantCode(t, "French", e.auth.SetLanguage(ctx, a, "fr"), furusato.EINVALID)
		if err := e.auth.SetLanguage(ctx, a, "ja"); err != nil {
			t.Fatal(err)
		}
		if err := e.auth.RequestPasswordReset(ctx, "jane2@example.jp", "en", "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		if r := e.oneMail("reset_password", "jane2@example.jp"); !strings.Contains(r.Subject, "パスワード") {
			t.Errorf("reset for a Japanese reader: %q", r.Subject)
		}
		wantCode(t, "visitor", e.auth.SetLanguage(ctx, &furusato.Actor{}, "en"), furusato.EUNAUTHORIZED)
	})
}
