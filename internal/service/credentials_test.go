package service_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// hashOf is how the service stores a token: SHA-256 in hex.
func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newToken creates a token of scope for a and returns it.
func (e *authEnv) newToken(a *furusato.Actor, scope furusato.TokenScope) string {
	e.t.Helper()
	_, secret, err := e.svc.APITokens.Create(context.Background(), a, "ci", scope, 0, "")
	if err != nil {
		e.t.Fatalf("create token: %v", err)
	}
	return secret
}

// tokenWorks reports whether the token still authenticates.
func (e *authEnv) tokenWorks(secret string) bool {
	e.t.Helper()
	_, err := e.svc.APITokens.Authenticate(context.Background(), secret)
	if err != nil && furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
		e.t.Fatalf("Authenticate: %v", err)
	}
	return err == nil
}

// pendingEmailChange requests a change of a's address to newEmail and
// returns the token of the confirmation link; the notice to the old
// address is checked and dropped.
func (e *authEnv) pendingEmailChange(a *furusato.Actor, newEmail string) string {
	e.t.Helper()
	if err := e.auth.RequestEmailChange(context.Background(), a, newEmail, pw, "ja", "192.0.2.1"); err != nil {
		e.t.Fatalf("RequestEmailChange: %v", err)
	}
	ms := e.mails()
	var tok string
	for _, m := range ms {
		if m.Kind == "email_change" && m.To == strings.ToLower(newEmail) {
			tok = e.token(m, "/account/verify/")
		}
	}
	if tok == "" {
		e.t.Fatalf("no confirmation mail to %s among %d mails", newEmail, len(ms))
	}
	return tok
}

// TestAPITokens_UnverifiedAccountCannotCreate: until the address is
// confirmed, no token can be made (policy.TokenManageOwn); afterwards it
// can.
func TestAPITokens_UnverifiedAccountCannotCreate(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		if err := e.auth.SignUp(ctx, "hanako@example.jp", "山田 花子", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		link := e.token(e.oneMail("verify_email", "hanako@example.jp"), "/account/verify/")
		u, err := db.FindUserByEmail(ctx, "hanako@example.jp")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.svc.APITokens.Create(ctx, e.actor(u.ID), "ci", furusato.ScopeWrite, 0, "")
		wantCode(t, "unverified creates a token", err, furusato.EFORBIDDEN)
		if list, err := db.FindAPITokens(ctx, u.ID); err != nil || len(list) != 0 {
			t.Fatalf("stored %d tokens, %v", len(list), err)
		}
		if _, err := e.auth.VerifyEmail(ctx, link, ""); err != nil {
			t.Fatal(err)
		}
		if secret := e.newToken(e.actor(u.ID), furusato.ScopeRead); !e.tokenWorks(secret) {
			t.Error("a verified account's token does not work")
		}
	})
}

// TestAPITokens_OfAnUnverifiedOwnerDoNotWork: a token whose owner's
// address is not confirmed (made before the rule, or written by hand)
// authenticates nobody.
func TestAPITokens_OfAnUnverifiedOwnerDoNotWork(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		if err := e.auth.SignUp(ctx, "first@example.jp", "先に 登録", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		u, _ := db.FindUserByEmail(ctx, "first@example.jp")
		secret := "fst_" + strings.Repeat("a", 52)
		legacy := &furusato.APIToken{UserID: u.ID, Name: "old", Hash: hashOf(secret), Prefix: secret[:8], Scope: furusato.ScopeWrite, ExpiresAt: e.clock.Now().Add(time.Hour)}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateAPIToken(ctx, legacy, e.clock.Now()) }); err != nil {
			t.Fatal(err)
		}
		if e.tokenWorks(secret) {
			t.Error("the token of an unverified account authenticates")
		}
	})
}

// TestAPITokens_ScopeChosenAtCreation: the scope is stored, listed and
// carried by the actor the token authenticates; an unknown one is EINVALID.
func TestAPITokens_ScopeChosenAtCreation(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		a := e.actor(e.signUp("hanako@example.jp", pw).ID)
		toks := e.svc.APITokens
		for _, scope := range []furusato.TokenScope{furusato.ScopeRead, furusato.ScopeWrite} {
			tk, secret, err := toks.Create(ctx, a, string(scope), scope, 0, "")
			if err != nil || tk.Scope != scope {
				t.Fatalf("Create(%s) = %+v, %v", scope, tk, err)
			}
			got, err := toks.Authenticate(ctx, secret)
			if err != nil || got.Scope != scope || got.ReadOnly() != (scope == furusato.ScopeRead) {
				t.Errorf("Authenticate(%s token) = scope %q, %v", scope, got.Scope, err)
			}
		}
		list, err := toks.List(ctx, a)
		if err != nil || len(list) != 2 || list[0].Scope != furusato.ScopeWrite || list[1].Scope != furusato.ScopeRead {
			t.Errorf("List = %+v, %v", list, err)
		}
		for _, bad := range []furusato.TokenScope{"", "admin"} {
			_, _, err := toks.Create(ctx, a, "x", bad, 0, "")
			wantCode(t, "scope "+string(bad), err, furusato.EINVALID)
			if furusato.ErrorFields(err)["scope"] == "" {
				t.Errorf("scope %q: fields %v", bad, furusato.ErrorFields(err))
			}
		}
	})
}

// TestCredentialEvents_EndAPITokensAndEmailChangeLinks: a password reset,
// a password change, "sign out everywhere" and a confirmed e-mail change
// each revoke every API token of the account (working before, refused
// after) and every pending e-mail-change link, in the transaction of the
// event; another person's token is untouched.
func TestCredentialEvents_EndAPITokensAndEmailChangeLinks(t *testing.T) {
	t.Parallel()
	events := []struct {
		name string
		do   func(e *authEnv, a *furusato.Actor) error
	}{
		{"password reset", func(e *authEnv, a *furusato.Actor) error {
			ctx := context.Background()
			if err := e.auth.RequestPasswordReset(ctx, a.User.Email, "ja", "192.0.2.1"); err != nil {
				return err
			}
			tok := e.token(e.oneMail("reset_password", a.User.Email), "/account/password/reset/")
			return e.auth.ResetPassword(ctx, tok, "a-brand-new-password", "192.0.2.1")
		}},
		{"password change", func(e *authEnv, a *furusato.Actor) error {
			_, err := e.auth.ChangePassword(context.Background(), a, pw, "a-brand-new-password", "192.0.2.1")
			return err
		}},
		{"sign out everywhere", func(e *authEnv, a *furusato.Actor) error {
			return e.auth.SignOutEverywhere(context.Background(), a, "192.0.2.1")
		}},
		{"e-mail change confirmed", func(e *authEnv, a *furusato.Actor) error {
			tok := e.pendingEmailChange(a, "hanako.moved@example.jp")
			_, err := e.auth.VerifyEmail(context.Background(), tok, "192.0.2.1")
			return err
		}},
	}
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		for i, ev := range events {
			t.Run(ev.name, func(t *testing.T) {
				ctx := context.Background()
				e := newAuthEnv(t, db)
				e.mails() // what earlier cases queued
				u := e.signUp(fmt.Sprintf("hanako%d@example.jp", i), pw)
				a := e.actor(u.ID)
				read, write := e.newToken(a, furusato.ScopeRead), e.newToken(a, furusato.ScopeWrite)
				other := e.newToken(e.actor(e.signUp(fmt.Sprintf("taro%d@example.jp", i), pw).ID), furusato.ScopeWrite)
				if !e.tokenWorks(read) || !e.tokenWorks(write) {
					t.Fatal("the tokens do not work before the event")
				}
				var pending string
				if ev.name != "e-mail change confirmed" {
					pending = e.pendingEmailChange(a, fmt.Sprintf("attacker%d@evil.example", i))
				}
				if err := ev.do(e, a); err != nil {
					t.Fatalf("%s: %v", ev.name, err)
				}
				if e.tokenWorks(read) || e.tokenWorks(write) {
					t.Errorf("a token still works after the %s", ev.name)
				}
				if !e.tokenWorks(other) {
					t.Error("another person's token was revoked too")
				}
				list, err := e.svc.APITokens.List(ctx, e.actor(u.ID))
				if err != nil || len(list) != 2 || list[0].RevokedAt.IsZero() || list[1].RevokedAt.IsZero() {
					t.Errorf("tokens after the %s: %+v, %v", ev.name, list, err)
				}
				if pending != "" {
					_, err := e.auth.VerifyEmail(ctx, pending, "203.0.113.66")
					wantCode(t, "pending e-mail change link after the "+ev.name, err, furusato.ENOTFOUND)
					if got, _ := db.FindUserByID(ctx, u.ID); strings.Contains(got.Email, "evil") {
						t.Errorf("the account moved to %s", got.Email)
					}
				}
			})
		}
	})
}

// TestAuthResetPassword_NeverVerifiedAccountLosesTheFirstRegistrantsSetup:
// someone registers another's address first and sets the account up; the
// owner's reset (the first proof of the address) drops the tokens, the
// profile, the pending changes, memberships, favourites and notification
// choices. A reset of a verified account keeps the profile.
func TestAuthResetPassword_NeverVerifiedAccountLosesTheFirstRegistrantsSetup(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		if err := e.auth.SignUp(ctx, "victim@example.jp", "攻撃 者", "attacker-pass-123", "ja", "203.0.113.66"); err != nil {
			t.Fatal(err)
		}
		attackersVerify := e.token(e.oneMail("verify_email", "victim@example.jp"), "/account/verify/")
		u, _ := db.FindUserByEmail(ctx, "victim@example.jp")
		attacker := e.actor(u.ID)
		// What the first registrant set up while unverified (the token by
		// hand: the service no longer lets an unverified account make one).
		secret := "fst_" + strings.Repeat("b", 52)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateAPIToken(ctx, &furusato.APIToken{UserID: u.ID, Name: "mine", Hash: hashOf(secret), Prefix: secret[:8],
				Scope: furusato.ScopeWrite, ExpiresAt: e.clock.Now().Add(24 * time.Hour)}, e.clock.Now()); err != nil {
				return err
			}
			if err := tx.SaveProfile(ctx, &furusato.Profile{UserID: u.ID, Occupation: "攻撃者の職業", Bio: "攻撃者が書いた紹介"}, e.clock.Now()); err != nil {
				return err
			}
			return tx.SetNoticePrefs(ctx, u.ID, []furusato.NoticePref{{Kind: furusato.NoticeMessage, Email: false}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.auth.RequestEmailChange(ctx, attacker, "attacker@evil.example", "attacker-pass-123", "ja", "203.0.113.66"); err != nil {
			t.Fatal(err)
		}
		var change string
		for _, m := range e.mails() {
			if m.Kind == "email_change" {
				change = e.token(m, "/account/verify/")
			}
		}

		// The owner resets the password.
		if err := e.auth.RequestPasswordReset(ctx, "victim@example.jp", "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		reset := e.token(e.oneMail("reset_password", "victim@example.jp"), "/account/password/reset/")
		if err := e.auth.ResetPassword(ctx, reset, "the-owners-password", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindProfile(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("the first registrant's profile stays: %v", err)
		}
		if list, _ := db.FindAPITokens(ctx, u.ID); len(list) != 0 {
			t.Errorf("the first registrant's tokens stay: %+v", list)
		}
		if e.tokenWorks(secret) {
			t.Error("the first registrant's token works")
		}
		if on, _ := db.NoticeEmail(ctx, u.ID, furusato.NoticeMessage); !on {
			t.Error("the first registrant's notification choices stay")
		}
		for what, tok := range map[string]string{"e-mail change": change, "sign-up confirmation": attackersVerify} {
			if _, err := e.auth.VerifyEmail(ctx, tok, ""); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("the first registrant's pending %s link: %v", what, err)
			}
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.Email != "victim@example.jp" || !got.Verified() {
			t.Errorf("account after the reset: %+v", got)
		}
		if e.audits("user.setup_forgotten") != 1 {
			t.Error("the drop is not audited")
		}

		// A verified account keeps its profile through a reset.
		owner := e.actor(u.ID)
		if err := e.svc.PersonalData.SaveProfile(ctx, owner, "持ち主", &furusato.Profile{Occupation: "会社員"}, ""); err != nil {
			t.Fatal(err)
		}
		if err := e.auth.RequestPasswordReset(ctx, "victim@example.jp", "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		reset = e.token(e.oneMail("reset_password", "victim@example.jp"), "/account/password/reset/")
		if err := e.auth.ResetPassword(ctx, reset, "the-owners-second-password", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if p, err := db.FindProfile(ctx, u.ID); err != nil || p.Occupation != "会社員" {
			t.Errorf("a verified account's profile after a reset: %+v, %v", p, err)
		}
	})
}

// TestAuthEmailChange_OldAddressIsToldOfRequestAndChange: the old address
// hears of the request (with the new address) and of the change.
func TestAuthEmailChange_OldAddressIsToldOfRequestAndChange(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		a := e.actor(e.signUp("hanako@example.jp", pw).ID)
		if err := e.auth.RequestEmailChange(ctx, a, "hanako.new@example.jp", pw, "en", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		ms := e.mails()
		if len(ms) != 2 {
			t.Fatalf("%d mails, want the confirmation and the notice", len(ms))
		}
		var tok string
		var notice *furusato.OutboxMail
		for _, m := range ms {
			switch {
			case m.Kind == "email_change" && m.To == "hanako.new@example.jp":
				tok = e.token(m, "/account/verify/")
			case m.Kind == "email_change_requested" && m.To == "hanako@example.jp":
				notice = m
			default:
				t.Errorf("unexpected mail %s to %s", m.Kind, m.To)
			}
		}
		if notice == nil || !strings.Contains(notice.Text, "hanako.new@example.jp") || !strings.Contains(notice.Text, authBase+"/account/password/forgot") {
			t.Fatalf("notice to the old address:\n%v", notice)
		}
		if linkRE.MatchString(notice.Text) {
			t.Error("the notice to the old address carries the confirmation link")
		}
		if _, err := e.auth.VerifyEmail(ctx, tok, ""); err != nil {
			t.Fatal(err)
		}
		changed := e.oneMail("email_changed", "hanako@example.jp")
		if !strings.Contains(changed.Text, "hanako.new@example.jp") || !strings.Contains(changed.Subject, "変更しました") {
			t.Errorf("notice of the change: %s\n%s", changed.Subject, changed.Text)
		}
	})
}

// TestAuthEmailChange_LimitedPerAccountPerDay: EmailChangesPerDay requests
// a day, successful ones included; the next is ERATELIMIT beside the
// address field and sends nothing; a day later it works again.
func TestAuthEmailChange_LimitedPerAccountPerDay(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		a := e.actor(e.signUp("hanako@example.jp", pw).ID)
		for i := range service.EmailChangesPerDay {
			if err := e.auth.RequestEmailChange(ctx, a, fmt.Sprintf("n%d@example.jp", i), pw, "ja", "192.0.2.1"); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		e.mails()
		err := e.auth.RequestEmailChange(ctx, a, "one.more@example.jp", pw, "ja", "192.0.2.1")
		wantCode(t, "one request too many", err, furusato.ERATELIMIT)
		if got := furusato.ErrorFields(err)["email"]; got != "account.error.email_changes_too_many" {
			t.Errorf("field error %q", got)
		}
		if n := len(e.mails()); n != 0 {
			t.Errorf("%d mails sent over the limit", n)
		}
		// Someone else is not held back.
		e.pendingEmailChange(e.actor(e.signUp("taro@example.jp", pw).ID), "taro.new@example.jp")
		e.clock.Add(24*time.Hour + time.Minute)
		e.pendingEmailChange(a, "next.day@example.jp")
	})
}

// TestOrgsInvite_LimitedPerInviterPerDay: one person sends at most
// InvitationsPerDay invitations a day; the next is ERATELIMIT beside the
// address field, stores and sends nothing; another inviter is not held
// back, and a day later it works again.
func TestOrgsInvite_LimitedPerInviterPerDay(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	w := newOrgWorld(t, db)
	coord := w.actor(w.coordX.ID)
	invite := func(a *furusato.Actor, email string) error {
		_, err := w.orgs.Invite(ctx, a, email, furusato.RoleCoordinator, service.InviteTarget{Org: w.x}, "ja", "")
		return err
	}
	for i := range service.InvitationsPerDay {
		if err := invite(coord, fmt.Sprintf("p%d@example.jp", i)); err != nil {
			t.Fatalf("invitation %d: %v", i, err)
		}
	}
	w.mails()
	err := invite(coord, "one.more@example.jp")
	wantCode(t, "one invitation too many", err, furusato.ERATELIMIT)
	if got := furusato.ErrorFields(err)["email"]; got != "invite.too_many" {
		t.Errorf("field error %q", got)
	}
	if n := len(w.mails()); n != 0 {
		t.Errorf("%d mails over the limit", n)
	}
	if err := invite(w.actor(w.admin.ID), "from.admin@example.jp"); err != nil {
		t.Errorf("another inviter: %v", err)
	}
	w.clock.Add(24*time.Hour + time.Minute)
	if err := invite(coord, "next.day@example.jp"); err != nil {
		t.Errorf("a day later: %v", err)
	}
}

// Deleting an account scrubs the addresses its change requests named
// from the audit log (the entries stay).
func TestDeleteAccount_ScrubsRequestedAddressesFromTheAudit(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		a := e.actor(e.signUp("hanako@example.jp", pw).ID)
		if err := e.auth.RequestEmailChange(ctx, a, "hanako.secret@example.jp", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.PersonalData.DeleteAccount(ctx, e.actor(a.User.ID), pw, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		all, _, err := db.FindAudit(ctx, furusato.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		asks := 0
		for _, x := range all {
			if x.Action == furusato.AuditUserEmailChangeAsk {
				asks++
			}
			if s := string(x.Detail); strings.Contains(s, "hanako.secret@example.jp") {
				t.Errorf("%s keeps the requested address: %s", x.Action, s)
			}
		}
		if asks != 1 {
			t.Errorf("%d change-request entries, want the one kept", asks)
		}
	})
}
