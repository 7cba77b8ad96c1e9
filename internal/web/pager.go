package web

import (
	"net/url"
	"strconv"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// perPage is how many cards a list page shows.
const perPage = service.DefaultPerPage

// rangeInfo is 「128件中 41〜60件」, or for a search that matches more than
// it ranks (More), 「1,000件以上見つかりました（41〜60件を表示）」.
type rangeInfo struct {
	L               *ui.Locale
	Total, From, To int
	More            bool
}

// pager is the page navigation of a list; its links keep every filter.
type pager struct {
	L           *ui.Locale
	Page, Pages int
	Prev, Next  string
	Items       []pageItem
}

type pageItem struct {
	Num     int
	URL     string
	Current bool
	Gap     bool
}

func newRange(l *ui.Locale, page, size, n, total int) rangeInfo {
	if n == 0 {
		return rangeInfo{L: l}
	}
	from := (page-1)*size + 1
	return rangeInfo{L: l, Total: total, From: from, To: from + n - 1}
}

// newPager builds the navigation for page of total results, size a page;
// links are path with q (the request's parameters) and the page number.
func newPager(l *ui.Locale, path string, q url.Values, page, size, total int) pager {
	pages := (total + size - 1) / size
	if pages > service.MaxPage {
		pages = service.MaxPage
	}
	p := pager{L: l, Page: page, Pages: pages}
	if pages <= 1 {
		return p
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" && k != "lang" {
				v[k] = vs
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, pages))
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-2 || n > page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Items = append(p.Items, pageItem{Gap: true})
		}
		p.Items = append(p.Items, pageItem{Num: n, URL: link(n), Current: n == page})
		last = n
	}
	return p
}
