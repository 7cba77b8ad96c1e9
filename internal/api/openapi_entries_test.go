package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/store"
)

// newEntryTokenServer serves the API over db with the entry service, as
// the app wires it.
func newEntryTokenServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	s := newServices(t, db)
	mux := http.NewServeMux()
	newAPI(t, s, testBaseURL).Register(mux)
	srv := httptest.NewServer(httpx.WithAPITokens(s.APITokens)(mux))
	t.Cleanup(srv.Close)
	return srv
}

// checkEntryRoutes drives the entry routes through their documented
// answers, for TestOpenAPI_TokenRoutesMatchSchemas: db holds the demo data
// and accounts; check validates one answer against the document and
// records it as exercised.
func checkEntryRoutes(t *testing.T, db *store.DB, check func(route string, r response, want int) response) {
	t.Helper()
	ctx := context.Background()
	srv, downSrv := newEntryTokenServer(t, db), newEntryTokenServer(t, closedDB(t))
	entries := newServices(t, db).Entries
	actor := func(email string) *furusato.Actor {
		u, err := db.FindUserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	p, err := db.FindProject(ctx, "hida-furniture-craftsman-recruiting", nil)
	if err != nil {
		t.Fatal(err)
	}
	participant := actor("participant@demo.furusato.example")
	if _, err := entries.Submit(ctx, participant, p.ID, furusato.Entry{Motivation: "木工に関わりたいと考えています。", Contribution: "設計の経験があります。", HoursPerWeek: 10}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := entries.SetFavorite(ctx, participant, p.ID, true); err != nil {
		t.Fatalf("favourite: %v", err)
	}
	org, err := db.CoordinatorFor(ctx, 21)
	if err != nil {
		t.Fatal(err)
	}
	orgPath := "/api/v1/organizations/" + strconv.FormatInt(org.ID, 10) + "/entries"
	tok := demoToken(t, db, "participant@demo.furusato.example")
	coord := demoToken(t, db, "coordinator.gifu@demo.furusato.example")
	anyToken := "fst_" + strings.Repeat("a", 52)

	const mine, favs, orgEntries = "GET /api/v1/me/entries", "GET /api/v1/me/favorites", "GET /api/v1/organizations/{id}/entries"
	if got := decode[myEntriesJS](t, check(mine, send(t, srv, "GET", "/api/v1/me/entries", tok, ""), 200)); len(got.Entries) == 0 {
		t.Errorf("%s: no entries", mine)
	}
	check(mine, send(t, srv, "GET", "/api/v1/me/entries", "", ""), 401)
	check(mine, send(t, downSrv, "GET", "/api/v1/me/entries", anyToken, ""), 500)
	if got := decode[favoritesJS](t, check(favs, send(t, srv, "GET", "/api/v1/me/favorites", tok, ""), 200)); len(got.Projects) == 0 {
		t.Errorf("%s: no favourites", favs)
	}
	check(favs, send(t, srv, "GET", "/api/v1/me/favorites", "", ""), 401)
	check(favs, send(t, downSrv, "GET", "/api/v1/me/favorites", anyToken, ""), 500)
	if got := decode[orgEntriesJS](t, check(orgEntries, send(t, srv, "GET", orgPath+"?stage=submitted&limit=10", coord, ""), 200)); got.Total == 0 {
		t.Errorf("%s: no entries", orgEntries)
	}
	check(orgEntries, send(t, srv, "GET", orgPath+"?stage=x", coord, ""), 400)
	wantFieldError(t, check(orgEntries, send(t, srv, "GET", orgPath+"?limit=201", coord, ""), 400), "limit", "error.range", `{"max":200,"min":1}`)
	wantFieldError(t, check(orgEntries, send(t, srv, "GET", orgPath+"?offset=-1&stage=x", coord, ""), 400), "offset", "error.range", `{"max":1000000,"min":0}`)
	check(orgEntries, send(t, srv, "GET", orgPath, "", ""), 401)
	check(orgEntries, send(t, srv, "GET", orgPath, tok, ""), 404)
	check(orgEntries, send(t, downSrv, "GET", orgPath, anyToken, ""), 500)
}
