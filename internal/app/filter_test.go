package app_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

var cardLink = regexp.MustCompile(`class="card-title"[^>]*><a[^>]+href="/projects/([a-z0-9-]+)"`)

// pageSlugs returns the projects linked from a list page, in order.
func pageSlugs(body string) []string {
	var out []string
	for _, m := range cardLink.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// The page list and the API read a listing query with the one parser: the
// same query strings are accepted (with the same projects, in the same
// order) or refused (400, naming the same parameters) on both edges.
func TestListQuery_PagesAndAPIAcceptAndRefuseAlike(t *testing.T) {
	quiet(t)
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	accepted := []string{
		"", "prefecture=gifu,nagano", "prefecture=gifu&prefecture=nagano", "prefecture=gifu,+nagano,",
		"open=true", "open=1", "open=0", "remote=0", "remote=true", "remote=1&open=false",
		"area=chubu&prefecture=gifu", "area=chubu", "theme=pr,design&sort=deadline", "theme=pr&theme=design",
		"reward=paid&duration=long", "reward=none", "q=%E5%B2%90%E9%98%9C", "q=&prefecture=", "per_page=5&page=2",
	}
	for _, query := range accepted {
		res, body := get(t, h, "/projects?"+query)
		if res.StatusCode != http.StatusOK {
			t.Errorf("page ?%s: %d, want 200", query, res.StatusCode)
			continue
		}
		ares, abody := get(t, h, "/api/v1/projects?"+query)
		if ares.StatusCode != http.StatusOK {
			t.Errorf("api ?%s: %d, want 200: %s", query, ares.StatusCode, abody)
			continue
		}
		var list struct {
			Projects []struct{ Slug string }
			Total    int
		}
		if err := json.Unmarshal([]byte(abody), &list); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, p := range list.Projects {
			want = append(want, p.Slug)
		}
		if got := pageSlugs(body); !slices.Equal(got, want) {
			t.Errorf("?%s: page shows %v, api %v", query, got, want)
		}
	}
	refused := map[string][]string{
		"prefecture=x":                   {"prefecture"},
		"prefecture=gifu,x":              {"prefecture"},
		"open=yes":                       {"open"},
		"remote=on":                      {"remote"},
		"page=0":                         {"page"},
		"page=%2B2":                      {"page"},
		"per_page=500":                   {"per_page"},
		"area=kanto&area=kinki":          {"area"},
		"sort=x&reward=x&duration=x":     {"sort", "reward", "duration"},
		"q=%ff":                          {"q"},
		"q=%zz":                          {"query"},
		"prefecture=gifu;theme=pr":       {"query"},
		"q=" + strings.Repeat("a", 201):  {"q"},
		"theme=x&area=x&prefecture=gifu": {"theme", "area"},
	}
	for query, fields := range refused {
		res, body := get(t, h, "/projects?"+query)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "<!doctype html>") {
			t.Errorf("page ?%s: %d, want the 400 page", query, res.StatusCode)
		}
		ares, abody := get(t, h, "/api/v1/projects?"+query)
		var e struct {
			Error struct {
				Code   string
				Fields map[string]string
			}
		}
		_ = json.Unmarshal([]byte(abody), &e)
		var got []string
		for k := range e.Error.Fields {
			got = append(got, k)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(fields))
		if ares.StatusCode != http.StatusBadRequest || !slices.Equal(got, want) {
			t.Errorf("api ?%s: %d fields %v, want 400 on %v", query, ares.StatusCode, got, want)
		}
	}
}

// The feed's alternate link is a list page that shows, not a 400.
func TestFeed_AlternateLinkIsAListPage(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	for _, query := range []string{"?prefecture=gifu&prefecture=nagano", "?prefecture=nagano,gifu&theme=pr,design", ""} {
		res, body := get(t, h, "/feed.atom"+query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("feed %s: %d", query, res.StatusCode)
		}
		m := regexp.MustCompile(`<link rel="alternate" type="text/html" href="([^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("feed %s: no alternate link in %.300s", query, body)
		}
		path := strings.TrimPrefix(strings.ReplaceAll(m[1], "&amp;", "&"), appBaseURL)
		if res, _ := get(t, h, path); res.StatusCode != http.StatusOK {
			t.Errorf("feed %s: alternate %s answers %d, want the list page", query, path, res.StatusCode)
		}
	}
}
