package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestAPI_OneVersionForReadsAndWrites: the version of the public project is
// the one PATCH takes and the one the dashboard and PATCH's answer show; a
// client that reads the project and writes it back is not refused, and one
// that writes from a version since replaced gets 409 conflict. Both
// engines; the clock stands still, so the versions differ although the
// saves share their millisecond.
func TestAPI_OneVersionForReadsAndWrites(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, testNow); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadAccounts(ctx, db, testNow, service.TestArgon); err != nil {
			t.Fatal(err)
		}
		srv := newTokenServer(t, db)
		coord := demoToken(t, db, "coordinator.gifu@demo.furusato.example")
		read := func() projectDetail {
			t.Helper()
			r := send(t, srv, "GET", "/api/v1/projects/gifu-watercress-evangelist", "", "")
			if r.status != http.StatusOK {
				t.Fatalf("public read: %d %s", r.status, r.body)
			}
			return decode[projectDetail](t, r)
		}
		patch := func(version int64, title string) response {
			return send(t, srv, "PATCH", fmt.Sprintf("/api/v1/projects/%d", read().ID), coord,
				fmt.Sprintf(`{"version":%d,"title":%q}`, version, title))
		}
		first := read()
		if first.Version == 0 {
			t.Fatalf("no version in the public project")
		}
		r := patch(first.Version, "清流クレソンの魅力を全国へ届ける")
		if r.status != http.StatusOK {
			t.Fatalf("PATCH with the public version: %d %s", r.status, r.body)
		}
		saved := decode[managedProjectJS](t, r)
		if saved.Version == first.Version || saved.Version != read().Version {
			t.Errorf("versions: read %d, saved %d, read again %d", first.Version, saved.Version, read().Version)
		}
		r = send(t, srv, "GET", "/api/v1/manage/projects", coord, "")
		found := false
		for _, sec := range decode[manageListJS](t, r).Sections {
			for _, p := range sec.Projects {
				if p.ID == saved.ID {
					found = true
					if p.Version != saved.Version {
						t.Errorf("dashboard version %d, want %d", p.Version, saved.Version)
					}
				}
			}
		}
		if !found {
			t.Errorf("the project is not on the coordinator's dashboard")
		}
		r = patch(first.Version, "古い版から")
		if e := decode[httpx.APIError](t, r); r.status != http.StatusConflict || e.Error.Code != furusato.ECONFLICT {
			t.Errorf("PATCH with the replaced version: %d %s", r.status, r.body)
		}
		if got := read().Title; got != "清流クレソンの魅力を全国へ届ける" {
			t.Errorf("title after the refused PATCH: %q", got)
		}
	})
}
