package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// signInAs signs in on the page the journey is on (the sign-in form).
func (j *journey) signInAs(email, password string) {
	j.t.Helper()
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), password))
	j.follow(chromedp.Click(button("ログインする")))
}

// lastMail returns the newest outbox mail of kind to to.
func lastMail(t *testing.T, db *store.DB, kind, to string) *furusato.OutboxMail {
	t.Helper()
	ms, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Kind == kind && m.To == to {
			return m
		}
	}
	t.Fatalf("no %s mail to %s in the outbox", kind, to)
	return nil
}

// TestAdminJourney: the demo admin invites a new address as staff of a
// company; the person signs up with that address, confirms it, opens the
// invitation and accepts it, and then holds the membership; the admin
// reads the audit log and the outbox. In Chromium, axe-core on every page.
func TestAdminJourney(t *testing.T) {
	s, db := startAuthSite(t)
	ctx := context.Background()
	if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	p, err := db.FindProject(ctx, "gifu-watercress-evangelist", []furusato.ProjectStatus{furusato.StatusPublished, furusato.StatusClosed})
	if err != nil {
		t.Fatal(err)
	}
	co, err := db.FindCompanyByID(ctx, p.CompanyID)
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t)
	const email, password = "new.staff@example.jp", "kuresonn-no-sato-2026"
	members := "/admin/companies/" + co.Slug + "/members"

	// The admin invites the address as staff of the company.
	j := s.journey(t, b)
	j.open("/account/signin?next=%2Fadmin")
	j.signInAs("admin@demo.furusato.example", demo.Password)
	if u := j.url(); u.Path != "/admin" {
		t.Fatalf("after sign-in at %s", u)
	}
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="企業"]`)))
	j.follow(chromedp.Click(chromedp.Search(`//main//a[@href="` + members + `"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != co.Name+"のメンバー" {
		t.Fatalf("h1 %q", h1)
	}
	j.do(sendKeys(field("invite-email"), email))
	j.follow(chromedp.Click(button("招待メールを送る")))
	if got := j.text(`[role="status"]`); got != "招待メールを送りました。" {
		t.Errorf("flash %q", got)
	}
	if got := j.text(`#pending-caption + thead + tbody th`); got != email {
		t.Errorf("pending invitation %q", got)
	}

	// The invitation mail, as the outbox holds it.
	m := lastMail(t, db, "invitation", email)
	link := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/invitations/[A-Za-z0-9_-]+`).FindString(m.Text)
	if link == "" || !strings.Contains(m.Subject, co.Name) {
		t.Fatalf("invitation mail %q:\n%s", m.Subject, m.Text)
	}
	inv := link[len(s.URL):]

	// The new person opens it, signs up with the address and confirms it.
	n := s.journey(t, b)
	n.open(inv)
	facts := n.facts(`dl.invite-facts`)
	if facts["招待先"] != co.Name || facts["役割"] != "企業スタッフ" || facts["招待されたメールアドレス"] != email {
		t.Errorf("invitation facts %v", facts)
	}
	n.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="新規登録して招待を受ける"]`)))
	n.do(sendKeys(field("display_name"), "新人 スタッフ"), sendKeys(field("email"), email), sendKeys(field("password"), password),
		chromedp.Click(field("agree")))
	n.follow(chromedp.Click(button("登録する")))
	verify := regexp.MustCompile(regexp.QuoteMeta(s.URL) + `/account/verify/[A-Za-z0-9_-]+`).FindString(lastMail(t, db, "verify_email", email).Text)
	if verify == "" {
		t.Fatal("no confirmation link")
	}
	n.open(verify[len(s.URL):])
	n.signInAs(email, password)
	n.open(inv)
	n.follow(chromedp.Click(button("招待を受ける")))
	if u := n.url(); u.Path != "/account" {
		t.Fatalf("after accepting at %s", u)
	}
	if got := n.text(`[role="status"]`); got != "招待を受けました。メンバーとして参加しています。" {
		t.Errorf("flash %q", got)
	}
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.ActorFor(ctx, u.ID)
	if err != nil || !a.StaffOf(co.ID) {
		t.Fatalf("after accepting: %+v, %v", a, err)
	}
	n.open(inv)
	if got := n.text(`main p.intro`); got != "この招待は承認済みです。" {
		t.Errorf("used invitation says %q", got)
	}

	// The admin reads the audit log and the outbox.
	j = s.journey(t, b)
	j.open("/account/signin?next=%2Fadmin")
	j.signInAs("admin@demo.furusato.example", demo.Password)
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="監査ログ"]`)))
	if got := j.text(`#audit-caption + thead + tbody`); !strings.Contains(got, "invitation.accept") || !strings.Contains(got, "invitation.create") {
		t.Errorf("audit log %q", got)
	}
	j.do(chromedp.SetValue(chromedp.Search(`//select[@id="action"]`), "invitation.create"))
	j.follow(chromedp.Click(button("絞り込む")))
	if got := j.url().Query().Get("action"); got != "invitation.create" {
		t.Errorf("filter %q", got)
	}
	if got := j.text(`#audit-caption + thead + tbody tr:first-child code`); got != "invitation.create" {
		t.Errorf("filtered audit entry %q", got)
	}
	j.open("/admin/outbox")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[contains(normalize-space(), "` + co.Name + `")]`)))
	// The link is shown without its token, which is for the invited alone.
	if body := j.text(`pre.mail-body`); strings.Contains(body, inv) || !strings.Contains(body, "/invitations/{token}") {
		t.Errorf("mail body shows %q; want the link with {token}, never the live one", body)
	}
}
