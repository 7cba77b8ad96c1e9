package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

const testBaseURL = "https://furusato.example.jp"

// testNow is the fixed clock: 2026-11-24 10:00 JST.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

// fixture is a small catalogue whose every project differs from the others
// in a way some filter can see.
type fixture struct {
	srv *httptest.Server
	db  *store.DB
	ids map[string]int64 // project slug → id
}

func date(s string) furusato.Date {
	d, err := furusato.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newFixture returns a server over a fresh SQLite database holding:
//
//	slug            pref     themes            style   reward      months deadline    status     published
//	gifu-washi-pr   gifu     pr, crafts        remote  honorarium  3      2026-12-24  published  10 days ago
//	gifu-dx         gifu     it-dx             onsite  paid        6      2026-12-01  published  5 days ago
//	tokyo-brand     tokyo    branding, design  hybrid  none        9      2026-11-20  published  20 days ago (deadline passed)
//	okinawa-tour    okinawa  tourism, pr       remote  paid        2      2026-11-10  closed     30 days ago
//	gifu-event      gifu     events, community onsite  none        12     2027-01-31  published  1 day ago
//	gifu-draft      gifu     pr                remote  none        3      2026-12-24  draft      —
//	okinawa-cancel  okinawa  tourism           remote  none        3      2026-12-24  cancelled  —
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := testkit.NewDB(t, store.SQLite)
	fx := &fixture{db: db, ids: map[string]int64{}}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		coord := &furusato.Organization{Slug: "gifu-net", Name: "ぎふ兼業ネット", Kind: furusato.OrgCoordinator, Prefectures: []int{21}, Description: "岐阜県の兼業を支えます。", Website: "https://gifu-net.example.jp"}
		secr := &furusato.Organization{Slug: "jimukyoku", Name: "ふるさと兼業事務局", Kind: furusato.OrgSecretariat}
		partner := &furusato.Organization{Slug: "michi", Name: "みちしるべ", Kind: furusato.OrgPartner}
		for _, o := range []*furusato.Organization{coord, secr, partner} {
			if err := tx.CreateOrganization(ctx, o, testNow.AddDate(0, -6, 0)); err != nil {
				return err
			}
		}
		washi := &furusato.Company{Slug: "mino-washi", Name: "美濃和紙工房", Prefecture: 21, City: "美濃市", Industry: "製造業", FoundedYear: 1920, Size: "従業員12名", Description: "和紙を漉いています。", Website: "https://washi.example.jp"}
		ad := &furusato.Company{Slug: "tokyo-ad", Name: "東京広告", Prefecture: 13, City: "千代田区"}
		tour := &furusato.Company{Slug: "naha-tour", Name: "那覇ツアーズ", Prefecture: 47, City: "那覇市"}
		for _, c := range []*furusato.Company{washi, ad, tour} {
			if err := tx.CreateCompany(ctx, c, testNow.AddDate(0, -6, 0)); err != nil {
				return err
			}
		}
		type row struct {
			slug, title, catch string
			pref               int
			company            *furusato.Company
			org                *furusato.Organization
			themes             []string
			style              furusato.WorkStyle
			reward             furusato.RewardType
			amount, months     int
			deadline           string
			status             furusato.ProjectStatus
			daysAgo            int
		}
		rows := []row{
			{"gifu-washi-pr", "美濃和紙の魅力を伝える広報プロジェクト", "千三百年の和紙を、次の世代へ。", 21, washi, coord, []string{"pr", "crafts"}, furusato.WorkRemote, furusato.RewardHonorarium, 10000, 3, "2026-12-24", furusato.StatusPublished, 10},
			{"gifu-dx", "町工場の業務をデジタル化", "紙の台帳から卒業したい。", 21, washi, coord, []string{"it-dx"}, furusato.WorkOnsite, furusato.RewardPaid, 30000, 6, "2026-12-01", furusato.StatusPublished, 5},
			{"tokyo-brand", "老舗ブランドの再構築", "百年続く名前に新しい意味を。", 13, ad, secr, []string{"branding", "design"}, furusato.WorkHybrid, furusato.RewardNone, 0, 9, "2026-11-20", furusato.StatusPublished, 20},
			{"okinawa-tour", "離島ツアーの企画", "島の暮らしを旅にする。", 47, tour, secr, []string{"tourism", "pr"}, furusato.WorkRemote, furusato.RewardPaid, 20000, 2, "2026-11-10", furusato.StatusClosed, 30},
			{"gifu-event", "秋祭りを一緒につくる", "町じゅうで祭りを。", 21, washi, coord, []string{"events", "community"}, furusato.WorkOnsite, furusato.RewardNone, 0, 12, "2027-01-31", furusato.StatusPublished, 1},
			{"gifu-draft", "まだ下書きの企画", "下書きです。", 21, washi, coord, []string{"pr"}, furusato.WorkRemote, furusato.RewardNone, 0, 3, "2026-12-24", furusato.StatusDraft, 2},
			{"okinawa-cancel", "中止になった企画", "中止です。", 47, tour, secr, []string{"tourism"}, furusato.WorkRemote, furusato.RewardNone, 0, 3, "2026-12-24", furusato.StatusCancelled, 3},
		}
		for _, r := range rows {
			p := &furusato.Project{
				Slug: r.slug, Title: r.title, CatchCopy: r.catch,
				Background: "背景です。", WhatYouDo: "やることです。", Goal: "ゴールです。",
				Themes: r.themes, WorkStyle: r.style, HoursPerWeek: 5, DurationMonths: r.months,
				RewardType: r.reward, RewardAmount: r.amount, TravelCost: furusato.TravelPart, Places: 2,
				Deadline: date(r.deadline), Prefecture: r.pref, City: r.company.City,
				CompanyID: r.company.ID, OrganizationID: r.org.ID, Status: r.status,
			}
			if r.slug == "gifu-washi-pr" {
				p.Skills = []string{"SNS運用", "文章"}
				p.GoodFor, p.Gains, p.VisitsPerMonth, p.WorkPlace = "和紙が好きな人", "伝統産業の現場", 1, "美濃市の工房"
				p.StartDate = date("2027-01-10")
				p.Supporters = []furusato.Supporter{{OrganizationID: partner.ID, Name: "山田花子", Role: "PR戦略"}}
			}
			if err := tx.CreateProject(ctx, p, testNow.AddDate(0, 0, -r.daysAgo)); err != nil {
				return err
			}
			fx.ids[r.slug] = p.ID
		}
		return nil
	})
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	fx.srv = newServer(t, db)
	return fx
}

// newServer serves the API over db on a mux, as the app does.
func newServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	newAPI(t, newServices(t, db), testBaseURL).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newServices returns every service over db with the tests' clock, each
// built once (service.New) as the app builds them.
func newServices(t *testing.T, db *store.DB) *service.Services {
	t.Helper()
	s, err := service.New(db, service.Config{BaseURL: testBaseURL, Now: func() time.Time { return testNow }, Argon: service.TestArgon})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newAPI returns the API at base over the services s, as the app wires it.
func newAPI(t *testing.T, s *service.Services, base string) *Handler {
	t.Helper()
	h, err := New(Config{BaseURL: base}, Services{Catalogue: s.Catalogue, Projects: s.Projects, Entries: s.Entries, Teams: s.Teams, Records: s.Records})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (fx *fixture) get(t *testing.T, path string) response {
	t.Helper()
	return do(t, fx.srv, http.MethodGet, path)
}

func do(t *testing.T, srv *httptest.Server, method, path string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "attacker.example" // absolute URLs must not come from here
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

func (fx *fixture) list(t *testing.T, query string) projectList {
	t.Helper()
	r := fx.get(t, "/api/v1/projects?"+query)
	if r.status != http.StatusOK {
		t.Fatalf("?%s: status %d: %s", query, r.status, r.body)
	}
	return decode[projectList](t, r)
}

func slugsOf(l projectList) []string {
	var s []string
	for _, p := range l.Projects {
		s = append(s, p.Slug)
	}
	return s
}

func TestProjectList_FiltersChangeResults(t *testing.T) {
	fx := newFixture(t)
	// Default order: open projects first, newest first within each group.
	all := []string{"gifu-event", "gifu-dx", "gifu-washi-pr", "tokyo-brand", "okinawa-tour"}
	tests := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"prefecture=gifu", []string{"gifu-event", "gifu-dx", "gifu-washi-pr"}},
		{"prefecture=gifu,okinawa", []string{"gifu-event", "gifu-dx", "gifu-washi-pr", "okinawa-tour"}},
		{"prefecture=gifu&prefecture=tokyo", []string{"gifu-event", "gifu-dx", "gifu-washi-pr", "tokyo-brand"}},
		{"prefecture=", all}, // empty means any, as forms send it
		{"area=kanto", []string{"tokyo-brand"}},
		{"area=kyushu-okinawa", []string{"okinawa-tour"}},
		{"area=shikoku", nil},
		{"theme=pr", []string{"gifu-washi-pr", "okinawa-tour"}},
		{"theme=pr,design", []string{"gifu-washi-pr", "tokyo-brand", "okinawa-tour"}},
		{"theme=pr&theme=it-dx", []string{"gifu-dx", "gifu-washi-pr", "okinawa-tour"}},
		{"remote=true", []string{"gifu-washi-pr", "tokyo-brand", "okinawa-tour"}},
		{"remote=1", []string{"gifu-washi-pr", "tokyo-brand", "okinawa-tour"}},
		{"remote=false", all},
		{"remote=0", all},
		{"reward=paid", []string{"gifu-dx", "okinawa-tour"}},
		{"reward=honorarium", []string{"gifu-washi-pr"}},
		{"reward=none", []string{"gifu-event", "tokyo-brand"}},
		{"duration=short", []string{"gifu-washi-pr", "okinawa-tour"}},
		{"duration=mid", []string{"gifu-dx"}},
		{"duration=long", []string{"gifu-event", "tokyo-brand"}},
		{"open=true", []string{"gifu-event", "gifu-dx", "gifu-washi-pr"}},
		{"open=1", []string{"gifu-event", "gifu-dx", "gifu-washi-pr"}},
		{"open=false", all},
		{"sort=newest", all},
		{"sort=deadline", []string{"gifu-dx", "gifu-washi-pr", "gifu-event", "okinawa-tour", "tokyo-brand"}},
		{"prefecture=gifu&open=true&theme=it-dx", []string{"gifu-dx"}},
		{"q=" + url.QueryEscape("和紙"), []string{"gifu-washi-pr"}},
		{"q=" + url.QueryEscape("祭り"), []string{"gifu-event"}},
		{"q=" + url.QueryEscape("存在しない言葉"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			l := fx.list(t, tt.query)
			if got := slugsOf(l); !slices.Equal(got, tt.want) {
				t.Errorf("?%s: got %v, want %v", tt.query, got, tt.want)
			}
			if l.Total != len(tt.want) {
				t.Errorf("?%s: total %d, want %d", tt.query, l.Total, len(tt.want))
			}
			if l.Projects == nil {
				t.Errorf("?%s: projects is null, want []", tt.query)
			}
		})
	}
}

func TestProjectList_PrefectureFilterReturnsThatPrefecture(t *testing.T) {
	fx := newFixture(t)
	for _, slug := range []string{"gifu", "tokyo", "okinawa"} {
		l := fx.list(t, "prefecture="+slug)
		if len(l.Projects) == 0 {
			t.Fatalf("prefecture=%s: no projects", slug)
		}
		for _, p := range l.Projects {
			if p.Prefecture.Slug != slug {
				t.Errorf("prefecture=%s: %s is in %+v", slug, p.Slug, p.Prefecture)
			}
		}
	}
}

func TestProjectList_Pagination(t *testing.T) {
	fx := newFixture(t)
	tests := []struct {
		query            string
		want             []string
		total, page, per int
	}{
		{"per_page=2", []string{"gifu-event", "gifu-dx"}, 5, 1, 2},
		{"per_page=2&page=2", []string{"gifu-washi-pr", "tokyo-brand"}, 5, 2, 2},
		{"per_page=2&page=3", []string{"okinawa-tour"}, 5, 3, 2},
		{"per_page=2&page=4", nil, 5, 4, 2},
		{"page=1000", nil, 5, 1000, 20},
		{"per_page=100", []string{"gifu-event", "gifu-dx", "gifu-washi-pr", "tokyo-brand", "okinawa-tour"}, 5, 1, 100},
		{"prefecture=gifu&per_page=1&page=2", []string{"gifu-dx"}, 3, 2, 1},
	}
	for _, tt := range tests {
		l := fx.list(t, tt.query)
		if got := slugsOf(l); !slices.Equal(got, tt.want) {
			t.Errorf("?%s: got %v, want %v", tt.query, got, tt.want)
		}
		if l.Total != tt.total || l.Page != tt.page || l.PerPage != tt.per {
			t.Errorf("?%s: total/page/per_page = %d/%d/%d, want %d/%d/%d", tt.query, l.Total, l.Page, l.PerPage, tt.total, tt.page, tt.per)
		}
	}
}

func TestProjectList_ProjectFields(t *testing.T) {
	fx := newFixture(t)
	l := fx.list(t, "q="+url.QueryEscape("和紙"))
	if len(l.Projects) != 1 {
		t.Fatalf("got %v", slugsOf(l))
	}
	p := l.Projects[0]
	want := projectSummary{
		projectCommon: projectCommon{
			ID: fx.ids["gifu-washi-pr"], Slug: "gifu-washi-pr", Title: "美濃和紙の魅力を伝える広報プロジェクト", CatchCopy: "千三百年の和紙を、次の世代へ。",
			Prefecture: prefectureJS{Code: 21, Slug: "gifu", Name: "岐阜県", NameEn: "Gifu"}, City: "美濃市",
			Themes:    []themeJS{{"pr", "PR・広報", "PR & communications"}, {"crafts", "伝統産業・ものづくり", "Crafts & manufacturing"}},
			WorkStyle: "remote", HoursPerWeek: 5, DurationMonths: 3, Reward: rewardJS{"honorarium", 10000, "month"}, TravelCost: "part", Places: 2, PlacesLeft: 2,
			Status: "published", Open: true, Deadline: "2026-12-24", PublishedAt: "2026-11-14T10:00:00+09:00",
			URL: "https://furusato.example.jp/projects/gifu-washi-pr",
		},
		Company:      refJS{"mino-washi", "美濃和紙工房"},
		Organization: refJS{"gifu-net", "ぎふ兼業ネット"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got\n%+v\nwant\n%+v", p, want)
	}
}

func TestProjectList_URLIsFromBaseURLNotHost(t *testing.T) {
	fx := newFixture(t)
	for _, base := range []string{"https://furusato.example.jp", "https://furusato.example.jp/"} {
		mux := http.NewServeMux()
		newAPI(t, newServices(t, fx.db), base).Register(mux)
		req := httptest.NewRequest(http.MethodGet, "http://attacker.example/api/v1/projects", nil)
		req.Header.Set("X-Forwarded-Host", "attacker.example")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		l := decode[projectList](t, response{rec.Code, rec.Header(), rec.Body.Bytes()})
		for _, p := range l.Projects {
			if want := "https://furusato.example.jp/projects/" + p.Slug; p.URL != want {
				t.Errorf("BaseURL %q: url %q, want %q", base, p.URL, want)
			}
		}
	}
	// And through a real server whose Host is something else again.
	for _, p := range fx.list(t, "").Projects {
		if !strings.HasPrefix(p.URL, testBaseURL+"/projects/") {
			t.Errorf("url %q not from BaseURL", p.URL)
		}
	}
}

func TestNew_RefusesRelativeBaseURL(t *testing.T) {
	svc := newServices(t, testkit.NewDB(t, store.SQLite))
	for _, base := range []string{"", "furusato.example.jp", "/", "ftp://x.example"} {
		h, err := New(Config{BaseURL: base}, Services{Catalogue: svc.Catalogue, Projects: svc.Projects, Entries: svc.Entries, Teams: svc.Teams, Records: svc.Records})
		if err == nil || h != nil || !strings.Contains(err.Error(), "BaseURL") {
			t.Errorf("New(%q) = %v, %v; want a BaseURL error", base, h, err)
		}
	}
}

// TestNew_RefusesAMissingService nils each field of Services in turn, so
// that a service added to Services later and not wired fails here too.
func TestNew_RefusesAMissingService(t *testing.T) {
	svc := newServices(t, testkit.NewDB(t, store.SQLite))
	full := Services{Catalogue: svc.Catalogue, Projects: svc.Projects, Entries: svc.Entries, Teams: svc.Teams, Records: svc.Records}
	if _, err := New(Config{BaseURL: testBaseURL}, full); err != nil {
		t.Fatalf("New with every service: %v", err)
	}
	typ := reflect.TypeOf(full)
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		s := full
		reflect.ValueOf(&s).Elem().Field(i).SetZero()
		h, err := New(Config{BaseURL: testBaseURL}, s)
		if err == nil || h != nil || !strings.Contains(err.Error(), "Services."+name) {
			t.Errorf("New without %s = %v, %v; want an error naming it", name, h, err)
		}
	}
}

func TestProjectList_BadInputIs400WithFields(t *testing.T) {
	fx := newFixture(t)
	tests := []struct {
		query string
		field string
	}{
		{"page=0", "page"},
		{"page=-1", "page"},
		{"page=abc", "page"},
		{"page=1001", "page"},
		{"page=1&page=2", "page"},
		{"page=99999999999999999999999", "page"},
		{"per_page=0", "per_page"},
		{"per_page=101", "per_page"},
		{"prefecture=nowhere", "prefecture"},
		{"prefecture=gifu,nowhere", "prefecture"},
		{"area=tokyo", "area"},
		{"theme=cooking", "theme"},
		{"remote=yes", "remote"},
		{"open=maybe", "open"},
		{"reward=lots", "reward"},
		{"duration=forever", "duration"},
		{"sort=random", "sort"},
		{"foo=bar", "foo"},
		{"q=%ff", "q"},
		{"q=" + strings.Repeat("あ", 201), "q"},
		{"q=" + url.QueryEscape(strings.Repeat("あ", 201)), "q"},
		{"q=a&q=b", "q"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := fx.get(t, "/api/v1/projects?"+tt.query)
			assertJSONError(t, r, http.StatusBadRequest, furusato.EINVALID)
			e := decode[apiError](t, r)
			if _, ok := e.Error.Fields[tt.field]; !ok {
				t.Errorf("fields %v lack %q", e.Error.Fields, tt.field)
			}
		})
	}
	// Every mistake is reported at once.
	r := fx.get(t, "/api/v1/projects?page=0&per_page=101&prefecture=nowhere")
	e := decode[apiError](t, r)
	if len(e.Error.Fields) != 3 {
		t.Errorf("fields %v, want page, per_page and prefecture", e.Error.Fields)
	}
	// Just within the limits is fine.
	fx.list(t, "q="+url.QueryEscape(strings.Repeat("あ", 200))+"&page=1000&per_page=100")
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func assertJSONError(t *testing.T, r response, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	e := decode[apiError](t, r)
	if e.Error.Code != code || e.Error.Message == "" {
		t.Errorf("error %+v, want code %q and a message", e.Error, code)
	}
}

func TestProjectShow_Full(t *testing.T) {
	fx := newFixture(t)
	for _, key := range []string{"gifu-washi-pr", strconv.FormatInt(fx.ids["gifu-washi-pr"], 10)} {
		r := fx.get(t, "/api/v1/projects/"+key)
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", key, r.status, r.body)
		}
		d := decode[projectDetail](t, r)
		if d.Slug != "gifu-washi-pr" || d.URL != testBaseURL+"/projects/gifu-washi-pr" || !d.Open {
			t.Errorf("%s: got %+v", key, d.projectCommon)
		}
		if d.Company.Slug != "mino-washi" || d.Company.FoundedYear == nil || *d.Company.FoundedYear != 1920 ||
			d.Company.Description != "和紙を漉いています。" || d.Company.Prefecture.Slug != "gifu" || d.Company.Website == "" {
			t.Errorf("company %+v", d.Company)
		}
		if d.Organization.Slug != "gifu-net" || d.Organization.Kind != "coordinator" ||
			len(d.Organization.Prefectures) != 1 || d.Organization.Prefectures[0].Slug != "gifu" {
			t.Errorf("organization %+v", d.Organization)
		}
		if want := []supporterJS{{"山田花子", "PR戦略", "みちしるべ"}}; !reflect.DeepEqual(d.Supporters, want) {
			t.Errorf("supporters %+v, want %+v", d.Supporters, want)
		}
		if !slices.Equal(d.Skills, []string{"SNS運用", "文章"}) || d.StartDate == nil || *d.StartDate != "2027-01-10" ||
			d.Background != "背景です。" || d.WhatYouDo != "やることです。" || d.Goal != "ゴールです。" ||
			d.GoodFor != "和紙が好きな人" || d.Gains != "伝統産業の現場" || d.VisitsPerMonth != 1 || d.WorkPlace != "美濃市の工房" {
			t.Errorf("detail %+v", d)
		}
	}
	// A project without the optional fields has null/empty, not missing, values.
	r := fx.get(t, "/api/v1/projects/tokyo-brand")
	var raw map[string]any
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	if v, ok := raw["start_date"]; !ok || v != nil {
		t.Errorf("start_date = %v (present %v), want null", v, ok)
	}
	if v, ok := raw["skills"].([]any); !ok || len(v) != 0 {
		t.Errorf("skills = %v, want []", raw["skills"])
	}
	if v := raw["company"].(map[string]any)["founded_year"]; v != nil {
		t.Errorf("founded_year = %v, want null", v)
	}
	if d := decode[projectDetail](t, r); d.Open || d.Status != "published" {
		t.Errorf("tokyo-brand past its deadline: open %v status %s", d.Open, d.Status)
	}
}

func TestProjectShow_HiddenAndMissingAre404(t *testing.T) {
	fx := newFixture(t)
	for _, path := range []string{
		"/api/v1/projects/gifu-draft",
		"/api/v1/projects/" + strconv.FormatInt(fx.ids["gifu-draft"], 10),
		"/api/v1/projects/okinawa-cancel",
		"/api/v1/projects/" + strconv.FormatInt(fx.ids["okinawa-cancel"], 10),
		"/api/v1/projects/no-such-project",
		"/api/v1/projects/999999",
		"/api/v1/projects/%ff",
		"/api/v1/projects/" + strings.Repeat("a", 300),
		"/api/v1/nope",
		"/api/v1/projects/gifu-washi-pr/extra",
		"/api/v2/projects",
		"/api/",
	} {
		t.Run(path, func(t *testing.T) {
			assertJSONError(t, fx.get(t, path), http.StatusNotFound, furusato.ENOTFOUND)
		})
	}
}

func TestAPI_HeadersAndMethods(t *testing.T) {
	fx := newFixture(t)
	for _, path := range []string{"/api/v1/projects", "/api/v1/projects/gifu-dx", "/api/v1/regions", "/api/v1/themes", "/api/v1/organizations", "/api/v1/openapi.json"} {
		r := fx.get(t, path)
		if r.status != http.StatusOK {
			t.Errorf("%s: status %d", path, r.status)
		}
		for h, want := range map[string]string{
			"Content-Type":                "application/json; charset=utf-8",
			"Cache-Control":               "public, max-age=60",
			"Access-Control-Allow-Origin": "*",
		} {
			if got := r.header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
	}
	r := do(t, fx.srv, http.MethodPut, "/api/v1/projects")
	assertJSONError(t, r, http.StatusMethodNotAllowed, furusato.EINVALID)
	if !strings.Contains(r.header.Get("Allow"), "GET") {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
	assertJSONError(t, do(t, fx.srv, http.MethodDelete, "/api/v1/projects/gifu-dx"), http.StatusMethodNotAllowed, furusato.EINVALID)
	r = do(t, fx.srv, http.MethodOptions, "/api/v1/projects")
	if r.status != http.StatusNoContent || r.header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", r.status, r.header)
	}
	if r := do(t, fx.srv, http.MethodHead, "/api/v1/projects"); r.status != http.StatusOK {
		t.Errorf("HEAD: status %d", r.status)
	}
	if r := fx.get(t, "/api/v1/regions?x=1"); r.status != http.StatusBadRequest {
		t.Errorf("unknown parameter on regions: status %d", r.status)
	}
}

func TestRegionsThemesOrganizations_Counts(t *testing.T) {
	fx := newFixture(t)
	regions := decode[regionList](t, fx.get(t, "/api/v1/regions"))
	if len(regions.Areas) != len(furusato.Areas) || regions.OpenTotal != 3 {
		t.Fatalf("areas %d, open_total %d", len(regions.Areas), regions.OpenTotal)
	}
	npref := 0
	for _, a := range regions.Areas {
		npref += len(a.Prefectures)
		for _, p := range a.Prefectures {
			want := 0
			if p.Slug == "gifu" {
				want = 3 // tokyo-brand is past its deadline, okinawa-tour closed
			}
			if p.OpenCount != want {
				t.Errorf("%s: open_count %d, want %d", p.Slug, p.OpenCount, want)
			}
		}
		if a.Slug == "chubu" && a.OpenCount != 3 {
			t.Errorf("chubu: open_count %d, want 3", a.OpenCount)
		}
	}
	if npref != 47 {
		t.Errorf("%d prefectures, want 47", npref)
	}

	themes := decode[themeList](t, fx.get(t, "/api/v1/themes"))
	if len(themes.Themes) != len(furusato.Themes) {
		t.Fatalf("%d themes", len(themes.Themes))
	}
	want := map[string]int{"pr": 1, "crafts": 1, "it-dx": 1, "events": 1, "community": 1}
	for _, th := range themes.Themes {
		if th.OpenCount != want[th.Slug] || th.Name == "" || th.NameEn == "" {
			t.Errorf("theme %+v, want open_count %d", th, want[th.Slug])
		}
	}

	orgs := decode[organizationList](t, fx.get(t, "/api/v1/organizations"))
	counts := map[string]int{}
	for _, o := range orgs.Organizations {
		counts[o.Slug] = o.ProjectCount
	}
	if !reflect.DeepEqual(counts, map[string]int{"gifu-net": 3, "jimukyoku": 2, "michi": 0}) {
		t.Errorf("project counts %v", counts)
	}
	coords := decode[organizationList](t, fx.get(t, "/api/v1/organizations?kind=coordinator"))
	if len(coords.Organizations) != 1 || coords.Organizations[0].Slug != "gifu-net" || coords.Organizations[0].Prefectures[0].Name != "岐阜県" {
		t.Errorf("coordinators %+v", coords)
	}
	assertJSONError(t, fx.get(t, "/api/v1/organizations?kind=company"), http.StatusBadRequest, furusato.EINVALID)
}
