package api

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestDemoCatalogue_AllResponsesMatchSchemas walks the whole demo catalogue
// through the API: every page of the listing, every project in full, the
// counts and the feed, each checked against openapi.json.
func TestDemoCatalogue_AllResponsesMatchSchemas(t *testing.T) {
	doc := loadDoc(t)
	db := testkit.NewDB(t, store.SQLite)
	if _, err := demo.Load(context.Background(), db, testNow); err != nil {
		t.Fatalf("demo: %v", err)
	}
	fx := &fixture{srv: newServer(t, db), db: db}
	check := func(route, path string) response {
		t.Helper()
		r := fx.get(t, path)
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", path, r.status, r.body)
		}
		resp := operation(doc, "GET", route)["responses"].(jsonObject)["200"].(jsonObject)
		checkResponse(t, doc, resp, r)
		return r
	}

	var slugs []string
	total := -1
	for page := 1; ; page++ {
		l := decode[projectList](t, check("/api/v1/projects", fmt.Sprintf("/api/v1/projects?per_page=7&page=%d", page)))
		if total == -1 {
			total = l.Total
		} else if l.Total != total {
			t.Fatalf("page %d: total %d, was %d", page, l.Total, total)
		}
		if len(l.Projects) == 0 {
			break
		}
		for _, p := range l.Projects {
			slugs = append(slugs, p.Slug)
		}
	}
	if len(slugs) != total || total < 10 {
		t.Fatalf("walked %d projects, total says %d", len(slugs), total)
	}
	seen := map[string]bool{}
	for _, s := range slugs {
		if seen[s] {
			t.Errorf("%s appears on two pages", s)
		}
		seen[s] = true
		d := decode[projectDetail](t, check("/api/v1/projects/{key}", "/api/v1/projects/"+s))
		if !furusato.ProjectStatus(d.Status).Public() {
			t.Errorf("%s: status %s is not public", s, d.Status)
		}
	}
	for _, p := range furusato.Prefectures {
		for _, got := range decode[projectList](t, check("/api/v1/projects", "/api/v1/projects?per_page=100&prefecture="+p.Slug)).Projects {
			if got.Prefecture.Code != p.Code {
				t.Errorf("prefecture=%s gave %s in %s", p.Slug, got.Slug, got.Prefecture.Slug)
			}
		}
	}
	check("/api/v1/regions", "/api/v1/regions")
	check("/api/v1/themes", "/api/v1/themes")
	check("/api/v1/organizations", "/api/v1/organizations")

	var f parsedFeed
	if err := xml.Unmarshal(fx.get(t, "/feed.atom").body, &f); err != nil {
		t.Fatalf("feed: %v", err)
	}
	if want := min(total, feedSize); len(f.Entries) != want {
		t.Errorf("feed has %d entries, want %d", len(f.Entries), want)
	}
}
