package furusato

import (
	"strings"
	"testing"
)

const tok = "qO1SJjnfQeJrvnPYj3kxzNq-AbC_dEf0123456789xyz"

func TestRedactSecretPath_HidesTheTokenSegmentOnly(t *testing.T) {
	for in, want := range map[string]string{
		"/account/password/reset/" + tok:       "/account/password/reset/{token}",
		"/account/verify/" + tok:               "/account/verify/{token}",
		"/invitations/" + tok:                  "/invitations/{token}",
		"/invitations/" + tok + "/accept":      "/invitations/{token}/accept",
		"/invitations/" + tok + "/":            "/invitations/{token}/",
		"/account//verify/" + tok:              "/account/verify/{token}",
		"/account/./password/reset/" + tok:     "/account/password/reset/{token}",
		"/x/../invitations/" + tok + "/accept": "/invitations/{token}/accept",
		"/invitations/a b%2F/accept":           "/invitations/{token}/accept",
		"/account/verify/":                     "/account/verify/",
		"/account/verify":                      "/account/verify",
		"/admin/invitations/12/revoke":         "/admin/invitations/12/revoke",
		"/projects/gifu":                       "/projects/gifu",
		"/":                                    "/",
		"":                                     "",
	} {
		if got := RedactSecretPath(in); got != want {
			t.Errorf("RedactSecretPath(%q) = %q, want %q", in, got, want)
		}
	}
	for _, p := range []string{"/account/verify/" + tok, "/invitations/" + tok + "/accept", "/account/password/reset/" + tok} {
		if !IsSecretPath(p) {
			t.Errorf("IsSecretPath(%q) = false", p)
		}
	}
	for _, p := range []string{"/account/verify", "/account", "/admin/invitations/3", "/projects/x"} {
		if IsSecretPath(p) {
			t.Errorf("IsSecretPath(%q) = true", p)
		}
	}
}

func TestRedactSecretLinks_HidesTokensInMailText(t *testing.T) {
	text := "山田 様\n\nパスワードを再設定するには次のリンクを開いてください。\nhttps://furusato.example.jp/account/password/reset/" + tok + "\n" +
		"招待: http://127.0.0.1:8080/invitations/" + tok + "。\n" +
		`<a href="https://furusato.example.jp/account/verify/` + tok + `">確認する</a>` + "\n" +
		"(/invitations/" + tok + ")\n" +
		"https://furusato.example.jp/admin/invitations/12/revoke https://furusato.example.jp/projects/gifu\n"
	got := RedactSecretLinks(text)
	if strings.Contains(got, tok) {
		t.Fatalf("token left in:\n%s", got)
	}
	for _, want := range []string{
		"https://furusato.example.jp/account/password/reset/{token}\n",
		"http://127.0.0.1:8080/invitations/{token}。",
		`href="https://furusato.example.jp/account/verify/{token}">確認する`,
		"(/invitations/{token})",
		"https://furusato.example.jp/admin/invitations/12/revoke https://furusato.example.jp/projects/gifu\n",
		"山田 様\n\nパスワードを再設定するには",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("redacted text lacks %q:\n%s", want, got)
		}
	}
	if RedactSecretLinks("no links here") != "no links here" {
		t.Error("text without links changed")
	}
}
