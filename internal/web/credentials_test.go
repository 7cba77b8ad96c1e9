package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// TestTokens_UnverifiedAccountIsToldWhy: a signed-in person whose address
// is not confirmed sees why they cannot make a token and how to confirm
// it, no form; a POST anyway is 403 with the same explanation and stores
// nothing.
func TestTokens_UnverifiedAccountIsToldWhy(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.post("/account/signup", url.Values{"display_name": {"山田 花子"}, "email": {"first@example.jp"}, "password": {webPW}, "agree": {"1"}})
	redirected(t, "sign-up", res, body, "/account/signin")
	res, body = b.post("/account/signin", url.Values{"email": {"first@example.jp"}, "password": {webPW}})
	redirected(t, "sign-in", res, body, "/account")

	res, body = b.get("/account/tokens")
	status(t, "tokens page", res, body, 200)
	mustContain(t, "tokens page", body, "メールアドレスの確認が必要です", "登録時にお送りしたメールのリンクを開いて",
		`href="/account/password/forgot"`, `href="/account"`)
	mustNotContain(t, "tokens page", body, `name="expires_days"`, `action="/account/tokens"`)

	res, body = b.post("/account/tokens", url.Values{"name": {"ci"}, "scope": {"write"}, "expires_days": {"365"}})
	status(t, "create while unverified", res, body, 403)
	mustContain(t, "create while unverified", body, "メールアドレスの確認が必要です")
	mustNotContain(t, "create while unverified", body, "fst_")
	u, err := s.db.FindUserByEmail(context.Background(), "first@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if list, err := s.db.FindAPITokens(context.Background(), u.ID); err != nil || len(list) != 0 {
		t.Fatalf("stored %d tokens, %v", len(list), err)
	}
}

// TestTokens_ScopeChosenAtCreationAndListed: the form offers read (chosen
// by default) and write; the token made has the chosen scope, which the
// list shows; an unknown scope is a polite error beside the choice.
func TestTokens_ScopeChosenAtCreationAndListed(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	_, body := b.get("/account/tokens")
	mustContain(t, "form", body, `<legend>権限`, `id="scope-read" name="scope" value="read" checked`, `id="scope-write" name="scope" value="write">`,
		"読み取りのみ", "読み取りと書き込み")

	res, body := b.post("/account/tokens", url.Values{"name": {"集計"}, "scope": {"everything"}, "expires_days": {"90"}})
	status(t, "unknown scope", res, body, 400)
	mustContain(t, "unknown scope", body, `href="#scope-read"`, `id="scope-error"`, "権限を選んでください", `value="集計"`)
	if strings.Contains(body, "入力内容を確認して、もう一度送信してください") {
		t.Errorf("unknown scope: a vague line beside the real one:\n%s", body)
	}

	for _, scope := range []string{"read", "write"} {
		res, body = b.post("/account/tokens", url.Values{"name": {"連携 " + scope}, "scope": {scope}, "expires_days": {"90"}})
		status(t, "create "+scope, res, body, 200)
		m := tokenRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no token on the page:\n%s", snippet(body))
		}
		a, err := s.h.svc.APITokens.Authenticate(context.Background(), m[1])
		if err != nil || string(a.Scope) != scope {
			t.Errorf("%s token authenticates with scope %q, %v", scope, a.Scope, err)
		}
	}
	_, body = b.get("/account/tokens")
	mustContain(t, "list", body, `<th scope="col">権限</th>`, "<td>読み取りのみ</td>", "<td>読み取りと書き込み</td>")
}

// TestAccount_PagesSayTokensWillBeRevoked: the account page (password,
// address, sign out everywhere) and the reset page say beforehand that
// API tokens will be revoked.
func TestAccount_PagesSayTokensWillBeRevoked(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	_, body := b.get("/account")
	mustContain(t, "account page", body,
		"変更すると、この端末以外からはログアウトし、APIアクセストークンとメールアドレス変更の手続き中のリンクはすべて無効になります。",
		"メールのリンクを開くと変更が完了し、APIアクセストークンはすべて無効になります。",
		"APIアクセストークンとメールアドレス変更の手続き中のリンクも、すべて無効になります。")

	visitor := s.browser(t, s.server(t))
	res, body := visitor.post("/account/password/forgot", url.Values{"email": {"hanako@example.jp"}})
	redirected(t, "forgot", res, body, "/account/signin")
	res, body = visitor.get(s.lastLink(t, "hanako@example.jp"))
	status(t, "reset page", res, body, 200)
	mustContain(t, "reset page", body, "APIアクセストークンとメールアドレス変更の手続き中のリンクはすべて無効になります。")
}

// TestAccount_EmailChangeLimitIsPolite: beyond EmailChangesPerDay
// requests the account page answers 429 with the reason beside the new
// address.
func TestAccount_EmailChangeLimitIsPolite(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	for i := range service.EmailChangesPerDay {
		res, body := b.post("/account/email", url.Values{"new_email": {"n" + string(rune('a'+i)) + "@example.jp"}, "email_password": {webPW}})
		redirected(t, "email change", res, body, "/account")
	}
	res, body := b.post("/account/email", url.Values{"new_email": {"one.more@example.jp"}, "email_password": {webPW}})
	status(t, "one change too many", res, body, 429)
	mustContain(t, "one change too many", body, `<a href="#new_email">メールアドレスの変更の申し込みが、今日の上限に達しました`, `id="new_email-error"`, `value="one.more@example.jp"`)
}

// TestTokens_EndWithTheCredential: through the pages, a token works before
// and is refused after each of a password change, "sign out everywhere",
// a password reset and a confirmed address change.
func TestTokens_EndWithTheCredential(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.signUpAndIn("hanako@example.jp")
	email, password := "hanako@example.jp", webPW
	newToken := func() string {
		t.Helper()
		_, body := b.post("/account/tokens", url.Values{"name": {"ci"}, "scope": {"write"}, "expires_days": {"30"}})
		m := tokenRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no token:\n%s", snippet(body))
		}
		if _, err := s.h.svc.APITokens.Authenticate(context.Background(), m[1]); err != nil {
			t.Fatalf("a new token does not work: %v", err)
		}
		return m[1]
	}
	refused := func(what, token string) {
		t.Helper()
		if _, err := s.h.svc.APITokens.Authenticate(context.Background(), token); furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
			t.Errorf("after the %s the token: %v, want refused", what, err)
		}
	}
	signIn := func() {
		t.Helper()
		res, body := b.post("/account/signin", url.Values{"email": {email}, "password": {password}})
		redirected(t, "sign-in", res, body, "/account")
	}

	tok := newToken()
	res, body := b.post("/account/password", url.Values{"current_password": {password}, "new_password": {"second-password-2026"}})
	redirected(t, "password change", res, body, "/account")
	password = "second-password-2026"
	refused("password change", tok)

	tok = newToken()
	res, body = b.post("/account/signout-everywhere", nil)
	redirected(t, "sign out everywhere", res, body, "/account/signin")
	refused("sign-out everywhere", tok)
	signIn()

	tok = newToken()
	res, body = b.post("/account/password/forgot", url.Values{"email": {email}})
	redirected(t, "forgot", res, body, "/account")
	res, body = b.post(s.lastLink(t, email), url.Values{"password": {"third-password-2026"}})
	redirected(t, "reset", res, body, "/account/signin")
	password = "third-password-2026"
	refused("password reset", tok)
	signIn()

	tok = newToken()
	res, body = b.post("/account/email", url.Values{"new_email": {"hanako.moved@example.jp"}, "email_password": {password}})
	redirected(t, "email change", res, body, "/account")
	res, body = b.get(s.lastLink(t, "hanako.moved@example.jp"))
	redirected(t, "confirm", res, body, "/account")
	refused("address change", tok)
	if !strings.Contains(s.lastMailText(t, "hanako@example.jp"), "hanako.moved@example.jp") {
		t.Error("the old address is not told of the change")
	}
}

// lastMailText returns the text of the newest mail to to.
func (s *site) lastMailText(t *testing.T, to string) string {
	t.Helper()
	ms, _, err := s.db.FindOutbox(context.Background(), furusato.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.To == to {
			return m.Text
		}
	}
	t.Fatalf("no mail to %s", to)
	return ""
}

// TestAdminInvitations_LimitPerDayIsPolite: beyond InvitationsPerDay
// invitations by one person the members page answers 429 with the reason
// beside the address, keeping what was typed.
func TestAdminInvitations_LimitPerDayIsPolite(t *testing.T) {
	s := adminSite(t)
	co := s.adminWatercress(t)
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	path := "/admin/companies/" + co.Slug + "/invitations"
	for i := range service.InvitationsPerDay {
		res, body := admin.post(path, url.Values{"email": {fmt.Sprintf("staff%d@example.jp", i)}})
		redirected(t, "invite", res, body, "/admin/companies/"+co.Slug+"/members")
	}
	res, body := admin.post(path, url.Values{"email": {"one.more@example.jp"}})
	status(t, "one invitation too many", res, body, 429)
	mustContain(t, "one invitation too many", body, `href="#invite-email"`, "今日送れる招待の上限（50件）に達しました", `value="one.more@example.jp"`)
}
