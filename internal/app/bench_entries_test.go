package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

var (
	benchEntriesMu   sync.Mutex
	benchEntriesDone = map[store.Engine]bool{}
)

// benchEntriesDB returns testkit.BenchDB with the demo accounts and
// testkit.BenchEntries() generated entries by one generated participant
// per ten entries (each signs in with demo.Password), made once per engine
// and process.
func benchEntriesDB(b *testing.B, engine store.Engine) *store.DB {
	db := testkit.BenchDB(b, engine)
	benchEntriesMu.Lock()
	defer benchEntriesMu.Unlock()
	if benchEntriesDone[engine] {
		return db
	}
	ctx := context.Background()
	if _, err := demo.LoadAccounts(ctx, db, benchNow, service.TestArgon); err != nil {
		b.Fatal(err)
	}
	hash, err := service.HashPassword(demo.Password, service.TestArgon)
	if err != nil {
		b.Fatal(err)
	}
	n := testkit.BenchEntries()
	start := time.Now()
	if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: max(n/10, 1), Entries: n, PasswordHash: hash}, benchNow); err != nil {
		b.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated %d entries in %s", engine, n, time.Since(start).Round(time.Millisecond))
	benchEntriesDone[engine] = true
	return db
}

// signIn signs email in on h and returns the session cookie.
func signIn(b *testing.B, h http.Handler, email string) string {
	b.Helper()
	form := url.Values{"email": {email}, "password": {demo.Password}}
	req := httptest.NewRequest(http.MethodPost, "http://bench.example/account/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://bench.example")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "furusato_session" {
			return c.Name + "=" + c.Value
		}
	}
	b.Fatalf("sign-in of %s: %d", email, rec.Code)
	return ""
}

// BenchmarkEntryPages measures the entry workflow's reads through the whole
// handler (routing, middleware, session, service, templates) at
// testkit.BenchProjects() projects and testkit.BenchEntries() entries: the
// board of the most entered project and of a typical one (default order,
// sorted and filtered, searched, a later page), My page of the participant
// with the most entries, and the API lists.
func BenchmarkEntryPages(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := benchEntriesDB(b, e)
			ctx := context.Background()
			clock := func() time.Time { return benchNow }
			h, err := app.New(db, newServices(b, db, "http://bench.example", clock), app.Options{BaseURL: "http://bench.example"})
			if err != nil {
				b.Fatal(err)
			}
			ids, counts, err := db.ProjectsByEntries(ctx)
			if err != nil || len(ids) == 0 {
				b.Fatalf("no entries: %v", err)
			}
			busiest, typical := ids[0], ids[len(ids)/2]
			uid, mine, err := db.BusiestParticipant(ctx)
			if err != nil {
				b.Fatal(err)
			}
			u, err := db.FindUserByID(ctx, uid)
			if err != nil {
				b.Fatal(err)
			}
			gifu, err := db.CoordinatorFor(ctx, 21)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: busiest project %d has %d entries, typical %d has %d; busiest participant %d has %d; %d projects have entries",
				e, busiest, counts[0], typical, counts[len(ids)/2], uid, mine, len(ids))
			slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
			admin := signIn(b, h, "admin@demo.furusato.example")
			participant := signIn(b, h, u.Email)
			token := func(email string) string {
				uu, err := db.FindUserByEmail(ctx, email)
				if err != nil {
					b.Fatal(err)
				}
				a, err := db.ActorFor(ctx, uu.ID)
				if err != nil {
					b.Fatal(err)
				}
				_, secret, err := service.NewAPITokens(db, clock).Create(ctx, a, "bench", furusato.ScopeWrite, 0, "")
				if err != nil {
					b.Fatal(err)
				}
				return "Bearer " + secret
			}
			coordToken, participantToken := token("coordinator.gifu@demo.furusato.example"), token(u.Email)
			board := func(id int64) string { return "/manage/projects/" + strconv.FormatInt(id, 10) + "/entries" }
			orgEntries := "/api/v1/organizations/" + strconv.FormatInt(gifu.ID, 10) + "/entries"
			cases := []struct {
				name, path, header, value string
			}{
				{"board-busiest", board(busiest), "Cookie", admin},
				{"board-busiest-sorted-filtered", board(busiest) + "?stage=submitted&sort=hours&dir=desc", "Cookie", admin},
				{"board-busiest-search", board(busiest) + "?q=" + url.QueryEscape("経験"), "Cookie", admin},
				{"board-busiest-page-5", board(busiest) + "?page=5", "Cookie", admin},
				{"board-typical", board(typical), "Cookie", admin},
				{"board-typical-sorted", board(typical) + "?sort=name", "Cookie", admin},
				{"my-page-busiest", "/me", "Cookie", participant},
				{"api-me-entries", "/api/v1/me/entries", "Authorization", participantToken},
				{"api-org-entries", orgEntries, "Authorization", coordToken},
				{"api-org-entries-stage", orgEntries + "?stage=interview&offset=100", "Authorization", coordToken},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					req := httptest.NewRequest(http.MethodGet, "http://bench.example"+c.path, nil)
					req.Header.Set(c.header, c.value)
					var lat []time.Duration
					for b.Loop() {
						w := httptest.NewRecorder()
						t0 := time.Now()
						h.ServeHTTP(w, req)
						lat = append(lat, time.Since(t0))
						if w.Code != http.StatusOK {
							b.Fatalf("%s: %d %s", c.path, w.Code, w.Body.String())
						}
					}
					reportPercentiles(b, lat)
				})
			}
		})
	}
}

// BenchmarkEntryServices measures the service methods under the pages
// alone (no HTTP, no templates): Board, Mine and OrganizationEntries.
func BenchmarkEntryServices(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := benchEntriesDB(b, e)
			ctx := context.Background()
			clock := func() time.Time { return benchNow }
			es := newServices(b, db, "http://bench.example", clock).Entries
			ids, _, err := db.ProjectsByEntries(ctx)
			if err != nil || len(ids) == 0 {
				b.Fatalf("no entries: %v", err)
			}
			uid, _, err := db.BusiestParticipant(ctx)
			if err != nil {
				b.Fatal(err)
			}
			actor := func(id int64) *furusato.Actor {
				a, err := db.ActorFor(ctx, id)
				if err != nil {
					b.Fatal(err)
				}
				return a
			}
			au, err := db.FindUserByEmail(ctx, "admin@demo.furusato.example")
			if err != nil {
				b.Fatal(err)
			}
			admin, participant := actor(au.ID), actor(uid)
			gifu, err := db.CoordinatorFor(ctx, 21)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("board-busiest", func(b *testing.B) {
				for b.Loop() {
					if _, err := es.Board(ctx, admin, ids[0], service.BoardFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("board-typical", func(b *testing.B) {
				for b.Loop() {
					if _, err := es.Board(ctx, admin, ids[len(ids)/2], service.BoardFilter{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("mine-busiest", func(b *testing.B) {
				for b.Loop() {
					if _, err := es.Mine(ctx, participant); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("organization-entries", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := es.OrganizationEntries(ctx, admin, gifu.ID, service.BoardFilter{Limit: 50}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
