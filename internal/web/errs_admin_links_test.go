package web

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
)

// A choice the admin forms hold in a hidden field (a member's role, a
// user's admin flag) has no field to go to, so its error used to be in
// the summary alone, without a link. The summary now links to the
// visible control that sends the choice again (the form's button), and
// the same words stand beside it, as on every other form.
func TestErrAdmin_ChoiceErrorsLinkToAVisibleControl(t *testing.T) {
	s := adminSite(t)
	staff, err := s.db.FindUserByEmail(context.Background(), "staff.watercress@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	userPath := "/admin/users/" + adminID(staff.ID)
	cases := []struct {
		name, path string
		form       url.Values
		anchor     string
		ja, en     string
	}{
		{"organisation invitation role", "/admin/organizations/gifu-local-base/invitations", url.Values{"email": {"new.coord@example.jp"}, "role": {"company_staff"}},
			"invite-submit", "役割は、次から選んでください：コーディネーター", "Role: choose one of: Coordinator"},
		{"member removal role", "/admin/organizations/gifu-local-base/members/remove", url.Values{"user_id": {adminID(staff.ID)}, "role": {"owner"}},
			"members-table", "役割は、次から選んでください：コーディネーター、伴走者", "Role: choose one of: Coordinator, Supporter"},
		{"admin flag", userPath + "/admin", url.Values{"admin": {"maybe"}},
			"admin-flag-submit", "管理者は、次から選んでください：管理者にする、管理者の権限を外す", "Admin: choose one of: Make admin, Remove admin rights"},
	}
	for _, lang := range []string{"ja", "en"} {
		admin := s.adminSignIn(t, "admin@demo.furusato.example")
		if lang == "en" {
			inEnglish(t, admin)
		}
		for _, c := range cases {
			res, body := admin.post(c.path, c.form)
			status(t, lang+" "+c.name, res, body, 400)
			body = html.UnescapeString(body)
			want := c.ja
			if lang == "en" {
				want = c.en
			}
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
		}
	}
}
