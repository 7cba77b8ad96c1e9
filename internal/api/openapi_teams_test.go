package api

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// apiTeam matches the demo participant on the watercress project, which
// makes its team, and returns the team.
func apiTeam(t *testing.T, db *store.DB) *furusato.Team {
	t.Helper()
	ctx := context.Background()
	s := newServices(t, db)
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
	p, err := db.FindProject(ctx, "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	part := actor("participant@demo.furusato.example")
	e, err := s.Entries.Submit(ctx, part, p.ID, furusato.Entry{Motivation: "クレソンを広めたいと考えています。", Contribution: "SNSの運用経験があります。", HoursPerWeek: 10})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := s.Entries.Move(ctx, actor("coordinator.gifu@demo.furusato.example"), e.ID, furusato.StageOffered, "", ""); err != nil {
		t.Fatalf("offer: %v", err)
	}
	if err := s.Entries.Accept(ctx, part, e.ID); err != nil {
		t.Fatalf("accept: %v", err)
	}
	team, err := db.FindTeamByProject(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return team
}

// checkTeamRoutes drives the team routes through their documented
// answers, for TestOpenAPI_TokenRoutesMatchSchemas (db holds the demo data
// and accounts).
func checkTeamRoutes(t *testing.T, db *store.DB, check func(route string, r response, want int) response) {
	t.Helper()
	ctx := context.Background()
	srv, downSrv := newEntryTokenServer(t, db), newEntryTokenServer(t, closedDB(t))
	team := apiTeam(t, db)
	base := "/api/v1/teams/" + strconv.FormatInt(team.ID, 10)
	part := demoToken(t, db, "participant@demo.furusato.example")
	coord := demoToken(t, db, "coordinator.gifu@demo.furusato.example")
	staff := demoToken(t, db, "staff.watercress@demo.furusato.example")
	outsider := demoToken(t, db, "coordinator.hokkaido@demo.furusato.example")
	anyToken := "fst_" + strings.Repeat("a", 52)

	const mine, show, list, create = "GET /api/v1/me/teams", "GET /api/v1/teams/{id}", "GET /api/v1/teams/{id}/checkins", "POST /api/v1/teams/{id}/checkins"
	got := decode[myTeamsJS](t, check(mine, send(t, srv, "GET", "/api/v1/me/teams", part, ""), 200))
	if len(got.Teams) != 1 || got.Teams[0].ID != team.ID || got.Teams[0].URL != testBaseURL+"/teams/"+strconv.FormatInt(team.ID, 10) {
		t.Errorf("my teams %+v", got)
	}
	if got := decode[myTeamsJS](t, check(mine, send(t, srv, "GET", "/api/v1/me/teams", outsider, ""), 200)); len(got.Teams) != 0 {
		t.Errorf("outsider's teams %+v", got)
	}
	check(mine, send(t, srv, "GET", "/api/v1/me/teams", "", ""), 401)
	check(mine, send(t, downSrv, "GET", "/api/v1/me/teams", anyToken, ""), 500)

	// Writing: the participant only; field errors in JSON; hostile text refused.
	c := decode[checkInJS](t, check(create, send(t, srv, "POST", base+"/checkins", part, `{"done":"畑を見学しました\nhttps://example.jp","next":"ロゴ案","hours":6}`), 201))
	if c.Seq != 1 || c.Hours != 6 || c.Author.DisplayName == "" || !strings.Contains(c.URL, "/checkins#checkin-") {
		t.Errorf("created %+v", c)
	}
	type fieldWant struct{ field, key, params string }
	for body, want := range map[string]fieldWant{
		`{"done":"","next":"x","hours":1}`:                                   {"done", "error.required", ""},
		`{"done":"x","next":"x","hours":-1}`:                                 {"hours", "error.range", `{"max":400,"min":0}`},
		`{"done":"x","next":"x","hours":401}`:                                {"hours", "error.range", `{"max":400,"min":0}`},
		`{"done":"x","next":"x"}`:                                            {"hours", "error.required", ""},
		`{"done":"x","next":"x","hours":"many"}`:                             {"hours", "error.invalid", ""},
		`{"done":"a\u0000b","next":"x","hours":1}`:                           {"done", "error.bad_text", ""},
		`{"done":"x","next":"` + strings.Repeat("長", 10000) + `","hours":1}`: {"next", "error.too_long", `{"max":2000}`},
		`{"done":"x","next":"x","hours":1,"mood":"good"}`:                    {"mood", "error.unknown_field", ""},
		"{\"done\":\"\xff\",\"next\":\"x\",\"hours\":1}":                     {"done", "error.bad_text", ""},
	} {
		wantFieldError(t, check(create, send(t, srv, "POST", base+"/checkins", part, body), 400), want.field, want.key, want.params)
	}
	check(create, send(t, srv, "POST", base+"/checkins", "", `{"done":"x","next":"x","hours":1}`), 401)
	check(create, send(t, srv, "POST", base+"/checkins", staff, `{"done":"x","next":"x","hours":1}`), 403)
	check(create, send(t, srv, "POST", base+"/checkins", coord, `{"done":"x","next":"x","hours":1}`), 403)
	check(create, send(t, srv, "POST", base+"/checkins", outsider, `{"done":"x","next":"x","hours":1}`), 404)
	check(create, send(t, srv, "POST", "/api/v1/teams/999999/checkins", part, `{"done":"x","next":"x","hours":1}`), 404)
	check(create, send(t, downSrv, "POST", base+"/checkins", anyToken, `{"done":"x","next":"x","hours":1}`), 500)
	for i := 2; i <= 5; i++ {
		check(create, send(t, srv, "POST", base+"/checkins", part, `{"done":"報告`+strconv.Itoa(i)+`","next":"x","blockers":"写真","hours":1}`), 201)
	}
	check(create, send(t, srv, "POST", base+"/checkins", part, `{"done":"6件目","next":"x","hours":1}`), 429)

	// Reading: the team and admins; outsiders 404.
	d := decode[teamDetailJS](t, check(show, send(t, srv, "GET", base, part, ""), 200))
	if d.ID != team.ID || d.Project.Slug != "gifu-watercress-evangelist" || len(d.Members) == 0 || d.LatestCheckIn == nil || d.LatestCheckIn.Seq != 5 {
		t.Errorf("team %+v", d)
	}
	check(show, send(t, srv, "GET", base, staff, ""), 200)
	check(show, send(t, srv, "GET", base, outsider, ""), 404)
	check(show, send(t, srv, "GET", "/api/v1/teams/nope", part, ""), 404)
	check(show, send(t, srv, "GET", base, "", ""), 401)
	check(show, send(t, downSrv, "GET", base, anyToken, ""), 500)

	page := decode[checkInsJS](t, check(list, send(t, srv, "GET", base+"/checkins?limit=2", coord, ""), 200))
	if len(page.CheckIns) != 2 || page.CheckIns[0].Seq != 5 || page.Older == nil {
		t.Fatalf("page 1 %+v", page)
	}
	next := strings.TrimPrefix(*page.Older, testBaseURL)
	page = decode[checkInsJS](t, check(list, send(t, srv, "GET", next, coord, ""), 200))
	if len(page.CheckIns) != 2 || page.CheckIns[0].Seq != 3 {
		t.Errorf("page 2 %+v", page)
	}
	wantFieldError(t, check(list, send(t, srv, "GET", base+"/checkins?limit=0", coord, ""), 400), "limit", "error.range", `{"max":100,"min":1}`)
	check(list, send(t, srv, "GET", base+"/checkins?before=x", coord, ""), 400)
	check(list, send(t, srv, "GET", base+"/checkins?sort=new", coord, ""), 400)
	check(list, send(t, srv, "GET", base+"/checkins", outsider, ""), 404)
	check(list, send(t, srv, "GET", base+"/checkins", "", ""), 401)
	check(list, send(t, downSrv, "GET", base+"/checkins", anyToken, ""), 500)

	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.EndTeam(ctx, team.ID, false, "", testNow) }); err != nil {
		t.Fatal(err)
	}
	check(create, send(t, srv, "POST", base+"/checkins", part, `{"done":"x","next":"x","hours":1}`), 409)
}
