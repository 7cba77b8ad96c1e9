package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// The profile, export and delete routes of routes.go, which hold no user id.
var profileRoutes = []string{"GET /account/profile", "POST /account/profile", "GET /account/export", "GET /account/delete", "POST /account/delete"}

func TestProfile_VisitorIsSentToSignIn(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	for _, rt := range profileRoutes {
		method, path, _ := strings.Cut(rt, " ")
		if method == "GET" {
			res, body := b.get(path)
			redirected(t, "visitor "+rt, res, body, "/account/signin?next="+url.QueryEscape(path))
		} else {
			res, body := b.post(path, url.Values{"display_name": {"x"}, "password": {webPW}})
			redirected(t, "visitor "+rt, res, body, "/account/signin")
		}
	}
}

// No route of a person's own data takes a user id: the session says whose.
func TestProfile_RoutesHoldNoUserID(t *testing.T) {
	for _, rt := range profileRoutes {
		if strings.Contains(rt, "{") || regexp.MustCompile(`\d`).MatchString(rt) {
			t.Errorf("route %q names a user", rt)
		}
	}
	s := newSite(t)
	srv := s.server(t)
	hanako, taro := s.browser(t, srv), s.browser(t, srv)
	hanako.signUpAndIn("hanako@example.jp")
	taro.signUpAndIn("taro@example.jp")
	res, body := hanako.post("/account/profile", url.Values{"display_name": {"山田 花子"}, "bio": {"花子の自己紹介"}, "user_id": {"2"}})
	redirected(t, "hanako saves", res, body, "/account/profile")
	// A user id smuggled into the query or the form changes nothing.
	_, body = taro.get("/account/profile?user_id=1")
	mustNotContain(t, "taro's profile", body, "花子の自己紹介")
	res, body = taro.get("/account/export?user_id=1")
	status(t, "taro's export", res, body, 200)
	mustNotContain(t, "taro's export", body, "花子の自己紹介", "hanako@example.jp")
	mustContain(t, "taro's export", body, "taro@example.jp")
	_, body = hanako.get("/account/profile")
	mustContain(t, "hanako's profile", body, "花子の自己紹介")
}

func TestProfile_FormShowsVisibilitySavesAndKeepsInputOnError(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	_, body := b.get("/account")
	mustContain(t, "account page", body, `href="/account/profile"`, `href="/account/export"`, `href="/account/delete"`)
	res, body := b.get("/account/profile")
	status(t, "profile", res, body, 200)
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	mustContain(t, "profile", body, "<h1>プロフィール</h1>", `novalidate`,
		`<label for="display_name">お名前<span class="req"><span aria-hidden="true">※</span>必須</span></label>`,
		`<label for="name_kana">お名前のふりがな<span class="opt"><span aria-hidden="true">※</span>任意</span></label>`,
		`<p class="hint" id="name_kana-visibility">表示先：コーディネーターと受け入れ企業にのみ表示されます</p>`,
		`aria-describedby="name_kana-hint name_kana-visibility"`,
		`<p class="hint" id="affiliation-visibility">表示先：公開しない（既定）`,
		`<input type="checkbox" id="affiliation_public" name="affiliation_public" value="1">`,
		`<legend>関心のあるテーマ<span class="opt"><span aria-hidden="true">※</span>任意</span></legend>`, `<legend>関心のある地域<span class="opt"><span aria-hidden="true">※</span>任意</span></legend>`,
		`<select id="hometown" name="hometown"`, `<option value="21">岐阜県</option>`,
		`<textarea id="bio" name="bio" rows="6"`, `<button type="submit" class="btn btn-primary">保存する</button>`)
	mustNotContain(t, "profile", body, "！")

	// Spaces are tidied; free text is kept as typed (full-width too), links are NFKC.
	form := url.Values{"display_name": {"　山田　花子　"}, "name_kana": {"やまだ　はなこ"}, "hometown": {"21"}, "residence_prefecture": {"13"},
		"residence_city": {"　世田谷区　"}, "occupation": {"会社員"}, "affiliation": {"株式会社ふるさと"}, "affiliation_public": {"1"},
		"skills": {"ＳＮＳ運用、写真撮影,Ｗｅｂデザイン"}, "theme": {"design", "marketing"}, "prefecture": {"21", "1"},
		"bio": {"よろしくお願いします。２０２６年から兼業を始めました。"}, "links": {"https://example.jp/a\nｈｔｔｐｓ://example.jp/b"}}
	res, body = b.post("/account/profile", form)
	redirected(t, "save", res, body, "/account/profile")
	res, body = b.get("/account/profile")
	status(t, "saved profile", res, body, 200)
	mustContain(t, "saved profile", body, "プロフィールを保存しました", `value="山田 花子"`, `value="やまだ はなこ"`,
		`<option value="21" selected>岐阜県</option>`, `<option value="13" selected>東京都</option>`, `value="世田谷区"`,
		`value="ＳＮＳ運用、写真撮影、Ｗｅｂデザイン"`, `id="affiliation_public" name="affiliation_public" value="1" checked`,
		`id="theme-design" name="theme" value="design" checked`, `id="pref-21" name="prefecture" value="21" checked`,
		"２０２６年から兼業を始めました", "https://example.jp/a\nhttps://example.jp/b")

	// Errors: beside the fields, the summary first, what was typed kept.
	bad := url.Values{"display_name": {"山田 花子"}, "name_kana": {"Yamada"}, "occupation": {"デザイナー"}, "bio": {strings.Repeat("あ", 401)},
		"links": {"javascript:alert(1)"}, "theme": {"design"}, "prefecture": {"99"}}
	res, body = b.post("/account/profile", bad)
	status(t, "invalid profile", res, body, 400)
	mustContain(t, "invalid profile", body, `<title>エラー：プロフィール | `, `class="error-summary"`,
		`<a href="#name_kana">ふりがなは、ひらがなかカタカナで入力してください</a>`,
		`<a href="#pref-1">都道府県の指定が正しくありません。一覧から選び直してください。</a>`,
		`<a href="#bio">自己紹介は400文字以内で入力してください</a>`, `<a href="#links">リンクは`,
		`id="name_kana-error"`, `aria-describedby="name_kana-hint name_kana-visibility name_kana-error"`, `aria-invalid="true"`,
		`value="Yamada"`, `value="デザイナー"`, "javascript:alert(1)", `id="theme-design" name="theme" value="design" checked`)
	if strings.Index(body, "error-summary") > strings.Index(body, "<h1") {
		t.Error("the error summary is not above the h1")
	}
	// Nothing of the bad post was saved.
	_, body = b.get("/account/profile")
	mustContain(t, "after the bad post", body, `value="やまだ はなこ"`)
}

func TestProfile_ExportDownloadsJSONWithoutHash(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	b.signUpAndIn("hanako@example.jp")
	res, body := b.post("/account/profile", url.Values{"display_name": {"山田 花子"}, "affiliation": {"株式会社ふるさと"}})
	redirected(t, "save", res, body, "/account/profile")
	res, body = b.get("/account/export")
	status(t, "export", res, body, 200)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if res.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	var doc struct {
		User struct {
			Email string `json:"email"`
		} `json:"user"`
		Profile struct {
			Affiliation       string `json:"affiliation"`
			AffiliationPublic bool   `json:"affiliation_public"`
		} `json:"profile"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, snippet(body))
	}
	if doc.User.Email != "hanako@example.jp" || doc.Profile.Affiliation != "株式会社ふるさと" || doc.Profile.AffiliationPublic {
		t.Errorf("export %+v", doc)
	}
	mustNotContain(t, "export", body, "argon2", "password")
}

func TestProfile_DeleteAccount(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	b.signUpAndIn("hanako@example.jp")
	other := s.browser(t, srv) // another device of the same person
	res, body := other.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})
	redirected(t, "second sign-in", res, body, "/account")

	res, body = b.get("/account/delete")
	status(t, "delete page", res, body, 200)
	mustContain(t, "delete page", body, "<h1>退会</h1>", `<label for="password">現在のパスワード<span class="req"><span aria-hidden="true">※</span>必須</span></label>`,
		`autocomplete="current-password"`, `<button type="submit" class="btn btn-danger">退会する</button>`, `href="/account/export"`,
		// What will happen, before it does.
		"進行中のエントリーはすべて取り下げ（辞退）となり", "コーディネーターと受け入れ企業のご担当者に", "枠を空けます",
		"面談（日程調整中・日程確定）はすべて中止し", "関わりたい理由、貢献できること、質問", "メッセージの本文を削除します",
		"気になるリスト、通知とその設定、APIトークン", "不正利用への対応のために残ります", "「退会したユーザー」")
	res, body = b.get("/account/delete?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		res, body = b.get(res.Header.Get("Location"))
	}
	status(t, "delete page in English", res, body, 200)
	mustContain(t, "delete page in English", body, "Every entry still under way is withdrawn", "your place is freed",
		"Every planned interview", "The answers of your entries", "misuse can be dealt with")
	if res, _ := b.get("/account/delete?lang=ja"); res.StatusCode == http.StatusSeeOther {
		b.get(res.Header.Get("Location"))
	}

	res, body = b.post("/account/delete", url.Values{"password": {"wrong-password-1"}})
	status(t, "wrong password", res, body, 400)
	mustContain(t, "wrong password", body, `<title>エラー：退会 | `, `<a href="#password">現在のパスワードが正しくありません</a>`,
		`aria-describedby="password-error"`)
	mustNotContain(t, "wrong password", body, "wrong-password-1")

	res, body = b.post("/account/delete", url.Values{"password": {webPW}})
	redirected(t, "delete", res, body, "/")
	_, body = b.get("/")
	mustContain(t, "after deletion", body, "退会の手続きが完了しました", `href="/account/signin"`)
	// Every session has ended, and the account cannot sign in.
	res, body = other.get("/account")
	redirected(t, "the other device", res, body, "/account/signin?next=%2Faccount")
	res, body = b.post("/account/signin", url.Values{"email": {"hanako@example.jp"}, "password": {webPW}})
	status(t, "sign-in after deletion", res, body, 401)
	// The address can sign up again.
	res, body = b.post("/account/signup", url.Values{"display_name": {"山田 花子"}, "email": {"hanako@example.jp"}, "password": {webPW}, "agree": {"1"}})
	redirected(t, "sign-up again", res, body, "/account/signin")
	u, err := s.db.FindUserByEmail(context.Background(), "hanako@example.jp")
	if err != nil || !u.DeletedAt.IsZero() {
		t.Errorf("new account %+v, %v", u, err)
	}
}

// Every catalogue key the domain's profile validation can return exists
// in both languages, as do the labels built from field names; characters
// that cannot be used are the rule's (hosts.error.bad_text).
func TestProfile_MessagesExist(t *testing.T) {
	keys := []string{"hosts.error.bad_text", "profile.error_name_kana", "profile.error_name_kana_long", "profile.error_prefecture",
		"profile.error_residence_city_long", "profile.error_occupation_long", "profile.error_affiliation_long",
		"profile.error_skills_many", "profile.error_skills_long", "profile.error_theme", "profile.error_bio_long",
		"profile.error_links_many", "profile.error_link"}
	for _, id := range []string{"name_kana", "hometown", "residence_prefecture", "residence_city", "occupation", "affiliation", "skills", "bio", "links"} {
		keys = append(keys, "profile."+id)
	}
	p := &furusato.Profile{NameKana: strings.Repeat("x", 60), Hometown: 99, ResidenceCity: strings.Repeat("x", 60),
		Occupation: strings.Repeat("x", 60), Affiliation: strings.Repeat("x", 200), Bio: "\x01", Links: []string{"x"}}
	for _, k := range furusato.ErrorFields(p.Validate()) {
		keys = append(keys, k)
	}
	for _, lang := range ui.Langs {
		ids, err := ui.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if !ids[k] {
				t.Errorf("%s: message %q is missing", lang, k)
			}
		}
	}
}
