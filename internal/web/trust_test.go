package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// TestSignUpFromProject_LandsBackOnTheProject: the path every new
// participant takes (participant review #8): the entry button sends a
// visitor to sign in with next, and next rides through the sign-up link,
// the form, the confirmation mail and the first sign-in.
func TestSignUpFromProject_LandsBackOnTheProject(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	next := "/projects/" + watercress + "/entry"
	q := url.QueryEscape(next)
	_, body := b.get("/account/signin?next=" + q)
	mustContain(t, "sign-in page", body, `href="/account/signup?next=`+q+`"`, `href="/account/verify/resend?next=`+q+`"`)
	_, body = b.get("/account/signup?next=" + q)
	mustContain(t, "sign-up page", body, `name="next" value="`+next+`"`, `name="terms_version" value="1"`,
		`type="checkbox" id="agree" name="agree"`, `href="/pages/terms"`, `href="/pages/privacy"`, `href="/account/signin?next=`+q+`"`)
	res, body := b.post("/account/signup", url.Values{"display_name": {"新井 さくら"}, "email": {"sakura@example.jp"}, "password": {webPW},
		"agree": {"1"}, "terms_version": {"1"}, "next": {next}})
	redirected(t, "sign-up", res, body, "/account/signin?next="+q)
	link := s.lastLinkWithQuery(t, "sakura@example.jp")
	if !strings.HasSuffix(link, "?next="+q) {
		t.Fatalf("confirmation link %q lacks next", link)
	}
	res, body = b.get(link)
	redirected(t, "verify", res, body, "/account/signin?next="+q)
	res, body = b.post("/account/signin", url.Values{"email": {"sakura@example.jp"}, "password": {webPW}, "next": {next}})
	redirected(t, "first sign-in", res, body, next)
	res, body = b.get(next)
	status(t, "entry form", res, body, 200)

	u, _ := s.db.FindUserByEmail(context.Background(), "sakura@example.jp")
	if v, _ := s.db.AgreedVersion(context.Background(), u.ID, furusato.PageTerms); v != 1 {
		t.Errorf("consent version = %d, want 1", v)
	}
}

// lastLinkWithQuery is lastLink with the query of the link.
func (s *site) lastLinkWithQuery(t *testing.T, to string) string {
	t.Helper()
	text := s.lastMailText(t, to)
	i := strings.Index(text, testBaseURL+"/account/verify/")
	if i < 0 {
		t.Fatalf("no confirmation link in\n%s", text)
	}
	return strings.Fields(text[i+len(testBaseURL):])[0]
}

func TestSignUp_ForeignNextIsDropped(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	for _, bad := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example"} {
		_, body := b.get("/account/signup?next=" + url.QueryEscape(bad))
		mustNotContain(t, "sign-up "+bad, body, `name="next"`)
	}
	res, body := b.post("/account/signup", url.Values{"display_name": {"外部"}, "email": {"ext@example.jp"}, "password": {webPW},
		"agree": {"1"}, "next": {"//evil.example/x"}})
	redirected(t, "sign-up with a foreign next", res, body, "/account/signin")
	res, body = b.get(s.lastLinkWithQuery(t, "ext@example.jp"))
	redirected(t, "verify", res, body, "/account/signin")
	// A link whose next was tampered with lands on the sign-in page, not elsewhere.
	if err := s.auth.SignUp(context.Background(), "ext2@example.jp", "外部二", webPW, "ja", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	res, body = b.get(s.lastLink(t, "ext2@example.jp") + "?next=" + url.QueryEscape("https://evil.example/"))
	redirected(t, "tampered next", res, body, "/account/signin")
}

func TestSignUp_WithoutConsentIsAFieldErrorAndKeepsInput(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.post("/account/signup", url.Values{"display_name": {"同意 なし"}, "email": {"nokey@example.jp"}, "password": {webPW}})
	status(t, "no consent", res, body, 400)
	mustContain(t, "no consent", body, "登録するには、利用規約とプライバシーポリシーへの同意が必要です", `href="#agree"`,
		`aria-invalid="true"`, `value="同意 なし"`, `value="nokey@example.jp"`)
	mustNotContain(t, "no consent", body, webPW)
	if _, err := s.db.FindUserByEmail(context.Background(), "nokey@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
		t.Fatal("an account was made without consent")
	}
	// The terms changed since the form was shown: agree again, to the new version.
	res, body = b.post("/account/signup", url.Values{"display_name": {"同意 なし"}, "email": {"nokey@example.jp"}, "password": {webPW},
		"agree": {"1"}, "terms_version": {"7"}})
	status(t, "stale terms", res, body, 409)
	mustContain(t, "stale terms", body, "利用規約が改定されました", `name="terms_version" value="1"`)
	mustNotContain(t, "stale terms", body, `value="1" checked`)
}

func TestVerifyResend_VisitorAndSignedIn(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	ctx := context.Background()
	res, body := b.get("/account/verify/resend?next=%2Fprojects%2F" + watercress)
	status(t, "resend form", res, body, 200)
	mustContain(t, "resend form", body, "<h1>確認メールをもう一度送る</h1>", `name="email"`, `name="next" value="/projects/`+watercress+`"`)
	res, body = b.post("/account/verify/resend", url.Values{"email": {"nobody@example.jp"}})
	redirected(t, "unknown address", res, body, "/account/signin")
	res, body = b.post("/account/verify/resend", url.Values{"email": {"not-an-address"}})
	status(t, "malformed", res, body, 400)
	mustContain(t, "malformed", body, `value="not-an-address"`, `aria-invalid="true"`)

	if err := s.auth.SignUp(ctx, "late@example.jp", "遅野 着", webPW, "ja", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	first := s.lastLink(t, "late@example.jp")
	res, body = b.post("/account/verify/resend", url.Values{"email": {"late@example.jp"}, "next": {"/projects/" + watercress}})
	redirected(t, "visitor resend", res, body, "/account/signin?next=%2Fprojects%2F"+watercress)
	if again := s.lastLink(t, "late@example.jp"); again == first {
		t.Fatal("no new confirmation mail")
	}
	// Signed in but unconfirmed: the banner and My page say mail cannot reach them, with the button.
	res, body = b.post("/account/signin", url.Values{"email": {"late@example.jp"}, "password": {webPW}})
	redirected(t, "sign-in", res, body, "/account")
	_, body = b.get("/me")
	mustContain(t, "My page", body, "確認が済むまで、お知らせのメールは届きません", `href="/account/verify/resend"`,
		"メールアドレスの確認をお願いします", `action="/account/verify/resend"`)
	_, body = b.get("/account/verify/resend")
	mustContain(t, "signed-in resend form", body, "late@example.jp に確認メールをもう一度送ります")
	mustNotContain(t, "signed-in resend form", body, `name="email"`)
	res, body = b.post("/account/verify/resend", url.Values{"next": {"/me"}})
	redirected(t, "signed-in resend", res, body, "/me")
	_, body = b.get("/me")
	mustContain(t, "after resend", body, "確認メールを送りました。")
	// The throttle: the fourth mail within the hour is refused with a message.
	b.post("/account/verify/resend", nil)
	res, body = b.post("/account/verify/resend", nil)
	status(t, "over the limit", res, body, 429)

	res, body = b.get(first)
	redirected(t, "first link still works", res, body, "/account")
	res, body = b.get("/account/verify/resend")
	redirected(t, "confirmed", res, body, "/account")
	_, body = b.get("/me")
	mustNotContain(t, "confirmed", body, "メールアドレスの確認をお願いします")
	res, body = b.get(first)
	status(t, "link opened again, signed in", res, body, 200)
	mustContain(t, "link opened again, signed in", body, "このメールアドレスの確認は済んでいます。このままご利用いただけます。")
}

func TestSitePages_PublicInBothLanguagesAndInTheFooter(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	_, body := b.get("/")
	for _, slug := range furusato.PageSlugs {
		mustContain(t, "footer", body, `href="/pages/`+string(slug)+`"`)
	}
	mustContain(t, "footer", body, ">利用規約<", ">プライバシーポリシー<", ">運営者情報<", ">お問い合わせ<", ">よくある質問<")
	res, body := b.get("/pages/faq")
	status(t, "FAQ", res, body, 200)
	mustContain(t, "FAQ", body, "<h1>よくある質問</h1>", "<h2>勤務先の副業規定が心配です</h2>", "確定申告", "秘密保持", "交通費")
	checkHeadings(t, "/pages/faq", body)
	res, body = b.get("/pages/privacy?lang=en") // sets the language cookie
	redirected(t, "language switch", res, body, "/pages/privacy")
	_, body = b.get("/pages/privacy")
	mustContain(t, "privacy (en)", body, `<html lang="en">`, "<h1>Privacy policy</h1>", "<h2>How long we keep it</h2>", ">Terms of use<")
	res, body = b.get("/pages/nowhere")
	status(t, "unknown page", res, body, 404)
}
