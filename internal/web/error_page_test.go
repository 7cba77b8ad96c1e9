package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestErrorPage_SummaryAndInlineErrorAsOnForms: the search error page's
// summary is the forms' partial (focused: tabindex="-1", autofocus) and
// sits where ui.md puts every error summary, first in main, above the h1,
// as on the forms; its inline error carries the icon, as every field
// error does, not colour and a border alone.
func TestErrorPage_SummaryAndInlineErrorAsOnForms(t *testing.T) {
	s := newSite(t)
	res, body := s.browser(t, s.server(t)).get("/projects?q=%ff")
	status(t, "bad keyword", res, body, http.StatusBadRequest)
	mustContain(t, "bad keyword", body,
		`<div class="error-summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus>`,
		`<p class="field-error" id="q-error"><svg class="icon" aria-hidden="true"`)
	main := body[strings.Index(body, "<main"):]
	if sum, h1 := strings.Index(main, `class="error-summary"`), strings.Index(main, "<h1"); sum < 0 || sum > h1 {
		t.Errorf("the error summary is not above the h1 in main (%d, %d):\n%s", sum, h1, snippet(main))
	}
}

// checkHeadingsAfterSummary is checkHeadingsFromH1 for a page that may
// open with an error summary: ui.md puts it above the h1, so its h2 is
// left out and the headings after it must start from the h1.
func checkHeadingsAfterSummary(t *testing.T, where, body string) {
	t.Helper()
	if i := strings.Index(body, `<div class="error-summary"`); i >= 0 {
		if j := strings.Index(body[i:], "</div>"); j >= 0 {
			body = body[:i] + body[i+j:]
		}
	}
	checkHeadingsFromH1(t, where, body)
}
