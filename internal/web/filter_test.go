package web

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

func TestParseFilter(t *testing.T) {
	ok := []struct {
		query string
		want  furusato.ProjectFilter
		page  int
	}{
		{"", furusato.ProjectFilter{Sort: "newest", Limit: 20}, 1},
		{"q=+%E5%B2%90%E9%98%9C+&page=3", furusato.ProjectFilter{Query: "岐阜", Sort: "newest", Offset: 40, Limit: 20}, 3},
		{"prefecture=gifu&prefecture=nagano&prefecture=", furusato.ProjectFilter{Prefectures: []int{21, 20}, Sort: "newest", Limit: 20}, 1},
		{"area=kinki&theme=design&theme=pr", furusato.ProjectFilter{Area: "kinki", Themes: []string{"design", "pr"}, Sort: "newest", Limit: 20}, 1},
		{"remote=1&open=1&reward=paid&duration=long&sort=deadline", furusato.ProjectFilter{Remote: true, OpenOnly: true,
			Reward: furusato.RewardPaid, Duration: "long", Sort: "deadline", Limit: 20}, 1},
		{"page=1000", furusato.ProjectFilter{Sort: "newest", Offset: 999 * 20, Limit: 20}, 1000},
		{"prefecture=gifu,nagano&open=true&remote=0", furusato.ProjectFilter{Prefectures: []int{21, 20}, OpenOnly: true, Sort: "newest", Limit: 20}, 1},
		{"per_page=50&page=2", furusato.ProjectFilter{Sort: "newest", Offset: 50, Limit: 50}, 2},
	}
	for _, c := range ok {
		q, _ := url.ParseQuery(c.query)
		f, page, err := parseFilter(q)
		if err != nil || page != c.page || !reflect.DeepEqual(f, c.want) {
			t.Errorf("%q: got %+v page %d err %v, want %+v page %d", c.query, f, page, err, c.want, c.page)
		}
	}
	bad := map[string]string{
		"page=0": "page", "page=1001": "page", "page=1.5": "page", "page=%2B2": "page", "page=0x10": "page",
		"prefecture=Gifu": "prefecture", "area=x": "area", "theme=x": "theme", "remote=on": "remote",
		"open=2": "open", "reward=x": "reward", "duration=x": "duration", "sort=x": "sort",
		"q=%ff": "q", "q=" + strings.Repeat("a", 201): "q",
	}
	for query, field := range bad {
		q, _ := url.ParseQuery(query)
		_, _, err := parseFilter(q)
		if furusato.ErrorCode(err) != furusato.EINVALID || furusato.ErrorFields(err)[field] == "" {
			t.Errorf("%q: err %v, want EINVALID on %s", query, err, field)
		}
	}
}

func TestPager_KeepsFiltersAndWindows(t *testing.T) {
	q := url.Values{"theme": {"design", "pr"}, "page": {"5"}}
	p := newPager(nil, "/projects", q, 5, 20, 200) // 10 pages
	if p.Pages != 10 || p.Prev != "/projects?page=4&theme=design&theme=pr" || p.Next != "/projects?page=6&theme=design&theme=pr" {
		t.Fatalf("pager %+v", p)
	}
	var nums []int
	for _, it := range p.Items {
		nums = append(nums, it.Num) // 0 is a gap
	}
	if !reflect.DeepEqual(nums, []int{1, 0, 3, 4, 5, 6, 7, 0, 10}) {
		t.Errorf("items %v", nums)
	}
	if p.Items[0].URL != "/projects?theme=design&theme=pr" {
		t.Errorf("page 1 link %q", p.Items[0].URL)
	}
	if r := newRange(nil, 3, 20, 20, 128); r.From != 41 || r.To != 60 || r.Total != 128 {
		t.Errorf("range %+v", r)
	}
	// A page of 50 (per_page): the range and the pages count in fifties.
	if r := newRange(nil, 2, 50, 50, 128); r.From != 51 || r.To != 100 {
		t.Errorf("range of 50 a page %+v", r)
	}
	if p := newPager(nil, "/projects", url.Values{"per_page": {"50"}}, 2, 50, 128); p.Pages != 3 || p.Next != "/projects?page=3&per_page=50" {
		t.Errorf("pager of 50 a page %+v", p)
	}
}

func TestServerError_PoliteWithRequestID(t *testing.T) {
	s := newSite(t)
	s.db.Close()
	res, body := s.get(t, "/")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", res.StatusCode)
	}
	id := res.Header.Get("X-Request-Id")
	mustContain(t, "500", body, "<h1>ページを表示できませんでした</h1>", "<code>"+id+"</code>", "問い合わせ番号")
	mustNotContain(t, "500", body, "sql", "closed", "store:")
	checkHeadings(t, "/", body)
}

// per_page on a list page: the cards, the range line and the page links
// all count in the chosen size.
func TestProjectList_PerPageCountsInItsSize(t *testing.T) {
	s := newSite(t)
	res, body := s.get(t, "/projects?per_page=5&page=2")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, "中 6〜10件") {
		t.Errorf("range line of page 2 at 5 a page missing:\n%s", body)
	}
	if !strings.Contains(body, `href="/projects?page=3&amp;per_page=5"`) {
		t.Errorf("next link keeps per_page and counts in fives:\n%s", body)
	}
}
