package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// autofocusRE finds the autofocus attribute in a page.
var autofocusRE = regexp.MustCompile(`<[^>]*\sautofocus[\s>]`)

// oneAutofocus fails when a page asks for focus in more than one place:
// the browser honours only the first, and the second message is lost.
func oneAutofocus(t *testing.T, what, body string) {
	t.Helper()
	if n := len(autofocusRE.FindAllString(body, -1)); n > 1 {
		t.Fatalf("%s: %d elements with autofocus, want at most 1", what, n)
	}
}

// A flash is present at page load, where a live region is not announced:
// it takes focus and starts with a hidden 「お知らせ：」, once.
func TestFlash_TakesFocusWithAHiddenNoticePrefix(t *testing.T) {
	s := adminSite(t)
	b := s.adminSignIn(t, "participant@demo.furusato.example")
	_, body := b.get("/account")
	mustContain(t, "after sign-in", body,
		`<div class="flash" id="flash" tabindex="-1" autofocus>`,
		`<span class="vh">お知らせ：</span><span role="status">ログインしました。</span>`)
	oneAutofocus(t, "after sign-in", body)
	_, body = b.get("/account")
	mustNotContain(t, "next page", body, `class="flash"`, "autofocus")
}

// An error summary keeps the focus: a flash on the same page does not
// take it.
func TestFlash_LeavesFocusToTheErrorSummary(t *testing.T) {
	s := adminSite(t)
	b := s.adminSignIn(t, "participant@demo.furusato.example")
	// The flash of the sign-in is still pending when the form comes back with errors.
	res, body := b.post("/account/terms", url.Values{"version": {"99"}})
	status(t, "stale terms", res, body, 409)
	mustContain(t, "stale terms", body, `class="error-summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus`,
		`<span class="vh">お知らせ：</span><span role="status">ログインしました。</span>`)
	if strings.Contains(body, `id="flash" tabindex="-1" autofocus`) {
		t.Error("the flash takes focus from the error summary")
	}
	oneAutofocus(t, "stale terms", body)
}

// The bad-request page's summary takes focus like a form's.
func TestErrorPage_SummaryTakesFocus(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	res, body := b.get("/projects?page=x")
	status(t, "bad page number", res, body, 400)
	mustContain(t, "bad request", body, `aria-labelledby="summary-title" tabindex="-1" autofocus`)
	oneAutofocus(t, "bad request", body)
}
