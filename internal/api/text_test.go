package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestBadTextField(t *testing.T) {
	for body, want := range map[string]string{
		`{"title":"fine","n":1,"a":[1,"x"],"o":{"k":"v"}}`:    "",
		`{"title":"tab\tand\nnewline are fine"}`:              "",
		`{"title":"\u00e9\u3042 \ufffd"}`:                     "", // an escaped U+FFFD is a character like any other
		"{\"title\":\"a\xff\xfeb\"}":                          "title",
		`{"title":"a\u0000b"}`:                                "title",
		`{"n":1,"background":"x\u001by"}`:                     "background",
		`{"a":"ok","catch_copy":"x\u0085y"}`:                  "catch_copy",
		`{"supporters":[{"name":"ok"},{"name":"a\u0000"}]}`:   "supporters",
		`{"o":{"k\u0000":"v"}}`:                               "o",
		`{"k\u0000":"v"}`:                                     "body",
		"{\"k\xff\":\"v\"}":                                   "body",
		`{"t":"ok"}`:                                          "",
		`{"t":` /* a syntax error is decoding's to report */ : "",
	} {
		if got := badTextField([]byte(body)); got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}

// TestAPI_HostileTextRefused: invalid UTF-8, NUL and control characters in
// a JSON body or a query string are a 400 EINVALID naming the field, on
// both engines (PostgreSQL answered them with a 500), and nothing is
// stored.
func TestAPI_HostileTextRefused(t *testing.T) {
	defer slog.SetDefault(slog.Default())
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
		model, err := db.FindProject(ctx, "gifu-watercress-evangelist", furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		refused := func(what string, r response, field string) {
			t.Helper()
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", what, r.status, r.body)
				return
			}
			e := decode[httpx.APIError](t, r)
			if e.Error.Code != furusato.EINVALID || e.Error.Fields[field] != furusato.ErrBadText {
				t.Errorf("%s: %+v, want %s on %s", what, e.Error, furusato.ErrBadText, field)
			}
		}
		for _, c := range []struct{ field, raw string }{
			{"title", "a\xff\xfeb"}, {"title", `a\u0000b`}, {"background", `x\u001by`}, {"catch_copy", `x\u0085y`}, {"city", "\xc3"},
		} {
			body := fmt.Sprintf(`{"company":"gujo-seiryu-farm","slug":"hostile-text","title":"題","catch_copy":"惹","background":"背景","what_you_do":"内容","goal":"目標","themes":["pr"],"city":"郡上市","%s":"%s"}`, c.field, c.raw)
			// the poisoned field comes last; drop its first, valid copy
			body = dropFirst(body, c.field)
			refused("create "+c.field+" "+c.raw, send(t, srv, "POST", "/api/v1/projects", coord, body), c.field)
			refused("update "+c.field+" "+c.raw, send(t, srv, "PATCH", fmt.Sprintf("/api/v1/projects/%d", model.ID), coord,
				fmt.Sprintf(`{"%s":"%s"}`, c.field, c.raw)), c.field)
		}
		refused("move comment", send(t, srv, "POST", fmt.Sprintf("/api/v1/projects/%d/status", model.ID), coord, `{"to":"closed","comment":"\u0000"}`), "comment")
		if _, err := db.FindProject(ctx, "hostile-text", nil); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("a project was stored: %v", err)
		}
		after, err := db.FindProject(ctx, "gifu-watercress-evangelist", furusato.PublicStatuses)
		if err != nil || after.Title != model.Title || after.Status != model.Status {
			t.Errorf("the project changed: %+v, %v", after, err)
		}

		for _, q := range []string{"q=%FF%FE", "q=a%00b", "q=%1B", "prefecture=%00", "area=%FF"} {
			r := send(t, srv, "GET", "/api/v1/projects?"+q, "", "")
			name, _, _ := strings.Cut(q, "=")
			refused("GET ?"+q, r, name)
		}
		for _, p := range []string{"/api/v1/projects/%FF%FE", "/api/v1/projects/a%00b"} {
			if r := send(t, srv, "GET", p, "", ""); r.status != http.StatusNotFound {
				t.Errorf("%s: %d %s", p, r.status, r.body)
			}
		}
	})
}

// dropFirst removes the first `"field":"…",` member of a flat JSON object
// whose field appears twice, keeping the last.
func dropFirst(body, field string) string {
	key := `"` + field + `":`
	i := strings.Index(body, key)
	if i < 0 || strings.LastIndex(body, key) == i {
		return body
	}
	j := i + len(key)
	if body[j] == '[' {
		j = j + strings.Index(body[j:], "]") + 1
	} else {
		j = j + 1 + strings.Index(body[j+1:], `"`) + 1
	}
	return body[:i] + strings.TrimPrefix(body[j:], ",")
}

// TestAPI_WebsiteIsOnlyEverHTTP: a website stored before the check (say
// javascript:…) never reaches an API client; a good one is given as is.
func TestAPI_WebsiteIsOnlyEverHTTP(t *testing.T) {
	for w, want := range map[string]string{"javascript:alert(document.domain)": "", "//evil.example": "", "https://example.jp/": "https://example.jp/"} {
		if got := organizationOf(&furusato.Organization{Slug: "x", Name: "x", Kind: furusato.OrgPartner, Website: w}).Website; got != want {
			t.Errorf("%q: %q", w, got)
		}
	}
}
