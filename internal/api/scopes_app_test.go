package api_test

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
)

// TestAPI_ReadTokenIsRefusedEveryWrite: a read-scoped token reads (its
// scope shown by /me), and every write operation the OpenAPI document
// lists answers 403 with the stable code and field before its handler
// runs, changing nothing; the same requests with a write token are not
// refused for their scope.
func TestAPI_ReadTokenIsRefusedEveryWrite(t *testing.T) {
	s := newSite(t)
	const email = "coordinator.gifu@demo.furusato.example"
	_, read, err := s.tokens.Create(context.Background(), s.actor(email), "read", furusato.ScopeRead, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	write, _ := s.token(email)

	r := s.call("GET", "/api/v1/me", "", s.bearer(read)...)
	r.want(t, "GET /me with a read token", 200, "")
	if !strings.Contains(r.body, `"token":{"scope":"read"}`) {
		t.Errorf("/me does not show the scope: %s", r.body)
	}
	s.call("GET", "/api/v1/manage/projects", "", s.bearer(read)...).want(t, "dashboard with a read token", 200, "")
	if r := s.call("GET", "/api/v1/me", "", s.bearer(write)...); !strings.Contains(r.body, `"token":{"scope":"write"}`) {
		t.Errorf("/me of a write token: %s", r.body)
	}

	doc := s.call("GET", "/api/v1/openapi.json", "")
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(doc.body), &spec); err != nil {
		t.Fatal(err)
	}
	var writes []string
	for path, ops := range spec.Paths {
		for method := range ops {
			if method != "get" && method != "head" && method != "options" {
				writes = append(writes, strings.ToUpper(method)+" "+strings.NewReplacer("{key}", "34", "{id}", "34").Replace(path))
			}
		}
	}
	sort.Strings(writes)
	if len(writes) < 3 {
		t.Fatalf("only %d write operations in the document: %v", len(writes), writes)
	}
	dashboard := func() string { return s.call("GET", "/api/v1/manage/projects", "", s.bearer(write)...).body }
	before := dashboard()
	body := `{"title":"読み取り専用のトークンで","status":"published","company":"gujo-seiryu-farm"}`
	for _, op := range writes {
		method, path, _ := strings.Cut(op, " ")
		r := s.call(method, path, body, s.bearer(read)...)
		r.want(t, op+" with a read token", 403, furusato.EFORBIDDEN)
		if !strings.Contains(r.body, `"token":"error.token_read_only"`) || !strings.Contains(r.header.Get("WWW-Authenticate"), "insufficient_scope") {
			t.Errorf("%s: %v %s", op, r.header, r.body)
		}
	}
	if after := dashboard(); after != before {
		t.Error("requests with a read token changed the dashboard")
	}
	for _, op := range writes {
		method, path, _ := strings.Cut(op, " ")
		if w := s.call(method, path, body, s.bearer(write)...); strings.Contains(w.body, "token_read_only") {
			t.Errorf("%s with a write token refused for its scope: %s", op, w.body)
		}
	}
}

// TestAPI_TokensEndWithTheCredential: for each of a password reset, a
// password change, "sign out everywhere" and a confirmed address change, a
// token answers 200 on /api/v1/me before and 401 after, through the whole
// app.
func TestAPI_TokensEndWithTheCredential(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	auth := s.svc.Auth
	const email = "participant@demo.furusato.example"
	password := demo.Password
	link := func(to, path string) string {
		t.Helper()
		ms, _, err := s.db.FindOutbox(ctx, furusato.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(regexp.QuoteMeta(siteURL+path) + `([A-Za-z0-9_-]+)`)
		for _, m := range ms { // newest first
			if sub := re.FindStringSubmatch(m.Text); m.To == to && sub != nil {
				return sub[1]
			}
		}
		t.Fatalf("no %s link to %s", path, to)
		return ""
	}
	for _, ev := range []struct {
		name string
		do   func() error
	}{
		{"password change", func() error {
			_, err := auth.ChangePassword(ctx, s.actor(email), password, "second-password-2026", "")
			password = "second-password-2026"
			return err
		}},
		{"sign out everywhere", func() error { return auth.SignOutEverywhere(ctx, s.actor(email), "") }},
		{"password reset", func() error {
			if err := auth.RequestPasswordReset(ctx, email, "ja", "192.0.2.1"); err != nil {
				return err
			}
			password = "third-password-2026"
			return auth.ResetPassword(ctx, link(email, "/account/password/reset/"), password, "")
		}},
		{"address change", func() error {
			if err := auth.RequestEmailChange(ctx, s.actor(email), "moved@example.jp", password, "ja", ""); err != nil {
				return err
			}
			_, err := auth.VerifyEmail(ctx, link("moved@example.jp", "/account/verify/"), "")
			return err
		}},
	} {
		secret, _ := s.token(email)
		s.call("GET", "/api/v1/me", "", s.bearer(secret)...).want(t, "before the "+ev.name, 200, "")
		if err := ev.do(); err != nil {
			t.Fatalf("%s: %v", ev.name, err)
		}
		r := s.call("GET", "/api/v1/me", "", s.bearer(secret)...)
		r.want(t, "after the "+ev.name, 401, furusato.EUNAUTHORIZED)
	}
}
