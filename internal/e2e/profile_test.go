package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/testkit"
)

// control selects the input, select or textarea with id within main.
func control(id string) chromedp.Search {
	return chromedp.Search(`//main//*[(self::input or self::select or self::textarea) and @id="` + id + `"]`)
}

// TestProfileJourney: the demo participant signs in, fills in their
// profile typing full-width digits and spaces, saves it and sees it
// normalised, downloads their data, deletes their account and can no
// longer sign in; axe-core runs on every page.
func TestProfileJourney(t *testing.T) {
	s, db := startAuthSite(t)
	if _, err := demo.LoadAccounts(context.Background(), db, now, service.TestArgon); err != nil {
		t.Fatalf("demo.LoadAccounts: %v", err)
	}
	const email = "participant@demo.furusato.example"
	b := testkit.NewBrowser(t)
	j := s.journey(t, b)

	j.open("/account/signin")
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), demo.Password))
	j.follow(chromedp.Click(button("ログインする")))
	if u := j.url(); u.Path != "/account" {
		t.Fatalf("after sign-in at %s", u)
	}
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="プロフィールを編集する"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "プロフィール" {
		t.Fatalf("h1 = %q", h1)
	}
	if got := j.text(`#affiliation-visibility`); !strings.Contains(got, "公開しない（既定）") {
		t.Errorf("affiliation visibility %q", got)
	}
	if got := j.text(`#bio-visibility`); got != "表示先：コーディネーターと受け入れ企業にのみ表示されます" {
		t.Errorf("bio visibility %q", got)
	}
	if j.checked(`#affiliation_public`) {
		t.Error("the affiliation is shared by default")
	}

	// A mistake first: the summary, the message beside the field, what was typed kept.
	j.do(sendKeys(control("name_kana"), "Sankasha"))
	r, err := chromedp.RunResponse(j.ctx, chromedp.Click(button("保存する")))
	if err != nil || r == nil || r.Status != 400 {
		t.Fatalf("invalid profile: %v, %+v", err, r)
	}
	j.b.CheckA11y(t, j.ctx) // its own 400 is the one page error it may report
	j.seen = len(testkit.PageErrors(j.ctx))
	if pg := j.page(); pg.Title != "エラー：プロフィール | "+siteName {
		t.Errorf("title %q", pg.Title)
	}
	if got := j.text(`.error-summary li`); got != "ふりがなは、ひらがなかカタカナで入力してください" {
		t.Errorf("summary %q", got)
	}
	if got := j.text(`#name_kana-error`); !strings.HasSuffix(got, "ふりがなは、ひらがなかカタカナで入力してください") {
		t.Errorf("error beside the field %q", got)
	}
	if v := j.value(control("name_kana")); v != "Sankasha" {
		t.Errorf("kana kept as %q", v)
	}

	j.do(chromedp.SetValue(control("name_kana"), "　さんかしゃ　でも　"), // ideographic spaces, as an IME types them
		chromedp.SetValue(control("hometown"), "21"),
		chromedp.SetValue(control("residence_prefecture"), "13"),
		sendKeys(control("residence_city"), "　世田谷区　"),
		sendKeys(control("occupation"), "会社員（広報）"),
		sendKeys(control("affiliation"), "株式会社ふるさと"),
		sendKeys(control("skills"), "ＳＮＳ運用、写真撮影"),
		chromedp.Click(control("theme-design")),
		sendKeys(control("bio"), "２０２６年から兼業を始めました。"),
		sendKeys(control("links"), "ｈｔｔｐｓ://example.jp/portfolio"))
	evaluate[bool](j, `(document.getElementById('pref-21').click(), true)`)
	j.follow(chromedp.Click(button("保存する")))
	if u := j.url(); u.Path != "/account/profile" {
		t.Fatalf("after saving at %s: %s", u, j.text(`.error-summary`))
	}
	if got := j.text(`[role="status"]`); got != "プロフィールを保存しました。" {
		t.Errorf("flash %q", got)
	}
	for id, want := range map[string]string{
		"name_kana": "さんかしゃ でも", "hometown": "21", "residence_prefecture": "13", "residence_city": "世田谷区",
		"occupation": "会社員（広報）", "skills": "ＳＮＳ運用、写真撮影", "bio": "２０２６年から兼業を始めました。", // free text as typed
		"links": "https://example.jp/portfolio",
	} {
		if got := j.value(control(id)); got != want {
			t.Errorf("%s saved as %q, want %q", id, got, want)
		}
	}
	if !j.checked(`#theme-design`) || !j.checked(`#pref-21`) || j.checked(`#affiliation_public`) {
		t.Error("choices not kept")
	}

	// The download, with this browser's session.
	c := j.cookie("furusato_session")
	if c == nil {
		t.Fatal("no session cookie")
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/account/export", nil)
	req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d, %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	var doc struct {
		User struct {
			Email string `json:"email"`
		} `json:"user"`
		Profile struct {
			Bio string `json:"bio"`
		} `json:"profile"`
		Sessions int             `json:"active_sessions"`
		Format   string          `json:"format"`
		Entries  json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.User.Email != email || doc.Profile.Bio != "２０２６年から兼業を始めました。" || doc.Sessions != 1 ||
		doc.Format != "furusato-data-export/2" || len(doc.Entries) == 0 {
		t.Errorf("export %+v, %v:\n%s", doc, err, body)
	}
	if strings.Contains(string(body), "argon2") {
		t.Error("the export holds the password hash")
	}

	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="退会する"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "退会" {
		t.Fatalf("h1 = %q", h1)
	}
	// The page says beforehand what deleting does to entries, places,
	// interviews and texts, and what stays.
	what := j.text(`main ul.bullets`)
	for _, want := range []string{"進行中のエントリーはすべて取り下げ（辞退）となり", "枠を空けます", "面談（日程調整中・日程確定）はすべて中止し",
		"メッセージの本文を削除します", "不正利用への対応のために残ります"} {
		if !strings.Contains(what, want) {
			t.Errorf("the deletion page does not say %q: %s", want, what)
		}
	}
	j.do(sendKeys(field("password"), demo.Password))
	j.follow(chromedp.Click(button("退会する")))
	if u := j.url(); u.Path != "/" {
		t.Fatalf("after deletion at %s: %s", u, j.text(`.error-summary`))
	}
	if got := j.text(`[role="status"]`); got != "退会の手続きが完了しました。ご利用ありがとうございました。" {
		t.Errorf("flash %q", got)
	}

	j.open("/account/signin")
	j.do(sendKeys(field("email"), email), sendKeys(field("password"), demo.Password))
	r, err = chromedp.RunResponse(j.ctx, chromedp.Click(button("ログインする")))
	if err != nil || r == nil || r.Status != 401 {
		t.Fatalf("sign-in after deletion: %v, %+v", err, r)
	}
	j.b.CheckA11y(t, j.ctx)
	j.seen = len(testkit.PageErrors(j.ctx))
	if got := j.text(`.error-summary li`); got != "メールアドレスまたはパスワードが正しくありません" {
		t.Errorf("summary %q", got)
	}
}
