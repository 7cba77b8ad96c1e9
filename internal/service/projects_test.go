package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// manageFixture is the demo catalogue and accounts with the actors the
// policy cases need.
type manageFixture struct {
	db                               *store.DB
	svc                              *service.Projects
	services                         *service.Services // every service, over the fixture's clock
	at                               time.Time         // the clock; tests may move it
	gifu, hokkaido, staff, admin     *furusato.Actor
	otherStaff, removed, participant *furusato.Actor
	watercress                       *furusato.Company // gujo-seiryu-farm, staff's company, in Gifu
}

func newManageFixture(t *testing.T, db *store.DB) *manageFixture {
	t.Helper()
	ctx := context.Background()
	if _, filled := withDemo.Load(db); !filled { // demoEngines' databases hold them already
		if err := fillDemo(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	f := &manageFixture{db: db, at: now}
	f.services = newServices(t, db, func() time.Time { return f.at }, "https://furusato.example")
	f.svc = f.services.Projects
	actor := func(email string) *furusato.Actor {
		u, err := db.FindUserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	f.gifu = actor("coordinator.gifu@demo.furusato.example")
	f.hokkaido = actor("coordinator.hokkaido@demo.furusato.example")
	f.staff = actor("staff.watercress@demo.furusato.example")
	f.admin = actor("admin@demo.furusato.example")
	f.participant = actor("participant@demo.furusato.example")
	var err error
	if f.watercress, err = db.FindCompanyBySlug(ctx, "gujo-seiryu-farm"); err != nil {
		t.Fatal(err)
	}
	other, err := db.FindCompanyBySlug(ctx, "hida-fan-base")
	if err != nil {
		t.Fatal(err)
	}
	// Staff of another company, and a member removed from the watercress company.
	mk := func(email string, co int64) *furusato.Actor {
		u, err := newUsers(db).CreateUser(ctx, email, "テスト", "kuresonn-no-sato-2026", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: co}, now)
		}); err != nil {
			t.Fatal(err)
		}
		return actor(email)
	}
	f.otherStaff = mk("other.staff@example.jp", other.ID)
	gone := mk("gone.staff@example.jp", f.watercress.ID)
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		return tx.RemoveMembership(ctx, furusato.Membership{UserID: gone.User.ID, Role: furusato.RoleCompanyStaff, CompanyID: f.watercress.ID})
	}); err != nil {
		t.Fatal(err)
	}
	f.removed = actor("gone.staff@example.jp")
	return f
}

// input is a complete project as typed, with stray spaces, full-width
// letters and repeated themes, which the service normalises.
func input(title string) furusato.ProjectUpdate {
	return furusato.ProjectUpdate{Title: new("  " + title + " "), CatchCopy: new("清流のクレソンを広める"), Background: new("背景です。"),
		WhatYouDo: new("広報の計画をつくります。"), Goal: new("取り扱い店舗を増やす。"), Themes: new([]string{"food", "pr", " food"}),
		Skills: new([]string{"ＰＲ", "SNS運用、写真 "}), WorkStyle: new(furusato.WorkRemote), VisitsPerMonth: new(0), HoursPerWeek: new(5),
		DurationMonths: new(3), RewardType: new(furusato.RewardType("honorarium")), RewardAmount: new(10000),
		TravelCost: new(furusato.TravelPart), Places: new(2), Deadline: new(furusato.Date{Year: 2026, Month: 12, Day: 20}),
		Prefecture: new(21), City: new("郡上市 ")}
}

func code(err error) string { return furusato.ErrorCode(err) }

func TestProjectsCreate_NormalisesAndChecksPolicy(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("クレソンの新しい食べ方"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != furusato.StatusDraft || p.Title != "クレソンの新しい食べ方" || p.HoursPerWeek != 5 || p.RewardAmount != 10000 ||
			p.Places != 2 || p.Deadline != (furusato.Date{Year: 2026, Month: 12, Day: 20}) || p.Slug != "gujo-seiryu-farm-project" ||
			p.OrganizationID != f.watercress.OrganizationID || p.OrganizationID == 0 || p.City != "郡上市" ||
			!slices.Equal(p.Themes, []string{"pr", "food"}) || !slices.Equal(p.Skills, []string{"ＰＲ", "SNS運用", "写真"}) {
			t.Errorf("created %+v", p)
		}
		p2, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", input("Watercress PR team"))
		if err != nil || p2.Slug != "watercress-pr-team" {
			t.Fatalf("second: %v %+v", err, p2)
		}
		p3, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", input("クレソン"))
		if err != nil || p3.Slug != "gujo-seiryu-farm-project-2" {
			t.Fatalf("third: %v %+v", err, p3)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.EFORBIDDEN},
			"another company's staff":      {f.otherStaff, furusato.EFORBIDDEN},
			"a removed member":             {f.removed, furusato.EFORBIDDEN},
			"a participant":                {f.participant, furusato.EFORBIDDEN},
			"a visitor":                    {furusato.Visitor, furusato.EUNAUTHORIZED},
		} {
			if _, err := f.svc.Create(ctx, c.a, "gujo-seiryu-farm", input("だめ")); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
		}
		if _, err := f.svc.Create(ctx, f.gifu, "no-such-company", input("x")); code(err) != furusato.ENOTFOUND {
			t.Errorf("unknown company: %v", err)
		}
		in := input("")
		in.HoursPerWeek, in.StartDate = new(-1), new(furusato.Date{Year: 1999, Month: 4, Day: 1})
		_, err = f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", in)
		if fs := furusato.ErrorFields(err); code(err) != furusato.EINVALID || fs["title"] != "error.required" ||
			fs["hours_per_week"] != "manage.error.number" || fs["start_date"] != "manage.error.date" {
			t.Errorf("invalid: %v %v", err, fs)
		}
		h, err := f.svc.History(ctx, f.staff, p.ID)
		if err != nil || len(h) != 1 || h[0].Action != "created" || h[0].ActorID != f.staff.User.ID {
			t.Errorf("history %v %+v", err, h)
		}
	})
}

func TestProjectsUpdate_PolicyAndOptimisticConcurrency(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("クレソンの新しい食べ方"))
		if err != nil {
			t.Fatal(err)
		}
		read := p.Version()
		in := input("クレソンの新しい食べ方を広める")
		up, err := f.svc.Update(ctx, f.staff, p.ID, in, read)
		if err != nil || up.Title != "クレソンの新しい食べ方を広める" {
			t.Fatalf("update: %v %+v", err, up)
		}
		// A second save from the same (now stale) form: someone saved in between.
		in.Title = new("別のタイトル")
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, in, read); code(err) != furusato.ECONFLICT {
			t.Errorf("stale save: %v, want conflict", err)
		}
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, in, up.Version()); err != nil {
			t.Errorf("fresh save: %v", err)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"another region's coordinator": {f.hokkaido, furusato.ENOTFOUND},
			"another company's staff":      {f.otherStaff, furusato.ENOTFOUND},
			"a removed member":             {f.removed, furusato.ENOTFOUND},
			"a visitor":                    {furusato.Visitor, furusato.ENOTFOUND},
		} {
			if _, err := f.svc.Update(ctx, c.a, p.ID, in, up.Version()); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
			if _, err := f.svc.Get(ctx, c.a, p.ID); code(err) != c.want {
				t.Errorf("%s get: %v, want %s", name, err, c.want)
			}
		}
		// Staff may set supporters only through the coordinator.
		cur, _ := f.svc.Get(ctx, f.gifu, p.ID)
		sup := input("クレソンの新しい食べ方を広める")
		sup.Supporters = &[]furusato.Supporter{{Name: "森下 あかり", OrganizationID: 1, Role: "PR"}}
		if _, err := f.svc.Update(ctx, f.staff, p.ID, sup, cur.Version()); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff assigning supporters: %v", err)
		}
		// Once submitted, the company no longer edits.
		if _, err := f.svc.Move(ctx, f.staff, p.ID, furusato.StatusInReview, ""); err != nil {
			t.Fatal(err)
		}
		cur, _ = f.svc.Get(ctx, f.gifu, p.ID)
		if _, err := f.svc.Update(ctx, f.staff, p.ID, input("変更"), cur.Version()); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff editing in review: %v", err)
		}
		h, _ := f.svc.History(ctx, f.gifu, p.ID)
		if len(h) != 4 || h[0].Action != "submitted" || h[1].Action != "edited" || len(h[1].Changes) != 1 || h[1].Changes[0] != "title" {
			t.Errorf("history %+v", h)
		}
	})
}

func TestProjectsMove_Rules(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		p, err := f.svc.Create(ctx, f.staff, "gujo-seiryu-farm", input("クレソンの新しい食べ方"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Move(ctx, f.staff, p.ID, furusato.StatusPublished, ""); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff publishing: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.hokkaido, p.ID, furusato.StatusPublished, ""); code(err) != furusato.ENOTFOUND {
			t.Errorf("another region publishing: %v", err)
		}
		if _, err := f.svc.Move(ctx, furusato.Visitor, p.ID, furusato.StatusInReview, ""); code(err) != furusato.ENOTFOUND {
			t.Errorf("visitor: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.removed, p.ID, furusato.StatusInReview, ""); code(err) != furusato.ENOTFOUND {
			t.Errorf("removed member: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.staff, p.ID, furusato.StatusInReview, ""); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusDraft, "  ")
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["comment"] != "manage.error.comment_required" {
			t.Errorf("send back without a comment: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusDraft, "写真を足してください"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusClosed, ""); code(err) != furusato.ECONFLICT {
			t.Errorf("closing a draft: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		audit, _, err := db.FindAudit(ctx, furusato.AuditFilter{Action: "project.publish"})
		if err != nil || len(audit) != 1 || audit[0].ObjectID != p.ID || audit[0].ActorID != f.gifu.User.ID {
			t.Errorf("audit %v %+v", err, audit)
		}
		// Public now: searchable, and visible to all.
		cat := service.NewCatalogue(db, clock)
		ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "クレソンの新しい食べ方"})
		if err != nil || len(ps) == 0 || ps[0].ID != p.ID {
			t.Errorf("search after publishing: %v %d", err, len(ps))
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusClosed, ""); err != nil {
			t.Fatal(err)
		}
		// After the deadline, it cannot reopen.
		f.at = time.Date(2026, 12, 21, 0, 0, 1, 0, furusato.JST)
		_, err = f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusPublished, "")
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["deadline"] != "manage.error.reopen_deadline" {
			t.Errorf("reopen after the deadline: %v", err)
		}
		f.at = time.Date(2026, 12, 20, 23, 59, 0, 0, furusato.JST) // the deadline's last minute
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusPublished, ""); err != nil {
			t.Errorf("reopen on the deadline day: %v", err)
		}
		_, err = f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusCancelled, "")
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["comment"] != "manage.error.reason_required" {
			t.Errorf("cancel without a reason: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.staff, p.ID, furusato.StatusCancelled, "理由"); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff cancelling: %v", err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, p.ID, furusato.StatusCancelled, "先方の都合で中止"); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.History(ctx, f.staff, p.ID)
		var acts []string
		for _, e := range h {
			acts = append(acts, string(e.Action))
		}
		want := []string{"cancelled", "reopened", "closed", "published", "sent_back", "submitted", "created"}
		if err != nil || len(acts) != len(want) {
			t.Fatalf("history %v %v", err, acts)
		}
		for i := range want {
			if acts[i] != want[i] {
				t.Errorf("history %v, want %v", acts, want)
				break
			}
		}
		if h[0].Comment != "先方の都合で中止" || h[4].Comment != "写真を足してください" || h[0].From != furusato.StatusPublished {
			t.Errorf("comments %+v %+v", h[0], h[4])
		}
		if _, err := f.svc.History(ctx, f.participant, p.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("participant reading a cancelled project's history: %v", err)
		}
	})
}

func TestProjectsDashboard_ByRole(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newManageFixture(t, db)
		if _, err := f.svc.Dashboard(ctx, f.participant); code(err) != furusato.ENOTFOUND {
			t.Errorf("participant: %v", err)
		}
		secs, err := f.svc.Dashboard(ctx, f.gifu)
		if err != nil || len(secs) != 4 || secs[3].Key != "published" || secs[3].Total == 0 {
			t.Fatalf("coordinator: %v %+v", err, secs)
		}
		for _, s := range secs {
			for _, p := range s.Projects {
				if p.OrganizationID != f.watercress.OrganizationID {
					t.Errorf("%s: project %s of another organisation", s.Key, p.Slug)
				}
			}
		}
		secs, err = f.svc.Dashboard(ctx, f.staff)
		if err != nil || len(secs) != len(furusato.ProjectStatuses) {
			t.Fatalf("staff: %v %+v", err, secs)
		}
		for _, s := range secs {
			for _, p := range s.Projects {
				if p.CompanyID != f.watercress.ID || string(p.Status) != s.Key {
					t.Errorf("staff section %s: %s", s.Key, p.Slug)
				}
			}
		}
	})
}
