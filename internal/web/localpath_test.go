package web

import (
	"net/url"
	"testing"
)

// TestLocalPath_RefusesEveryWayOffTheSite lists the values a browser (or a
// server that decodes once more) could take for another origin, and a few
// harmless paths that must still be accepted.
func TestLocalPath_RefusesEveryWayOffTheSite(t *testing.T) {
	for _, bad := range []string{
		"", "x", "evil.example", " /account", "\t/account", "//evil.example", "///evil.example", "////evil.example",
		`/\evil.example`, `\\evil.example`, `\/evil.example`, `/x\y`,
		"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\r/evil.example", "/%0a/evil.example",
		"/%0d%0aLocation:%20http://evil.example", "/\r\nLocation: http://evil.example", "/x\x7f", "/x%7f", "/x\x00", "/x%00",
		"https:evil.example", "http://evil.example", "https://evil.example/", "javascript:alert(1)", "JavaScript:alert(1)",
		"data:text/html,x", "mailto:a@evil.example", "//user@evil.example", "/%2F%2Fevil.example", "/%2f%2fevil.example",
		"%2F%2Fevil.example", "/%2F/evil.example", "/%5Cevil.example", "/%5cevil.example", "/%255C%255Cevil.example",
		"/%252F%252Fevil.example", "／／evil.example", "/／evil.example", "/＼evil.example", "/%EF%BC%8F%EF%BC%8Fevil.example",
		"/%", "/%zz", "/x%", "/\u2028/evil.example", "/\u00a0/evil.example",
	} {
		if got := localPath(bad); got != "" {
			t.Errorf("localPath(%q) = %q, want \"\"", bad, got)
		}
	}
	for _, good := range []string{
		"/", "/account", "/projects/gifu-kuresonn", "/me/entries/12", "/invitations/abc-DEF_123", "/projects?q=%E5%B2%90%E9%98%9C&sort=new",
		"/./account//", "/projects/x#y", "/a:b", "/%E5%B2%90%E9%98%9C",
	} {
		if got := localPath(good); got != good {
			t.Errorf("localPath(%q) = %q, want it kept", good, got)
		}
	}
}

// TestAccountSignIn_ForeignNextGoesToTheAccountPage posts sign-in with each
// way off the site as next: the Location is always /account.
func TestAccountSignIn_ForeignNextGoesToTheAccountPage(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.post("/account/signup", url.Values{"display_name": {"花子"}, "email": {"hanako@example.jp"}, "password": {webPW}, "agree": {"1"}})
	res, body := b.get(s.lastLink(t, "hanako@example.jp"))
	redirected(t, "verify", res, body, "/account/signin")
	for _, next := range []string{
		"/\t/evil.example/phish", "//evil.example", `/\evil.example`, "https:evil.example", "http://evil.example",
		"/%2F%2Fevil.example", "/%0d%0aLocation:evil.example", "///evil.example", "javascript:alert(1)", "／／evil.example",
	} {
		c := s.browser(t, srv)
		res, body := c.get("/account/signin?next=" + url.QueryEscape(next))
		status(t, "sign-in page", res, body, 200)
		mustNotContain(t, "sign-in page with next "+next, body, `name="next"`)
		res, body = c.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}, "next": {next}})
		redirected(t, "sign-in with next "+next, res, body, "/account")
	}
	c := s.browser(t, srv)
	res, body = c.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}, "next": {"/projects"}})
	redirected(t, "sign-in with a local next", res, body, "/projects")
}
