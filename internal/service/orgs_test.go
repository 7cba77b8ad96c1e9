package service_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// orgWorld is the world of these tests: coordinator organisations X (Gifu)
// and Y (Hokkaido), partner group G, the secretariat S, company A in Gifu
// (so coordinated by X), and people in each role.
type orgWorld struct {
	*authEnv
	orgs                     *service.Orgs
	x, y, g, s               *furusato.Organization
	a                        *furusato.Company
	admin, coordX, coordY    *furusato.User
	staffA, supporterG, user *furusato.User
}

func newOrgWorld(t *testing.T, db *store.DB) *orgWorld {
	t.Helper()
	ctx := context.Background()
	w := &orgWorld{authEnv: newAuthEnv(t, db)}
	w.orgs = w.svc.Orgs
	now := w.clock.Now()
	mk := func(slug string, kind furusato.OrgKind, prefs ...int) *furusato.Organization {
		o := &furusato.Organization{Slug: slug, Name: slug + " 団体", Kind: kind, Prefectures: prefs}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateOrganization(ctx, o, now) }); err != nil {
			t.Fatal(err)
		}
		return o
	}
	w.x, w.y = mk("org-x", furusato.OrgCoordinator, 21), mk("org-y", furusato.OrgCoordinator, 1)
	w.g, w.s = mk("group-g", furusato.OrgPartner), mk("secretariat-s", furusato.OrgSecretariat)
	w.a = &furusato.Company{Slug: "company-a", Name: "クレソン農園", Prefecture: 21}
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCompany(ctx, w.a, now) }); err != nil {
		t.Fatal(err)
	}
	if w.a.OrganizationID != w.x.ID {
		t.Fatalf("company A bound to %d, want X %d", w.a.OrganizationID, w.x.ID)
	}
	accounts := w.svc.Users
	user := func(email string, admin bool, m *furusato.Membership) *furusato.User {
		u, err := accounts.CreateUser(ctx, email, "利用者", "kuresonn-no-sato-2026", admin)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkEmailVerified(ctx, u.ID, now); err != nil {
				return err
			}
			if m != nil {
				m.UserID = u.ID
				return tx.AddMembership(ctx, m, now)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.admin = user("admin@example.jp", true, nil)
	w.coordX = user("coord.x@example.jp", false, &furusato.Membership{Role: furusato.RoleCoordinator, OrganizationID: w.x.ID})
	w.coordY = user("coord.y@example.jp", false, &furusato.Membership{Role: furusato.RoleCoordinator, OrganizationID: w.y.ID})
	w.staffA = user("staff.a@example.jp", false, &furusato.Membership{Role: furusato.RoleCompanyStaff, CompanyID: w.a.ID})
	w.supporterG = user("supporter.g@example.jp", false, &furusato.Membership{Role: furusato.RoleSupporter, OrganizationID: w.g.ID})
	w.user = user("someone@example.jp", false, nil)
	w.mails() // skip nothing, but reset the count
	return w
}

var inviteRE = regexp.MustCompile(regexp.QuoteMeta(authBase) + `/invitations/([A-Za-z0-9_-]+)`)

// inviteToken returns the token of the invitation mail in m.
func inviteToken(t *testing.T, m *furusato.OutboxMail) string {
	t.Helper()
	sub := inviteRE.FindStringSubmatch(m.Text)
	if sub == nil {
		t.Fatalf("no invitation link in the mail:\n%s", m.Text)
	}
	return sub[1]
}

func TestInvite_StaffAcceptsOnceMembershipOnNextRequestAndGoneAfterRemoval(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		inv, err := w.orgs.Invite(ctx, w.actor(w.admin.ID), " New@Example.jp ", furusato.RoleCompanyStaff, service.InviteTarget{Company: w.a}, "ja", "192.0.2.9")
		if err != nil {
			t.Fatalf("Invite: %v", err)
		}
		if inv.Email != "new@example.jp" || !inv.ExpiresAt.Equal(w.clock.Now().Add(7*24*time.Hour)) {
			t.Errorf("invitation %+v", inv)
		}
		m := w.oneMail("invitation", "new@example.jp")
		for _, want := range []string{"クレソン農園", "企業スタッフ", "利用者さんが、あなたを"} {
			if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(m.Text) {
				t.Errorf("mail lacks %q:\n%s", want, m.Text)
			}
		}
		tok := inviteToken(t, m)
		if w.audits("invitation.create") != 1 {
			t.Error("invitation.create not audited")
		}
		info, err := w.orgs.Invitation(ctx, tok)
		if err != nil || info.State != service.InvitationPending || info.TargetName() != "クレソン農園" {
			t.Fatalf("Invitation: %+v, %v", info, err)
		}
		if _, err := w.orgs.Invitation(ctx, tok+"x"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("unknown token: %v", err)
		}

		_, err = w.orgs.AcceptInvitation(ctx, furusato.Visitor, tok, "")
		wantCode(t, "visitor accepts", err, furusato.EUNAUTHORIZED)
		_, err = w.orgs.AcceptInvitation(ctx, w.actor(w.user.ID), tok, "")
		wantCode(t, "another address accepts", err, furusato.EFORBIDDEN)

		// The invited person signs up; before confirming the address they may not accept.
		if err := w.auth.SignUp(ctx, "new@example.jp", "新人 スタッフ", "kuresonn-no-sato-2026", "ja", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		nu, err := db.FindUserByEmail(ctx, "new@example.jp")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.orgs.AcceptInvitation(ctx, w.actor(nu.ID), tok, "")
		wantCode(t, "unverified accepts", err, furusato.EFORBIDDEN)
		if f := furusato.ErrorFields(err)["invitation"]; f != "invite.unverified" {
			t.Errorf("field %q", f)
		}
		if _, err := w.auth.VerifyEmail(ctx, w.token(w.oneMail("verify_email", "new@example.jp"), "/account/verify/"), ""); err != nil {
			t.Fatal(err)
		}
		before := w.actor(nu.ID)
		if _, err := w.orgs.AcceptInvitation(ctx, before, tok, "192.0.2.10"); err != nil {
			t.Fatalf("AcceptInvitation: %v", err)
		}
		if before.StaffOf(w.a.ID) {
			t.Error("the actor of the accepting request changed")
		}
		if !w.actor(nu.ID).StaffOf(w.a.ID) {
			t.Fatal("no staff membership on the next request")
		}
		if w.audits("invitation.accept") != 1 {
			t.Error("invitation.accept not audited")
		}
		_, err = w.orgs.AcceptInvitation(ctx, w.actor(nu.ID), tok, "")
		wantCode(t, "second accept", err, furusato.ECONFLICT)
		if f := furusato.ErrorFields(err)["invitation"]; f != "invite.accepted" {
			t.Errorf("field %q", f)
		}
		ms, err := w.orgs.CompanyMembers(ctx, w.actor(w.coordX.ID), w.a)
		if err != nil || len(ms.Members) != 2 || len(ms.Pending) != 0 {
			t.Fatalf("CompanyMembers: %+v, %v", ms, err)
		}
		// Inviting a member again is refused beside the address.
		_, err = w.orgs.Invite(ctx, w.actor(w.admin.ID), "new@example.jp", furusato.RoleCompanyStaff, service.InviteTarget{Company: w.a}, "ja", "")
		wantCode(t, "invite a member", err, furusato.ECONFLICT)

		mem := furusato.Membership{UserID: nu.ID, Role: furusato.RoleCompanyStaff, CompanyID: w.a.ID}
		wantCode(t, "staff removes a colleague", w.orgs.RemoveMembership(ctx, w.actor(w.staffA.ID), mem, ""), furusato.EFORBIDDEN)
		wantCode(t, "coordinator Y removes", w.orgs.RemoveMembership(ctx, w.actor(w.coordY.ID), mem, ""), furusato.EFORBIDDEN)
		if err := w.orgs.RemoveMembership(ctx, w.actor(w.coordX.ID), mem, "192.0.2.11"); err != nil {
			t.Fatalf("RemoveMembership: %v", err)
		}
		if w.actor(nu.ID).StaffOf(w.a.ID) {
			t.Error("the membership survived its removal")
		}
		if w.audits("membership.remove") != 1 {
			t.Error("membership.remove not audited")
		}
		wantCode(t, "remove again", w.orgs.RemoveMembership(ctx, w.actor(w.coordX.ID), mem, ""), furusato.ENOTFOUND)
	})
}

func TestInvite_EveryRefusalQueuesNothing(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		co, st, sp := furusato.RoleCoordinator, furusato.RoleCompanyStaff, furusato.RoleSupporter
		cases := []struct {
			what  string
			actor *furusato.Actor
			role  furusato.Role
			to    service.InviteTarget
			code  string
		}{
			{"visitor invites staff", furusato.Visitor, st, service.InviteTarget{Company: w.a}, furusato.EUNAUTHORIZED},
			{"participant invites staff", w.actor(w.user.ID), st, service.InviteTarget{Company: w.a}, furusato.EFORBIDDEN},
			{"staff invites a colleague", w.actor(w.staffA.ID), st, service.InviteTarget{Company: w.a}, furusato.EFORBIDDEN},
			{"coordinator of Y invites staff of A (X's region)", w.actor(w.coordY.ID), st, service.InviteTarget{Company: w.a}, furusato.EFORBIDDEN},
			{"coordinator of Y invites a coordinator into X", w.actor(w.coordY.ID), co, service.InviteTarget{Org: w.x}, furusato.EFORBIDDEN},
			{"coordinator of X invites a supporter into G", w.actor(w.coordX.ID), sp, service.InviteTarget{Org: w.g}, furusato.EFORBIDDEN},
			{"supporter invites into their group", w.actor(w.supporterG.ID), sp, service.InviteTarget{Org: w.g}, furusato.EFORBIDDEN},
			{"admin invites a coordinator into a partner group", w.actor(w.admin.ID), co, service.InviteTarget{Org: w.g}, furusato.EINVALID},
			{"admin invites a supporter into X", w.actor(w.admin.ID), sp, service.InviteTarget{Org: w.x}, furusato.EINVALID},
			{"admin invites staff into an organisation", w.actor(w.admin.ID), st, service.InviteTarget{Org: w.x}, furusato.EINVALID},
			{"admin invites a malformed address", w.actor(w.admin.ID), st, service.InviteTarget{Company: w.a}, furusato.EINVALID},
		}
		for _, c := range cases {
			email := "invitee@example.jp"
			if c.what == "admin invites a malformed address" {
				email = "invitee@"
			}
			_, err := w.orgs.Invite(ctx, c.actor, email, c.role, c.to, "ja", "")
			wantCode(t, c.what, err, c.code)
		}
		// A coordinator removed from X loses the right on the next request
		// (X keeps another coordinator: its only one cannot be removed).
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddMembership(ctx, &furusato.Membership{UserID: w.user.ID, Role: co, OrganizationID: w.x.ID}, w.clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
		removed := furusato.Membership{UserID: w.coordX.ID, Role: co, OrganizationID: w.x.ID}
		if err := w.orgs.RemoveMembership(ctx, w.actor(w.admin.ID), removed, ""); err != nil {
			t.Fatal(err)
		}
		_, err := w.orgs.Invite(ctx, w.actor(w.coordX.ID), "invitee@example.jp", st, service.InviteTarget{Company: w.a}, "ja", "")
		wantCode(t, "removed coordinator invites", err, furusato.EFORBIDDEN)
		if ms := w.mails(); len(ms) != 0 {
			t.Errorf("%d mails queued by refused invitations", len(ms))
		}
		if n := w.audits("invitation.create"); n != 0 {
			t.Errorf("%d refused invitations audited", n)
		}
		// What is allowed: coordinators grow their own team; admins fill partner groups.
		if _, err := w.orgs.Invite(ctx, w.actor(w.coordY.ID), "new.y@example.jp", co, service.InviteTarget{Org: w.y}, "en", ""); err != nil {
			t.Errorf("coordinator of Y invites into Y: %v", err)
		}
		if _, err := w.orgs.Invite(ctx, w.actor(w.admin.ID), "new.g@example.jp", sp, service.InviteTarget{Org: w.g}, "ja", ""); err != nil {
			t.Errorf("admin invites a supporter into G: %v", err)
		}
		if ms := w.mails(); len(ms) != 2 || ms[0].Subject != "[Furusato Side Jobs] You are invited to join org-y 団体" {
			t.Errorf("mails %d, first %q", len(ms), ms[0].Subject)
		}
	})
}

func TestInvite_ExpiresAfterSevenDays(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		if _, err := w.orgs.Invite(ctx, w.actor(w.admin.ID), "someone@example.jp", furusato.RoleCoordinator, service.InviteTarget{Org: w.s}, "ja", ""); err != nil {
			t.Fatal(err)
		}
		tok := inviteToken(t, w.oneMail("invitation", "someone@example.jp"))
		w.clock.Add(service.InvitationTTL)
		info, err := w.orgs.Invitation(ctx, tok)
		if err != nil || info.State != service.InvitationExpired {
			t.Fatalf("after 7 days: %+v, %v", info, err)
		}
		_, err = w.orgs.AcceptInvitation(ctx, w.actor(w.user.ID), tok, "")
		wantCode(t, "expired accept", err, furusato.ECONFLICT)
		if f := furusato.ErrorFields(err)["invitation"]; f != "invite.expired" {
			t.Errorf("field %q", f)
		}
		if w.actor(w.user.ID).CoordinatorOf(w.s.ID) {
			t.Error("an expired invitation gave a membership")
		}
	})
}

func TestOrgs_AdminsCreateAndEditOrganisationsOthersAreRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		o := &furusato.Organization{Slug: " Nagano-Sato ", Name: " 信州さとやま ", Kind: furusato.OrgCoordinator, Prefectures: []int{20, 20, 15}}
		wantCode(t, "coordinator creates", w.orgs.CreateOrganization(ctx, w.actor(w.coordX.ID), o, ""), furusato.EFORBIDDEN)
		wantCode(t, "visitor creates", w.orgs.CreateOrganization(ctx, furusato.Visitor, o, ""), furusato.EUNAUTHORIZED)
		if err := w.orgs.CreateOrganization(ctx, w.actor(w.admin.ID), o, "192.0.2.1"); err != nil {
			t.Fatalf("CreateOrganization: %v", err)
		}
		got, err := db.FindOrganizationBySlug(ctx, "nagano-sato")
		if err != nil || got.Name != "信州さとやま" || len(got.Prefectures) != 2 || got.Prefectures[0] != 15 {
			t.Fatalf("created %+v, %v", got, err)
		}
		dup := &furusato.Organization{Slug: "nagano-sato", Name: "二つ目", Kind: furusato.OrgPartner}
		wantCode(t, "slug taken", w.orgs.CreateOrganization(ctx, w.actor(w.admin.ID), dup, ""), furusato.ECONFLICT)
		bad := &furusato.Organization{Slug: "x", Kind: "club"}
		err = w.orgs.CreateOrganization(ctx, w.actor(w.admin.ID), bad, "")
		wantCode(t, "invalid", err, furusato.EINVALID)
		if f := furusato.ErrorFields(err); f["slug"] == "" || f["name"] == "" || f["kind"] == "" {
			t.Errorf("fields %v", f)
		}

		edit := &furusato.Organization{Name: "信州さとやま協議会", Kind: furusato.OrgCoordinator, Prefectures: []int{20}}
		wantCode(t, "its coordinator edits", w.orgs.UpdateOrganization(ctx, w.actor(w.coordX.ID), "org-x", edit, ""), furusato.EFORBIDDEN)
		if err := w.orgs.UpdateOrganization(ctx, w.actor(w.admin.ID), "nagano-sato", edit, ""); err != nil {
			t.Fatalf("UpdateOrganization: %v", err)
		}
		got, _ = db.FindOrganizationBySlug(ctx, "nagano-sato")
		if got.Name != "信州さとやま協議会" || len(got.Prefectures) != 1 || got.Prefectures[0] != 20 {
			t.Errorf("updated %+v", got)
		}
		wantCode(t, "unknown slug", w.orgs.UpdateOrganization(ctx, w.actor(w.admin.ID), "nowhere", edit, ""), furusato.ENOTFOUND)
		if w.audits("organization.create") != 1 || w.audits("organization.update") != 1 {
			t.Error("organisation changes not audited")
		}
		if _, err := w.orgs.Organizations(ctx, w.actor(w.coordX.ID)); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("coordinator lists organisations: %v", err)
		}
	})
}

func TestOrgs_CompaniesMembersAuditAndOutboxFollowThePolicy(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		co := &furusato.Company{Slug: "gifu-new", Name: "新しい会社", Prefecture: 21}
		wantCode(t, "coordinator Y registers a Gifu company", w.orgs.CreateCompany(ctx, w.actor(w.coordY.ID), co, ""), furusato.EFORBIDDEN)
		wantCode(t, "staff registers", w.orgs.CreateCompany(ctx, w.actor(w.staffA.ID), &furusato.Company{Slug: "gifu-new", Name: "x", Prefecture: 21}, ""), furusato.EFORBIDDEN)
		co = &furusato.Company{Slug: "gifu-new", Name: "新しい会社", Prefecture: 21}
		if err := w.orgs.CreateCompany(ctx, w.actor(w.coordX.ID), co, ""); err != nil {
			t.Fatalf("coordinator X registers a Gifu company: %v", err)
		}
		if co.OrganizationID != w.x.ID || w.audits("company.create") != 1 {
			t.Errorf("company bound to %d", co.OrganizationID)
		}
		if _, err := w.orgs.OrganizationMembers(ctx, w.actor(w.coordX.ID), w.x); err != nil {
			t.Errorf("coordinator X lists X: %v", err)
		}
		for name, a := range map[string]*furusato.Actor{"coordY": w.actor(w.coordY.ID), "staffA": w.actor(w.staffA.ID), "supporterG": w.actor(w.supporterG.ID)} {
			if _, err := w.orgs.OrganizationMembers(ctx, a, w.x); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
				t.Errorf("%s lists X: %v", name, err)
			}
		}
		if _, err := w.orgs.OrganizationMembers(ctx, w.actor(w.supporterG.ID), w.g); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("a supporter lists their group: %v", err)
		}
		if ms, err := w.orgs.OrganizationMembers(ctx, w.actor(w.admin.ID), w.g); err != nil || len(ms.Members) != 1 {
			t.Errorf("admin lists G: %+v, %v", ms, err)
		}
		if _, err := w.orgs.CompanyMembers(ctx, w.actor(w.staffA.ID), w.a); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("staff lists their company: %v", err)
		}
		if _, _, err := w.svc.AuditLog.List(ctx, w.actor(w.coordX.ID), furusato.AuditFilter{}); furusato.ErrorCode(err) != furusato.EFORBIDDEN {
			t.Errorf("coordinator reads the audit log: %v", err)
		}
		if _, _, err := w.svc.Outbox.List(ctx, furusato.Visitor, furusato.OutboxFilter{}); furusato.ErrorCode(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor reads the outbox: %v", err)
		}
		if es, n, err := w.svc.AuditLog.List(ctx, w.actor(w.admin.ID), furusato.AuditFilter{Action: "company.create"}); err != nil || n != 1 || len(es) != 1 {
			t.Errorf("admin reads the audit log: %d, %v", n, err)
		}
	})
}

func TestInvite_ConcurrentAcceptsSucceedOnce(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newOrgWorld(t, db)
		if _, err := w.orgs.Invite(ctx, w.actor(w.admin.ID), "someone@example.jp", furusato.RoleCoordinator, service.InviteTarget{Org: w.x}, "ja", ""); err != nil {
			t.Fatal(err)
		}
		tok := inviteToken(t, w.oneMail("invitation", "someone@example.jp"))
		a := w.actor(w.user.ID)
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				_, err := w.orgs.AcceptInvitation(ctx, a, tok, "")
				errs <- err
			}()
		}
		ok := 0
		for range 4 {
			switch err := <-errs; furusato.ErrorCode(err) {
			case "":
				ok++
			case furusato.ECONFLICT:
			default:
				t.Errorf("accept: %v", err)
			}
		}
		if ok != 1 || w.audits("invitation.accept") != 1 || !w.actor(w.user.ID).CoordinatorOf(w.x.ID) {
			t.Errorf("%d accepts succeeded", ok)
		}
	})
}
