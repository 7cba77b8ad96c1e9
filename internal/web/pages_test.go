package web

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

func TestHome_ShowsNewestClosingSoonAndBrowseCounts(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/", http.StatusOK)
	mustContain(t, "home", body,
		`<html lang="ja">`, "新着プロジェクト", "締切間近", "地域から探す", "テーマから探す",
		`<search class="site-search" role="search">`, `<label for="site-q">キーワード</label>`,
		`href="/regions/gifu">岐阜県</a>`, `href="/themes/marketing">マーケティング</a>`,
		`href="/areas/chubu">中部</a>`, "これはデモサイトです",
		`<link rel="canonical" href="https://furusato.example.jp/">`,
	)
	// The newest open project is first under 新着プロジェクト.
	ps, _, err := s.h.svc.Catalogue.FindProjects(context.Background(), furusato.ProjectFilter{OpenOnly: true, Sort: furusato.SortNewest, Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("find newest: %v", err)
	}
	newest := body[strings.Index(body, "新着プロジェクト"):]
	if i := strings.Index(newest, `<article class="card">`); i < 0 || !strings.Contains(newest[i:i+2000], "/projects/"+ps[0].Slug) {
		t.Errorf("newest project %s is not the first card", ps[0].Slug)
	}
	// Counts beside Gifu match the service's.
	cc, _ := s.h.svc.Catalogue.Counts(context.Background())
	want := `href="/regions/gifu">岐阜県</a> <span class="count num">（募集中` + itoa(cc.ByPrefecture[21]) + `件）</span>`
	mustContain(t, "home", body, want)
	if cc.ByPrefecture[21] == 0 {
		t.Error("demo has no open Gifu project")
	}
	// Closing-soon cards carry the chip and the days left.
	soon := between(body, `id="soon-title"`, "</section>")
	mustContain(t, "closing soon", soon, "締切間近", "あと")
}

func itoa(n int) string { return ui.Num(n) }

func TestProjectList_FiltersSearchAndPaginates(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/projects", http.StatusOK)
	mustContain(t, "list", body, "<h1>プロジェクトを探す</h1>", "件中 1〜20件", `aria-label="ページ送り"`,
		"<legend>地域</legend>", "<legend>テーマ</legend>", "この条件で検索する", `class="filter-bar" href="/projects/filters"`)

	gifu := s.page(t, "/projects?prefecture=gifu", http.StatusOK)
	if n := strings.Count(gifu, `<article class="card">`); n == 0 {
		t.Fatal("no Gifu projects")
	}
	for _, region := range regexp.MustCompile(`<dt>地域</dt><dd>([^<]*)</dd>`).FindAllStringSubmatch(gifu, -1) {
		if !strings.HasPrefix(region[1], "岐阜県") {
			t.Errorf("prefecture=gifu shows a project in %s", region[1])
		}
	}
	mustContain(t, "gifu", gifu, `id="pref-gifu" name="prefecture" value="gifu" checked`, `絞り込み<span aria-hidden="true">（1）</span>`)

	cress := s.page(t, "/projects?q=%E3%82%AF%E3%83%AC%E3%82%BD%E3%83%B3", http.StatusOK) // クレソン
	mustContain(t, "q=クレソン", cress, "/projects/gifu-watercress-evangelist", "「クレソン」の検索結果", `value="クレソン"`)
	// Hiragana finds it too (search normalises).
	s.page(t, "/projects?q=%E3%81%8F%E3%82%8C%E3%81%9D%E3%82%93", http.StatusOK)

	none := s.page(t, "/projects?q=zzzzqqqq", http.StatusOK)
	mustContain(t, "no results", none, "条件に合うプロジェクトは見つかりませんでした", "条件をクリアする", "/#themes")

	// Page 2 keeps every filter in its links.
	p2 := s.page(t, "/projects?sort=deadline&remote=1&page=2", http.StatusOK)
	mustContain(t, "page 2", p2, `href="/projects?remote=1&amp;sort=deadline" rel="prev"`, `aria-current="page"`)
	res, _ := s.get(t, "/projects?open=1&reward=paid&duration=short&area=kinki&theme=design&theme=it-dx")
	if res.StatusCode != http.StatusOK {
		t.Errorf("all filters: %d", res.StatusCode)
	}
}

func TestProjectList_BadParametersAre400WithMessage(t *testing.T) {
	s := newSite(t)
	long := strings.Repeat("あ", 201)
	cases := []struct{ query, want string }{
		{"page=0", "ページ番号は1から1000までの数字で指定してください"},
		{"page=abc", "ページ番号は1から1000までの数字で指定してください"},
		{"page=99999", "ページ番号は1から1000までの数字で指定してください"},
		{"page=-1", "ページ番号"},
		{"prefecture=nowhere", "都道府県の指定が正しくありません"},
		{"area=atlantis", "エリアの指定が正しくありません"},
		{"theme=nope", "テーマの指定が正しくありません"},
		{"reward=lots", "報酬の指定が正しくありません"},
		{"duration=forever", "期間の指定が正しくありません"},
		{"sort=random", "並び順の指定が正しくありません"},
		{"remote=yes", "チェック項目の指定が正しくありません"},
		{"q=%ff", "キーワードに読み取れない文字が含まれています"},
		{"q=" + long, "キーワードは200文字以内で入力してください"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			body := s.page(t, "/projects?"+c.query, http.StatusBadRequest)
			mustContain(t, c.query, body, "<title>エラー：検索条件を確認してください", c.want, `class="error-summary"`)
			if strings.HasPrefix(c.query, "q=") {
				mustContain(t, c.query, body, `<p class="field-error" id="q-error">`, `aria-invalid="true" aria-describedby="q-error"`)
			}
		})
	}
	// 200 runes is fine.
	s.page(t, "/projects?q="+strings.Repeat("あ", 200), http.StatusOK)
	s.page(t, "/regions/gifu?page=0", http.StatusBadRequest)
}

func TestProjectShow_AllFieldsOGPAndShareLinks(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/projects/gifu-watercress-evangelist", http.StatusOK)
	abs := "https://furusato.example.jp/projects/gifu-watercress-evangelist"
	mustContain(t, "detail", body,
		"<h1>岐阜のおいしいクレソンの伝道師に。新しいパッケージで魅力を届ける</h1>",
		`<meta property="og:url" content="`+abs+`">`, `<meta property="og:type" content="article">`,
		`<meta property="og:site_name" content="ふるさと兼業">`, `<meta name="twitter:card" content="summary">`,
		`<meta property="og:title" content="岐阜のおいしいクレソン`, `<meta property="og:description" content="添え物だなんて`,
		`<link rel="canonical" href="`+abs+`">`,
		"https://social-plugins.line.me/lineit/share?url=https%3A%2F%2Ffurusato.example.jp%2Fprojects%2Fgifu-watercress-evangelist",
		"https://x.com/intent/post?url=https%3A%2F%2Ffurusato.example.jp",
		"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Ffurusato.example.jp",
		"背景と課題", "取り組むこと", "目指す成果", "受け入れ企業", "株式会社 郡上清流ファーム", "岐阜県郡上市",
		"コーディネート団体", `href="/organizations/gifu-local-base"`, "伴走者", "週", "時間程度", "交通費", "募集人数",
	)
	mustNotContain(t, "detail", body, "evil.example.com")
	if !strings.Contains(body, "エントリー受付中") && !strings.Contains(body, "募集は終了しました") {
		t.Error("no entry state")
	}
	// By id too.
	p, err := s.h.svc.Catalogue.FindProject(context.Background(), "gifu-watercress-evangelist")
	if err != nil {
		t.Fatal(err)
	}
	byID := s.page(t, "/projects/"+itoaPlain(p.ID), http.StatusOK)
	mustContain(t, "by id", byID, `<link rel="canonical" href="`+abs+`">`)
	if p.RewardAmount > 0 {
		mustContain(t, "detail", body, ui.Num(p.RewardAmount)+"円")
	}
}

func itoaPlain(n int64) string { return strconv.FormatInt(n, 10) }

func TestProjectShow_ClosedAndHiddenProjects(t *testing.T) {
	s := newSite(t)
	data := demo.Content(furusato.DateOf(testNow))
	var hidden, closed string
	for _, p := range data.Projects {
		switch {
		case !p.Status.Public() && hidden == "":
			hidden = p.Slug
		case p.Status == furusato.StatusClosed && closed == "":
			closed = p.Slug
		}
	}
	if hidden == "" || closed == "" {
		t.Fatal("demo lacks a draft or a closed project")
	}
	body := s.page(t, "/projects/"+hidden, http.StatusNotFound)
	mustContain(t, "draft", body, "ページが見つかりません")
	body = s.page(t, "/projects/"+closed, http.StatusOK)
	mustContain(t, "closed", body, "募集終了", "募集は終了しました")
	s.page(t, "/projects/999999", http.StatusNotFound)
}

func TestRegionAreaThemeAndOrganizationPages(t *testing.T) {
	s := newSite(t)
	gifu := s.page(t, "/regions/gifu", http.StatusOK)
	mustContain(t, "region", gifu, "<h1>岐阜県のプロジェクト</h1>", "gifu-watercress-evangelist", `href="/projects?prefecture=gifu"`)
	s.page(t, "/regions/atlantis", http.StatusNotFound)
	chubu := s.page(t, "/areas/chubu", http.StatusOK)
	mustContain(t, "area", chubu, "<h1>中部のプロジェクト</h1>", "gifu-watercress-evangelist")
	s.page(t, "/themes/marketing", http.StatusOK)
	s.page(t, "/themes/nope", http.StatusNotFound)
	orgs := s.page(t, "/organizations", http.StatusOK)
	mustContain(t, "orgs", orgs, "地域のコーディネート団体", `href="/organizations/gifu-local-base">ぎふローカルベース</a>`, "伴走パートナー", "事務局")
	org := s.page(t, "/organizations/gifu-local-base", http.StatusOK)
	mustContain(t, "org", org, "<h1>ぎふローカルベース</h1>", "岐阜県", "gifu-watercress-evangelist", "この団体がコーディネートするプロジェクト")
	s.page(t, "/organizations/nope", http.StatusNotFound)
}

func TestNotFound_HasSiteDesign(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/nope", http.StatusNotFound)
	mustContain(t, "404", body, "<h1>ページが見つかりません</h1>", `<meta name="robots" content="noindex">`, `<label for="q">キーワード</label>`)
	body = s.page(t, "/nope", http.StatusNotFound, "Accept-Language", "en")
	mustContain(t, "404 en", body, "<h1>Page not found</h1>", `<html lang="en">`)
}
