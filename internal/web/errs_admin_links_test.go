package web

import (
	"strings"
	"testing"
)

// A choice the admin forms hold in a hidden field (a member's role, a
// user's admin flag) has no field to go to, so its error used to be in
// the summary alone, without a link. The summary now links to the
// visible control that sends the choice again (the form's button), and
// the same words stand beside it, as on every other form.
func TestErrAdmin_ChoiceErrorsLinkToAVisibleControl(t *testing.T) {
	eachAdminChoice(t, func(lang string, c adminChoice, body, want string) {
		summary := between(body, `class="error-summary"`, "</div>")
		if !strings.Contains(summary, `<a href="#`+c.anchor+`">`+want) {
			t.Errorf("%s %s: the summary does not link %q to #%s:\n%s", lang, c.name, want, c.anchor, summary)
		}
		if !strings.Contains(body, `id="`+c.anchor+`"`) {
			t.Errorf("%s %s: #%s is not on the page", lang, c.name, c.anchor)
		}
		if n := strings.Count(body, want); n < 2 {
			t.Errorf("%s %s: %q is not both in the summary and beside the control (%d)", lang, c.name, want, n)
		}
	})
}
