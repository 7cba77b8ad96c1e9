package service_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// charterDraft is a complete charter as an editor types it.
func charterDraft(goal string) furusato.Charter {
	return furusato.Charter{Goal: goal, Done: "取扱店が5店舗になる", HoursPerWeek: 12, Meetings: "隔週火曜20時にオンライン",
		Tools: "Slack", CompanyProvides: "商品の写真", Rules: "返信は2日以内", Cadence: furusato.CadenceBiweekly}
}

// charterNotices returns user id's notices of kind, newest first.
func charterNotices(t *testing.T, db *store.DB, id int64, kind furusato.NoticeKind) []*furusato.Notice {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), id, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []*furusato.Notice
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

func TestTeamsCharter_VersionsConfirmationsAndExpectations(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams, id := f.services.Teams, f.team.ID

		v, err := teams.Charter(ctx, f.member, id, 0)
		if err != nil || v.Shown != nil || len(v.Versions) != 0 {
			t.Fatalf("before any charter: %+v, %v", v, err)
		}
		// Policy: the participant cannot edit; outsiders see nothing.
		if _, err := teams.SaveCharter(ctx, f.member, id, charterDraft("目標"), 0); code(err) != furusato.EFORBIDDEN {
			t.Errorf("participant edits: %v, want EFORBIDDEN", err)
		}
		for name, a := range map[string]*furusato.Actor{"other company": f.otherStaff, "other region": f.hokkaido} {
			if _, err := teams.SaveCharter(ctx, a, id, charterDraft("目標"), 0); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s edits: %v, want ENOTFOUND", name, err)
			}
			if _, err := teams.Charter(ctx, a, id, 0); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s reads: %v, want ENOTFOUND", name, err)
			}
			if _, err := teams.ConfirmCharter(ctx, a, id, 1); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s confirms: %v, want ENOTFOUND", name, err)
			}
		}
		// An outsider's invalid text is still a 404, never a field error.
		if _, err := teams.SaveCharter(ctx, f.hokkaido, id, furusato.Charter{}, 0); code(err) != furusato.ENOTFOUND {
			t.Errorf("outsider's bad charter: %v", err)
		}
		// Bad text is a field error.
		bad := charterDraft("NUL\x00入り")
		bad.Done, bad.HoursPerWeek = strings.Repeat("あ", 10000), 0
		if _, err := teams.SaveCharter(ctx, f.gifu, id, bad, 0); code(err) != furusato.EINVALID ||
			furusato.ErrorFields(err)["goal"] != furusato.ErrBadText || furusato.ErrorFields(err)["done"] != "error.too_long" || furusato.ErrorFields(err)["hours_per_week"] == "" {
			t.Errorf("bad charter: %v %v", err, furusato.ErrorFields(err))
		}

		c1, err := teams.SaveCharter(ctx, f.gifu, id, charterDraft("  クレソンを広める  "), 0)
		if err != nil || c1.Version != 1 || c1.Goal != "クレソンを広める" {
			t.Fatalf("first version: %+v, %v", c1, err)
		}
		// Members but the author are asked; the author confirmed their own.
		if n := charterNotices(t, db, f.member.User.ID, furusato.NoticeCharter); len(n) != 1 || n[0].Link != "/teams/"+strconv.FormatInt(id, 10)+"/charter" {
			t.Errorf("participant's charter notices: %+v", n)
		}
		if n := charterNotices(t, db, f.staff.User.ID, furusato.NoticeCharter); len(n) != 1 {
			t.Errorf("staff's charter notices: %d", len(n))
		}
		if n := charterNotices(t, db, f.gifu.User.ID, furusato.NoticeCharter); len(n) != 0 {
			t.Errorf("the author was notified: %d", len(n))
		}
		if n := charterNotices(t, db, f.hokkaido.User.ID, furusato.NoticeCharter); len(n) != 0 {
			t.Errorf("an outsider was notified: %d", len(n))
		}

		// Two editors read version 1; the second to save gets a conflict.
		if _, err := teams.SaveCharter(ctx, f.staff, id, charterDraft("会社の案"), 1); err != nil {
			t.Fatal(err)
		}
		// The same form sent twice is a no-op, not a conflict.
		if again, err := teams.SaveCharter(ctx, f.staff, id, charterDraft("会社の案"), 1); err != nil || again.Version != 2 {
			t.Errorf("double submit: %+v %v", again, err)
		}
		if _, err := teams.SaveCharter(ctx, f.gifu, id, charterDraft("古い版からの案"), 1); code(err) != furusato.ECONFLICT {
			t.Errorf("stale save: %v, want ECONFLICT", err)
		}

		// Confirmations are per version: version 1 is no longer current.
		if _, err := teams.ConfirmCharter(ctx, f.member, id, 1); code(err) != furusato.ECONFLICT {
			t.Errorf("confirming an old version: %v", err)
		}
		for i, want := range []bool{true, false} {
			done, err := teams.ConfirmCharter(ctx, f.member, id, 2)
			if err != nil || done != want {
				t.Errorf("confirm #%d: %v, %v; want %v", i+1, done, err, want)
			}
		}
		if _, err := teams.ConfirmCharter(ctx, f.admin, id, 2); code(err) != furusato.EFORBIDDEN {
			t.Errorf("admin (no member) confirms: %v", err)
		}
		// Expectations: own only, on the current version, carried to the next.
		if _, err := teams.SaveExpectation(ctx, f.member, id, 2, furusato.Expectation{Give: "SNSの発信", Get: "地域とのつながり"}); err != nil {
			t.Fatal(err)
		}
		if _, err := teams.SaveExpectation(ctx, f.member, id, 2, furusato.Expectation{}); code(err) != furusato.EINVALID {
			t.Errorf("empty expectation: %v", err)
		}
		if _, err := teams.SaveExpectation(ctx, f.member, id, 2, furusato.Expectation{Give: "a\x00b"}); furusato.ErrorFields(err)["give"] != furusato.ErrBadText {
			t.Errorf("NUL in expectation: %v", err)
		}
		if _, err := teams.SaveExpectation(ctx, f.member, id, 1, furusato.Expectation{Give: "古い版"}); code(err) != furusato.ECONFLICT {
			t.Errorf("expectation on an old version: %v", err)
		}
		if _, err := teams.SaveExpectation(ctx, f.hokkaido, id, 2, furusato.Expectation{Give: "x"}); code(err) != furusato.ENOTFOUND {
			t.Errorf("outsider's expectation: %v", err)
		}
		v, err = teams.Charter(ctx, f.member, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.Shown.Version != 2 || !v.Current || len(v.Versions) != 2 || !v.Confirmed(f.member.User.ID) || v.Confirmed(f.gifu.User.ID) ||
			!v.Confirmed(f.staff.User.ID) || v.ConfirmedCount() != 2 || v.NeedsMyConfirmation() {
			t.Errorf("version 2 view: shown %d current %v versions %d confirmed %v", v.Shown.Version, v.Current, len(v.Versions), v.Confirmations)
		}
		if e, ok := v.Expectation(f.member.User.ID); !ok || e.Give != "SNSの発信" || e.Name == "" {
			t.Errorf("expectation: %+v %v", e, ok)
		}
		if f.team, err = db.FindTeam(ctx, id); err != nil || f.team.Cadence != furusato.CadenceBiweekly {
			t.Errorf("team cadence: %+v %v", f.team, err)
		}
		// Version 3 asks everyone again and keeps the expectations.
		if _, err := teams.SaveCharter(ctx, f.gifu, id, charterDraft("第3版"), 2); err != nil {
			t.Fatal(err)
		}
		v, _ = teams.Charter(ctx, f.member, id, 0)
		if v.Confirmed(f.member.User.ID) || !v.NeedsMyConfirmation() || len(v.Expectations) != 1 {
			t.Errorf("version 3: confirmed %v, expectations %+v", v.Confirmations[3], v.Expectations)
		}
		if n := charterNotices(t, db, f.member.User.ID, furusato.NoticeCharter); len(n) != 3 {
			t.Errorf("participant's charter notices after 3 versions: %d", len(n))
		}
		old, err := teams.Charter(ctx, f.member, id, 1)
		if err != nil || old.Current || old.Shown.Goal != "クレソンを広める" {
			t.Errorf("version 1: %+v %v", old, err)
		}
		if _, err := teams.Charter(ctx, f.member, id, 9); code(err) != furusato.ENOTFOUND {
			t.Errorf("version 9: %v", err)
		}
	})
}

func TestTeamsAgreement_IssueAcceptPerPartyAndVersion(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams, id := f.services.Teams, f.team.ID

		if _, _, err := teams.AgreementDraft(ctx, f.gifu, id); code(err) != furusato.ECONFLICT {
			t.Errorf("draft without a charter: %v", err)
		}
		if _, err := teams.SaveCharter(ctx, f.staff, id, charterDraft("目標"), 0); err != nil {
			t.Fatal(err)
		}
		for name, a := range map[string]*furusato.Actor{"participant": f.member, "staff": f.staff} {
			if _, _, err := teams.AgreementDraft(ctx, a, id); code(err) != furusato.EFORBIDDEN {
				t.Errorf("%s drafts: %v", name, err)
			}
		}
		if _, _, err := teams.AgreementDraft(ctx, f.hokkaido, id); code(err) != furusato.ENOTFOUND {
			t.Errorf("outsider drafts: %v", err)
		}
		_, draft, err := teams.AgreementDraft(ctx, f.gifu, id)
		if err != nil {
			t.Fatal(err)
		}
		if draft.HoursPerWeek != 12 || draft.RewardType != f.project.RewardType || !draft.Confidential ||
			draft.Ownership != furusato.OwnedByCompany || draft.NoticeDays != furusato.DefaultNoticeDays || draft.Start.IsZero() || draft.End.Before(draft.Start) {
			t.Errorf("draft = %+v", draft)
		}
		bad := draft
		bad.Notes, bad.NoticeDays = strings.Repeat("長", 5000), -1
		if _, err := teams.IssueAgreement(ctx, f.gifu, id, bad, 0); furusato.ErrorFields(err)["notes"] != "error.too_long" || furusato.ErrorFields(err)["notice_days"] == "" {
			t.Errorf("bad agreement: %v", err)
		}
		if _, err := teams.IssueAgreement(ctx, f.staff, id, draft, 0); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff issues: %v", err)
		}
		a1, err := teams.IssueAgreement(ctx, f.gifu, id, draft, 0)
		if err != nil || a1.Version != 1 || a1.CharterVersion != 1 {
			t.Fatalf("issue: %+v %v", a1, err)
		}
		if again, err := teams.IssueAgreement(ctx, f.gifu, id, draft, 0); err != nil || again.Version != 1 {
			t.Errorf("the same issue sent twice: %+v %v, want a no-op", again, err)
		}
		changed := draft
		changed.NoticeDays = 20
		if _, err := teams.IssueAgreement(ctx, f.gifu, id, changed, 0); code(err) != furusato.ECONFLICT {
			t.Errorf("stale issue: %v", err)
		}
		// Notices: the participant and the company's staff, not the issuer.
		if len(charterNotices(t, db, f.member.User.ID, furusato.NoticeAgreement)) != 1 || len(charterNotices(t, db, f.staff.User.ID, furusato.NoticeAgreement)) != 1 ||
			len(charterNotices(t, db, f.gifu.User.ID, furusato.NoticeAgreement)) != 0 {
			t.Error("agreement notices went to the wrong people")
		}

		// Nobody accepts for another party.
		if _, err := teams.AcceptAgreement(ctx, f.member, id, 1, furusato.PartyCompany); code(err) != furusato.EFORBIDDEN {
			t.Errorf("participant for the company: %v", err)
		}
		if _, err := teams.AcceptAgreement(ctx, f.staff, id, 1, furusato.PartyParticipant); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff as a participant: %v", err)
		}
		for _, p := range []furusato.Party{furusato.PartyParticipant, furusato.PartyCompany} {
			if _, err := teams.AcceptAgreement(ctx, f.admin, id, 1, p); code(err) != furusato.EFORBIDDEN {
				t.Errorf("admin for %s: %v", p, err)
			}
			if _, err := teams.AcceptAgreement(ctx, f.gifu, id, 1, p); code(err) != furusato.EFORBIDDEN {
				t.Errorf("coordinator for %s: %v", p, err)
			}
			if _, err := teams.AcceptAgreement(ctx, f.otherStaff, id, 1, p); code(err) != furusato.ENOTFOUND {
				t.Errorf("other company for %s: %v", p, err)
			}
		}
		if _, err := teams.AcceptAgreement(ctx, f.member, id, 1, "someone"); code(err) != furusato.EINVALID {
			t.Errorf("unknown party: %v", err)
		}
		// Each party once per version; twice is a no-op.
		for i, want := range []bool{true, false} {
			if done, err := teams.AcceptAgreement(ctx, f.member, id, 1, furusato.PartyParticipant); err != nil || done != want {
				t.Errorf("participant accept #%d: %v %v", i+1, done, err)
			}
			if done, err := teams.AcceptAgreement(ctx, f.staff, id, 1, furusato.PartyCompany); err != nil || done != want {
				t.Errorf("company accept #%d: %v %v", i+1, done, err)
			}
		}
		v, err := teams.Agreement(ctx, f.member, id)
		if err != nil || len(v.Acceptances) != 2 || !v.Accepted(f.member.User.ID) || len(v.MayAccept()) != 0 {
			t.Fatalf("after acceptance: %+v %v", v, err)
		}
		if ca, ok := v.CompanyAcceptance(); !ok || ca.UserID != f.staff.User.ID {
			t.Errorf("company acceptance: %+v", ca)
		}
		// A new version asks again; the old version cannot be accepted.
		draft.NoticeDays = 30
		if _, err := teams.IssueAgreement(ctx, f.gifu, id, draft, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := teams.AcceptAgreement(ctx, f.member, id, 1, furusato.PartyParticipant); code(err) != furusato.ECONFLICT {
			t.Errorf("accepting an old version: %v", err)
		}
		v, _ = teams.Agreement(ctx, f.member, id)
		if v.Agreement.Version != 2 || v.Agreement.NoticeDays != 30 || len(v.Acceptances) != 0 || len(v.MayAccept()) != 1 {
			t.Errorf("version 2: %+v, %+v", v.Agreement, v.Acceptances)
		}
		if done, err := teams.AcceptAgreement(ctx, f.member, id, 2, furusato.PartyParticipant); err != nil || !done {
			t.Errorf("accept version 2: %v %v", done, err)
		}
		// The export holds what the participant agreed to.
		if _, err := teams.ConfirmCharter(ctx, f.member, id, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := teams.SaveExpectation(ctx, f.member, id, 1, furusato.Expectation{Give: "写真の撮影", Get: "経験"}); err != nil {
			t.Fatal(err)
		}
		x, err := f.services.PersonalData.ExportData(ctx, f.member, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(x)
		var doc struct {
			Teams struct {
				Teams        []map[string]any `json:"teams"`
				Expectations []struct {
					Give string `json:"give"`
				} `json:"expectations"`
				Confirmations []struct {
					Version int `json:"version"`
				} `json:"charter_confirmations"`
				Acceptances []struct {
					Version int    `json:"version"`
					Party   string `json:"party"`
				} `json:"agreement_acceptances"`
			} `json:"teams"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		d := doc.Teams
		if len(d.Teams) != 1 || len(d.Expectations) != 1 || d.Expectations[0].Give != "写真の撮影" || len(d.Confirmations) != 1 ||
			d.Confirmations[0].Version != 1 || len(d.Acceptances) != 2 || d.Acceptances[1].Version != 2 || d.Acceptances[0].Party != "participant" {
			t.Errorf("export teams = %s", b[strings.Index(string(b), `"teams"`):])
		}
		// Another person's export holds none of it.
		y, err := f.services.PersonalData.ExportData(ctx, f.participant, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Teams.Teams) != 0 || len(y.Teams.Expectations) != 0 || len(y.Teams.AgreementAcceptances) != 0 {
			t.Errorf("someone else's export: %+v", y.Teams)
		}
	})
}
