package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// These tests go through the whole app handler (app.New), as a client of
// the API would: the demo accounts, tokens made by the service.

const siteURL = "https://furusato.example.jp"

var siteNow = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

type site struct {
	t      *testing.T
	h      http.Handler
	db     *store.DB
	svc    *service.Services
	tokens *service.APITokens
}

func newSite(t *testing.T) *site {
	t.Helper()
	old := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { slog.SetDefault(old) })
	ctx := context.Background()
	db := testkit.NewDB(t, store.SQLite)
	if _, err := demo.Load(ctx, db, siteNow); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadAccounts(ctx, db, siteNow, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	svc, err := service.New(db, service.Config{BaseURL: siteURL, Now: func() time.Time { return siteNow }, Argon: service.TestArgon})
	if err != nil {
		t.Fatal(err)
	}
	h, err := app.New(db, svc, app.Options{BaseURL: siteURL, Demo: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return &site{t: t, h: h, db: db, svc: svc, tokens: svc.APITokens}
}

func (s *site) actor(email string) *furusato.Actor {
	s.t.Helper()
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, email)
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := s.db.ActorFor(ctx, u.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

func (s *site) token(email string) (string, int64) {
	s.t.Helper()
	tk, secret, err := s.tokens.Create(context.Background(), s.actor(email), "test", furusato.ScopeWrite, 0, "")
	if err != nil {
		s.t.Fatal(err)
	}
	return secret, tk.ID
}

type reply struct {
	status int
	header http.Header
	body   string
}

// call serves one request; headers are name, value pairs.
func (s *site) call(method, path, body string, headers ...string) reply {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, siteURL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return reply{status: rec.Code, header: rec.Result().Header, body: string(b)}
}

func (s *site) bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }

func (r reply) want(t *testing.T, what string, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.status, status, r.body)
	}
	if code != "" && !strings.Contains(r.body, `"code":"`+code+`"`) {
		t.Fatalf("%s: body %s, want code %s", what, r.body, code)
	}
}

type project struct {
	ID          int64   `json:"id"`
	Slug        string  `json:"slug"`
	Status      string  `json:"status"`
	Title       string  `json:"title"`
	Version     int64   `json:"version"`
	PublishedAt *string `json:"published_at"`
}

// ver is p's version as JSON.
func ver(p project) string { return strconv.FormatInt(p.Version, 10) }

func decodeProject(t *testing.T, r reply) project {
	t.Helper()
	var p project
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return p
}

// fullBody copies the demo watercress project's fields into a create body.
func (s *site) fullBody(token, company, slug string) string {
	s.t.Helper()
	r := s.call("GET", "/api/v1/manage/projects", "", s.bearer(token)...)
	r.want(s.t, "dashboard", 200, "")
	var dash struct {
		Sections []struct {
			Projects []map[string]any `json:"projects"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(r.body), &dash); err != nil {
		s.t.Fatal(err)
	}
	for _, sec := range dash.Sections {
		for _, p := range sec.Projects {
			if p["slug"] != "gifu-watercress-evangelist" {
				continue
			}
			for _, k := range []string{"id", "status", "company", "organization", "created_at", "updated_at", "version", "published_at", "url"} {
				delete(p, k)
			}
			p["company"], p["slug"] = company, slug
			b, _ := json.Marshal(p)
			return string(b)
		}
	}
	s.t.Fatal("no watercress project on the dashboard")
	return ""
}

func TestAPITokens_CoordinatorCreatesUpdatesPublishes(t *testing.T) {
	s := newSite(t)
	coord, _ := s.token("coordinator.gifu@demo.furusato.example")
	r := s.call("POST", "/api/v1/projects", s.fullBody(coord, "gujo-seiryu-farm", "watercress-harvest-api"), s.bearer(coord)...)
	r.want(t, "create", http.StatusCreated, "")
	p := decodeProject(t, r)
	if p.Status != "draft" || r.header.Get("Location") != siteURL+"/api/v1/projects/"+strconv.FormatInt(p.ID, 10) {
		t.Fatalf("created %+v, Location %q", p, r.header.Get("Location"))
	}
	if r := s.call("GET", "/api/v1/projects/watercress-harvest-api", ""); r.status != 404 {
		t.Fatalf("a draft is public: %d", r.status)
	}
	id := strconv.FormatInt(p.ID, 10)
	r = s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(p)+`,"title":"清流クレソン収穫の応援団"}`, s.bearer(coord)...)
	r.want(t, "update", 200, "")
	if up := decodeProject(t, r); up.Title != "清流クレソン収穫の応援団" {
		t.Fatalf("updated %+v", up)
	}
	s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(p)+`,"title":"古い版から"}`, s.bearer(coord)...).want(t, "stale update", 409, "conflict")
	s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(p)+`,"titel":"typo"}`, s.bearer(coord)...).want(t, "unknown field", 400, "invalid")
	s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(p)+`,"title":"`+strings.Repeat("あ", 1<<19)+`"}`, s.bearer(coord)...).want(t, "body over 1 MB", 400, "invalid")
	r = s.call("POST", "/api/v1/projects/"+id+"/status", `{"to":"published","comment":"APIで公開"}`, s.bearer(coord)...)
	r.want(t, "publish", 200, "")
	if pub := decodeProject(t, r); pub.Status != "published" || pub.PublishedAt == nil {
		t.Fatalf("published %+v", pub)
	}
	// The public project's version is the one PATCH takes: a client that
	// reads the project and writes it back is not refused, and one that
	// writes from a version since replaced is.
	r = s.call("GET", "/api/v1/projects/watercress-harvest-api", "")
	r.want(t, "the published project is public", 200, "")
	public := decodeProject(t, r)
	r = s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(public)+`,"title":"清流クレソン収穫の仲間"}`, s.bearer(coord)...)
	r.want(t, "update from the public read", 200, "")
	if up := decodeProject(t, r); up.Title != "清流クレソン収穫の仲間" || up.Version == public.Version {
		t.Fatalf("updated from the public read: %+v (read %d)", up, public.Version)
	}
	s.call("PATCH", "/api/v1/projects/"+id, `{"version":`+ver(public)+`,"title":"古い版から"}`, s.bearer(coord)...).want(t, "update from the replaced public read", 409, "conflict")
	s.call("PATCH", "/api/v1/projects/"+id, `{"title":"版なし"}`, s.bearer(coord)...).want(t, "update without a version", 400, "invalid")
	me := s.call("GET", "/api/v1/me", "", s.bearer(coord)...)
	me.want(t, "me", 200, "")
	if !strings.Contains(me.body, `"coordinator"`) || me.header.Get("Cache-Control") != "no-store" {
		t.Errorf("me: %s, %v", me.body, me.header)
	}
}

func TestAPITokens_StaffSeesOnlyTheirCompanyAndCannotPublish(t *testing.T) {
	s := newSite(t)
	coord, _ := s.token("coordinator.gifu@demo.furusato.example")
	staff, _ := s.token("staff.watercress@demo.furusato.example")
	r := s.call("POST", "/api/v1/projects", s.fullBody(coord, "mino-washi-kozosha", "washi-draft-api"), s.bearer(coord)...)
	r.want(t, "coordinator creates another company's draft", 201, "")
	other := decodeProject(t, r)
	otherID := strconv.FormatInt(other.ID, 10)
	s.call("PATCH", "/api/v1/projects/"+otherID, `{"version":`+ver(other)+`,"title":"x"}`, s.bearer(staff)...).want(t, "staff edits another company's draft", 404, "not_found")
	s.call("POST", "/api/v1/projects/"+otherID+"/status", `{"to":"in_review"}`, s.bearer(staff)...).want(t, "staff moves another company's draft", 404, "not_found")
	dash := s.call("GET", "/api/v1/manage/projects", "", s.bearer(staff)...)
	dash.want(t, "staff dashboard", 200, "")
	if strings.Contains(dash.body, "washi-draft-api") || !strings.Contains(dash.body, "gifu-watercress-evangelist") {
		t.Errorf("staff dashboard: %s", dash.body)
	}
	s.call("POST", "/api/v1/projects", s.fullBody(coord, "mino-washi-kozosha", "washi-by-staff"), s.bearer(staff)...).want(t, "staff creates for another company", 403, "forbidden")

	r = s.call("POST", "/api/v1/projects", s.fullBody(coord, "gujo-seiryu-farm", "watercress-by-staff"), s.bearer(staff)...)
	r.want(t, "staff creates for their company", 201, "")
	own := strconv.FormatInt(decodeProject(t, r).ID, 10)
	s.call("POST", "/api/v1/projects/"+own+"/status", `{"to":"published"}`, s.bearer(staff)...).want(t, "staff publishes", 403, "forbidden")
}

func TestAPITokens_RevokedTokenCookieAndCrossOrigin(t *testing.T) {
	s := newSite(t)
	coord, id := s.token("coordinator.gifu@demo.furusato.example")
	s.call("GET", "/api/v1/me", "", s.bearer(coord)...).want(t, "live token", 200, "")
	if err := s.tokens.Revoke(context.Background(), s.actor("coordinator.gifu@demo.furusato.example"), id, ""); err != nil {
		t.Fatal(err)
	}
	r := s.call("GET", "/api/v1/me", "", s.bearer(coord)...)
	r.want(t, "revoked token", 401, "unauthorized")
	if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
	}
	s.call("GET", "/api/v1/me", "", "Authorization", "Basic Zm9vOmJhcg==").want(t, "basic auth", 401, "unauthorized")
	s.call("GET", "/api/v1/projects", "", s.bearer("fst_nonsense")...).want(t, "bad token on a public route", 401, "unauthorized")

	// Sign in on the site: the session cookie works for pages, never for the API.
	form := url.Values{"email": {"coordinator.gifu@demo.furusato.example"}, "password": {demo.Password}}
	req := httptest.NewRequest("POST", siteURL+"/account/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", siteURL)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	var cookie string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "__Host-furusato_session" { // the site is https
			cookie = c.Name + "=" + c.Value
		}
	}
	if rec.Code != http.StatusSeeOther || cookie == "" {
		t.Fatalf("sign-in: %d, cookie %q", rec.Code, cookie)
	}
	if r := s.call("GET", "/account", "", "Cookie", cookie); r.status != 200 {
		t.Fatalf("the cookie does not sign in on the site: %d", r.status)
	}
	body := s.fullBody(s.mustToken("coordinator.gifu@demo.furusato.example"), "gujo-seiryu-farm", "cookie-project")
	s.call("POST", "/api/v1/projects", body, "Cookie", cookie, "Origin", siteURL).want(t, "cookie alone", 401, "unauthorized")
	s.call("GET", "/api/v1/me", "", "Cookie", cookie).want(t, "cookie on /me", 401, "unauthorized")

	// A POST from another site is refused, token or not.
	fresh := s.mustToken("coordinator.gifu@demo.furusato.example")
	for _, h := range [][]string{
		{"Cookie", cookie, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
		{"Authorization", "Bearer " + fresh, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
	} {
		if r := s.call("POST", "/api/v1/projects", body, h...); r.status != http.StatusForbidden {
			t.Errorf("cross-origin POST with %s: status %d: %s", h[0], r.status, r.body)
		}
	}
	// A preflight never allows the Authorization header to another origin.
	r = s.call("OPTIONS", "/api/v1/projects", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization")
	if strings.Contains(strings.ToLower(r.header.Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("preflight allows Authorization: %v", r.header)
	}
}

func (s *site) mustToken(email string) string {
	tok, _ := s.token(email)
	return tok
}
