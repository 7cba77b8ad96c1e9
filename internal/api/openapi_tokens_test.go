package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// newTokenServer serves the API over db as the app wires it: the token
// middleware decides the actor.
func newTokenServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	s := newServices(t, db)
	mux := http.NewServeMux()
	newAPI(t, s, testBaseURL).Register(mux)
	srv := httptest.NewServer(httpx.WithAPITokens(s.APITokens)(mux))
	t.Cleanup(srv.Close)
	return srv
}

// demoToken creates a token for the demo account email.
func demoToken(t *testing.T, db *store.DB, email string) string {
	t.Helper()
	ctx := context.Background()
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	a, err := db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := service.NewAPITokens(db, func() time.Time { return testNow }).Create(ctx, a, "test", furusato.ScopeWrite, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// send makes a request with an optional bearer token and JSON body.
func send(t *testing.T, srv *httptest.Server, method, path, token, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// fieldsOf returns the editable fields of p, for a body that copies it.
func fieldsOf(p managedProjectJS) projectFieldsJS {
	f := projectFieldsJS{Title: &p.Title, CatchCopy: &p.CatchCopy, Background: &p.Background, WhatYouDo: &p.WhatYouDo,
		Goal: &p.Goal, Themes: &p.Themes, Skills: &p.Skills, GoodFor: &p.GoodFor, Gains: &p.Gains, WorkStyle: &p.WorkStyle,
		VisitsPerMonth: &p.VisitsPerMonth, WorkPlace: &p.WorkPlace, HoursPerWeek: &p.HoursPerWeek, DurationMonths: &p.DurationMonths,
		StartDate: p.StartDate, RewardType: &p.RewardType, RewardAmount: &p.RewardAmount, TravelCost: &p.TravelCost,
		Places: &p.Places, Deadline: p.Deadline, Prefecture: &p.Prefecture, City: &p.City}
	return f
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOpenAPI_TokenRoutesMatchSchemas drives every token route through its
// documented answers with the demo accounts, checks each against the
// document, and requires every documented answer of these routes to occur.
func TestOpenAPI_TokenRoutesMatchSchemas(t *testing.T) {
	doc := loadDoc(t)
	ctx := context.Background()
	db := testkit.NewDB(t, store.SQLite)
	if _, err := demo.Load(ctx, db, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadAccounts(ctx, db, testNow, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	srv := newTokenServer(t, db)
	down := newTokenServer(t, closedDB(t))
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))

	coord := demoToken(t, db, "coordinator.gifu@demo.furusato.example")
	staff := demoToken(t, db, "staff.watercress@demo.furusato.example")
	participant := demoToken(t, db, "participant@demo.furusato.example")
	anyToken := "fst_" + strings.Repeat("a", 52)

	exercised := map[string]bool{}
	check := func(route string, r response, want int) response {
		t.Helper()
		if r.status != want {
			t.Fatalf("%s: status %d, want %d: %s", route, r.status, want, r.body)
		}
		method, path, _ := strings.Cut(route, " ")
		op := operation(doc, method, path)
		if op == nil {
			t.Fatalf("%s not documented", route)
		}
		resp, ok := op["responses"].(jsonObject)[strconv.Itoa(r.status)].(jsonObject)
		if !ok {
			t.Fatalf("%s: status %d not documented", route, r.status)
		}
		exercised[route+" "+strconv.Itoa(r.status)] = true
		checkResponse(t, doc, resp, r)
		if r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", route, r.header.Get("Cache-Control"))
		}
		if r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: CORS header on a token route", route)
		}
		if r.status == http.StatusUnauthorized && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: 401 without WWW-Authenticate: Bearer", route)
		}
		return r
	}

	const me, manage = "GET /api/v1/me", "GET /api/v1/manage/projects"
	const create, patch, move = "POST /api/v1/projects", "PATCH /api/v1/projects/{key}", "POST /api/v1/projects/{id}/status"
	check(me, send(t, srv, "GET", "/api/v1/me", coord, ""), 200)
	staffMe := decode[meJS](t, check(me, send(t, srv, "GET", "/api/v1/me", staff, ""), 200))
	if len(staffMe.Memberships) != 1 || staffMe.Memberships[0].Company == nil || staffMe.Memberships[0].Company.Slug != "gujo-seiryu-farm" {
		t.Errorf("staff memberships %+v", staffMe.Memberships)
	}
	check(me, send(t, srv, "GET", "/api/v1/me", "", ""), 401)
	check(me, send(t, down, "GET", "/api/v1/me", anyToken, ""), 500)

	dash := decode[manageListJS](t, check(manage, send(t, srv, "GET", "/api/v1/manage/projects", coord, ""), 200))
	var model managedProjectJS
	for _, s := range dash.Sections {
		for _, p := range s.Projects {
			if p.Slug == "gifu-watercress-evangelist" {
				model = p
			}
		}
	}
	if model.ID == 0 {
		t.Fatalf("the coordinator's dashboard lacks the watercress project: %+v", dash)
	}
	check(manage, send(t, srv, "GET", "/api/v1/manage/projects", staff, ""), 200)
	check(manage, send(t, srv, "GET", "/api/v1/manage/projects", participant, ""), 404)
	check(manage, send(t, srv, "GET", "/api/v1/manage/projects", "", ""), 401)
	check(manage, send(t, down, "GET", "/api/v1/manage/projects", anyToken, ""), 500)

	full := projectCreateJS{Company: "gujo-seiryu-farm", projectFieldsJS: fieldsOf(model)}
	slug := "watercress-api-tour"
	full.Slug = &slug
	created := decode[managedProjectJS](t, check(create, send(t, srv, "POST", "/api/v1/projects", coord, mustJSON(t, full)), 201))
	if created.Status != "draft" || created.Slug != slug || created.Company.Slug != "gujo-seiryu-farm" {
		t.Fatalf("created %+v", created)
	}
	check(create, send(t, srv, "POST", "/api/v1/projects", coord, `{"company":"gujo-seiryu-farm","title":"x","colour":"red"}`), 400)
	check(create, send(t, srv, "POST", "/api/v1/projects", "", `{"company":"gujo-seiryu-farm","title":"x"}`), 401)
	check(create, send(t, srv, "POST", "/api/v1/projects", participant, `{"company":"gujo-seiryu-farm","title":"x"}`), 403)
	check(create, send(t, srv, "POST", "/api/v1/projects", coord, `{"company":"no-such-company","title":"x"}`), 404)
	taken := full
	takenSlug := "gifu-watercress-evangelist"
	taken.Slug = &takenSlug
	check(create, send(t, srv, "POST", "/api/v1/projects", coord, mustJSON(t, taken)), 409)
	check(create, send(t, down, "POST", "/api/v1/projects", anyToken, `{"company":"gujo-seiryu-farm"}`), 500)

	// Every field error names its rule's values; hostile text is a field
	// error with a stable code, never a 500; nothing is created.
	steps := make([]string, 9)
	for i := range steps {
		steps[i] = "面談"
	}
	long := strings.Repeat("長", 10000)
	for _, c := range []struct {
		set                map[string]any
		field, key, params string
	}{
		{map[string]any{"places": 51}, "places", "error.range", `{"max":50,"min":1}`},
		{map[string]any{"places": 0}, "places", "error.range", `{"max":50,"min":1}`},
		{map[string]any{"hours_per_week": 41}, "hours_per_week", "error.range", `{"max":40,"min":1}`},
		{map[string]any{"duration_months": 25}, "duration_months", "error.range", `{"max":24,"min":1}`},
		{map[string]any{"reward_type": "paid", "reward_amount": 9_999_999_999}, "reward_amount", "error.range", `{"max":1000000,"min":0}`},
		{map[string]any{"reward_type": "none", "reward_amount": 5000}, "reward_amount", "error.amount_without_reward", `{"other":"reward_type"}`},
		{map[string]any{"reward_type": "paid", "reward_amount": 5000, "reward_basis": ""}, "reward_basis", "error.required", `{"other":"reward_amount"}`},
		{map[string]any{"title": strings.Repeat("字", 81)}, "title", "error.too_long", `{"max":80}`},
		{map[string]any{"title": long}, "title", "error.too_long", `{"max":80}`},
		{map[string]any{"title": "a\x00b"}, "title", "error.bad_text", ""},
		{map[string]any{"work_times": "safe\u202egnp.exe"}, "work_times", "error.bad_text", ""},
		{map[string]any{"host_intro": long}, "host_intro", "error.too_long", `{"max":1000}`},
		{map[string]any{"reward_note": long}, "reward_note", "error.too_long", `{"max":400}`},
		{map[string]any{"response_days": 61}, "response_days", "error.range", `{"max":60,"min":0}`},
		{map[string]any{"selection_steps": steps}, "selection_steps", "error.too_many", `{"max":8}`},
		{map[string]any{"selection_steps": []string{strings.Repeat("段", 41)}}, "selection_steps", "error.too_long", `{"max":40,"per":"item"}`},
		{map[string]any{"interview_style": "phone"}, "interview_style", "error.invalid", ""},
		{map[string]any{"deadline": "2026-13-01"}, "deadline", "manage.error.date", ""},
	} {
		var body map[string]any
		if err := json.Unmarshal([]byte(mustJSON(t, full)), &body); err != nil {
			t.Fatal(err)
		}
		maps.Copy(body, c.set)
		body["slug"] = "field-error-" + c.field
		wantFieldError(t, check(create, send(t, srv, "POST", "/api/v1/projects", coord, mustJSON(t, body)), 400), c.field, c.key, c.params)
	}
	wantFieldError(t, check(create, send(t, srv, "POST", "/api/v1/projects", coord, "{\"company\":\"gujo-seiryu-farm\",\"title\":\"\xff\"}"), 400),
		"title", "error.bad_text", "")

	// Another company's draft, which the watercress staff may not see.
	washi := full
	washi.Company, washi.Slug = "mino-washi-kozosha", nil
	other := decode[managedProjectJS](t, check(create, send(t, srv, "POST", "/api/v1/projects", coord, mustJSON(t, washi)), 201))
	id := strconv.FormatInt(created.ID, 10)
	otherID := strconv.FormatInt(other.ID, 10)

	title := "クレソン収穫体験ツアー（API）"
	body := mustJSON(t, projectPatchJS{Version: &created.Version, projectFieldsJS: projectFieldsJS{Title: &title}})
	updated := decode[managedProjectJS](t, check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+id, coord, body), 200))
	if updated.Title != "クレソン収穫体験ツアー（API）" || updated.Version == created.Version { // titles are kept as typed
		t.Errorf("updated %+v", updated)
	}
	title2 := "クレソン収穫体験ツアー"
	stale := mustJSON(t, projectPatchJS{Version: &created.Version, projectFieldsJS: projectFieldsJS{Title: &title2}})
	check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+id, coord, stale), 409)
	check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+id, coord, `{"title":"x"}`), 400)
	for body, want := range map[string][3]string{
		`{"places":0}`:                         {"places", "error.range", `{"max":50,"min":1}`},
		`{"response_days":-1}`:                 {"response_days", "manage.error.number", `{"max":60,"min":0}`},
		`{"interview_note":"` + long + `"}`:    {"interview_note", "error.too_long", `{"max":200}`},
		`{"supporter_intro":"a\u202eb\u0000"}`: {"supporter_intro", "error.bad_text", ""},
	} {
		body = `{"version":` + strconv.FormatInt(updated.Version, 10) + "," + body[1:]
		wantFieldError(t, check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+id, coord, body), 400), want[0], want[1], want[2])
	}
	check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+id, "", body), 401)
	check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+otherID, staff, mustJSON(t, projectPatchJS{Version: &other.Version, projectFieldsJS: projectFieldsJS{Title: &title}})), 404)
	check(patch, send(t, srv, "PATCH", "/api/v1/projects/"+strconv.FormatInt(model.ID, 10), staff, mustJSON(t, projectPatchJS{Version: &model.Version, projectFieldsJS: projectFieldsJS{Title: &title}})), 403)
	check(patch, send(t, down, "PATCH", "/api/v1/projects/"+id, anyToken, body), 500)

	check(move, send(t, srv, "POST", "/api/v1/projects/"+id+"/status", coord, `{"to":"gone"}`), 400)
	check(move, send(t, srv, "POST", "/api/v1/projects/"+id+"/status", "", `{"to":"published"}`), 401)
	check(move, send(t, srv, "POST", "/api/v1/projects/"+id+"/status", staff, `{"to":"published"}`), 403)
	check(move, send(t, srv, "POST", "/api/v1/projects/"+otherID+"/status", staff, `{"to":"published"}`), 404)
	check(move, send(t, srv, "POST", "/api/v1/projects/"+id+"/status", coord, `{"to":"completed"}`), 409)
	published := decode[managedProjectJS](t, check(move, send(t, srv, "POST", "/api/v1/projects/"+id+"/status", coord, `{"to":"published","comment":"APIから公開"}`), 200))
	if published.Status != "published" || published.PublishedAt == nil {
		t.Errorf("published %+v", published)
	}
	check(move, send(t, down, "POST", "/api/v1/projects/"+id+"/status", anyToken, `{"to":"published"}`), 500)
	if r := send(t, srv, "GET", "/api/v1/projects/"+slug, "", ""); r.status != 200 {
		t.Errorf("the published project is not public: %d", r.status)
	}

	checkEntryRoutes(t, db, check)  // openapi_entries_test.go
	checkTeamRoutes(t, db, check)   // openapi_teams_test.go
	checkRecordRoutes(t, db, check) // records_test.go

	for path, item := range doc["paths"].(jsonObject) {
		for method, op := range item.(jsonObject) {
			if _, ok := op.(jsonObject)["security"]; !ok {
				continue
			}
			for status := range op.(jsonObject)["responses"].(jsonObject) {
				if key := strings.ToUpper(method) + " " + path + " " + status; !exercised[key] {
					t.Errorf("documented response %s is never exercised by this test", key)
				}
			}
		}
	}
}
