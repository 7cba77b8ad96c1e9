package service_test

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

const authBase = "https://furusato.example.jp"

// authClock is a settable clock.
type authClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *authClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *authClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type authEnv struct {
	t     *testing.T
	db    *store.DB
	svc   *service.Services
	auth  *service.Auth
	clock *authClock
	seen  int // outbox mails already returned by mails
}

func newAuthEnv(t *testing.T, db *store.DB) *authEnv {
	t.Helper()
	c := &authClock{t: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)}
	svc := newServices(t, db, c.Now, authBase+"/")
	return &authEnv{t: t, db: db, svc: svc, auth: svc.Auth, clock: c}
}

// mails returns the mail queued since the last call, oldest first.
func (e *authEnv) mails() []*furusato.OutboxMail {
	e.t.Helper()
	all, _, err := e.db.FindOutbox(context.Background(), furusato.OutboxFilter{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []*furusato.OutboxMail
	for i := len(all) - 1 - e.seen; i >= 0; i-- { // newest first → oldest first
		out = append(out, all[i])
	}
	e.seen = len(all)
	return out
}

// oneMail returns the only mail queued since the last call, checking its
// kind and recipient.
func (e *authEnv) oneMail(kind, to string) *furusato.OutboxMail {
	e.t.Helper()
	ms := e.mails()
	if len(ms) != 1 {
		e.t.Fatalf("%d mails queued, want 1 %s", len(ms), kind)
	}
	if ms[0].Kind != kind || ms[0].To != to {
		e.t.Fatalf("mail %s to %s, want %s to %s", ms[0].Kind, ms[0].To, kind, to)
	}
	return ms[0]
}

var linkRE = regexp.MustCompile(regexp.QuoteMeta(authBase) + `(/account/(?:verify|password/reset)/)([A-Za-z0-9_-]+)`)

// token returns the token of the link in m.
func (e *authEnv) token(m *furusato.OutboxMail, path string) string {
	e.t.Helper()
	sub := linkRE.FindStringSubmatch(m.Text)
	if sub == nil || sub[1] != path {
		e.t.Fatalf("no %s link in the mail:\n%s", path, m.Text)
	}
	return sub[2]
}

// signUp signs up and verifies a user, and returns them.
func (e *authEnv) signUp(email, password string) *furusato.User {
	e.t.Helper()
	ctx := context.Background()
	if err := e.auth.SignUp(ctx, email, "山田 花子", password, "ja", "192.0.2.1"); err != nil {
		e.t.Fatalf("SignUp: %v", err)
	}
	tok := e.token(e.oneMail("verify_email", email), "/account/verify/")
	if _, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1"); err != nil {
		e.t.Fatalf("VerifyEmail: %v", err)
	}
	u, err := e.db.FindUserByEmail(ctx, email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *authEnv) actor(id int64) *furusato.Actor {
	e.t.Helper()
	a, err := e.auth.Actor(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *authEnv) audits(action furusato.AuditAction) int {
	e.t.Helper()
	_, n, err := e.db.FindAudit(context.Background(), furusato.AuditFilter{Action: action})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if furusato.ErrorCode(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
}

const pw = "kuresonn-no-sato-2026"

func TestAuthSignUp_QueuesVerificationAndVerifies(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		if err := e.auth.SignUp(ctx, " Hanako@Example.JP ", "山田 花子", pw, "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		u, err := db.FindUserByEmail(ctx, "hanako@example.jp")
		if err != nil || u.Verified() || u.DisplayName != "山田 花子" {
			t.Fatalf("user %+v, %v: want an unverified account", u, err)
		}
		m := e.oneMail("verify_email", "hanako@example.jp")
		tok := e.token(m, "/account/verify/")

		// Unverified users may sign in.
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.1"); err != nil {
			t.Fatalf("unverified sign-in: %v", err)
		}
		changed, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1")
		if err != nil || changed {
			t.Fatalf("VerifyEmail = %v, %v", changed, err)
		}
		if u, _ := db.FindUserByEmail(ctx, "hanako@example.jp"); !u.Verified() {
			t.Error("not verified after the link")
		}
		// Single use.
		_, err = e.auth.VerifyEmail(ctx, tok, "192.0.2.1")
		wantCode(t, "second use", err, furusato.ENOTFOUND)
		_, err = e.auth.VerifyEmail(ctx, "nonsense", "192.0.2.1")
		wantCode(t, "unknown token", err, furusato.ENOTFOUND)
		if e.audits("user.signup") != 1 {
			t.Error("sign-up not audited")
		}
	})
}

func TestAuthSignUp_VerificationLinkExpiresAfter24Hours(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		if err := e.auth.SignUp(ctx, "late@example.jp", "遅野", pw, "en", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		tok := e.token(e.oneMail("verify_email", "late@example.jp"), "/account/verify/")
		e.clock.Add(service.VerifyEmailTTL + time.Second)
		_, err := e.auth.VerifyEmail(ctx, tok, "")
		wantCode(t, "expired link", err, furusato.ENOTFOUND)
	})
}

func TestAuthSignUp_ExistingAddressGetsAccountExistsAndSameAnswer(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		err := e.auth.SignUp(ctx, "HANAKO@example.jp", "別人", "another-password-1", "ja", "192.0.2.9")
		if err != nil {
			t.Fatalf("sign-up with a taken address: %v, want the same success", err)
		}
		m := e.oneMail("account_exists", "hanako@example.jp")
		if !regexp.MustCompile(regexp.QuoteMeta(authBase + "/account/password/forgot")).MatchString(m.Text) {
			t.Errorf("account-exists mail has no reset link:\n%s", m.Text)
		}
		if u, _ := db.FindUserByEmail(ctx, "hanako@example.jp"); u.DisplayName != "山田 花子" {
			t.Error("the existing account was changed")
		}
	})
}

func TestAuthSignUp_InvalidFieldsAllAtOnce(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		err := e.auth.SignUp(context.Background(), "not-an-address", " ", "short", "ja", "192.0.2.1")
		wantCode(t, "SignUp", err, furusato.EINVALID)
		f := furusato.ErrorFields(err)
		if f["email"] != "error.email" || f["display_name"] != "error.required" || f["password"] != "error.password_short" {
			t.Errorf("fields %v", f)
		}
		if len(e.mails()) != 0 {
			t.Error("mail queued for an invalid sign-up")
		}
	})
}

func TestAuthSignUp_ThrottledPerIP(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		for i := range service.SignUpIPLimit {
			if err := e.auth.SignUp(ctx, "u"+string(rune('a'+i))+"@example.jp", "名前", pw, "ja", "198.51.100.7"); err != nil {
				t.Fatalf("sign-up %d: %v", i, err)
			}
		}
		err := e.auth.SignUp(ctx, "one-more@example.jp", "名前", pw, "ja", "198.51.100.7")
		wantCode(t, "sign-up over the limit", err, furusato.ERATELIMIT)
		if err := e.auth.SignUp(ctx, "other-ip@example.jp", "名前", pw, "ja", "198.51.100.8"); err != nil {
			t.Errorf("another address is not limited: %v", err)
		}
		e.clock.Add(service.SignUpWindow)
		if err := e.auth.SignUp(ctx, "next-hour@example.jp", "名前", pw, "ja", "198.51.100.7"); err != nil {
			t.Errorf("a new window: %v", err)
		}
	})
}

func TestAuthSignIn_OneAnswerForEveryFailure(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		want := e.signUp("hanako@example.jp", pw)
		u, err := e.auth.SignIn(ctx, "ＨＡＮＡＫＯ@example.jp", pw, "192.0.2.1")
		if err != nil || u.ID != want.ID {
			t.Fatalf("SignIn = %+v, %v", u, err)
		}
		_, wrongPassword := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "192.0.2.1")
		_, noAccount := e.auth.SignIn(ctx, "nobody@example.jp", "wrong-password-123", "192.0.2.1")
		for _, err := range []error{wrongPassword, noAccount} {
			wantCode(t, "failed sign-in", err, furusato.EUNAUTHORIZED)
			if furusato.ErrorFields(err)["email"] != "error.signin" || err.Error() != wrongPassword.Error() {
				t.Errorf("answers differ: %v", err)
			}
		}
		_, err = e.auth.SignIn(ctx, "hanako@example.jp", "", "192.0.2.1")
		wantCode(t, "empty password", err, furusato.EINVALID)
		if e.audits("user.signin") != 1 || e.audits("user.signin_failed") != 2 {
			t.Errorf("audit: %d sign-ins, %d failures", e.audits("user.signin"), e.audits("user.signin_failed"))
		}
	})
}

func TestAuthSignIn_ThrottledPerAccountAndPerIP(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for i := range service.SignInAccountLimit {
			_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "192.0.2."+string(rune('1'+i%9)))
			wantCode(t, "wrong password", err, furusato.EUNAUTHORIZED)
		}
		// Now the networks that failed are refused even the right password;
		// the owner elsewhere is not (TestAuthSignIn_LockoutDoesNotLockTheOwnerOut).
		_, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.1")
		wantCode(t, "over the account limit", err, furusato.ERATELIMIT)
		e.clock.Add(service.SignInWindow)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.1"); err != nil {
			t.Fatalf("after the window: %v", err)
		}

		// One address guessing many accounts.
		for i := range service.SignInIPLimit {
			_, err := e.auth.SignIn(ctx, "guess"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.jp", "wrong-password-123", "203.0.113.66")
			wantCode(t, "guess", err, furusato.EUNAUTHORIZED)
		}
		_, err = e.auth.SignIn(ctx, "hanako@example.jp", pw, "203.0.113.66")
		wantCode(t, "over the IP limit", err, furusato.ERATELIMIT)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "203.0.113.67"); err != nil {
			t.Errorf("another address: %v", err)
		}
	})
}

func TestAuthSignIn_SuccessClearsTheAccountCount(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for range 3 {
			for range service.SignInAccountLimit - 1 {
				_, err := e.auth.SignIn(ctx, "hanako@example.jp", "wrong-password-123", "192.0.2.1")
				wantCode(t, "wrong password", err, furusato.EUNAUTHORIZED)
			}
			if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.2"); err != nil {
				t.Fatalf("right password under the limit: %v", err)
			}
		}
	})
}

func TestAuthPasswordReset_SameAnswerSingleUseExpirySignsOutEverywhere(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u := e.signUp("hanako@example.jp", pw)

		if err := e.auth.RequestPasswordReset(ctx, "nobody@example.jp", "ja", "192.0.2.1"); err != nil {
			t.Fatalf("unknown address: %v, want the same success", err)
		}
		if n := len(e.mails()); n != 0 {
			t.Fatalf("%d mails for an unknown address", n)
		}
		err := e.auth.RequestPasswordReset(ctx, "not an address", "ja", "192.0.2.1")
		wantCode(t, "malformed address", err, furusato.EINVALID)

		if err := e.auth.RequestPasswordReset(ctx, "hanako@example.jp", "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		first := e.token(e.oneMail("reset_password", "hanako@example.jp"), "/account/password/reset/")
		if err := e.auth.RequestPasswordReset(ctx, "hanako@example.jp", "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		tok := e.token(e.oneMail("reset_password", "hanako@example.jp"), "/account/password/reset/")
		wantCode(t, "older link", e.auth.CheckResetToken(ctx, first), furusato.ENOTFOUND)
		if err := e.auth.CheckResetToken(ctx, tok); err != nil {
			t.Fatalf("CheckResetToken: %v", err)
		}

		err = e.auth.ResetPassword(ctx, tok, "short", "192.0.2.1")
		wantCode(t, "weak password", err, furusato.EINVALID)
		if err := e.auth.ResetPassword(ctx, tok, "a-brand-new-password", "192.0.2.1"); err != nil {
			t.Fatalf("ResetPassword: %v", err)
		}
		wantCode(t, "second use", e.auth.ResetPassword(ctx, tok, "yet-another-password", "192.0.2.1"), furusato.ENOTFOUND)
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.1"); furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
			t.Errorf("old password still works: %v", err)
		}
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", "a-brand-new-password", "192.0.2.1"); err != nil {
			t.Errorf("new password: %v", err)
		}
		if a := e.actor(u.ID); a.User.SessionEpoch != u.SessionEpoch+1 {
			t.Errorf("epoch %d, want %d: the reset signs out everywhere", a.User.SessionEpoch, u.SessionEpoch+1)
		}
		if e.audits("user.password_reset") != 1 {
			t.Error("reset not audited")
		}

		// A link lives one hour.
		if err := e.auth.RequestPasswordReset(ctx, "hanako@example.jp", "en", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		late := e.token(e.oneMail("reset_password", "hanako@example.jp"), "/account/password/reset/")
		e.clock.Add(service.ResetPasswordTTL)
		wantCode(t, "expired link", e.auth.ResetPassword(ctx, late, "after-the-hour-pw", ""), furusato.ENOTFOUND)
	})
}

func TestAuthPasswordReset_MailsPerAddressAreLimitedSilently(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		e.signUp("hanako@example.jp", pw)
		for range service.ResetEmailLimit + 3 {
			if err := e.auth.RequestPasswordReset(ctx, "hanako@example.jp", "ja", "192.0.2.1"); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(e.mails()); n != service.ResetEmailLimit {
			t.Errorf("%d mails, want %d", n, service.ResetEmailLimit)
		}
	})
}

func TestAuthChangePassword(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u := e.signUp("hanako@example.jp", pw)
		a := e.actor(u.ID)
		_, err := e.auth.ChangePassword(ctx, a, "wrong-password-1", "a-brand-new-password", "192.0.2.1")
		wantCode(t, "wrong current password", err, furusato.EINVALID)
		if furusato.ErrorFields(err)["current_password"] != "error.current_password" {
			t.Errorf("fields %v", furusato.ErrorFields(err))
		}
		_, err = e.auth.ChangePassword(ctx, a, pw, "hanako@example.jp", "192.0.2.1")
		wantCode(t, "address as password", err, furusato.EINVALID)
		_, err = e.auth.ChangePassword(ctx, furusato.Visitor, pw, "a-brand-new-password", "192.0.2.1")
		wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)
		epoch, err := e.auth.ChangePassword(ctx, a, pw, "a-brand-new-password", "192.0.2.1")
		if err != nil || epoch != u.SessionEpoch+1 {
			t.Fatalf("ChangePassword = %d, %v", epoch, err)
		}
		if _, err := e.auth.SignIn(ctx, "hanako@example.jp", "a-brand-new-password", "192.0.2.1"); err != nil {
			t.Errorf("new password: %v", err)
		}
		if e.audits("user.password_change") != 1 {
			t.Error("change not audited")
		}
	})
}

func TestAuthEmailChange_AppliedOnConfirmation(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u := e.signUp("hanako@example.jp", pw)
		e.signUp("taro@example.jp", pw)
		a := e.actor(u.ID)

		err := e.auth.RequestEmailChange(ctx, a, "new@example.jp", "wrong-password-1", "ja", "192.0.2.1")
		wantCode(t, "wrong password", err, furusato.EINVALID)
		err = e.auth.RequestEmailChange(ctx, a, "hanako@example.jp", pw, "ja", "192.0.2.1")
		wantCode(t, "same address", err, furusato.EINVALID)
		err = e.auth.RequestEmailChange(ctx, a, "taro@example.jp", pw, "ja", "192.0.2.1")
		wantCode(t, "taken address", err, furusato.ECONFLICT)
		if n := len(e.mails()); n != 0 {
			t.Fatalf("%d mails for refused changes", n)
		}

		tok := e.pendingEmailChange(a, "Hanako.New@example.jp")
		if got, _ := db.FindUserByID(ctx, u.ID); got.Email != "hanako@example.jp" {
			t.Fatal("address changed before confirmation")
		}
		changed, err := e.auth.VerifyEmail(ctx, tok, "192.0.2.1")
		if err != nil || !changed {
			t.Fatalf("VerifyEmail = %v, %v", changed, err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.Email != "hanako.new@example.jp" {
			t.Errorf("address %q after confirmation", got.Email)
		}
		_, err = e.auth.VerifyEmail(ctx, tok, "")
		wantCode(t, "second use", err, furusato.ENOTFOUND)
		if e.audits("user.email_change") != 1 {
			t.Error("change not audited")
		}
	})
}

func TestAuthSignOutEverywhere_BumpsTheEpoch(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		e := newAuthEnv(t, db)
		ctx := context.Background()
		u := e.signUp("hanako@example.jp", pw)
		if err := e.auth.SignOutEverywhere(ctx, e.actor(u.ID), "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if a := e.actor(u.ID); a.User.SessionEpoch != u.SessionEpoch+1 {
			t.Errorf("epoch %d, want %d", a.User.SessionEpoch, u.SessionEpoch+1)
		}
		wantCode(t, "visitor", e.auth.SignOutEverywhere(ctx, furusato.Visitor, ""), furusato.EUNAUTHORIZED)
		if e.audits("user.signout_everywhere") != 1 {
			t.Error("not audited")
		}
	})
}
