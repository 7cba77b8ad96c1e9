package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/ui"
)

// langPages holds a person's browsers in Japanese and in English.
type langPages struct{ ja, en *browser }

func (s *site) langPages(t *testing.T, srv *testServer, email string) langPages {
	t.Helper()
	lp := langPages{s.manageSignIn(t, srv, email), s.manageSignIn(t, srv, email)}
	inEnglish(t, lp.en)
	return lp
}

// check gets path in both languages: in English <main> holds wants (the
// Japanese text people wrote, marked lang="ja"); in Japanese it marks
// nothing.
func (lp langPages) check(t *testing.T, path string, wants ...string) {
	t.Helper()
	main := func(body string) string { return between(body, "<main", "</main>") }
	res, ja := lp.ja.get(path)
	status(t, "Japanese "+path, res, ja, http.StatusOK)
	res, en := lp.en.get(path)
	status(t, "English "+path, res, en, http.StatusOK)
	checkHeadings(t, path, en)
	mustContain(t, "English "+path, main(en), wants...)
	mustNotContain(t, "Japanese "+path, main(ja), ` lang="ja"`)
}

// The pages of an entry and its team, in English, mark the Japanese its
// people wrote (the project's title, the participant's name, the
// company's name) with lang="ja": on the element when it holds nothing
// else, with a span inside an English sentence ("Entries: …"); in
// Japanese nothing is marked.
func TestLangPages_EntryAndTeamPagesMarkJapaneseInEnglish(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	pr := s.project(t, watercress)
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	title, name, company := template.HTMLEscapeString(pr.Title), template.HTMLEscapeString(u.DisplayName), template.HTMLEscapeString(pr.Company.Name)
	for _, x := range []string{pr.Title, u.DisplayName, pr.Company.Name} {
		if !ui.HasJapanese(x) {
			t.Fatalf("fixture %q is not Japanese", x)
		}
	}
	part, coord := s.langPages(t, srv, participant), s.langPages(t, srv, gifuCoordinator)
	span := func(s string) string { return `<span lang="ja">` + s + `</span>` }
	part.check(t, entryFormURL(pr), `<h1>Enter “`+span(title)+`”</h1>`)
	id := enter(t, part.ja, watercress)
	if res, body := part.ja.post("/entries/"+strconv.FormatInt(id, 10)+"/messages", url.Values{"body": {"よろしくお願いします。"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("entry message: %d\n%s", res.StatusCode, snippet(body))
	}

	part.check(t, "/me", `lang="ja">`+title+`</a></h3>`)
	part.check(t, myEntryURL(id), `<h1>Your entry to “`+span(title)+`”</h1>`, `lang="ja">`+title+`</a></dd>`,
		`<div class="thread-body" lang="ja">`)
	part.check(t, "/notifications", span(title))
	part.check(t, myEntryURL(id)+"/withdraw", `<dd lang="ja">`+title+`</dd>`)
	coord.check(t, "/manage", `lang="ja">`+name+`</a></th><td lang="ja">`+title+`</td>`,
		`lang="ja">`+title+`</a></th><td lang="ja">`+company+`</td>`)
	coord.check(t, manageURL(pr.ID), `<h1 lang="ja">`+title+`</h1>`, `<dd lang="ja">`+company+`</dd>`)
	coord.check(t, boardURL(pr.ID), `<h1>Entries: `+span(title)+`</h1>`, `lang="ja">`+name+`</a></th>`)
	coord.check(t, hostEntryURL(id), `<h1>Entry of `+span(name)+`</h1>`, `lang="ja">`+title+`</a></dd>`,
		`<span class="thread-author">`+span(name)+`</span>`)

	for _, to := range []string{"screening", "interview"} {
		res, body := coord.ja.post(hostEntryURL(id)+"/move", map[string][]string{"to": {to}, "message": {""}})
		redirected(t, "move to "+to, res, body, hostEntryURL(id))
	}
	coord.check(t, hostEntryURL(id)+"/interviews/new", span(name)+`&#39;s entry to “`+span(title)+`”`)
	res, body := coord.ja.post(hostEntryURL(id)+"/move", map[string][]string{"to": {"offered"}, "message": {""}})
	redirected(t, "move to offered", res, body, hostEntryURL(id))
	res, body = part.ja.post(myEntryURL(id)+"/accept", nil)
	redirected(t, "accept", res, body, myEntryURL(id))
	team, err := s.db.FindTeamByProject(ctx, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	part.check(t, "/me", `<a href="`+teamURL(team.ID)+`">`+span(title))
	part.check(t, teamURL(team.ID), `<h1 lang="ja">`+title+`</h1>`, `<span class="member-name" lang="ja">`+name+`</span>`)
	if res, body := part.ja.post(teamURL(team.ID)+"/messages", url.Values{"body": {"よろしくお願いします。"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("team message: %d\n%s", res.StatusCode, snippet(body))
	}
	coord.check(t, teamURL(team.ID)+"/thread", `<h1>Team thread of `+span(title)+`</h1>`, `<span class="thread-author">`+span(name)+`</span>`,
		`<div class="thread-body" lang="ja">`)
	coord.check(t, teamURL(team.ID), `<div class="thread-body" lang="ja">`)
	coord.check(t, teamURL(team.ID)+"/meetings/new", `team of &#34;`+span(title)+`&#34;`)
}

// A participation record and its certificate, in English, mark the
// project's title, the company's and the participant's names.
func TestLangPages_RecordMarksJapaneseInEnglish(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	_, id := completedRecord(t, s, srv)
	confirmRecordAsStaff(t, s, id, "ありがとうございました。")
	pr := s.project(t, watercress)
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	title, name, company := template.HTMLEscapeString(pr.Title), template.HTMLEscapeString(u.DisplayName), template.HTMLEscapeString(pr.Company.Name)
	span := func(s string) string { return `<span lang="ja">` + s + `</span>` }
	part := s.langPages(t, srv, participant)
	page := "/records/" + strconv.FormatInt(id, 10)
	part.check(t, page, `<h1>Participation in &#34;`+span(title)+`&#34;</h1>`, `<dd lang="ja">`+name+`</dd>`,
		`<dd lang="ja">`+title+`</dd>`, `<dd lang="ja">`+company+`</dd>`, `Words from `+span(company))
	part.check(t, page+"/certificate", `<p class="certificate-name" lang="ja">`+name+`</p>`, `of `+span(company))
	part.check(t, "/me", `">`+span(title)+` (Valid, private)</a>`)
	if _, ja := part.ja.get("/me"); !strings.Contains(ja, `">`+title+`（有効・非公開）</a>`) {
		t.Error("Japanese My page: the record's link does not read 「title（有効・非公開）」")
	}
	team, err := s.db.FindTeamByProject(ctx, pr.ID)
	if err != nil {
		t.Fatal(err)
	}
	part.check(t, teamURL(team.ID)+"/checkins", `<h1>Check-ins of `+span(title)+`</h1>`, `<span class="thread-author" lang="ja">`+name+`</span>`,
		`<dd lang="ja">済</dd>`, `<dd lang="ja">次</dd>`)
}

// An organisation's list page, in English, marks the h1 that is its
// Japanese name; other list pages' h1s are English words.
func TestLangPages_OrganizationListPageMarksItsName(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	main := func(body string) string { return between(body, "<main", "</main>") }
	_, ja := b.get("/organizations/gifu-local-base")
	mustContain(t, "Japanese page", main(ja), "<h1>")
	inEnglish(t, b)
	_, en := b.get("/organizations/gifu-local-base")
	mustContain(t, "English page", main(en), `<h1 lang="ja">`)
	_, en = b.get("/regions/gifu")
	mustContain(t, "English region page", main(en), "<h1>")
}

// A search page's h1 and its keyword chip, in English, mark the Japanese
// query they quote and only that; a query in English letters is not
// marked, and the Japanese page marks nothing.
func TestLangPages_SearchTitleMarksTheQuery(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	_, ja := b.get("/projects?q=" + url.QueryEscape("岐阜"))
	mustContain(t, "Japanese search page", ja, "<h1>「岐阜」の検索結果</h1>")
	mustContain(t, "Japanese search page's chip", ja, `">キーワード：岐阜<span class="vh">`)
	inEnglish(t, b)
	_, en := b.get("/projects?q=" + url.QueryEscape("岐阜"))
	mustContain(t, "English search page", en, `<h1>Results for “<span lang="ja">岐阜</span>”</h1>`)
	mustContain(t, "English search page's chip", en, `">Keyword: <span lang="ja">岐阜</span><span class="vh">`)
	_, en = b.get("/projects?q=PR")
	mustContain(t, "English search for PR", en, "<h1>Results for “PR”</h1>")
	mustContain(t, "English chip for PR", en, `">Keyword: PR<span class="vh">`)
}

// The dashboard's teams needing attention, in English, mark each team's
// Japanese project title.
func TestLangPages_TeamsNeedingAttentionMarkTheTitle(t *testing.T) {
	s, srv := newEntriesSite(t)
	_, team := matchedTeam(t, s, srv)
	flagTeams(t, s)
	title := template.HTMLEscapeString(s.project(t, watercress).Title)
	s.langPages(t, srv, gifuCoordinator).check(t, "/manage", `<h3><a href="`+team+`" lang="ja">`+title+`</a></h3>`)
}
