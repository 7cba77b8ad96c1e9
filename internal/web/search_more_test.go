package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
)

// A search that matches more than service.SearchLimit projects says
// 「1,000件以上」 and pages through the first thousand; a listing without
// words still counts exactly.
func TestProjectList_SearchSaysMoreThanAThousand(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if err := demo.Generate(context.Background(), s.db, service.SearchLimit+50, testNow); err != nil {
		t.Fatal(err)
	}
	body := s.page(t, "/projects?q="+url.QueryEscape("地域"), 200)
	if !strings.Contains(body, "1,000件以上見つかりました（1〜20件を表示）") {
		t.Errorf("search page lacks the capped count: %s", snippet(body[max(0, strings.Index(body, "result-count")-100):]))
	}
	if !strings.Contains(body, "page=50") || strings.Contains(body, "page=51") {
		t.Errorf("pager should end at page 50")
	}
	en := s.page(t, "/projects?q="+url.QueryEscape("地域"), 200, "Cookie", "lang=en")
	if !strings.Contains(en, "Showing 1–20 of more than 1,000 projects") {
		t.Errorf("English search page lacks the capped count")
	}
	all := s.page(t, "/projects", 200)
	if strings.Contains(all, "件以上") || !strings.Contains(all, "件中 1〜20件") {
		t.Errorf("listing without words should count exactly")
	}
}
