package api

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestFeed_NewestByPublicationOpenOrNot: the feed is the 30 newest public
// projects by publication, whether or not they still take entries. It used
// to take the first 30 of the listing (open projects first), so with more
// than 30 open projects a newly closed one fell out and <updated> went back.
func TestFeed_NewestByPublicationOpenOrNot(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Load(context.Background(), db, testNow); err != nil {
			t.Fatal(err)
		}
		// The newest project closes (as in the review: published, then closed).
		first := &fixture{srv: newServer(t, db), db: db}
		newest := decode[projectList](t, first.get(t, "/api/v1/projects?per_page=1")).Projects[0]
		err := db.Tx(context.Background(), func(tx *store.Tx) error {
			return tx.SetProjectStatus(context.Background(), newest.ID, furusato.StatusPublished, furusato.StatusClosed, testNow)
		})
		if err != nil {
			t.Fatal(err)
		}
		fx := &fixture{srv: newServer(t, db), db: db}
		l := decode[projectList](t, fx.get(t, "/api/v1/projects?per_page=100"))
		ps, open := l.Projects, 0
		for _, p := range ps {
			if p.Open {
				open++
			}
		}
		at := func(p projectSummary) time.Time {
			tm, err := time.Parse(time.RFC3339, p.PublishedAt)
			if err != nil {
				t.Fatalf("%s: published_at %q", p.Slug, p.PublishedAt)
			}
			return tm
		}
		slices.SortStableFunc(ps, func(a, b projectSummary) int {
			if c := at(b).Compare(at(a)); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
		want, closed := []string{}, 0
		for _, p := range ps[:min(len(ps), feedSize)] {
			want = append(want, testBaseURL+"/projects/"+strconv.FormatInt(p.ID, 10))
			if !p.Open {
				closed++
			}
		}
		if open <= feedSize || closed == 0 {
			t.Fatalf("demo data: %d open projects, %d closed among the newest %d; the test needs more than %d open and a closed one", open, closed, feedSize, feedSize)
		}
		f := fx.feed(t, "")
		var got []string
		for _, e := range f.Entries {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("feed entries\n%v\nwant the newest by publication\n%v", got, want)
		}
		if newest := at(ps[0]); f.Updated < newest.Format(time.RFC3339) {
			t.Errorf("feed updated %q, before the newest publication %s", f.Updated, newest.Format(time.RFC3339))
		}
	})
}
