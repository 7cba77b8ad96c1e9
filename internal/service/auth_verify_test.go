package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestAuthRegister_NeedsConsentAndRecordsTheVersion(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		in := service.SignUpRequest{Email: "consent@example.jp", Name: "同意 する", Password: pw, Lang: "ja", IP: "192.0.2.1"}
		err := e.auth.Register(ctx, in)
		wantCode(t, "no consent", err, furusato.EINVALID)
		if furusato.ErrorFields(err)["agree"] != "trust.error.agree_required" {
			t.Errorf("fields = %v", furusato.ErrorFields(err))
		}
		if _, err := db.FindUserByEmail(ctx, "consent@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Fatal("an account was made without consent")
		}
		in.Terms = 2 // a version the form never showed
		wantCode(t, "stale terms", e.auth.Register(ctx, in), furusato.ECONFLICT)
		if _, err := db.FindUserByEmail(ctx, "consent@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Fatal("an account was kept after a refused consent")
		}
		e.mails()
		in.Terms = 1
		if err := e.auth.Register(ctx, in); err != nil {
			t.Fatal(err)
		}
		u, _ := db.FindUserByEmail(ctx, "consent@example.jp")
		if v, _ := db.AgreedVersion(ctx, u.ID, furusato.PageTerms); v != 1 {
			t.Errorf("agreed version = %d, want 1", v)
		}
		// The privacy policy promises it in the data export.
		x, err := e.svc.PersonalData.ExportData(ctx, e.actor(u.ID), "192.0.2.1")
		if err != nil || len(x.Consents) != 1 || x.Consents[0].Page != "terms" || x.Consents[0].Version != 1 {
			t.Errorf("export consents = %+v, %v", x, err)
		}
	})
}

func TestAuthRegister_NextRidesOnTheConfirmationLink(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		in := service.SignUpRequest{Email: "next@example.jp", Name: "次", Password: pw, Lang: "ja", IP: "192.0.2.1", Terms: 1,
			Next: "/projects/toba-ama-culture-booklet/entry"}
		if err := e.auth.Register(ctx, in); err != nil {
			t.Fatal(err)
		}
		m := e.oneMail("verify_email", "next@example.jp")
		if !strings.Contains(m.Text, "?next=%2Fprojects%2Ftoba-ama-culture-booklet%2Fentry") {
			t.Errorf("the link lacks next:\n%s", m.Text)
		}
	})
}

func TestAuthVerify_ASecondOpeningIsAlreadyVerified(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		if err := e.auth.SignUp(ctx, "twice@example.jp", "二度", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		tok := e.token(e.oneMail("verify_email", "twice@example.jp"), "/account/verify/")
		if done, err := e.auth.AlreadyVerified(ctx, tok); err != nil || done {
			t.Fatalf("before use: %v, %v", done, err)
		}
		if _, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		_, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1")
		wantCode(t, "second use", err, furusato.ENOTFOUND)
		if done, err := e.auth.AlreadyVerified(ctx, tok); err != nil || !done {
			t.Errorf("after use: %v, %v; want already verified", done, err)
		}
		if done, _ := e.auth.AlreadyVerified(ctx, "nonsense"); done {
			t.Error("an unknown token counts as verified")
		}
	})
}

func TestAuthResend_ThrottledAndSilentForUnknownAddresses(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		if err := e.auth.SignUp(ctx, "resend@example.jp", "再送", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		first := e.token(e.oneMail("verify_email", "resend@example.jp"), "/account/verify/")
		u, _ := db.FindUserByEmail(ctx, "resend@example.jp")
		a := e.actor(u.ID)
		if err := e.auth.ResendVerification(ctx, a, "ja", "/projects/x"); err != nil {
			t.Fatal(err)
		}
		m := e.oneMail("verify_email", "resend@example.jp")
		if !strings.Contains(m.Text, "?next=%2Fprojects%2Fx") {
			t.Errorf("resent link lacks next:\n%s", m.Text)
		}
		// The visitor's form: same answer for an unknown address, nothing sent.
		if err := e.auth.ResendVerificationTo(ctx, "nobody@example.jp", "ja", "", "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		if ms := e.mails(); len(ms) != 0 {
			t.Fatalf("%d mails to an unknown address", len(ms))
		}
		wantCode(t, "malformed", e.auth.ResendVerificationTo(ctx, "not an address", "ja", "", "192.0.2.9"), furusato.EINVALID)
		for i := 0; i < service.ResendEmailLimit-1; i++ {
			if err := e.auth.ResendVerificationTo(ctx, "Resend@Example.jp", "ja", "", "192.0.2.9"); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(e.mails()); n != service.ResendEmailLimit-1 {
			t.Fatalf("%d mails, want %d", n, service.ResendEmailLimit-1)
		}
		// Over the account's limit: the visitor's form answers the same and sends nothing,
		// the signed-in resend says to wait.
		if err := e.auth.ResendVerificationTo(ctx, "resend@example.jp", "ja", "", "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "signed-in over the limit", e.auth.ResendVerification(ctx, a, "ja", ""), furusato.ERATELIMIT)
		if n := len(e.mails()); n != 0 {
			t.Fatalf("%d mails over the limit", n)
		}
		// An hour later it works again; the first link still works.
		e.clock.Add(service.ResendWindow + time.Minute)
		if err := e.auth.ResendVerification(ctx, a, "ja", ""); err != nil {
			t.Fatal(err)
		}
		e.mails()
		if _, err := e.auth.VerifyEmail(ctx, first, "192.0.2.1"); err != nil {
			t.Fatalf("the first link: %v", err)
		}
		wantCode(t, "resend when confirmed", e.auth.ResendVerification(ctx, e.actor(u.ID), "ja", ""), furusato.ECONFLICT)
		// The network's limit.
		var err error
		for i := 0; i <= service.ResendIPLimit && err == nil; i++ {
			err = e.auth.ResendVerificationTo(ctx, "x@example.jp", "ja", "", "198.51.100.7")
		}
		wantCode(t, "network over the limit", err, furusato.ERATELIMIT)
	})
}

func TestAuthVerify_MailsTheNoticesHeldWhileUnconfirmed(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		if err := e.auth.SignUp(ctx, "held@example.jp", "保留", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		tok := e.token(e.oneMail("verify_email", "held@example.jp"), "/account/verify/")
		u, _ := db.FindUserByEmail(ctx, "held@example.jp")
		notify := func(kind furusato.NoticeKind) {
			err := db.Tx(ctx, func(tx *store.Tx) error {
				return e.svc.Notifier.Notify(ctx, tx, furusato.Notice{UserID: u.ID, Kind: kind, Link: "/me",
					Params: map[string]string{"project": "テスト", "stage": "screening"}})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		notify(furusato.NoticeStageChanged)
		notify(furusato.NoticeOffer)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: furusato.NoticeOffer, Email: false}})
		}); err != nil {
			t.Fatal(err)
		}
		if n := len(e.mails()); n != 0 {
			t.Fatalf("%d notice mails to an unconfirmed address", n)
		}
		if _, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		ms := e.mails()
		if len(ms) != 1 || ms[0].To != "held@example.jp" || ms[0].Kind != "notice" {
			for _, m := range ms {
				t.Logf("%s to %s", m.Kind, m.To)
			}
			t.Fatalf("%d mails after confirming, want the one held notice wanted by e-mail", len(ms))
		}
	})
}
