package web

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
)

// adminChoice is a post of an admin form whose only field is a choice,
// with a value that is none of the choices.
type adminChoice struct {
	name, path string
	form       url.Values
	anchor     string // the visible control the summary links to
	ja, en     string // the error, in each language
	kept       string // what the page keeps of the form, if anything
}

// eachAdminChoice posts every admin choice form with a wrong value as the
// admin, in Japanese and in English, expects 400, and hands check the
// page (entities unescaped) and the error in the page's language.
func eachAdminChoice(t *testing.T, check func(lang string, c adminChoice, body, want string)) {
	t.Helper()
	s := adminSite(t)
	staff, err := s.db.FindUserByEmail(context.Background(), "staff.watercress@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	userPath := "/admin/users/" + adminID(staff.ID)
	cases := []adminChoice{
		{"organisation invitation role", "/admin/organizations/gifu-local-base/invitations", url.Values{"email": {"new.coord@example.jp"}, "role": {"company_staff"}},
			"invite-submit", "役割は、次から選んでください：コーディネーター", "Role: choose one of: Coordinator", `value="new.coord@example.jp"`},
		{"member removal role", "/admin/organizations/gifu-local-base/members/remove", url.Values{"user_id": {adminID(staff.ID)}, "role": {"owner"}},
			"members-table", "役割は、次から選んでください：コーディネーター、伴走者", "Role: choose one of: Coordinator, Supporter", ""},
		{"admin flag", userPath + "/admin", url.Values{"admin": {"maybe"}},
			"admin-flag-submit", "管理者は、次から選んでください：管理者にする、管理者の権限を外す", "Admin: choose one of: Make admin, Remove admin rights", ""},
	}
	for _, lang := range []string{"ja", "en"} {
		admin := s.adminSignIn(t, "admin@demo.furusato.example")
		if lang == "en" {
			inEnglish(t, admin)
		}
		for _, c := range cases {
			res, body := admin.post(c.path, c.form)
			status(t, lang+" "+c.name, res, body, 400)
			want := c.ja
			if lang == "en" {
				want = c.en
			}
			check(lang, c, html.UnescapeString(body), want)
		}
	}
}

// The admin forms whose only field is a choice (a member's role, a user's
// admin flag) answer a value that is none of the choices with an error
// that names the field and lists the choices, on the form's own page, in
// both languages; the jobs page names the job it cannot retry.
func TestErrAdmin_ChoiceFormsNameFieldAndChoices(t *testing.T) {
	eachAdminChoice(t, func(lang string, c adminChoice, body, want string) {
		summary := between(body, `class="error-summary"`, "</div>")
		if !strings.Contains(summary, want) {
			t.Errorf("%s %s: the summary lacks %q:\n%s", lang, c.name, want, summary)
		}
		mustNotContain(t, lang+" "+c.name, body, "入力内容を確認して、もう一度", "Check what you entered and send", "検索条件を読み取れませんでした", "The address holds a condition", "errs.")
		if c.kept != "" {
			mustContain(t, lang+" "+c.name, body, c.kept)
		}
	})
}
