package service_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// TestProjectPage_IsFindProjectAndRelated: ProjectPage, which reads the
// catalogue version with the project, gives what FindProject and
// RelatedProjects give, for every public project by slug and by id, on both
// engines; a missing or hidden one is ENOTFOUND; and a catalogue change
// committed since the last page is seen by the next one's related projects.
func TestProjectPage_IsFindProjectAndRelated(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		ps, total, err := cat.FindProjects(ctx, furusato.ProjectFilter{Limit: service.MaxPerPage})
		if err != nil || total < 60 {
			t.Fatalf("%d projects, %v", total, err)
		}
		for _, c := range ps {
			for _, key := range []string{c.Slug, itoa(c.ID)} {
				wantP, err := cat.FindProject(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				wantR, err := cat.RelatedProjects(ctx, wantP, 3)
				if err != nil {
					t.Fatal(err)
				}
				p, related, err := cat.ProjectPage(ctx, key, 3)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(p, wantP) || !reflect.DeepEqual(related, wantR) {
					t.Fatalf("%s: ProjectPage differs from FindProject and RelatedProjects", key)
				}
			}
		}
		for _, key := range []string{"no-such-project", "999999", "bad\xff"} {
			if _, _, err := cat.ProjectPage(ctx, key, 3); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("%q: %v, want ENOTFOUND", key, err)
			}
		}

		// Close a related project behind the catalogue's back, as another
		// node would: the next page does not show it, even while the new
		// listing index is still loading (held here, as a slow load under
		// load is) and the related projects are ranked over the old one.
		var p *furusato.Project
		var related []*furusato.Project
		for _, c := range ps {
			if p, related, err = cat.ProjectPage(ctx, c.Slug, 3); err != nil {
				t.Fatal(err)
			}
			if len(related) > 0 && related[0].Status == furusato.StatusPublished {
				break
			}
		}
		gone := related[0]
		release := service.HoldIndexLoads(cat)
		defer release()
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, gone.ID, furusato.StatusPublished, furusato.StatusClosed, now)
		}); err != nil {
			t.Fatal(err)
		}
		_, after, err := cat.ProjectPage(ctx, p.Slug, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range after {
			if r.ID == gone.ID {
				t.Errorf("%s still shows %s among its open related projects after it closed", p.Slug, gone.Slug)
			}
		}
	})
}
