package web

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
)

// The admin forms whose only field is a choice (a member's role, a user's
// admin flag) answer a value that is none of the choices with an error
// that names the field and lists the choices, on the form's own page, in
// both languages; the jobs page names the job it cannot retry.
func TestErrAdmin_ChoiceFormsNameFieldAndChoices(t *testing.T) {
	s := adminSite(t)
	staff, err := s.db.FindUserByEmail(context.Background(), "staff.watercress@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	userPath := "/admin/users/" + adminID(staff.ID)
	cases := []struct {
		name, path string
		form       url.Values
		want       int
		ja, en     string
		kept       string
	}{
		{"organisation invitation role", "/admin/organizations/gifu-local-base/invitations", url.Values{"email": {"new.coord@example.jp"}, "role": {"company_staff"}}, 400,
			"役割は、次から選んでください：コーディネーター", "Role: choose one of: Coordinator", `value="new.coord@example.jp"`},
		{"member removal role", "/admin/organizations/gifu-local-base/members/remove", url.Values{"user_id": {adminID(staff.ID)}, "role": {"owner"}}, 400,
			"役割は、次から選んでください：コーディネーター、伴走者", "Role: choose one of: Coordinator, Supporter", ""},
		{"admin flag", userPath + "/admin", url.Values{"admin": {"maybe"}}, 400,
			"管理者は、次から選んでください：管理者にする、管理者の権限を外す", "Admin: choose one of: Make admin, Remove admin rights", ""},
	}
	for _, lang := range []string{"ja", "en"} {
		admin := s.adminSignIn(t, "admin@demo.furusato.example")
		if lang == "en" {
			inEnglish(t, admin)
		}
		for _, c := range cases {
			res, body := admin.post(c.path, c.form)
			status(t, lang+" "+c.name, res, body, c.want)
			body = html.UnescapeString(body)
			want := c.ja
			if lang == "en" {
				want = c.en
			}
			summary := between(body, `class="error-summary"`, "</div>")
			if !strings.Contains(summary, want) {
				t.Errorf("%s %s: the summary lacks %q:\n%s", lang, c.name, want, summary)
			}
			mustNotContain(t, lang+" "+c.name, body, "入力内容を確認して、もう一度", "Check what you entered and send", "検索条件を読み取れませんでした", "The address holds a condition", "errs.")
			if c.kept != "" {
				mustContain(t, lang+" "+c.name, body, c.kept)
			}
		}
	}
}
