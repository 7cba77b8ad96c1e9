package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// factsForm is manageForm with every fact filled.
func factsForm(title string) url.Values {
	f := manageForm(title)
	for k, v := range map[string]string{"reward_type": "paid", "reward_amount": "１２０，０００", "reward_basis": "total",
		"reward_note": "業務委託契約です。\r\n交通費は1回10,000円まで支給します。", "interview_style": "online",
		"interview_note": "平日夜に30分ほど", "work_times": "平日夜と土日が中心", "selection_steps": "書類選考 → オンライン面談\r\n参画決定",
		"response_days": "７日", "host_intro": "郡上で三代続く農家です。", "supporter_intro": "食品メーカーで商品企画をしています。"} {
		f.Set(k, v)
	}
	return f
}

// TestManageFacts_FormSavesAndPagesShow: the project form asks for the
// facts with hints; what it cannot keep is an error beside the field with
// everything typed kept; what it saves shows on the preview, and the
// demo project's facts on its public page and card, in both languages.
func TestManageFacts_FormSavesAndPagesShow(t *testing.T) {
	s, srv := newManageSite(t)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.get("/manage/projects/new?company=gujo-seiryu-farm")
	status(t, "new form", res, body, http.StatusOK)
	mustContain(t, "new form", body, "選考と紹介", `id="reward_basis-0"`, `name="reward_note"`, `id="interview_style-0"`, `name="work_times"`,
		`name="selection_steps"`, `id="response_days" name="response_days" type="text" value="" inputmode="numeric"`, `name="host_intro"`,
		`name="supporter_intro"`, "1〜60の数字で入力してください", "総額（プロジェクト全体）")

	// Hostile and out-of-bounds facts: field errors beside the fields, worded with the limit.
	bad := factsForm("条件のはっきりした案件")
	bad.Set("work_times", "safe\u202Egnp.exe")
	bad.Set("host_intro", strings.Repeat("あ", 10000))
	bad.Set("reward_basis", "")
	res, body = coord.post("/manage/projects/new?company=gujo-seiryu-farm", bad)
	status(t, "invalid facts", res, body, http.StatusBadRequest)
	mustContain(t, "invalid facts", body, `<a href="#work_times">稼働の曜日・時間帯に使用できない文字`,
		`<a href="#host_intro">受け入れ担当者からのメッセージは1,000文字以内で入力してください</a>`,
		`<a href="#reward_basis-0">報酬の金額を入力したときは、報酬の金額の単位も選んでください</a>`,
		`aria-describedby="work_times-hint work_times-error"`, "平日夜に30分ほど", "書類選考 → オンライン面談")
	bad = factsForm("条件のはっきりした案件")
	bad.Set("response_days", "たくさん")
	res, body = coord.post("/manage/projects/new?company=gujo-seiryu-farm", bad)
	status(t, "unreadable days", res, body, http.StatusBadRequest)
	mustContain(t, "unreadable days", body, `<a href="#response_days">ご連絡までの日数は1〜60日の範囲で数字で入力するか、空欄にしてください</a>`, `value="たくさん"`)
	for _, v := range []string{"\x00", "\xff"} {
		b := factsForm("条件のはっきりした案件")
		b.Set("reward_note", "交通費"+v)
		res, body = coord.post("/manage/projects/new?company=gujo-seiryu-farm", b)
		status(t, "bad bytes", res, body, http.StatusBadRequest)
		mustContain(t, "bad bytes", body, `href="#reward_note"`)
	}

	res, body = coord.post("/manage/projects/new?company=gujo-seiryu-farm", factsForm("条件のはっきりした案件"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, snippet(body))
	}
	page := res.Header.Get("Location")
	if _, err := strconv.ParseInt(strings.TrimPrefix(page, "/manage/projects/"), 10, 64); err != nil {
		t.Fatalf("created at %q", page)
	}
	res, body = coord.get(page + "/edit")
	status(t, "edit form", res, body, http.StatusOK)
	mustContain(t, "edit form", body, `value="total" checked`, `value="online" checked`, "書類選考\nオンライン面談\n参画決定</textarea>", `value="7"`)
	res, body = coord.get(page + "/preview")
	status(t, "preview", res, body, http.StatusOK)
	mustContain(t, "preview", body, "有償 総額120,000円", "報酬・交通費の補足", "交通費は1回10,000円まで支給します。", "稼働の曜日・時間帯", "平日夜と土日が中心",
		"週5時間程度・3か月", "選考と面談", "面談の方法", "オンライン", "<li>書類選考</li><li>オンライン面談</li><li>参画決定</li>",
		"エントリーから1週間以内にご連絡します", "受け入れ担当者から", "郡上で三代続く農家です。", "伴走者の紹介")
	res, body = coord.get(page)
	status(t, "manage page", res, body, http.StatusOK)

	// The demo project, as a visitor sees it.
	visitor := s.browser(t, srv.Server)
	res, body = visitor.get("/projects/gifu-watercress-evangelist")
	status(t, "project", res, body, http.StatusOK)
	mustContain(t, "project", body, "週3時間程度・6か月", "募集期間", "2026年", "〜", "3名", "オンラインまたは現地（ご希望に合わせます）",
		"エントリーから1週間以内にご連絡します", "<li>書類選考</li>", "伴走者の紹介", "郡上市の畑を訪れるときに1回につき15,000円まで")
	checkHeadings(t, "project", body)
	visitor.get("/projects/gifu-watercress-evangelist?lang=en") // chooses English, then redirects
	res, body = visitor.get("/projects/gifu-watercress-evangelist")
	status(t, "project en", res, body, http.StatusOK)
	mustContain(t, "project en", body, "about 3 hours a week, 6 months", "Entry period", " to ", "Online or on site, as you prefer",
		"We reply within a week of your entry", "Selection steps", "Usual days and hours", "Honorarium, ¥15,000 a month")
	en := body[strings.Index(body, "<main"):]
	en = en[:strings.Index(en, "</dl>")] // the key facts, worded by us
	mustNotContain(t, "project en key facts", en, "〜", "・", "（", "週", "名")
	res, body = s.browser(t, srv.Server).get("/projects?q=クレソン")
	status(t, "list", res, body, http.StatusOK)
	mustContain(t, "list", body, "<dt>稼働</dt><dd class=\"num\">週3時間程度・6か月</dd>")
}
