package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

const watercress = "gifu-watercress-evangelist"

// newEntriesSite is the management test site with the entry workflow.
func newEntriesSite(t *testing.T) (*site, *testServer) {
	t.Helper()
	return newEntriesSiteOn(t, testkit.NewDB(t, store.SQLite))
}

// newEntriesSiteOn is newEntriesSite over db, for tests on both engines.
func newEntriesSiteOn(t *testing.T, db *store.DB) (*site, *testServer) {
	t.Helper()
	s, srv := newManageSiteOn(t, newSiteOn(t, db))
	return s, srv
}

func (s *site) project(t *testing.T, slug string) *furusato.Project {
	t.Helper()
	p, err := s.h.svc.Catalogue.FindProject(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rawKey is a catalogue key shown as such (a missing message).
var rawKey = regexp.MustCompile(`\bentr(y|ies)\.[a-z]+[._][a-z]`)

var entryIDRE = regexp.MustCompile(`^/me/entries/(\d+)$`)

// enter makes b enter project slug through the form and returns the
// entry's id.
func enter(t *testing.T, b *browser, slug string) int64 {
	t.Helper()
	res, body := b.post("/projects/"+slug+"/entry", url.Values{"motivation": {"清流の町が好きです。"},
		"contribution": {"SNSでの発信が得意です。"}, "hours_per_week": {"10"}, "questions": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enter %s: %d\n%s", slug, res.StatusCode, snippet(body))
	}
	m := entryIDRE.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("enter: sent to %q", res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func TestEntries_VisitorIsSentToSignIn(t *testing.T) {
	s, srv := newEntriesSite(t)
	v := s.browser(t, srv.Server)
	for _, path := range []string{"/me", "/me/favorites", "/me/entries/1", "/projects/" + watercress + "/entry", "/manage/projects/1/entries", "/manage/entries/1"} {
		res, body := v.get(path)
		redirected(t, path, res, body, "/account/signin?next="+url.QueryEscape(path))
	}
	res, body := v.post("/projects/"+watercress+"/favorite", url.Values{"on": {"1"}})
	redirected(t, "favorite", res, body, "/account/signin")
	// The project page invites the visitor to sign in to save it.
	_, body = v.get("/projects/" + watercress)
	mustContain(t, "project page", body, "ログインして気になるリストに追加する", `href="/projects/`+watercress+`/entry"`, "このプロジェクトにエントリーする")
}

func TestEntries_FavoriteToggleAndList(t *testing.T) {
	s, srv := newEntriesSite(t)
	b := s.manageSignIn(t, srv, participant)
	_, body := b.get("/me/favorites")
	mustContain(t, "empty favourites", body, "気になるプロジェクトはまだありません", `href="/projects"`)

	_, body = b.get("/projects/" + watercress)
	mustContain(t, "project page", body, `<input type="hidden" name="on" value="1">`, "気になるリストに追加する")
	res, body := b.post("/projects/"+watercress+"/favorite", url.Values{"on": {"1"}})
	redirected(t, "favorite on", res, body, "/projects/"+watercress+"#s-entry") // back at the button, not the top
	_, body = b.get("/projects/" + watercress)
	mustContain(t, "project page after", body, "気になるリストに追加しました", `<input type="hidden" name="on" value="0">`, "気になるリストから外す")

	_, body = b.get("/me/favorites")
	mustContain(t, "favourites", body, `href="/projects/`+watercress+`"`, "気になるリストから外す")
	res, body = b.post("/projects/"+watercress+"/favorite", url.Values{"on": {"0"}, "back": {"favorites"}})
	redirected(t, "favorite off", res, body, "/me/favorites")
	_, body = b.get("/me/favorites")
	mustContain(t, "favourites after", body, "気になるリストから外しました", "気になるプロジェクトはまだありません")
}

func TestEntries_FormPreviewSubmitAndMyPage(t *testing.T) {
	s, srv := newEntriesSite(t)
	b := s.manageSignIn(t, srv, participant)
	path := "/projects/" + watercress + "/entry"
	_, body := b.get(path)
	mustContain(t, "step 1", body, `action="`+path+`/next"`, "質問1／2：関わりたい理由とできること", `id="motivation"`, `id="contribution"`,
		"一緒に送るプロフィール", `formaction="/projects/`+watercress+`/entry/profile"`, "参加者 デモ", "次へ進む")
	mustNotContain(t, "step 1", body, `id="hours_per_week"`)

	// One question per page: step 1 is checked before step 2 comes; errors
	// sit beside the fields and in the summary; nothing typed is lost.
	res, body := b.post(path+"/next", url.Values{"motivation": {""}, "contribution": {"写真が撮れます"}})
	status(t, "step 1 with errors", res, body, http.StatusBadRequest)
	mustContain(t, "step 1 errors", body, "<title>エラー：", `href="#motivation"`, "このプロジェクトに関わりたい理由を入力してください", `aria-invalid="true"`, "写真が撮れます")
	res, body = b.post(path+"/next", url.Values{"motivation": {"郡上の水が好きです"}, "contribution": {"写真が撮れます"}})
	status(t, "step 2", res, body, http.StatusOK)
	mustContain(t, "step 2", body, "質問2／2", `action="`+path+`/preview"`, `inputmode="numeric"`, `<span aria-hidden="true">※</span>任意`,
		`type="hidden" name="motivation" value="郡上の水が好きです"`, `formaction="`+path+`/next"`, "前の質問に戻る")
	res, body = b.post(path+"/next", url.Values{"motivation": {"郡上の水が好きです"}, "contribution": {"写真が撮れます"}, "hours_per_week": {"8"}, "back": {"1"}})
	status(t, "back to step 1", res, body, http.StatusOK)
	mustContain(t, "back to step 1", body, "郡上の水が好きです", `type="hidden" name="hours_per_week" value="8"`)
	res, body = b.post(path+"/preview", url.Values{"motivation": {"郡上の水が好きです"}, "contribution": {"写真が撮れます"}, "hours_per_week": {"たくさん"}, "questions": {"交通費は？"}})
	status(t, "step 2 with errors", res, body, http.StatusBadRequest)
	mustContain(t, "step 2 errors", body, "<title>エラー：", `href="#hours_per_week"`, `aria-invalid="true"`, `value="たくさん"`, "交通費は？")
	// An error in both steps shows the first step's.
	res, body = b.post(path+"/preview", url.Values{"motivation": {""}, "contribution": {"写真が撮れます"}, "hours_per_week": {"たくさん"}})
	status(t, "both steps with errors", res, body, http.StatusBadRequest)
	mustContain(t, "both steps", body, `href="#motivation"`, `type="hidden" name="hours_per_week" value="たくさん"`)

	// Full-width digits are accepted; the check-answers page carries the values.
	form := url.Values{"motivation": {"郡上の水が好きです"}, "contribution": {"写真が撮れます"}, "hours_per_week": {"１０"}, "questions": {""}}
	res, body = b.post(path+"/preview", form)
	status(t, "preview", res, body, http.StatusOK)
	mustContain(t, "preview", body, "エントリー内容の確認", "週10時間", `name="hours_per_week" value="10"`, "エントリーする", `name="edit" value="1"`, "修正する")
	checkHeadings(t, "preview", body)

	back := url.Values{"motivation": {"郡上の水が好きです"}, "contribution": {"写真が撮れます"}, "hours_per_week": {"10"}, "questions": {""}, "edit": {"1"}}
	res, body = b.post(path, back)
	status(t, "edit", res, body, http.StatusOK)
	mustContain(t, "edit", body, "郡上の水が好きです", `value="10"`)

	id := enter(t, b, watercress)
	_, body = b.get(myEntryURL(id))
	mustContain(t, "entry page", body, "エントリーしました", "エントリー済み", "コーディネーターが内容を確認しています", "取り下げる", "これまでの経過")
	mustNotContain(t, "entry page", body, "非公開メモ", "参画を決定する")

	_, body = b.get("/me")
	mustContain(t, "my page", body, `href="`+myEntryURL(id)+`"`, "エントリー済み", "コーディネーターが内容を確認しています", `href="/me/favorites"`, `href="/notifications"`, `href="/me" aria-current="page"`)

	// A second entry: the form says why not and links to the first.
	_, body = b.get(path)
	mustContain(t, "form again", body, "すでにエントリーしています", `href="`+myEntryURL(id)+`"`)
	mustNotContain(t, "form again", body, `action="`+path+`/preview"`)
	_, body = b.get("/projects/" + watercress)
	mustContain(t, "project page", body, "エントリーの状況を見る")
}

func TestEntries_HostBoardMoveNotesAndParticipantAccepts(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	pid := s.project(t, watercress).ID
	board := boardURL(pid)

	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.get(board)
	status(t, "board", res, body, http.StatusOK)
	mustContain(t, "board", body, "<caption", `scope="col"`, `aria-sort="descending"`, "参加者 デモ", `href="`+hostEntryURL(id)+`"`,
		"エントリー済み", `href="`+board+`?stage=submitted"`, `href="`+board+`.csv"`)
	checkHeadings(t, board, body)
	res, body = c.get(board + "?sort=name&dir=asc&q=" + url.QueryEscape("参加者"))
	status(t, "board sorted", res, body, http.StatusOK)
	mustContain(t, "board sorted", body, `aria-sort="ascending"`, "参加者 デモ")
	res, body = c.get(board + "?stage=offered")
	status(t, "board offered", res, body, http.StatusOK)
	mustContain(t, "board offered", body, "該当するエントリーはありません")

	res, body = c.get(board + ".csv")
	status(t, "csv", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("csv Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="`) {
		t.Errorf("csv Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "参加者 デモ") {
		t.Errorf("csv body: %q", snippet(body))
	}

	_, body = c.get("/manage/projects/" + strconv.FormatInt(pid, 10))
	mustContain(t, "manage page", body, `href="`+board+`"`, "エントリー一覧（全1件")

	res, body = c.get(hostEntryURL(id))
	status(t, "host entry", res, body, http.StatusOK)
	mustContain(t, "host entry", body, "非公開メモ（参加者には表示されません）", `type="radio"`, `value="interview"`, "参加者 デモ様", "清流の町が好きです。")
	checkHeadings(t, "host entry", body)

	res, body = c.post(hostEntryURL(id)+"/notes", url.Values{"body": {""}})
	status(t, "empty note", res, body, http.StatusBadRequest)
	mustContain(t, "empty note", body, "メモを入力してください", `href="#note"`)
	res, body = c.post(hostEntryURL(id)+"/notes", url.Values{"body": {"電話で話した印象がよい"}})
	redirected(t, "note", res, body, hostEntryURL(id)+"#s-notes")

	// Swapping the template without script, then the move.
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"declined"}, "template": {"1"}, "message": {"x"}})
	status(t, "template", res, body, http.StatusOK)
	mustContain(t, "template", body, "今回はご希望に沿えない結果", `value="declined" checked`)
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"interview"}, "reason": {"経験が合う"}, "message": {"面談をお願いします"}})
	redirected(t, "move", res, body, hostEntryURL(id))
	_, body = c.get(hostEntryURL(id))
	mustContain(t, "after move", body, "選考状況を変更しました", "面談調整中", "電話で話した印象がよい", "経験が合う")

	_, body = p.get(myEntryURL(id))
	mustContain(t, "participant after move", body, "面談調整中", "面談日程を選んでください", "経験が合う")
	mustNotContain(t, "participant after move", body, "電話で話した印象がよい", "非公開メモ")

	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"offered"}, "message": {""}})
	redirected(t, "offer", res, body, hostEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "offered", body, "オファー中", "参画を決定する", `action="/me/entries/`+strconv.FormatInt(id, 10)+`/accept"`)
	res, body = p.post(myEntryURL(id)+"/accept", nil)
	redirected(t, "accept", res, body, myEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "matched", body, "参画を決定しました", "参画決定")
	mustNotContain(t, "matched", body, "取り下げる</button>")
}

func TestEntries_WithdrawWithReason(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	res, body := p.post(myEntryURL(id)+"/withdraw", url.Values{"reason": {strings.Repeat("長", furusato.MaxReason+1)}})
	status(t, "long reason", res, body, http.StatusBadRequest)
	mustContain(t, "long reason", body, `href="#reason"`, `aria-invalid="true"`)
	res, body = p.post(myEntryURL(id)+"/withdraw", url.Values{"reason": {"都合がつかなくなりました"}})
	redirected(t, "withdraw", res, body, myEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "withdrawn", body, "エントリーを取り下げました", "辞退", "都合がつかなくなりました")
	// Withdrawn: the person may enter again.
	_, body = p.get("/projects/" + watercress + "/entry")
	mustContain(t, "form again", body, `action="/projects/`+watercress+`/entry/next"`)
}

func TestEntries_OthersGet404(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	pr := s.project(t, watercress)
	board := boardURL(pr.ID)
	paths := []string{board, board + ".csv", hostEntryURL(id)}

	// A coordinator of another region.
	o := s.manageSignIn(t, srv, otherRegion)
	for _, path := range append(paths, myEntryURL(id)) {
		res, body := o.get(path)
		status(t, "other region "+path, res, body, http.StatusNotFound)
	}
	res, body := o.post(hostEntryURL(id)+"/move", url.Values{"to": {"declined"}})
	status(t, "other region move", res, body, http.StatusNotFound)

	// Staff of another company.
	ctx := context.Background()
	var other *furusato.Project
	ps, _, err := s.h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ps {
		if x.CompanyID != pr.CompanyID {
			other = x
			break
		}
	}
	staff := s.browser(t, srv.Server)
	staff.signUpAndIn("staff.other@example.jp")
	u, err := s.db.FindUserByEmail(ctx, "staff.other@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleCompanyStaff, CompanyID: other.CompanyID}, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		res, body := staff.get(path)
		status(t, "other staff "+path, res, body, http.StatusNotFound)
	}

	// Another participant; and the participant on the hosts' pages.
	q := s.browser(t, srv.Server)
	q.signUpAndIn("someone@example.jp")
	res, body = q.get(myEntryURL(id))
	status(t, "another participant", res, body, http.StatusNotFound)
	res, body = q.post(myEntryURL(id)+"/withdraw", url.Values{})
	status(t, "another participant withdraw", res, body, http.StatusNotFound)
	for _, path := range paths {
		res, body := p.get(path)
		status(t, "participant "+path, res, body, http.StatusNotFound)
	}
	// The company's own staff may not enter its project.
	w := s.manageSignIn(t, srv, watercressStaff)
	res, body = w.get("/projects/" + watercress + "/entry")
	status(t, "own staff enters", res, body, http.StatusForbidden)
	res, body = w.get(hostEntryURL(id))
	status(t, "own staff", res, body, http.StatusOK)
}

// whole checks that body is a whole page of the site: headings in order,
// no inline style or script (CSP).
func whole(t *testing.T, path, body string) {
	t.Helper()
	if !strings.Contains(body, `<a class="skip" href="#main">`) || !strings.Contains(body, "<footer") {
		t.Fatalf("%s: not a whole page", path)
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script") || strings.Contains(body, " onclick") {
		t.Fatalf("%s: inline style or script breaks the CSP", path)
	}
	checkHeadings(t, path, body)
}

func TestEntries_PagesAreWholeWithOrderedHeadings(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	res, body := p.post("/projects/"+watercress+"/favorite", url.Values{"on": {"1"}})
	redirected(t, "favorite", res, body, "/projects/"+watercress+"#s-entry")
	id := enter(t, p, watercress)
	pid := s.project(t, watercress).ID
	for _, path := range []string{"/me", "/me/favorites", myEntryURL(id), "/projects/" + watercress} {
		res, body := p.get(path)
		status(t, path, res, body, http.StatusOK)
		whole(t, path, body)
	}
	c := s.manageSignIn(t, srv, gifuCoordinator)
	for _, path := range []string{boardURL(pid), boardURL(pid) + "?stage=declined", hostEntryURL(id), "/manage/projects/" + strconv.FormatInt(pid, 10)} {
		res, body := c.get(path)
		status(t, path, res, body, http.StatusOK)
		whole(t, path, body)
	}
	// English pages have their own wording.
	res, body = c.get(hostEntryURL(id) + "?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		res, body = c.get(res.Header.Get("Location"))
	}
	status(t, "english", res, body, http.StatusOK)
	mustContain(t, "english", body, "Private note (the participant never sees it)")
	for _, path := range []string{boardURL(pid), hostEntryURL(id)} {
		_, body := c.get(path)
		if k := rawKey.FindString(body); k != "" || strings.Contains(body, "エントリー済み") {
			t.Errorf("english %s: untranslated %q", path, k)
		}
	}
	res, body = p.get("/me?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		res, body = p.get(res.Header.Get("Location"))
	}
	status(t, "english my page", res, body, http.StatusOK)
	mustContain(t, "english my page", body, "Submitted", "The coordinator is reviewing your entry")
	for _, path := range []string{"/me/favorites", myEntryURL(id), "/projects/" + watercress + "/entry"} {
		_, body := p.get(path)
		if k := rawKey.FindString(body); k != "" {
			t.Errorf("english %s: untranslated %q", path, k)
		}
	}
}

func TestEntries_ClosedProjectSaysWhyInsteadOfTheForm(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	const closed = "sabae-eyewear-d2c"
	res, body := p.get("/projects/" + closed + "/entry")
	status(t, "closed form", res, body, http.StatusOK)
	mustContain(t, "closed form", body, "受付を終了しました", "募集終了", `href="/projects"`)
	mustNotContain(t, "closed form", body, `action="/projects/`+closed+`/entry/preview"`)
	whole(t, "closed form", body)
	res, body = p.post("/projects/"+closed+"/entry", url.Values{"motivation": {"好きです"}, "contribution": {"発信"}, "hours_per_week": {"5"}})
	status(t, "closed submit", res, body, http.StatusConflict)
	mustContain(t, "closed submit", body, "受付を終了しました")
	_, body = p.get("/projects/" + closed)
	mustContain(t, "closed project page", body, "受付を終了しました")
	mustNotContain(t, "closed project page", body, "このプロジェクトにエントリーする")
}

func TestParseBoard_DefaultsAndLinks(t *testing.T) {
	for _, c := range []struct {
		q                 string
		stage, sort, word string
		desc              bool
		page              int
	}{
		{"", "", "created", "", true, 1},
		{"sort=name", "", "name", "", false, 1},
		{"sort=hours&dir=asc&stage=offered&page=3", "offered", "hours", "", false, 3},
		{"sort=evil&stage=nope&page=-1&q=%EF%BC%A1%20", "", "created", "Ａ", true, 1}, // the words as typed: the service normalises them
	} {
		v, _ := url.ParseQuery(c.q)
		f, page := parseBoard(v)
		if string(f.Stage) != c.stage || f.Sort != c.sort || f.Desc != c.desc || page != c.page || f.Query != c.word || f.Offset != (page-1)*perPage {
			t.Errorf("%q: got %+v page %d", c.q, f, page)
		}
	}
	f, _ := parseBoard(url.Values{"stage": {"interview"}, "q": {"写真"}})
	if got := boardLink("/b", f, map[string]string{"sort": "name", "dir": "asc"}); got != "/b?dir=asc&q=%E5%86%99%E7%9C%9F&sort=name&stage=interview" {
		t.Errorf("boardLink = %q", got)
	}
	if got := boardLink("/b", service.BoardFilter{Sort: "created", Desc: true}, nil); got != "/b" {
		t.Errorf("default boardLink = %q", got)
	}
}

func TestEntries_HostOpeningTheParticipantURLIsSentToTheirPage(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := enter(t, s.manageSignIn(t, srv, participant), watercress)
	res, body := s.manageSignIn(t, srv, gifuCoordinator).get(myEntryURL(id))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != hostEntryURL(id) {
		t.Fatalf("coordinator on %s: %d %q\n%s", myEntryURL(id), res.StatusCode, res.Header.Get("Location"), snippet(body))
	}
}

func TestEntries_UnreadMessagesOnMyPageAndBoardUntilOpened(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	board := boardURL(s.project(t, watercress).ID)
	post := "/entries/" + strconv.FormatInt(id, 10) + "/messages"
	c := s.manageSignIn(t, srv, gifuCoordinator)

	// Nothing unread yet on either side.
	_, body := p.get("/me")
	mustNotContain(t, "my page before", body, "未読メッセージ")
	_, body = c.get(board)
	mustContain(t, "board before", body, `<th scope="col" class="num">未読メッセージ</th>`)
	mustNotContain(t, "board before", body, `href="`+hostEntryURL(id)+`#thread"`)

	// The host writes twice: the participant's My page counts both, in words.
	for _, text := range []string{"面談の候補日をお送りします", "ご都合はいかがでしょうか"} {
		res, body := c.post(post, url.Values{"body": {text}})
		redirected(t, "host posts", res, body, hostEntryURL(id)+"#thread")
	}
	_, body = p.get("/me")
	mustContain(t, "my page unread", body, "未読メッセージ2件", `href="`+myEntryURL(id)+`#thread"`)
	res, body := p.get("/me?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		_, body = p.get(res.Header.Get("Location"))
	}
	mustContain(t, "english my page unread", body, "2 unread messages")
	p.get("/me?lang=ja")
	// The writer's own messages are not unread for the writer.
	_, body = c.get(board)
	mustNotContain(t, "board after own post", body, `href="`+hostEntryURL(id)+`#thread"`)

	// Opening the entry reads the thread: the count is gone.
	_, body = p.get(myEntryURL(id))
	mustContain(t, "participant opens", body, "ご都合はいかがでしょうか")
	_, body = p.get("/me")
	whole(t, "/me", body)
	mustNotContain(t, "my page after reading", body, "未読メッセージ", `#thread"`)

	// The reverse: the participant answers, the board marks the entry.
	res, body = p.post(post, url.Values{"body": {"来週の火曜日なら伺えます"}})
	redirected(t, "participant posts", res, body, myEntryURL(id)+"#thread")
	_, body = c.get(board)
	mustContain(t, "board unread", body, `<td class="num"><a href="`+hostEntryURL(id)+`#thread"><strong>1件</strong></a></td>`)
	whole(t, board, body)
	_, body = p.get("/me")
	mustNotContain(t, "participant's own message", body, "未読メッセージ")
	_, body = c.get(hostEntryURL(id))
	mustContain(t, "host opens", body, "来週の火曜日なら伺えます")
	_, body = c.get(board)
	mustNotContain(t, "board after reading", body, `href="`+hostEntryURL(id)+`#thread"`)
	mustContain(t, "board after reading", body, `<td class="num">なし</td>`)
}
