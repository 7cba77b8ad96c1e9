package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// newManageSite is the test site with the project management pages and the
// demo accounts.
func newManageSite(t *testing.T) (*site, *testServer) {
	t.Helper()
	return newManageSiteOn(t, newSite(t))
}

// newManageSiteOn adds the management pages and demo accounts to s.
func newManageSiteOn(t *testing.T, s *site) (*site, *testServer) {
	t.Helper()
	if _, err := demo.LoadAccounts(context.Background(), s.db, testNow, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	return s, &testServer{s.server(t)}
}

// manageSignIn returns a browser signed in with the demo account email.
func (s *site) manageSignIn(t *testing.T, srv *testServer, email string) *browser {
	t.Helper()
	b := s.browser(t, srv.Server)
	res, body := b.post("/account/signin", url.Values{"email": {email}, "password": {demo.Password}})
	redirected(t, "sign-in "+email, res, body, "/account")
	return b
}

// manageForm is a complete project form as a person types it.
func manageForm(title string) url.Values {
	return url.Values{"title": {title}, "catch_copy": {"清流のクレソンを広める"}, "background": {"背景です。"},
		"what_you_do": {"広報の計画をつくります。"}, "goal": {"取り扱い店舗を増やす。"}, "themes": {"pr", "food"},
		"skills": {"PR\r\nSNS運用"}, "work_style": {"remote"}, "hours_per_week": {"５"}, "duration_months": {"3"},
		"reward_type": {"none"}, "travel_cost": {"none"}, "places": {"2"}, "deadline-year": {"2026"},
		"deadline-month": {"12"}, "deadline-day": {"20"}, "prefecture": {"21"}, "city": {"郡上市"}}
}

const (
	gifuCoordinator = "coordinator.gifu@demo.furusato.example"
	otherRegion     = "coordinator.hokkaido@demo.furusato.example"
	watercressStaff = "staff.watercress@demo.furusato.example"
	participant     = "participant@demo.furusato.example"
)

func TestManage_DashboardByRole(t *testing.T) {
	s, srv := newManageSite(t)
	visitor := s.browser(t, srv.Server)
	res, body := visitor.get("/manage")
	redirected(t, "visitor", res, body, "/account/signin?next=%2Fmanage")

	res, body = s.manageSignIn(t, srv, participant).get("/manage")
	status(t, "participant", res, body, http.StatusNotFound)

	res, body = s.manageSignIn(t, srv, gifuCoordinator).get("/manage")
	status(t, "coordinator", res, body, http.StatusOK)
	for _, want := range []string{"確認待ちのプロジェクト", "下書き", "7日以内に締め切るプロジェクト", "最近公開したプロジェクト", `<caption class="vh">`, `scope="col"`, `href="/manage" aria-current="page">管理</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("coordinator dashboard lacks %q", want)
		}
	}
	res, body = s.manageSignIn(t, srv, watercressStaff).get("/manage")
	status(t, "staff", res, body, http.StatusOK)
	if !strings.Contains(body, `/manage/projects/new?company=gujo-seiryu-farm`) || !strings.Contains(body, "自社のプロジェクト：募集中") {
		t.Errorf("staff dashboard:\n%s", snippet(body[strings.Index(body, "<main"):]))
	}
	checkHeadings(t, "/manage", body)
}

func TestManage_CreateEditMove(t *testing.T) {
	s, srv := newManageSite(t)
	staff := s.manageSignIn(t, srv, watercressStaff)
	res, body := staff.get("/manage/projects/new?company=gujo-seiryu-farm")
	status(t, "new form", res, body, http.StatusOK)
	for _, want := range []string{`inputmode="numeric"`, `<span aria-hidden="true">※</span>必須`, `<span aria-hidden="true">※</span>任意`, `<legend class="label">締切日`, "下書きとして保存する"} {
		if !strings.Contains(body, want) {
			t.Errorf("new form lacks %q", want)
		}
	}
	if strings.Contains(body, "伴走者1") {
		t.Error("staff are offered supporters")
	}
	// A mistake first: everything typed comes back, the error beside the field.
	form := manageForm("")
	res, body = staff.post("/manage/projects/new?company=gujo-seiryu-farm", form)
	status(t, "invalid create", res, body, http.StatusBadRequest)
	for _, want := range []string{"<title>エラー：", `class="error-summary"`, `<a href="#title">タイトルを入力してください</a>`, `aria-invalid="true"`,
		`aria-describedby="title-hint title-error"`, `value="清流のクレソンを広める"`, `value="５"`, "SNS運用</textarea>", `value="food" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("invalid create lacks %q", want)
		}
	}
	checkHeadings(t, "invalid create", body)
	// What the form cannot read (no number, no date) is the edge's error,
	// beside its field with the bounds a number must keep, with everything
	// typed kept.
	form = manageForm("クレソンの新しい食べ方")
	form.Set("hours_per_week", "たくさん")
	form.Set("deadline-month", "十二")
	res, body = staff.post("/manage/projects/new?company=gujo-seiryu-farm", form)
	status(t, "unreadable create", res, body, http.StatusBadRequest)
	for _, want := range []string{`<a href="#hours_per_week">稼働時間は1〜40時間の範囲で、数字で入力してください</a>`, `<a href="#deadline-year">締切日は、実在する日付を年・月・日の数字で入力してください</a>`,
		`aria-describedby="hours_per_week-hint hours_per_week-error"`, `value="たくさん"`, `value="十二"`, `value="クレソンの新しい食べ方"`} {
		if !strings.Contains(body, want) {
			t.Errorf("unreadable create lacks %q", want)
		}
	}
	res, body = staff.post("/manage/projects/new?company=gujo-seiryu-farm", manageForm("クレソンの新しい食べ方"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/manage/projects/") {
		t.Fatalf("create: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), snippet(body))
	}
	page := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(page, "/manage/projects/"), 10, 64)

	res, body = staff.get(page)
	status(t, "manage page", res, body, http.StatusOK)
	if !strings.Contains(body, "下書きを保存しました。") || !strings.Contains(body, "確認を依頼する") || strings.Contains(body, ">公開する<") || strings.Contains(body, "中止する") {
		t.Errorf("staff's manage page:\n%s", snippet(body[strings.Index(body, "<main"):]))
	}
	// Hidden from people who do not work on it.
	for _, who := range []string{otherRegion, participant} {
		b := s.manageSignIn(t, srv, who)
		for _, path := range []string{page, page + "/edit", page + "/preview"} {
			res, body := b.get(path)
			status(t, who+" "+path, res, body, http.StatusNotFound)
		}
		res, body := b.post(page+"/move", url.Values{"to": {"in_review"}})
		status(t, who+" move", res, body, http.StatusNotFound)
	}
	res, body = s.browser(t, srv.Server).get("/projects/gujo-seiryu-farm-project")
	status(t, "public page of a draft", res, body, http.StatusNotFound)

	res, body = staff.get(page + "/preview")
	status(t, "preview", res, body, http.StatusOK)
	if !strings.Contains(body, "プレビューです（現在の状態：下書き）") || !strings.Contains(body, "クレソンの新しい食べ方") {
		t.Errorf("preview lacks the banner")
	}

	// Edit with a stale form: someone saved in between.
	res, body = staff.get(page + "/edit")
	status(t, "edit form", res, body, http.StatusOK)
	stamp, _, _ := strings.Cut(body[strings.Index(body, `name="version" value="`)+len(`name="version" value="`):], `"`)
	form = manageForm("クレソンの新しい食べ方を広める")
	form.Set("version", stamp)
	res, body = staff.post(page+"/edit", form)
	redirected(t, "edit", res, body, page)
	form.Set("title", "別のタイトル")
	res, body = staff.post(page+"/edit", form)
	status(t, "stale edit", res, body, http.StatusConflict)
	if !strings.Contains(body, "ほかの人がこのプロジェクトを先に保存しました") || !strings.Contains(body, `value="別のタイトル"`) {
		t.Errorf("stale edit page:\n%s", snippet(body[strings.Index(body, "<main"):]))
	}
	// Saving over the newer version is a choice (hosts_conflict_test.go).
	fresh, _, _ := strings.Cut(body[strings.Index(body, `name="overwrite" value="`)+len(`name="overwrite" value="`):], `"`)
	form.Set("overwrite", fresh)
	form.Set("title", "クレソンの新しい食べ方を広める")
	res, body = staff.post(page+"/edit", form)
	redirected(t, "save after a conflict", res, body, page)

	res, body = staff.post(page+"/move", url.Values{"to": {"in_review"}})
	redirected(t, "submit", res, body, page)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = coord.post(page+"/move", url.Values{"to": {"draft"}, "comment": {""}})
	status(t, "send back without comment", res, body, http.StatusBadRequest)
	if !strings.Contains(body, "差し戻す理由を入力してください") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("send back error page")
	}
	res, body = coord.post(page+"/move", url.Values{"to": {"cancelled"}})
	status(t, "cancel confirmation", res, body, http.StatusOK)
	if !strings.Contains(body, "btn-danger") || !strings.Contains(body, `name="confirm" value="1"`) {
		t.Errorf("cancel confirmation lacks its danger button")
	}
	res, body = coord.post(page+"/move", url.Values{"to": {"published"}})
	redirected(t, "publish", res, body, page)
	res, body = coord.get(page)
	status(t, "manage page after publishing", res, body, http.StatusOK)
	if !strings.Contains(body, "公開しました。") || !strings.Contains(body, "確認を依頼") || !strings.Contains(body, "タイトル") {
		t.Errorf("history after publishing:\n%s", snippet(body[strings.Index(body, "<main"):]))
	}
	p, err := s.db.FindProject(context.Background(), strconv.FormatInt(id, 10), furusato.PublicStatuses)
	if err != nil || p.Title != "クレソンの新しい食べ方を広める" {
		t.Errorf("published project: %v %+v", err, p)
	}
	// Cancelling asks for a reason, then takes it.
	res, body = coord.post(page+"/move", url.Values{"to": {"cancelled"}, "confirm": {"1"}})
	status(t, "cancel without a reason", res, body, http.StatusBadRequest)
	if !strings.Contains(body, "中止する理由を入力してください") {
		t.Errorf("cancel without a reason: no message")
	}
	// The staff may no longer edit it.
	res, body = staff.get(page + "/edit")
	status(t, "staff edit after publishing", res, body, http.StatusForbidden)
}

type testServer struct{ *httptest.Server }

func TestManage_NewFormRefusals(t *testing.T) {
	s, srv := newManageSite(t)
	other := s.manageSignIn(t, srv, otherRegion)
	res, body := other.get("/manage/projects/new?company=gujo-seiryu-farm")
	status(t, "another region's coordinator", res, body, http.StatusForbidden)
	res, body = other.post("/manage/projects/new?company=gujo-seiryu-farm", manageForm("だめ"))
	status(t, "another region's coordinator posting", res, body, http.StatusForbidden)
	res, body = other.get("/manage/projects/new?company=no-such-company")
	status(t, "unknown company", res, body, http.StatusNotFound)
	res, body = other.get("/manage/projects/abc")
	status(t, "bad id", res, body, http.StatusNotFound)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = coord.get("/manage/projects/new?company=gujo-seiryu-farm")
	status(t, "the company's coordinator", res, body, http.StatusOK)
	if !strings.Contains(body, "伴走者1") || !strings.Contains(body, `<option value="21" selected>岐阜県</option>`) {
		t.Errorf("coordinator's new form lacks supporters or the prefilled prefecture")
	}
	res, body = s.browser(t, srv.Server).post("/manage/projects/new?company=gujo-seiryu-farm", manageForm("x"))
	redirected(t, "visitor posting", res, body, "/account/signin")
}
