package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The hosts' and visitors' flows that had no journey of their own
// (helper jB): the entries board's CSV export following the board's
// filter, and a theme's page reached from the top page.

// boardEntrant is one entry of the CSV journey, written to the store.
type boardEntrant struct {
	name, email, motivation string
	stage                   furusato.Stage
}

// boardEntrants enter project p, each a new account, at their stage.
func boardEntrants(t *testing.T, db *store.DB, p *furusato.Project, es []boardEntrant) {
	t.Helper()
	ctx := context.Background()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, b := range es {
			u := &furusato.User{Email: b.email, DisplayName: b.name}
			if err := tx.CreateUser(ctx, u, "", now); err != nil {
				return err
			}
			e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
				Motivation: b.motivation, Contribution: "写真と文章", HoursPerWeek: 5}
			if err := tx.CreateEntry(ctx, e, now); err != nil {
				return err
			}
			if b.stage != furusato.StageSubmitted {
				if err := tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, b.stage, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("entrants: %v", err)
	}
}

// csvRows fetches the board's CSV link with the tab's cookies, checks it
// is a CSV attachment, and returns its rows after the header.
func (j *journey) csvRows(href string, header []string) [][]string {
	j.t.Helper()
	f := j.fetch(href)
	if f.Status != 200 || f.Type != "text/csv; charset=utf-8" || !strings.HasPrefix(f.Disposition, "attachment;") ||
		!strings.Contains(f.Disposition, "entries-project-") {
		j.t.Fatalf("CSV %s: %d %q %q", href, f.Status, f.Type, f.Disposition)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(f.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		j.t.Fatalf("CSV %s: %v\n%s", href, err, f.Body)
	}
	if !slices.Equal(rows[0], header) {
		j.t.Errorf("CSV header %q, want %q", rows[0], header)
	}
	return rows[1:]
}

// boardNames are the participants' names in the board's rows, in order.
func (j *journey) boardNames() []string {
	j.t.Helper()
	return evaluate[[]string](j, `Array.from(document.querySelectorAll('main table tbody th'), th => th.textContent.trim())`)
}

// TestJourneyB_BoardCSVFollowsFilter: the Gifu coordinator opens the
// watercress project's entries board from its management page; with no
// filter the CSV link gives every entry; the 書類選考中 tab narrows the
// board, and its CSV link gives the same rows in the same order (the
// stage in words, a motivation that a spreadsheet would read as a
// formula defused); words typed into the board's filter narrow both
// again. An English pass reads the CSV's header and stages in English.
func TestJourneyB_BoardCSVFollowsFilter(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	p, err := s.cat.FindProject(ctx, watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	boardEntrants(t, s.db, p, []boardEntrant{
		{"清流 一郎", "ichiro@example.jp", "清流の町で週末に写真を撮っています", furusato.StageSubmitted},
		{"清流 二郎", "jiro@example.jp", "=HYPERLINK(\"http://evil.example\")", furusato.StageScreening},
		{"郡上 花子", "hanako@example.jp", "郡上の味を県外に届けたい", furusato.StageScreening},
		{"長良 三郎", "saburo@example.jp", "料理の仕事をしています", furusato.StageInterview},
	})
	header := []string{"エントリーID", "参加者", "メールアドレス", "選考状況", "週あたりの時間", "関わりたい理由", "貢献できること", "質問", "エントリー日時", "最終更新日時"}
	board := fmt.Sprintf("/manage/projects/%d/entries", p.ID)

	cj := s.member(t, coordinatorEmail).tab()
	cj.open(fmt.Sprintf("/manage/projects/%d", p.ID))
	cj.click(board)
	if h1 := cj.page().H1s; len(h1) != 1 || h1[0] != "エントリー一覧："+p.Title {
		t.Errorf("board h1 %q", h1)
	}
	csvLink := func() string {
		href := evaluate[string](cj, `Array.from(document.querySelectorAll('main a[download]'), a => a.textContent.trim() === 'CSVでダウンロードする（Excel対応）' ? a.getAttribute('href') : '').join('')`)
		if !strings.HasPrefix(href, board+".csv") {
			t.Fatalf("no CSV link on %s: %q", cj.url(), href)
		}
		return href
	}
	names := func(rows [][]string) []string {
		var ns []string
		for _, r := range rows {
			ns = append(ns, r[1])
		}
		return ns
	}

	// Every entry, without a filter.
	all := cj.boardNames()
	if len(all) != 4 {
		t.Fatalf("the board shows %q, want the 4 entrants", all)
	}
	if rows := cj.csvRows(csvLink(), header); !slices.Equal(names(rows), all) {
		t.Errorf("CSV without a filter %q, board %q", names(rows), all)
	}

	// The 書類選考中 tab.
	cj.follow(chromedp.Click(chromedp.Search(`//main//nav//a[starts-with(normalize-space(), "書類選考中")]`)))
	if got := cj.url().Query().Get("stage"); got != "screening" {
		t.Errorf("the tab led to %s", cj.url())
	}
	screening := cj.boardNames()
	if !slices.Equal(sorted(screening), []string{"清流 二郎", "郡上 花子"}) {
		t.Errorf("screening board %q", screening)
	}
	href := csvLink()
	if !strings.Contains(href, "stage=screening") {
		t.Errorf("CSV link %q lacks the board's stage", href)
	}
	rows := cj.csvRows(href, header)
	if !slices.Equal(names(rows), screening) {
		t.Errorf("screening CSV %q, board %q", names(rows), screening)
	}
	for _, r := range rows {
		if r[3] != "書類選考" {
			t.Errorf("CSV row of %s has stage %q", r[1], r[3])
		}
		if r[1] == "清流 二郎" && r[5] != "'=HYPERLINK(\"http://evil.example\")" {
			t.Errorf("formula-like motivation exported as %q", r[5])
		}
		if r[1] == "郡上 花子" && (r[2] != "hanako@example.jp" || r[4] != "5" || r[8] != now.Format("2006-01-02 15:04")) {
			t.Errorf("CSV row %q", r)
		}
	}

	// Words as well: the filter form keeps the tab.
	cj.do(sendKeys(field("board-q"), "郡上"))
	cj.follow(chromedp.Click(button("絞り込む")))
	if q := cj.url().Query(); q.Get("stage") != "screening" || q.Get("q") != "郡上" {
		t.Errorf("the filter led to %s", cj.url())
	}
	if got := cj.boardNames(); !slices.Equal(got, []string{"郡上 花子"}) {
		t.Errorf("board with words %q", got)
	}
	href = csvLink()
	if rows := cj.csvRows(href, header); !slices.Equal(names(rows), []string{"郡上 花子"}) {
		t.Errorf("CSV %s with words %q", href, names(rows))
	}

	// In English: the header and the stages in English, the same filter.
	ej := s.member(t, coordinatorEmail).tab()
	ej.inLang("en", board)
	ej.follow(chromedp.Click(chromedp.Search(`//main//nav//a[starts-with(normalize-space(), "Interview")]`)))
	enHeader := []string{"Entry ID", "Participant", "E-mail", "Stage", "Hours per week", "Motivation", "Contribution", "Questions", "Entered at (JST)", "Last change (JST)"}
	enHref := evaluate[string](ej, `document.querySelector('main a[download]')?.getAttribute('href') || ''`)
	rows = ej.csvRows(enHref, enHeader)
	if len(rows) != 1 || rows[0][1] != "長良 三郎" || rows[0][3] != "Interview" {
		t.Errorf("English CSV %s: %q", enHref, rows)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestJourneyB_ThemePage: a visitor follows a theme from the top page
// (its count of open projects beside it) to /themes/{slug}: its title and
// introduction, the projects of that theme as the catalogue has them,
// open ones first, the count of open ones; 「条件を変えて探す」 leads to the
// search with the theme chosen. In Japanese, on a phone, and in English.
func TestJourneyB_ThemePage(t *testing.T) {
	s := startSite(t)
	ctx := context.Background()
	counts, err := s.cat.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	th, ok := furusato.ThemeBySlug("pr")
	if !ok {
		t.Fatal("no theme pr")
	}
	want, total, err := s.cat.FindProjects(ctx, furusato.ProjectFilter{Themes: []string{th.Slug}, Limit: perPage})
	if err != nil || total == 0 {
		t.Fatalf("projects of theme %s: %d, %v", th.Slug, total, err)
	}
	for _, w := range []struct {
		lang, name, h1, count, more string
	}{
		{"ja", th.NameJa, "「" + th.NameJa + "」のプロジェクト", fmt.Sprintf("（募集中%d件）", counts.ByTheme[th.Slug]), "条件を変えて探す"},
		{"en", th.NameEn, th.NameEn + " projects", "", "Search with other conditions"},
	} {
		t.Run(w.lang, func(t *testing.T) {
			parallel(t) // a browser of its own: the language cookie is the browser's
			j := s.journey(t, testkit.NewBrowser(t))
			if w.lang == "ja" {
				j.do(testkit.Phone())
			}
			j.inLang(w.lang, "/")
			link := fmt.Sprintf(`//section[@id="themes"]//a[normalize-space()=%s]`, xpathString(w.name))
			if w.count != "" {
				got := evaluate[string](j, `document.querySelector('#themes a[href="/themes/`+th.Slug+`"]')?.parentElement.querySelector('.count')?.textContent.trim() || ''`)
				if got != w.count {
					t.Errorf("count beside %s %q, want %q", w.name, got, w.count)
				}
			}
			j.follow(chromedp.Click(chromedp.Search(link)))
			if u := j.url().Path; u != "/themes/"+th.Slug {
				t.Fatalf("the theme link led to %s", u)
			}
			pg := j.page()
			if len(pg.H1s) != 1 || pg.H1s[0] != w.h1 || pg.Lang != w.lang {
				t.Errorf("theme page h1 %q lang %q, want %q", pg.H1s, pg.Lang, w.h1)
			}
			if intro := j.text(`main .intro`); !strings.Contains(intro, w.name) {
				t.Errorf("intro %q does not name the theme", intro)
			}
			cs := j.cards(`section.results`)
			if got := hrefs(cs); !slices.Equal(got, projectHrefs(want)) {
				t.Errorf("theme cards %q, want %q", got, projectHrefs(want))
			}
			closed := false
			for _, c := range cs {
				if w.lang == "ja" {
					c.checkComplete(t)
				}
				isClosed := c.Chip == "募集終了" || c.Chip == "Closed"
				if closed && !isClosed {
					t.Errorf("open project %s after a closed one", c.Href)
				}
				closed = closed || isClosed
			}
			if w.lang == "ja" {
				if got := j.text(`main .open-count`); !strings.Contains(got, fmt.Sprintf("募集中（エントリー受付中）は%d件", counts.ByTheme[th.Slug])) {
					t.Errorf("open count %q, want %d", got, counts.ByTheme[th.Slug])
				}
			}
			j.follow(chromedp.Click(chromedp.Search(fmt.Sprintf(`//main//p[@class="more"]/a[normalize-space()=%s]`, xpathString(w.more)))))
			if u := j.url(); u.Path != "/projects" || !slices.Equal(u.Query()["theme"], []string{th.Slug}) {
				t.Errorf("「%s」 led to %s", w.more, u)
			}
			// The search orders by its own default: the same projects, maybe not in the same order.
			if got := hrefs(j.cards(`section.results`)); total <= perPage && !slices.Equal(sorted(got), sorted(projectHrefs(want))) {
				t.Errorf("search with the theme %q, want %q", got, projectHrefs(want))
			}
		})
	}
}
