package web

import (
	"net/http"
	"testing"
)

// TestErrorPage_SummaryAndInlineErrorAsOnForms: the search error page's
// summary is the forms' partial (focused: tabindex="-1", autofocus; after
// the h1, which this page keeps first) and its inline error carries the
// icon, as every field error does, not colour and a border alone.
func TestErrorPage_SummaryAndInlineErrorAsOnForms(t *testing.T) {
	s := newSite(t)
	res, body := s.browser(t, s.server(t)).get("/projects?q=%ff")
	status(t, "bad keyword", res, body, http.StatusBadRequest)
	mustContain(t, "bad keyword", body,
		`<div class="error-summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus>`,
		`<p class="field-error" id="q-error"><svg class="icon" aria-hidden="true"`)
}
