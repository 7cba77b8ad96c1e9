package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/testkit"
)

// charterForm is a complete charter form as an editor types it.
func charterForm(goal string, read int) url.Values {
	return url.Values{"goal": {goal}, "done": {"取扱店が5店舗になる"}, "hours_per_week": {"１２"},
		"meetings": {"隔週火曜20時にオンライン"}, "cadence": {"biweekly"}, "tools": {"Slack"},
		"company_provides": {"商品の写真"}, "rules": {"返信は2日以内"}, "read": {strconv.Itoa(read)}}
}

func TestTeamsCharter_WriteConfirmAndExpect(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	ctx := context.Background()
	id := teamIDOf(t, team)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	staff := s.manageSignIn(t, srv, watercressStaff)
	outsider := s.manageSignIn(t, srv, otherRegion)

	// Before any charter: the workspace and the page say so.
	_, body := p.get(team)
	mustContain(t, "workspace without a charter", body, "チームの約束はまだありません", "業務委託・謝礼の取り決め")
	res, body := p.get(team + "/charter")
	status(t, "participant's empty charter", res, body, http.StatusOK)
	checkHeadings(t, team+"/charter", body)
	mustNotContain(t, "participant's empty charter", body, team+"/charter/edit")

	// Refusals: the participant may not edit; outsiders see nothing.
	res, body = p.get(team + "/charter/edit")
	status(t, "participant's edit form", res, body, http.StatusForbidden)
	res, body = p.post(team+"/charter/edit", charterForm("参加者の案", 0))
	status(t, "participant saves", res, body, http.StatusForbidden)
	for _, path := range []string{"/charter", "/charter/edit", "/agreement", "/agreement/download", "/agreement/issue"} {
		res, body = outsider.get(team + path)
		status(t, "outsider GET "+path, res, body, http.StatusNotFound)
	}
	for _, path := range []string{"/charter/edit", "/charter/confirm", "/charter/expectation", "/agreement/issue", "/agreement/accept"} {
		res, body = outsider.post(team+path, url.Values{"version": {"1"}, "read": {"0"}, "party": {"participant"}, "give": {"x"}})
		status(t, "outsider POST "+path, res, body, http.StatusNotFound)
	}

	// The coordinator writes it; hostile input comes back beside its fields, as typed.
	res, body = c.get(team + "/charter/edit")
	status(t, "coordinator's new charter form", res, body, http.StatusOK)
	checkHeadings(t, team+"/charter/edit", body)
	long := strings.Repeat("長", 10000)
	bad := charterForm("目標\x00NUL", 0)
	bad.Set("done", long)
	bad.Set("hours_per_week", "たくさん")
	bad.Set("rules", "\xff\xfe壊れた")
	bad.Set("cadence", "daily")
	res, body = c.post(team+"/charter/edit", bad)
	status(t, "hostile charter", res, body, http.StatusBadRequest)
	mustContain(t, "hostile charter", body, "入力内容を確認してください", "使用できない文字", "「「完了」の状態」は2,000文字以内で入力してください",
		"「参加者1人の稼働時間（1週間あたりの時間）」は数字で入力してください", long, `aria-invalid="true"`, `href="#goal"`)
	checkHeadings(t, "hostile charter", body)
	for i := 0; i < 2; i++ { // a double click makes one version
		res, body = c.post(team+"/charter/edit", charterForm("クレソンを広める", 0))
		redirected(t, "first version", res, body, team+"/charter")
	}

	// Two editors read version 1; the later save gets the conflict, with its text kept.
	res, body = c.post(team+"/charter/edit", charterForm("第2版の目標", 1))
	redirected(t, "second version", res, body, team+"/charter")
	res, body = staff.post(team+"/charter/edit", charterForm("会社が書いていた案", 1))
	status(t, "stale save", res, body, http.StatusConflict)
	mustContain(t, "stale save", body, "ほかの方が新しい版を保存しました", "会社が書いていた案", `name="read" value="2"`)
	// Saving again, having seen the conflict, saves over it.
	res, body = staff.post(team+"/charter/edit", charterForm("会社が書いていた案", 2))
	redirected(t, "save after the conflict", res, body, team+"/charter")

	// The participant confirms from the workspace; twice is a no-op.
	_, body = p.get(team)
	mustContain(t, "workspace", body, "会社が書いていた案", "2週間ごと", "第3版", "この内容を確認しました", team+"/charter")
	for i := 0; i < 2; i++ {
		res, body = p.post(team+"/charter/confirm", url.Values{"version": {"3"}, "back": {team}})
		redirected(t, "confirm", res, body, team)
	}
	ch, err := s.db.FindCharter(ctx, id, 3)
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := s.db.FindConfirmations(ctx, ch.ID); err != nil || len(cs) != 2 { // the author and the participant
		t.Errorf("confirmations of version 3: %+v %v", cs, err)
	}
	_, body = p.get(team)
	mustNotContain(t, "workspace after confirming", body, "この内容を確認しました")
	// Confirming a version no longer current sends them to read the new one.
	res, body = p.post(team+"/charter/confirm", url.Values{"version": {"1"}})
	redirected(t, "old version", res, body, team+"/charter")
	_, body = p.get(team + "/charter")
	mustContain(t, "flash", body, "改訂されています")
	res, body = outsider.post(team+"/charter/confirm", url.Values{"version": {"3"}})
	status(t, "outsider confirms", res, body, http.StatusNotFound)

	// Expectations: own only; errors beside the fields; typed text kept.
	res, body = p.post(team+"/charter/expectation", url.Values{"version": {"3"}, "give": {""}, "get": {""}})
	status(t, "empty expectation", res, body, http.StatusBadRequest)
	mustContain(t, "empty expectation", body, "少なくとも一方を入力してください", `href="#give"`)
	checkHeadings(t, "empty expectation", body)
	res, body = p.post(team+"/charter/expectation", url.Values{"version": {"3"}, "give": {"写真\x00"}, "get": {long}})
	status(t, "hostile expectation", res, body, http.StatusBadRequest)
	mustContain(t, "hostile expectation", body, "使用できない文字", "1,000文字以内", long)
	res, body = p.post(team+"/charter/expectation", url.Values{"version": {"2"}, "give": {"古い版への期待"}})
	status(t, "expectation on an old version", res, body, http.StatusConflict)
	mustContain(t, "expectation on an old version", body, "改訂されました", "古い版への期待")
	res, body = p.post(team+"/charter/expectation", url.Values{"version": {"3"}, "give": {"SNSの発信 <script>"}, "get": {"地域とのつながり"}})
	redirected(t, "expectation", res, body, team+"/charter#expectations")
	res, body = c.get(team + "/charter")
	status(t, "coordinator reads the charter", res, body, http.StatusOK)
	mustContain(t, "charter page", body, "SNSの発信 &lt;script&gt;", "地域とのつながり", "第3版", "第1版", "未確認", "確認", team+"/charter?v=1",
		"参加者1人の稼働時間（1週間あたりの時間）", "参加者1人あたり週12時間")
	mustNotContain(t, "charter page", body, "<script>", "月12時間")
	res, body = p.get(team + "/charter?v=1")
	status(t, "version 1", res, body, http.StatusOK)
	mustContain(t, "version 1", body, "これは以前の版です", "クレソンを広める")
	mustNotContain(t, "version 1", body, `action="`+team+`/charter/confirm"`)
	for _, v := range []string{"9", "x", "-1"} {
		res, body = p.get(team + "/charter?v=" + v)
		status(t, "version "+v, res, body, http.StatusNotFound)
	}

	// English.
	c.get(team + "?lang=en")
	res, body = c.post(team+"/charter/edit", url.Values{"read": {"3"}, "goal": {""}, "hours_per_week": {"0"}})
	status(t, "English errors", res, body, http.StatusBadRequest)
	mustContain(t, "English errors", body, `Enter &#34;Goal&#34;`, "must be a number from 1 to 40", "Choose the check-in cadence")
	_, body = c.get(team + "/charter")
	mustContain(t, "English charter", body, "Team charter", "Every two weeks", "Who has confirmed", "12 hours a week per participant")
}

var agreementCSS = regexp.MustCompile(`href="(/static/app[^"]*\.css)"`)

func TestTeamsAgreement_IssueAcceptPrintAndDownload(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	ctx := context.Background()
	id := teamIDOf(t, team)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	staff := s.manageSignIn(t, srv, watercressStaff)

	res, body := c.get(team + "/agreement/issue")
	redirected(t, "issue before a charter", res, body, team+"/agreement")
	res, body = c.post(team+"/charter/edit", charterForm("クレソンを広める", 0))
	redirected(t, "charter", res, body, team+"/charter")

	res, body = p.get(team + "/agreement/issue")
	status(t, "participant's issue form", res, body, http.StatusForbidden)
	res, body = staff.post(team+"/agreement/issue", url.Values{"read": {"0"}})
	status(t, "staff issues", res, body, http.StatusForbidden)

	res, body = c.get(team + "/agreement/issue")
	status(t, "issue form", res, body, http.StatusOK)
	checkHeadings(t, team+"/agreement/issue", body)
	mustContain(t, "issue form, filled", body, `name="hours_per_week" type="text" value="12"`, `value="14"`, `name="confidential" type="checkbox" value="1" checked`)
	form := url.Values{"read": {"0"}, "start-year": {"2027"}, "start-month": {"1"}, "start-day": {"4"}, "end-year": {"2027"},
		"end-month": {"3"}, "end-day": {"31"}, "hours_per_week": {"12"}, "reward_type": {"honorarium"}, "reward_amount": {"３０，０００"},
		"travel_cost": {"part"}, "confidential": {"1"}, "ownership": {"shared"}, "notice_days": {"14"}, "notes": {"写真の扱いは別途相談"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	long := strings.Repeat("条", 10000)
	bad.Set("end-year", "2026")
	bad.Set("notice_days", "999")
	bad.Set("notes", long)
	bad.Set("ownership", "nobody")
	bad.Set("start-month", "13")
	bad.Set("hours_per_week", "41") // hours are per week: at most 40
	res, body = c.post(team+"/agreement/issue", bad)
	status(t, "bad agreement", res, body, http.StatusBadRequest)
	mustContain(t, "bad agreement", body, `href="#hours_per_week"`, `value="41"`, "1週間あたりの時間を、1から40までの数で入力してください。", "「開始日」に正しい日付を入力してください", "0から90までの数", "4,000文字以内", long, "成果物の帰属を選んでください", `href="#start-year"`)
	bad.Set("start-month", "1")
	res, body = c.post(team+"/agreement/issue", bad)
	status(t, "end before start", res, body, http.StatusBadRequest)
	mustContain(t, "end before start", body, "終了日は開始日以降の日付を入力してください")
	res, body = c.post(team+"/agreement/issue", form)
	redirected(t, "issue", res, body, team+"/agreement")
	res, body = c.post(team+"/agreement/issue", form)
	redirected(t, "the same form twice", res, body, team+"/agreement")
	form.Set("notes", "写真の扱いは別途相談。追記")
	res, body = c.post(team+"/agreement/issue", form)
	status(t, "stale issue", res, body, http.StatusConflict)
	mustContain(t, "stale issue", body, "新しい版を発行しました", "写真の扱いは別途相談。追記", `name="read" value="1"`)
	form.Set("notes", "写真の扱いは別途相談")

	// The document, printable.
	res, body = p.get(team + "/agreement")
	status(t, "agreement page", res, body, http.StatusOK)
	checkHeadings(t, team+"/agreement", body)
	mustContain(t, "agreement page", body, "業務委託・謝礼の取り決め", "第1条　期間", "2027年1月4日(月)から2027年3月31日(水)まで",
		"謝礼として月30,000円", "交通費の一部", "参加者1人あたり週12時間程度", "秘密情報", "共有", "14日前まで", "写真の扱いは別途相談", "第1版", "未承諾",
		"参加者として承諾する", team+"/agreement/download")
	mustNotContain(t, "participant's page", body, "受入企業として承諾する")
	css := agreementCSS.FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	_, sheet := p.get(css[1])
	mustContain(t, "stylesheet", sheet, "@media print", "size: A4", ".site-header, .site-footer")

	// Nobody accepts for another party; twice is a no-op.
	res, body = p.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"company"}})
	status(t, "participant for the company", res, body, http.StatusForbidden)
	res, body = staff.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"participant"}})
	status(t, "staff as a participant", res, body, http.StatusForbidden)
	res, body = c.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"company"}})
	status(t, "coordinator for the company", res, body, http.StatusForbidden)
	for i := 0; i < 2; i++ {
		res, body = p.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"participant"}})
		redirected(t, "participant accepts", res, body, team+"/agreement")
		res, body = staff.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"company"}})
		redirected(t, "company accepts", res, body, team+"/agreement")
	}
	a, err := s.db.FindAgreement(ctx, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	if accs, err := s.db.FindAcceptances(ctx, a.ID); err != nil || len(accs) != 2 {
		t.Errorf("acceptances: %+v %v", accs, err)
	}
	_, body = p.get(team)
	mustContain(t, "workspace", body, "に承諾", team+"/agreement")
	mustNotContain(t, "workspace after accepting", body, "参加者として承諾する")

	// The download: UTF-8 text, as an attachment.
	res, body = p.get(team + "/agreement/download")
	status(t, "download", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("download type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="furusato-agreement-`+strconv.FormatInt(id, 10)+`-v1.txt"` {
		t.Errorf("download disposition %q", cd)
	}
	mustContain(t, "download", body, "業務委託・謝礼の取り決め", "第7条　途中での終了", "受入企業", "に承諾", "週12時間程度")
	mustNotContain(t, "download", body, "<", "&#")

	// A new version asks again; accepting the old one sends them to read it.
	form.Set("read", "1")
	form.Set("notice_days", "0")
	res, body = c.post(team+"/agreement/issue", form)
	redirected(t, "version 2", res, body, team+"/agreement")
	res, body = p.post(team+"/agreement/accept", url.Values{"version": {"1"}, "party": {"participant"}})
	redirected(t, "accept the old version", res, body, team+"/agreement")
	_, body = p.get(team + "/agreement")
	mustContain(t, "version 2", body, "新しい版が発行されています", "いつでもこの取り決めを終了できます", "参加者として承諾する")
	n, _, err := s.db.FindNotifications(ctx, a.AuthorID, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range n {
		if x.Kind == furusato.NoticeAgreement {
			t.Errorf("the issuer was told of their own agreement: %+v", x)
		}
	}

	// The participant's data export holds what they agreed to.
	res, body = p.get("/account/export")
	status(t, "export", res, body, http.StatusOK)
	mustContain(t, "export", body, `"agreement_acceptances"`, `"party": "participant"`, `"charter_confirmations"`)

	// English.
	p.get(team + "?lang=en")
	_, body = p.get(team + "/agreement")
	mustContain(t, "English agreement", body, "Side-job agreement", "Article 1. Period", "About 12 hours a week per participant", html.EscapeString("Accept as a participant"))
}

// TestTeamsCharter_Axe opens the charter and agreement pages in Chromium,
// as the participant (confirm, expectation and accept forms) and as the
// coordinator (the edit form with its errors, the issue form).
func TestTeamsCharter_Axe(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.post(team+"/charter/edit", charterForm("クレソンを広める", 0))
	redirected(t, "charter", res, body, team+"/charter")
	res, body = c.post(team+"/agreement/issue", url.Values{"read": {"0"}, "start-year": {"2027"}, "start-month": {"1"}, "start-day": {"4"},
		"end-year": {"2027"}, "end-month": {"3"}, "end-day": {"31"}, "hours_per_week": {"12"}, "reward_type": {"none"},
		"travel_cost": {"none"}, "confidential": {"1"}, "ownership": {"company"}, "notice_days": {"14"}})
	redirected(t, "agreement", res, body, team+"/agreement")
	res, body = p.post(team+"/charter/expectation", url.Values{"version": {"1"}, "give": {"写真"}, "get": {"経験"}})
	redirected(t, "expectation", res, body, team+"/charter#expectations")

	check := func(b *testkit.Browser, ctx context.Context, what string) {
		t.Helper()
		testkit.CheckWidth(t, ctx, 375)
		for _, v := range b.CheckA11y(t, ctx) {
			if v.Serious() {
				t.Errorf("%s: %s (%s) %v", what, v.ID, v.Impact, v.Nodes)
			} else {
				t.Logf("%s: minor %s: %s", what, v.ID, v.Help)
			}
		}
		for _, e := range testkit.PageErrors(ctx) {
			// The form with errors reports its own status; nothing else may fail.
			if !strings.Contains(e, "status of 400") || !strings.HasSuffix(e, "/charter/edit)") {
				t.Errorf("%s: page error %q", what, e)
			}
		}
	}
	signIn := func(b *testkit.Browser, email string) context.Context {
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/account/signin"),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitNotPresent(chromedp.CSS("#password")))
		return ctx
	}
	// One phone-sized browser (Chromium is slow to start on a busy machine):
	// the participant, then, signed out, the coordinator.
	b := testkit.NewBrowser(t, testkit.WithWindowSize(375, 740))
	ctx := signIn(b, participant)
	for _, path := range []string{team, team + "/charter", team + "/agreement"} {
		b.Do(t, ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		check(b, ctx, "participant "+path)
	}
	b.Do(t, ctx, chromedp.Submit(chromedp.CSS("form.signout")), chromedp.WaitVisible(chromedp.CSS(`a[href="/account/signin"]`)))
	ctx = signIn(b, gifuCoordinator)
	b.Do(t, ctx, chromedp.Navigate(srv.URL+team+"/charter/edit"), chromedp.WaitVisible(chromedp.CSS("#goal")),
		chromedp.SendKeys(chromedp.CSS("#hours_per_week"), "x"), chromedp.Submit(chromedp.CSS("#goal")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	check(b, ctx, "charter form with errors")
	b.Do(t, ctx, chromedp.Navigate(srv.URL+team+"/agreement/issue"), chromedp.WaitVisible(chromedp.CSS("#notes")))
	check(b, ctx, "issue form")
}
