package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestDeadLinks_SayPerKindWhatExpiredAndHowToGetANewOne: a mailed link
// that does not work (any more) says which link it is and how to get a
// new one, in both languages, for each kind of link.
func TestDeadLinks_SayPerKindWhatExpiredAndHowToGetANewOne(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	token := strings.Repeat("a", 43)
	for _, c := range []struct {
		path   string
		status int
		ja, en []string
	}{
		{"/account/verify/" + token, http.StatusNotFound,
			[]string{"メールアドレスの確認のリンクは使えません", "確認メールをもう一度送る", "アカウントの設定から、もう一度変更"},
			[]string{"This address confirmation link does not work", "Send the confirmation email again", "change it again in your account settings"}},
		{"/account/password/reset/" + token, http.StatusNotFound,
			[]string{"パスワード再設定のリンクは使えません", "新しいリンクを受け取って"},
			[]string{"This password reset link does not work", "get a new link"}},
		{"/invitations/" + token, http.StatusNotFound,
			[]string{"この招待のリンクは使えません", "招待した方に、もう一度招待を送ってもらってください"},
			[]string{"This invitation link does not work", "ask the person who invited you to send a new invitation"}},
		{"/mail/unsubscribe/" + token, http.StatusNotFound,
			[]string{"このリンクは使えません", "通知の設定からメールを止めてください"},
			[]string{"This link does not work", "notification settings"}},
	} {
		for _, lang := range []string{"ja", "en"} {
			b := s.browser(t, srv)
			if lang == "en" {
				inEnglish(t, b)
			}
			res, body := b.get(c.path)
			status(t, lang+" "+c.path, res, body, c.status)
			want := c.ja
			if lang == "en" {
				want = c.en
			}
			mustContain(t, lang+" "+c.path, html.UnescapeString(body), want...)
		}
	}
}
