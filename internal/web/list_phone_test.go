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
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestCatalogue_ExplainsItself is issue 11 item 11 on both engines: a page
// past the end, a query without words, the counts of a place said the same
// way on the top page and the place's page, the feed links, the headings.
func TestCatalogue_ExplainsItself(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSiteOn(t, db)
		ctx := context.Background()
		cat := s.h.svc.Catalogue
		_, all, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		pages := (all + perPage - 1) / perPage

		t.Run("PastTheEndSaysHowManyAndLinksTheLastPage", func(t *testing.T) {
			body := s.page(t, "/projects?page="+strconv.Itoa(pages+3), http.StatusOK)
			mustContain(t, "past end", body, "このページにはプロジェクトがありません",
				"条件に合うプロジェクトは"+itoa(all)+"件あり、"+strconv.Itoa(pages)+"ページ目までに表示しています。",
				`href="/projects?page=`+strconv.Itoa(pages)+`">最後のページ（`+strconv.Itoa(pages)+`ページ目）を見る`,
				`<p class="result-count num">`+itoa(all)+`件</p>`)
			mustNotContain(t, "past end", body, "見つかりませんでした")

			gifu := s.page(t, "/projects?prefecture=gifu&page=9", http.StatusOK)
			mustContain(t, "past end, one page", gifu, `href="/projects?prefecture=gifu">最後のページ（1ページ目）を見る`)
			en := s.page(t, "/projects?page="+strconv.Itoa(pages+1), http.StatusOK, "Accept-Language", "en")
			mustContain(t, "past end, English", en, "There are no projects on this page",
				itoa(all)+" projects match, shown on pages 1 to "+strconv.Itoa(pages)+".")
		})

		t.Run("QueryWithoutWordsIsNoQueryAndSaysSo", func(t *testing.T) {
			for _, q := range []string{"！？", "ー", "・", "..."} {
				body := s.page(t, "/projects?q="+url.QueryEscape(q), http.StatusOK)
				mustContain(t, q, body, "<h1>プロジェクトを探す</h1>",
					"「"+q+"」には検索に使える文字が含まれていないため、キーワードを指定せずにすべてのプロジェクトを表示しています。",
					itoa(all)+"件中 1〜", `id="q" name="q" type="search" value="`+q+`"`)
				mustNotContain(t, q, body, "の検索結果", "キーワード：")
			}
			// A real word is still a search.
			cress := s.page(t, "/projects?q="+url.QueryEscape("クレソン！"), http.StatusOK)
			mustContain(t, "クレソン！", cress, "「クレソン！」の検索結果", "キーワード：クレソン！")
		})

		t.Run("CountsSayOpenOnTheTopPageAndThePlacePage", func(t *testing.T) {
			cc, err := cat.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			gifu, _ := furusato.PrefectureBySlug("gifu")
			_, listed, err := cat.FindProjects(ctx, furusato.ProjectFilter{Prefectures: []int{gifu.Code}})
			if err != nil {
				t.Fatal(err)
			}
			open := cc.ByPrefecture[gifu.Code]
			if open == 0 || open == listed {
				t.Fatalf("demo Gifu: %d open of %d; the test needs some closed", open, listed)
			}
			home := s.page(t, "/", http.StatusOK)
			mustContain(t, "home", home, `href="/regions/gifu">岐阜県</a> <span class="count num">（募集中`+itoa(open)+`件）</span>`)
			region := s.page(t, "/regions/gifu", http.StatusOK)
			mustContain(t, "region", region, "掲載中の"+itoa(listed)+"件のうち、募集中（エントリー受付中）は"+itoa(open)+"件です。",
				`href="/projects?prefecture=gifu&amp;open=1">募集中のものだけを見る`)
			en := s.page(t, "/regions/gifu", http.StatusOK, "Accept-Language", "en")
			mustContain(t, "region, English", en, itoa(open)+" of the "+itoa(listed)+" listed projects are open (taking entries).")
		})

		t.Run("PagesLinkTheirFeedWithTheirFilters", func(t *testing.T) {
			feed := `<link rel="alternate" type="application/atom+xml" href="https://furusato.example.jp/feed.atom`
			cases := map[string]string{
				"/":                                    feed + `" title="新着プロジェクト（Atomフィード）">`,
				"/projects":                            feed + `"`,
				"/projects?prefecture=gifu&theme=food": feed + `?prefecture=gifu&amp;theme=food"`,
				"/projects?q=x&remote=1&theme=design":  feed + `?theme=design"`,
				"/regions/gifu":                        feed + `?prefecture=gifu"`,
				"/themes/food":                         feed + `?theme=food"`,
				"/areas/hokkaido-tohoku":               feed + `?prefecture=hokkaido&amp;prefecture=aomori`,
				"/projects?prefecture=gifu%2Caichi&theme=food": feed + `?prefecture=gifu&amp;prefecture=aichi&amp;theme=food"`,
			}
			for path, want := range cases {
				mustContain(t, path, s.page(t, path, http.StatusOK), want)
			}
		})

		t.Run("HeadingsRunInOrder", func(t *testing.T) {
			for _, path := range []string{"/projects", "/projects?prefecture=gifu", "/regions/gifu", "/regions/saga", "/organizations/gifu-local-base", "/projects?page=99"} {
				checkHeadingsFromH1(t, path, s.page(t, path, http.StatusOK))
			}
			checkHeadingsAfterSummary(t, "/projects?page=0", s.page(t, "/projects?page=0", http.StatusBadRequest))
			list := s.page(t, "/projects", http.StatusOK)
			mustContain(t, "list", list, `<h3 class="card-title"`)
			mustNotContain(t, "list", list, `<h2 class="card-title"`)
			org := s.page(t, "/organizations/gifu-local-base", http.StatusOK)
			mustContain(t, "organisation", org, `<h2 id="results-title">この団体がコーディネートするプロジェクト</h2>`)
		})
	})
}

var headingRe = regexp.MustCompile(`<h([1-6])[ >]`)

// checkHeadingsFromH1 fails t unless body's first heading is its one h1 and no
// heading level is skipped on the way down.
func checkHeadingsFromH1(t *testing.T, where, body string) {
	t.Helper()
	prev := 0
	for i, m := range headingRe.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		if (i == 0) != (n == 1) {
			t.Errorf("%s: heading %d is an h%d; the h1 comes first and only once", where, i+1, n)
		}
		if n > prev+1 {
			t.Errorf("%s: h%d after h%d", where, n, prev)
		}
		prev = n
	}
}

// TestProjectList_ConditionsAreChipsAndTheFormHasItsOwnPage: the list says
// under its heading what is in force, each condition a link that drops it,
// with the sort links; on phones the form is a page of its own.
func TestProjectList_ConditionsAreChipsAndTheFormHasItsOwnPage(t *testing.T) {
	s := newSite(t)
	body := s.page(t, "/projects?prefecture=gifu&theme=food&remote=1&sort=deadline", http.StatusOK)
	head := between(body, `<div class="list-head">`, `<div class="list-layout">`)
	mustContain(t, "chips", head,
		`<a class="chip-remove" href="/projects?remote=1&amp;sort=deadline&amp;theme=food">岐阜県<span class="vh">（この条件を外す）</span>`,
		`<a class="chip-remove" href="/projects?prefecture=gifu&amp;remote=1&amp;sort=deadline">食・農<span class="vh">`,
		`<a class="chip-remove" href="/projects?prefecture=gifu&amp;sort=deadline&amp;theme=food">リモート`,
		`<a class="chips-clear" href="/projects?sort=deadline">すべての条件を外す</a>`,
		`<a href="/projects?prefecture=gifu&amp;remote=1&amp;theme=food">新着順</a>`,
		`aria-current="true">締切が近い順</a>`,
		`<p class="result-count num">`,
		// The keyword form keeps the other conditions.
		`<input type="hidden" name="prefecture" value="gifu">`, `<input type="hidden" name="sort" value="deadline">`)
	mustContain(t, "filter bar", body, `<a class="filter-bar" href="/projects/filters?prefecture=gifu&amp;remote=1&amp;sort=deadline&amp;theme=food">絞り込み<span aria-hidden="true">（3）</span><span class="vh">、3件の条件を指定中</span></a>`)
	// The count and the chips come before the first card.
	if strings.Index(body, "chip-remove") > strings.Index(body, `<article class="card">`) {
		t.Error("the chips come after the first card")
	}

	page := s.page(t, "/projects/filters?prefecture=gifu&remote=1&q=%E5%B2%90%E9%98%9C", http.StatusOK)
	mustContain(t, "filter page", page, "<h1>条件で絞り込む</h1>", `<meta name="robots" content="noindex">`,
		`href="/projects?prefecture=gifu&amp;q=%E5%B2%90%E9%98%9C&amp;remote=1">検索結果に戻る</a>`,
		`<form method="get" action="/projects" novalidate>`, `id="pref-gifu" name="prefecture" value="gifu" checked`,
		`id="remote" name="remote" value="1" checked`, `id="q" name="q" type="search" value="岐阜"`, "この条件で検索する")
	checkHeadingsFromH1(t, "filter page", page)
	s.page(t, "/projects/filters?prefecture=nowhere", http.StatusBadRequest)
}
