package web

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var tokenRE = regexp.MustCompile(`value="(fst_[a-z2-7]{52})"`)
var revokeRE = regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`)

func TestTokens_CreateShownOnceListRevoke(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	res, body := b.get("/account/tokens")
	redirected(t, "visitor", res, body, "/account/signin?next=%2Faccount%2Ftokens")

	b.signUpAndIn("hanako@example.jp")
	_, body = b.get("/account")
	mustContain(t, "account page", body, `href="/account/tokens"`)
	res, body = b.get("/account/tokens")
	status(t, "tokens", res, body, 200)
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	mustContain(t, "tokens", body, "<h1>APIアクセストークン</h1>", "トークンはまだありません。", `name="expires_days"`)

	res, body = b.post("/account/tokens", url.Values{"name": {" "}, "expires_days": {"365"}})
	status(t, "empty name", res, body, 400)
	mustContain(t, "empty name", body, "名前を入力してください")

	res, body = b.post("/account/tokens", url.Values{"name": {"連携スクリプト"}, "expires_days": {"90"}})
	status(t, "create", res, body, 200)
	mustContain(t, "create", body, "このトークンが表示されるのは今回だけです", "連携スクリプト")
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no token on the page:\n%s", snippet(body))
	}
	if _, err := s.h.svc.APITokens.Authenticate(context.Background(), m[1]); err != nil {
		t.Fatalf("the token shown does not work: %v", err)
	}
	_, body = b.get("/account/tokens")
	if strings.Contains(body, m[1]) || strings.Contains(body, "今回だけ") {
		t.Fatal("the token is shown again")
	}
	mustContain(t, "list", body, "連携スクリプト", m[1][:8]+"…", "有効")

	// Another person cannot revoke it.
	rv := revokeRE.FindStringSubmatch(body)
	if rv == nil {
		t.Fatalf("no revoke form:\n%s", snippet(body))
	}
	other := s.browser(t, srv)
	other.signUpAndIn("taro@example.jp")
	res, body = other.post(rv[1], nil)
	status(t, "another's revoke", res, body, 404)

	res, body = b.post(rv[1], nil)
	redirected(t, "revoke", res, body, "/account/tokens")
	_, body = b.get("/account/tokens")
	mustContain(t, "after revoke", body, "トークンを無効にしました。", "無効化済み")
	if _, err := s.h.svc.APITokens.Authenticate(context.Background(), m[1]); err == nil {
		t.Fatal("a revoked token still works")
	}
	res, body = b.post(rv[1], nil)
	status(t, "revoke twice", res, body, 404)
}
