package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// Journeys of one's own account (helper jA): changing the password and
// signing out everywhere, each seen from a second browser signed in as
// the same person. The session cookie belongs to the browser, so "another
// device" is another Chromium.

// jaActor is the demo account email with its roles, for set-up through
// the services.
func (s *svcSite) jaActor(t *testing.T, email string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.svc.Auth.Actor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// jaToken gives the account email a write API token through the service
// and returns its secret.
func (s *svcSite) jaToken(t *testing.T, email string) string {
	t.Helper()
	_, secret, err := s.svc.APITokens.Create(context.Background(), s.jaActor(t, email), "e2e", furusato.ScopeWrite, 30*24*time.Hour, "192.0.2.1")
	if err != nil {
		t.Fatalf("API token: %v", err)
	}
	return secret
}

// jaAudits counts the audit entries of action whose object is the user
// of email.
func (s *svcSite) jaAudits(t *testing.T, action furusato.AuditAction, email string) int {
	t.Helper()
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: action, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.ObjectID == u.ID {
			n++
		}
	}
	return n
}

// jaRefused clicks the submit button sel expecting the page back with
// status (a refused form), and checks it with axe-core as check does.
func (j *journey) jaRefused(sel string, status int64) {
	j.t.Helper()
	res, err := chromedp.RunResponse(j.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil || res == nil || res.Status != status {
		j.t.Fatalf("on %s: want the page back with %d: %v, %+v", location(j), status, err, res)
	}
	j.b.CheckA11y(j.t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
}

// jaSignedOut opens /account and fails t unless it is sent to the
// sign-in page: the browser's session has ended.
func (j *journey) jaSignedOut(what string) {
	j.t.Helper()
	j.open("/account")
	if u := j.url(); u.Path != "/account/signin" {
		j.t.Errorf("%s: /account opened as %s, want the sign-in page", what, u)
	}
	if c := evaluate[int](j, `document.querySelectorAll('main form[action="/account/signin"]').length`); c != 1 {
		j.t.Errorf("%s: no sign-in form on %s", what, location(j))
	}
}

// TestJourneyA_PasswordChange: in Japanese and in English, a person
// signed in on two devices changes the password on /account. A wrong
// current password first: the form comes back with the error beside the
// field and nothing changes. Then the change: this device stays signed
// in, the other is signed out, the API token is revoked and the change
// is audited; the old password no longer signs in, the new one does.
// axe-core on every page.
func TestJourneyA_PasswordChange(t *testing.T) {
	s := startSvcSite(t)
	for _, w := range []struct {
		lang, email, wrong, changed, signinErr string
	}{
		{"ja", participantEmail, "現在のパスワードが正しくありません", "パスワードを変更しました。", "メールアドレスまたはパスワードが正しくありません"},
		{"en", "supporter@demo.furusato.example", "Your current password is incorrect", "Your password has been changed.", "The email address or password is incorrect"},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // another person (their own account, browsers and audit entries)
			ctx := context.Background()
			const newPassword = "seiryu-no-kuresonn-2027"
			token := s.jaToken(t, w.email)

			// The other device: signed in before the change.
			other := s.journey(t, testkit.NewBrowser(t))
			other.inLang(w.lang, "/")
			other.signInForm(w.email, demo.Password)

			j := s.journey(t, testkit.NewBrowser(t))
			j.inLang(w.lang, "/")
			j.signInForm(w.email, demo.Password)
			j.open("/account")
			const submit = `main form[action="/account/password"] button[type="submit"]`
			j.do(sendKeys(field("current_password"), "not-my-password-at-all"),
				sendKeys(field("new_password"), newPassword))
			j.jaRefused(submit, 400)
			if got := j.text("#current_password-error"); !strings.Contains(got, w.wrong) {
				t.Errorf("current password's error %q, want %q", got, w.wrong)
			}
			if got := j.attrs("#current_password")["aria-invalid"]; got != "true" {
				t.Errorf("current password field aria-invalid=%q", got)
			}
			if got := j.text(`.error-summary a[href="#current_password"]`); got == "" {
				t.Errorf("the summary does not link the current password field: %q", j.text(".error-summary"))
			}
			if n := s.jaAudits(t, furusato.AuditUserPasswordChange, w.email); n != 0 {
				t.Fatalf("a refused change was audited %d times", n)
			}
			if _, err := s.svc.APITokens.Authenticate(ctx, token); err != nil {
				t.Fatalf("the refused change revoked the API token: %v", err)
			}

			j.do(sendKeys(field("current_password"), demo.Password),
				sendKeys(field("new_password"), newPassword))
			j.follow(chromedp.Click(chromedp.CSS(submit)))
			if u := j.url(); u.Path != "/account" {
				t.Fatalf("after the change at %s: %q", u, j.text(".error-summary"))
			}
			if got := j.flash(); got != w.changed {
				t.Errorf("flash %q, want %q", got, w.changed)
			}
			if n := s.jaAudits(t, furusato.AuditUserPasswordChange, w.email); n != 1 {
				t.Errorf("password changes audited: %d, want 1", n)
			}
			if _, err := s.svc.APITokens.Authenticate(ctx, token); furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
				t.Errorf("the API token after the change: %v, want EUNAUTHORIZED", err)
			}
			// This device stays signed in.
			j.open("/account")
			if u := j.url(); u.Path != "/account" {
				t.Errorf("this device was signed out: at %s", u)
			}

			// The other device is signed out; the old password is refused.
			other.jaSignedOut("the other device after the change")
			other.do(sendKeys(field("email"), w.email), sendKeys(field("password"), demo.Password))
			other.jaRefused(`main form[action="/account/signin"] button[type="submit"]`, 401)
			if u := other.url(); u.Path != "/account/signin" {
				t.Fatalf("the old password signed in: at %s", u)
			}
			if got := other.text(".error-summary"); !strings.Contains(got, w.signinErr) {
				t.Errorf("sign-in with the old password says %q, want %q", got, w.signinErr)
			}
			evaluate[bool](other, `(document.getElementById('email').value = '', true)`)
			other.signInForm(w.email, newPassword)
			if u := other.url(); u.Path != "/account" {
				t.Errorf("after signing in with the new password at %s", u)
			}
		})
	}
}

// TestJourneyA_SignOutEverywhere: a person signed in on two devices
// presses 「すべての端末からログアウトする」 on one: that device lands on
// the sign-in page with the message, the other is signed out at its next
// page, the API token is revoked and the event audited. axe-core on every
// page.
func TestJourneyA_SignOutEverywhere(t *testing.T) {
	s := startSvcSite(t)
	ctx := context.Background()
	email := participantEmail
	token := s.jaToken(t, email)

	other := s.journey(t, testkit.NewBrowser(t))
	other.signInForm(email, demo.Password)
	other.open("/me")

	j := s.journey(t, testkit.NewBrowser(t))
	j.signInForm(email, demo.Password)
	j.open("/account")
	j.has("the section's warning", "main", "この端末を含め、ログインしているすべての端末からログアウトします。")
	j.follow(chromedp.Click(button("すべての端末からログアウトする")))
	if u := j.url(); u.Path != "/account/signin" {
		t.Errorf("after signing out everywhere at %s", u)
	}
	if got := j.flash(); got != "すべての端末からログアウトしました。" {
		t.Errorf("flash %q", got)
	}
	if got := j.text(`header a[href="/account/signin"]`); got != "ログイン" {
		t.Errorf("header sign-in link %q: this device still looks signed in", got)
	}
	j.jaSignedOut("this device")

	other.jaSignedOut("the other device")
	if got := other.text(`header a[href="/account/signin"]`); got != "ログイン" {
		t.Errorf("the other device's header %q", got)
	}
	if n := s.jaAudits(t, furusato.AuditUserSignoutAll, email); n != 1 {
		t.Errorf("signing out everywhere audited %d times, want 1", n)
	}
	if _, err := s.svc.APITokens.Authenticate(ctx, token); furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
		t.Errorf("the API token after signing out everywhere: %v, want EUNAUTHORIZED", err)
	}
	// The password is unchanged: signing in again works.
	other.signInForm(email, demo.Password)
}
