package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// browser is an HTTP client with its own cookies that does not follow
// redirects, over the test site.
type browser struct {
	t   *testing.T
	s   *site
	srv *httptest.Server
	c   *http.Client
}

func (s *site) browser(t *testing.T, srv *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, srv: srv, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (s *site) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	return srv
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	// A catalogue message rendered without one of its values.
	if strings.Contains(string(body), "&lt;no value&gt;") {
		b.t.Fatalf("%s %s: a message lacks a value", req.Method, req.URL.Path)
	}
	oneAutofocus(b.t, req.Method+" "+req.URL.Path, string(body))
	return res, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.srv.URL+path, nil)
	req.Header.Set("Accept-Language", "ja")
	return b.do(req)
}

func (b *browser) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "ja")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// redirected checks that res is a 303 to target.
func redirected(t *testing.T, what string, res *http.Response, body, target string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != target {
		t.Fatalf("%s: %d to %q, want 303 to %q\n%s", what, res.StatusCode, res.Header.Get("Location"), target, snippet(body))
	}
}

func status(t *testing.T, what string, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, want, snippet(body))
	}
}

var webLinkRE = regexp.MustCompile(regexp.QuoteMeta(testBaseURL) + `(/account/(?:verify|password/reset)/[A-Za-z0-9_-]+)`)

// lastLink returns the path of the link in the newest mail to to.
func (s *site) lastLink(t *testing.T, to string) string {
	t.Helper()
	ms, _, err := s.db.FindOutbox(context.Background(), furusato.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.To == to {
			if sub := webLinkRE.FindStringSubmatch(m.Text); sub != nil {
				return sub[1]
			}
		}
	}
	t.Fatalf("no mail with a link to %s", to)
	return ""
}

const webPW = "kuresonn-no-sato-2026"

// signUpAndIn signs up email, opens the verification link and signs in.
func (b *browser) signUpAndIn(email string) {
	b.t.Helper()
	res, body := b.post("/account/signup", url.Values{"display_name": {"山田 花子"}, "email": {email}, "password": {webPW}, "agree": {"1"}})
	redirected(b.t, "sign-up", res, body, "/account/signin")
	res, body = b.get(b.s.lastLink(b.t, email))
	redirected(b.t, "verify", res, body, "/account/signin")
	res, body = b.post("/account/signin", url.Values{"email": {email}, "password": {webPW}})
	redirected(b.t, "sign-in", res, body, "/account")
}

func TestAccountSignUp_FormErrorsKeepInputAndNeverThePassword(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.get("/account/signup")
	status(t, "GET signup", res, body, 200)
	mustContain(t, "signup form", body, `novalidate`, `autocomplete="email"`, `autocomplete="new-password"`, `autocomplete="name"`,
		`<label for="email">メールアドレス<span class="req"><span aria-hidden="true">※</span>必須</span></label>`, `<button type="submit" class="btn btn-primary">登録する</button>`)
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}

	res, body = b.post("/account/signup", url.Values{"display_name": {"山田 花子"}, "email": {"hanako@"}, "password": {"zq-typed"}, "agree": {"1"}})
	status(t, "invalid sign-up", res, body, 400)
	mustContain(t, "invalid sign-up", body,
		`<title>エラー：新規登録 | `, `class="error-summary"`, `<a href="#email">メールアドレスを、name@example.jp のような形で入力してください</a>`,
		`<a href="#password">パスワードは10文字以上で入力してください</a>`,
		`id="email-error"`, `aria-describedby="email-error"`, `aria-invalid="true"`, `value="山田 花子"`, `value="hanako@"`)
	mustNotContain(t, "invalid sign-up", body, "zq-typed")
	if strings.Index(body, "error-summary") > strings.Index(body, "<h1") {
		t.Error("the error summary is not above the h1")
	}
}

func TestAccountJourney_SignUpVerifySignInAccountSignOut(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.post("/account/signup", url.Values{"display_name": {"山田 花子"}, "email": {"hanako@example.jp"}, "password": {webPW}, "agree": {"1"}})
	redirected(t, "sign-up", res, body, "/account/signin")
	res, body = b.get("/account/signin")
	status(t, "sign-in page", res, body, 200)
	mustContain(t, "flash", body, `role="status"`, "確認のメールを送りました")
	_, body = b.get("/account/signin")
	mustNotContain(t, "second view", body, "確認のメールを送りました")

	link := s.lastLink(t, "hanako@example.jp")
	res, body = b.get(link)
	redirected(t, "verify", res, body, "/account/signin")
	// Opened again (a double click, a mail scanner): confirmed, not "unusable" (participant #9).
	res, body = b.get(link)
	status(t, "used link", res, body, 200)
	mustContain(t, "used link", body, "このメールアドレスの確認は済んでいます。ログインしてください。", `href="/account/signin"`)
	mustNotContain(t, "used link", body, "このリンクは使えません")

	res, body = b.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {"wrong-password-1"}})
	status(t, "wrong password", res, body, 401)
	mustContain(t, "wrong password", body, "メールアドレスまたはパスワードが正しくありません", `value="hanako@example.jp"`)
	mustNotContain(t, "wrong password", body, "wrong-password-1")

	res, body = b.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})
	redirected(t, "sign-in", res, body, "/account")
	res, body = b.get("/account")
	status(t, "account", res, body, 200)
	mustContain(t, "account", body, "<h1>アカウント</h1>", "山田 花子", "hanako@example.jp", "確認済み", "ログインしました",
		`action="/account/signout"`, ">ログアウト</button>")
	mustNotContain(t, "account", body, `href="/account/signup"`)
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	// Any page with a session is private.
	res, _ = b.get("/projects")
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("/projects with a session: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	res, body = b.get("/account/signin")
	redirected(t, "sign-in page when signed in", res, body, "/account")

	res, body = b.post("/account/signout", nil)
	redirected(t, "sign-out", res, body, "/")
	_, body = b.get("/")
	mustContain(t, "after sign-out", body, "ログアウトしました", `href="/account/signin"`, `href="/account/signup"`)
	res, body = b.get("/account")
	redirected(t, "account after sign-out", res, body, "/account/signin?next=%2Faccount")
}

// Signing in always starts a new session token: a token planted in the
// browser beforehand is not taken over.
func TestAccount_SessionCookieAndRenewedToken(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.post("/account/signup", url.Values{"display_name": {"花子"}, "email": {"hanako@example.jp"}, "password": {webPW}, "agree": {"1"}})
	u, _ := url.Parse(srv.URL)
	const planted = "planted-by-someone-else-0123456789abcdefghij"
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "furusato_session", Value: planted, Path: "/"}})
	res, _ := b.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})
	var set string
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "furusato_session=") {
			set = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	if set == "" || strings.Contains(set, planted) {
		t.Errorf("token not renewed at sign-in (planted %q, after %q)", planted, set)
	}
}

func TestAccount_CrossOriginPostRefused(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.post("/account/signin", url.Values{"email": {"a@example.jp"}, "password": {webPW}}, "Origin", "https://evil.example")
	status(t, "cross-origin sign-in", res, body, 403)
	res, body = b.post("/account/signout", nil, "Sec-Fetch-Site", "cross-site")
	status(t, "cross-site sign-out", res, body, 403)
}

func TestAccount_VisitorAndSignedInOnlyRoutes(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	for _, p := range []string{"/account/password", "/account/email", "/account/signout-everywhere"} {
		res, body := b.post(p, nil)
		redirected(t, "visitor "+p, res, body, "/account/signin")
	}
	res, body := b.post("/account/signout", nil)
	redirected(t, "visitor sign-out", res, body, "/")
	res, body = b.get("/account/signin?next=//evil.example/")
	status(t, "sign-in with a foreign next", res, body, 200)
	mustNotContain(t, "foreign next", body, `name="next"`)
	res, body = b.get("/account/verify/nonsense")
	status(t, "unknown token", res, body, 404)
	res, body = b.get("/account/password/reset/nonsense")
	status(t, "unknown reset token", res, body, 404)
	res, body = b.post("/account/password/reset/nonsense", url.Values{"password": {"a-brand-new-password"}})
	status(t, "post to an unknown reset token", res, body, 404)
}

func TestAccount_SignInRateLimited(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	var res *http.Response
	var body string
	for range 11 {
		res, body = b.post("/account/signin", url.Values{"email": {"nobody@example.jp"}, "password": {"wrong-password-1"}})
	}
	status(t, "11th failure", res, body, 429)
	mustContain(t, "rate limit", body, "短い時間に何度も送信されたため")
}

func TestAccount_ForgotAndResetPassword(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.signUpAndIn("hanako@example.jp")
	other := s.browser(t, srv)

	res, body := other.get("/account/password/forgot")
	status(t, "forgot form", res, body, 200)
	res, body = other.post("/account/password/forgot", url.Values{"email": {"bad"}})
	status(t, "malformed address", res, body, 400)
	mustContain(t, "malformed", body, `value="bad"`, `class="error-summary"`)
	for _, addr := range []string{"nobody@example.jp", "hanako@example.jp"} {
		res, body = other.post("/account/password/forgot", url.Values{"email": {addr}})
		redirected(t, "forgot "+addr, res, body, "/account/signin")
		_, body = other.get("/account/signin")
		mustContain(t, "forgot "+addr, body, "パスワード再設定のメールを送りました")
	}
	link := s.lastLink(t, "hanako@example.jp")
	res, body = other.get(link)
	status(t, "reset form", res, body, 200)
	mustContain(t, "reset form", body, `autocomplete="new-password"`, `action="`+link+`"`)
	res, body = other.post(link, url.Values{"password": {"short"}})
	status(t, "weak password", res, body, 400)
	mustContain(t, "weak password", body, "パスワードは10文字以上で入力してください")
	res, body = other.post(link, url.Values{"password": {"a-brand-new-password"}})
	redirected(t, "reset", res, body, "/account/signin")
	res, body = other.get(link)
	status(t, "used reset link", res, body, 404)

	// The reset signed the first browser out.
	res, body = b.get("/account")
	redirected(t, "old session after reset", res, body, "/account/signin?next=%2Faccount")
	res, body = other.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {"a-brand-new-password"}})
	redirected(t, "sign-in with the new password", res, body, "/account")
}

func TestAccount_ChangePasswordKeepsThisSessionOnly(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b, other := s.browser(t, srv), s.browser(t, srv)
	b.signUpAndIn("hanako@example.jp")
	res, body := other.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})
	redirected(t, "second sign-in", res, body, "/account")

	res, body = b.post("/account/password", url.Values{"current_password": {"wrong-password-1"}, "new_password": {"a-brand-new-password"}})
	status(t, "wrong current password", res, body, 400)
	mustContain(t, "wrong current", body, `<a href="#current_password">現在のパスワードが正しくありません</a>`, `id="current_password-error"`)
	res, body = b.post("/account/password", url.Values{"current_password": {webPW}, "new_password": {"short"}})
	status(t, "short new password", res, body, 400)
	mustContain(t, "short new", body, `<a href="#new_password">`)
	res, body = b.post("/account/password", url.Values{"current_password": {webPW}, "new_password": {"a-brand-new-password"}})
	redirected(t, "change", res, body, "/account")
	res, body = b.get("/account")
	status(t, "this session", res, body, 200)
	mustContain(t, "this session", body, "パスワードを変更しました")
	res, body = other.get("/account")
	redirected(t, "other session", res, body, "/account/signin?next=%2Faccount")
}

func TestAccount_EmailChangeAndSignOutEverywhere(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b, other := s.browser(t, srv), s.browser(t, srv)
	b.signUpAndIn("hanako@example.jp")
	other.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})

	res, body := b.post("/account/email", url.Values{"new_email": {"nope"}, "email_password": {webPW}})
	status(t, "bad new address", res, body, 400)
	mustContain(t, "bad new address", body, `<a href="#new_email">`, `value="nope"`)
	res, body = b.post("/account/email", url.Values{"new_email": {"new@example.jp"}, "email_password": {webPW}})
	redirected(t, "email change", res, body, "/account")
	res, body = b.get(s.lastLink(t, "new@example.jp"))
	redirected(t, "confirm", res, body, "/account")
	_, body = b.get("/account")
	mustContain(t, "changed", body, "new@example.jp", "メールアドレスを変更しました")

	res, body = b.post("/account/signout-everywhere", nil)
	redirected(t, "sign out everywhere", res, body, "/account/signin")
	for _, c := range []*browser{b, other} {
		res, body = c.get("/account")
		redirected(t, "after sign out everywhere", res, body, "/account/signin?next=%2Faccount")
	}
}
