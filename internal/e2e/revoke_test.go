package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// signInForm signs in with email and password on the sign-in page, in
// whatever language the journey reads.
func (j *journey) signInForm(email, password string) {
	j.t.Helper()
	j.open("/account/signin")
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), password))
	j.follow(chromedp.Click(chromedp.CSS(`main form[action="/account/signin"] button[type="submit"]`)))
	if u := j.url().Path; u == "/account/signin" {
		j.t.Fatalf("signing in as %s failed: %q", email, j.text("main"))
	}
}

// TestInvitationRevokeJourney: in Japanese and in English, the admin
// revokes a pending invitation to a company on its members page with a
// double click: the page says it is revoked (not that it was too late),
// the invitation leaves the pending list and stays gone after the back
// button; the invited person's link then says it was withdrawn, and
// offers no accept button. axe-core on every page.
func TestInvitationRevokeJourney(t *testing.T) {
	s := startSvcSite(t)
	ctx := context.Background()
	co, err := s.db.FindCompanyBySlug(ctx, "gujo-seiryu-farm")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.db.FindUserByEmail(ctx, "admin@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	aa, err := s.svc.Auth.Actor(ctx, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	members := "/admin/companies/" + co.Slug + "/members"
	for _, w := range []struct{ lang, flash, revoked string }{
		{"ja", "招待を取り消しました。", "この招待は取り消されました。"},
		{"en", "Invitation revoked.", "This invitation was withdrawn."},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // another invitation, in a browser of its own
			b := testkit.NewBrowser(t)
			email := "invited." + w.lang + "@example.jp"
			if _, err := s.svc.Orgs.Invite(ctx, aa, email, furusato.RoleCompanyStaff, service.InviteTarget{Company: co}, w.lang, "192.0.2.1"); err != nil {
				t.Fatalf("invite: %v", err)
			}
			inv := s.linkIn(t, lastMail(t, s.db, "invitation", email).Text, "/invitations/")

			j := s.journey(t, b)
			j.inLang(w.lang, "/")
			j.signInForm("admin@demo.furusato.example", demo.Password)
			j = j.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
			j.open(members)
			row := `//table//tr[th[normalize-space()="` + email + `"]]`
			if n := evaluate[int](j, `document.evaluate('count(`+row+`)', document, null, XPathResult.NUMBER_TYPE, null).numberValue`); n != 1 {
				t.Fatalf("the pending list shows %s %d times", email, n)
			}
			action := evaluate[string](j, `document.evaluate('`+row+`//form', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.getAttribute('action')`)
			form := `main form[action="` + action + `"]`
			j.firstClick(form)
			j.follow(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
			if u := j.url().Path; u != members {
				t.Errorf("after revoking at %s", u)
			}
			if got := j.flash(); !strings.Contains(got, w.flash) {
				t.Errorf("flash after a double click on revoke %q, want %q", got, w.flash)
			}
			if strings.Contains(j.text("main table"), email) {
				t.Errorf("the revoked invitation is still listed")
			}
			// The back button: whatever page it shows, sending revoke from
			// it again is no error, and the members page then says it is
			// revoked and lists it no more. (The second send is a fetch:
			// chromedp loses track of a page restored from the
			// back-forward cache.)
			j.back()
			if evaluate[int](j, `document.querySelectorAll(`+jsString(form)+`).length`) > 0 {
				j.firstClick(form)
				j = j.tab()
				j.open(members)
				if got := j.flash(); !strings.Contains(got, w.flash) {
					t.Errorf("revoking again from the page the back button showed: %q", got)
				}
			}
			if strings.Contains(j.text("main table"), email) {
				t.Errorf("after the back button the revoked invitation is listed again")
			}

			// The invited person's link.
			n := s.journey(t, b)
			n.inLang(w.lang, "/")
			n.open(inv)
			if got := n.text(`main p.intro`); !strings.HasPrefix(got, w.revoked) {
				t.Errorf("the revoked invitation's page says %q, want %q", got, w.revoked)
			}
			if c := evaluate[int](n, `document.querySelectorAll('main form[action$="/accept"]').length`); c != 0 {
				t.Errorf("the revoked invitation still offers to accept")
			}
		})
	}
}
