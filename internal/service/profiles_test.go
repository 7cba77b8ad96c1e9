package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestProfile_SaveNormalisesAndReads(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		u := e.signUp("hanako@example.jp", pw)
		a := e.actor(u.ID)
		p, err := e.svc.PersonalData.GetProfile(ctx, a)
		if err != nil || p.UserID != u.ID || p.AffiliationPublic || p.NameKana != "" {
			t.Fatalf("profile before saving: %+v, %v; want an empty one, affiliation private", p, err)
		}
		p = &furusato.Profile{UserID: 999, // ignored: one's own profile only
			NameKana: "　ﾔﾏﾀﾞ　ﾊﾅｺ　", ResidenceCity: " 郡上市 ", Occupation: "会社員（ＰＲ）", Skills: []string{" ＳＮＳ運用 ", "", "ＳＮＳ運用", "写真"},
			InterestThemes: []string{"design"}, InterestPrefectures: []int{21, 21}, Bio: "  こんにちは\r\n１２３  ", Links: []string{"ｈｔｔｐｓ://example.jp/ポートフォリオ"}}
		if err := e.svc.PersonalData.SaveProfile(ctx, a, "　山田　花子　", p, "192.0.2.1"); err != nil {
			t.Fatalf("SaveProfile: %v", err)
		}
		got, err := e.svc.PersonalData.GetProfile(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if got.UserID != u.ID || got.NameKana != "ヤマダ ハナコ" || got.ResidenceCity != "郡上市" || got.Occupation != "会社員（ＰＲ）" ||
			strings.Join(got.Skills, "|") != "ＳＮＳ運用|写真" || len(got.InterestPrefectures) != 1 || got.Bio != "こんにちは\n１２３" ||
			got.Links[0] != "https://example.jp/ポートフォリオ" {
			t.Errorf("saved %+v", got)
		}
		if nu, _ := db.FindUserByID(ctx, u.ID); nu.DisplayName != "山田 花子" {
			t.Errorf("display name %q", nu.DisplayName)
		}
		if e.audits("profile.update") != 1 {
			t.Error("profile.update not audited")
		}
		// Another person sees their own, empty profile.
		other := e.signUp("taro@example.jp", pw)
		if op, err := e.svc.PersonalData.GetProfile(ctx, e.actor(other.ID)); err != nil || op.UserID != other.ID || op.Bio != "" {
			t.Errorf("other's profile %+v, %v", op, err)
		}
		wantCode(t, "visitor", e.svc.PersonalData.SaveProfile(ctx, furusato.Visitor, "x", &furusato.Profile{}, ""), furusato.EUNAUTHORIZED)
		_, err = e.svc.PersonalData.GetProfile(ctx, furusato.Visitor)
		wantCode(t, "visitor get", err, furusato.EUNAUTHORIZED)
	})
}

func TestProfile_ValidationAllAtOnce(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		a := e.actor(e.signUp("hanako@example.jp", pw).ID)
		p := &furusato.Profile{NameKana: "Yamada", Hometown: 48, ResidencePrefecture: -1, ResidenceCity: strings.Repeat("市", 51),
			Occupation: strings.Repeat("職", 51), Affiliation: strings.Repeat("所", 101), Skills: []string{strings.Repeat("技", 31)},
			InterestThemes: []string{"nope"}, InterestPrefectures: []int{0}, Bio: strings.Repeat("あ", 401),
			Links: []string{"javascript:alert(1)"}}
		err := e.svc.PersonalData.SaveProfile(ctx, a, "", p, "")
		wantCode(t, "invalid", err, furusato.EINVALID)
		want := map[string]string{
			"display_name": "error.required", "name_kana": "profile.error_name_kana", "hometown": "profile.error_prefecture",
			"residence_prefecture": "profile.error_prefecture", "residence_city": "profile.error_residence_city_long",
			"occupation": "profile.error_occupation_long", "affiliation": "profile.error_affiliation_long",
			"skills": "profile.error_skills_long", "interest_themes": "profile.error_theme",
			"interest_prefectures": "profile.error_prefecture", "bio": "profile.error_bio_long", "links": "profile.error_link",
		}
		got := furusato.ErrorFields(err)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("field %s: %q, want %q", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("fields %v", got)
		}
		// Exactly at the limits is fine; six links are not.
		ok := &furusato.Profile{Bio: strings.Repeat("あ", 400), Links: []string{"https://a.jp", "https://b.jp", "https://c.jp", "https://d.jp", "https://e.jp"}}
		if err := e.svc.PersonalData.SaveProfile(ctx, a, "山田", ok, ""); err != nil {
			t.Errorf("at the limits: %v", err)
		}
		ok.Links = append(ok.Links, "https://f.jp")
		if f := furusato.ErrorFields(e.svc.PersonalData.SaveProfile(ctx, a, "山田", ok, "")); f["links"] != "profile.error_links_many" {
			t.Errorf("six links: %v", f)
		}
		for _, l := range []string{"https://example.jp", "http://example.jp/a?b=c"} {
			if !furusato.ValidLink(l) {
				t.Errorf("%s refused", l)
			}
		}
		for _, l := range []string{"ftp://example.jp", "https://", "//example.jp", "https://u:p@example.jp", "https://exa mple.jp"} {
			if furusato.ValidLink(l) {
				t.Errorf("%s accepted", l)
			}
		}
	})
}

func TestExportData_EverythingButThePasswordHash(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		u := e.signUp("hanako@example.jp", pw)
		a := e.actor(u.ID)
		if err := e.svc.PersonalData.SaveProfile(ctx, a, "山田 花子", &furusato.Profile{Affiliation: "株式会社ふるさと", Skills: []string{"写真"}}, ""); err != nil {
			t.Fatal(err)
		}
		x, err := e.svc.PersonalData.ExportData(ctx, a, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(x)
		hash, _ := db.PasswordHash(ctx, u.ID)
		if strings.Contains(string(b), hash) || strings.Contains(string(b), "argon2") || strings.Contains(string(b), "password_hash") {
			t.Fatalf("the export holds the password hash: %s", b)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"user", "profile", "memberships", "audit_log", "active_sessions", "exported_at"} {
			if _, ok := doc[k]; !ok {
				t.Errorf("export lacks %q: %s", k, b)
			}
		}
		if x.User.Email != "hanako@example.jp" || x.Profile == nil || x.Profile.Affiliation != "株式会社ふるさと" || x.User.EmailVerifiedAt == nil {
			t.Errorf("export %+v", x)
		}
		actions := map[string]bool{}
		for _, e := range x.Audit {
			actions[e.Action] = true
		}
		for _, want := range []string{"user.signup", "profile.update", "data.export"} {
			if !actions[want] {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}
		if e.audits("data.export") != 1 {
			t.Error("export not audited")
		}
		_, err = e.svc.PersonalData.ExportData(ctx, furusato.Visitor, "")
		wantCode(t, "visitor", err, furusato.EUNAUTHORIZED)
	})
}

func TestDeleteAccount_AnonymisesAndFreesTheAddress(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		u := e.signUp("hanako@example.jp", pw)
		a := e.actor(u.ID)
		if err := e.svc.PersonalData.SaveProfile(ctx, a, "山田 花子", &furusato.Profile{Bio: "こんにちは"}, ""); err != nil {
			t.Fatal(err)
		}
		// A membership, as an admin would give it.
		orgs, err := db.FindOrganizations(ctx, "")
		if err != nil || len(orgs) == 0 {
			org := &furusato.Organization{Slug: "test-org", Name: "テスト", Kind: furusato.OrgCoordinator}
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateOrganization(ctx, org, e.clock.Now()) }); err != nil {
				t.Fatal(err)
			}
			orgs = []*furusato.Organization{org}
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleCoordinator, OrganizationID: orgs[0].ID}, e.clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
		a = e.actor(u.ID)
		before := e.audits("")

		err = e.svc.PersonalData.DeleteAccount(ctx, a, "wrong-password-123", "192.0.2.1")
		if furusato.ErrorFields(err)["password"] != "error.current_password" {
			t.Fatalf("wrong password: %v", err)
		}
		wantCode(t, "no password", e.svc.PersonalData.DeleteAccount(ctx, a, "", ""), furusato.EINVALID)
		if err := e.svc.PersonalData.DeleteAccount(ctx, a, pw, "192.0.2.1"); err != nil {
			t.Fatalf("DeleteAccount: %v", err)
		}
		if _, err := e.auth.Actor(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("actor of the deleted account: %v, want ENOTFOUND (sessions end)", err)
		}
		if ms, _ := db.FindMemberships(ctx, u.ID); len(ms) != 0 {
			t.Errorf("memberships kept: %v", ms)
		}
		if _, err := db.FindProfile(ctx, u.ID); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("profile kept: %v", err)
		}
		got, _ := db.FindUserByID(ctx, u.ID)
		if got.Email == "hanako@example.jp" || got.DisplayName != "退会したユーザー" || got.DeletedAt.IsZero() {
			t.Errorf("user row %+v", got)
		}
		if e.audits("user.delete") != 1 || e.audits("") < before+1 || e.audits("user.signup") != 1 {
			t.Errorf("audit: delete %d, all %d (before %d), signup %d", e.audits("user.delete"), e.audits(""), before, e.audits("user.signup"))
		}
		_, err = e.auth.SignIn(ctx, "hanako@example.jp", pw, "192.0.2.2")
		wantCode(t, "sign-in after deletion", err, furusato.EUNAUTHORIZED)
		// The address is free again.
		e.mails()
		if err := e.auth.SignUp(ctx, "hanako@example.jp", "山田 花子", pw, "ja", "192.0.2.3"); err != nil {
			t.Fatal(err)
		}
		e.oneMail("verify_email", "hanako@example.jp")
		nu, err := db.FindUserByEmail(ctx, "hanako@example.jp")
		if err != nil || nu.ID == u.ID {
			t.Errorf("new account %+v, %v", nu, err)
		}
		wantCode(t, "visitor", e.svc.PersonalData.DeleteAccount(ctx, furusato.Visitor, pw, ""), furusato.EUNAUTHORIZED)
	})
}
