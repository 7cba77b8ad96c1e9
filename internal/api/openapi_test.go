package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The test reads the document as plain JSON values and checks responses
// with a small validator for the subset of JSON Schema (OpenAPI 3.0) the
// document uses; a keyword outside that subset fails the test, so the
// validator never silently ignores part of a schema.

type jsonObject = map[string]any

func loadDoc(t *testing.T) jsonObject {
	t.Helper()
	var doc jsonObject
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Fatalf("openapi version %q", v)
	}
	return doc
}

// operation returns the document's operation for method and path.
func operation(doc jsonObject, method, path string) jsonObject {
	item, _ := doc["paths"].(jsonObject)[path].(jsonObject)
	op, _ := item[strings.ToLower(method)].(jsonObject)
	return op
}

// deref follows a local "$ref".
func deref(doc jsonObject, v jsonObject) jsonObject {
	for {
		ref, ok := v["$ref"].(string)
		if !ok {
			return v
		}
		var cur any = doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(jsonObject)[part]
		}
		v = cur.(jsonObject)
	}
}

func TestOpenAPI_MatchesRouteTable(t *testing.T) {
	doc := loadDoc(t)
	inTable := map[string]bool{}
	for _, rt := range routes {
		key := rt.method + " " + rt.path
		inTable[key] = true
		op := operation(doc, rt.method, rt.path)
		if op == nil {
			t.Errorf("route %s is not in openapi.json", key)
			continue
		}
		// The documented parameters are exactly those the route accepts.
		var query, path []string
		for _, p := range asSlice(op["parameters"]) {
			p := deref(doc, p.(jsonObject))
			switch p["in"] {
			case "query":
				query = append(query, p["name"].(string))
			case "path":
				path = append(path, p["name"].(string))
			}
		}
		if !slices.Equal(sorted(query), sorted(rt.params)) {
			t.Errorf("%s: documented query parameters %v, route accepts %v", key, query, rt.params)
		}
		var wild []string
		for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(rt.path, -1) {
			wild = append(wild, m[1])
		}
		if !slices.Equal(sorted(path), sorted(wild)) {
			t.Errorf("%s: documented path parameters %v, pattern has %v", key, path, wild)
		}
	}
	for path, item := range doc["paths"].(jsonObject) {
		for method := range item.(jsonObject) {
			if key := strings.ToUpper(method) + " " + path; !inTable[key] {
				t.Errorf("openapi.json documents %s, which is not a route", key)
			}
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// The enums of the document follow the domain's fixed lists.
func TestOpenAPI_EnumsFollowTheDomain(t *testing.T) {
	doc := loadDoc(t)
	enum := func(param string, items bool) []string {
		s := deref(doc, jsonObject{"$ref": "#/components/parameters/" + param})["schema"].(jsonObject)
		if items {
			s = s["items"].(jsonObject)
		}
		var out []string
		for _, v := range s["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	var prefs, themes, areas []string
	for _, p := range furusato.Prefectures {
		prefs = append(prefs, p.Slug)
	}
	for _, th := range furusato.Themes {
		themes = append(themes, th.Slug)
	}
	for _, a := range furusato.Areas {
		areas = append(areas, a.Slug)
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"prefecture", enum("prefecture", true), prefs},
		{"theme", enum("theme", true), themes},
		{"area", enum("area", false), areas},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s enum %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestOpenAPI_ResponsesMatchSchemas sends real requests, success and
// failure, to every route and checks each answer against the documented
// response for its status; every documented response must be exercised.
func TestOpenAPI_ResponsesMatchSchemas(t *testing.T) {
	doc := loadDoc(t)
	fx := newFixture(t)
	down := newServer(t, closedDB(t)) // for the 500s
	// The 500s are logged as errors by design; keep the test output quiet.
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.DiscardHandler))

	id := strconv.FormatInt(fx.ids["gifu-washi-pr"], 10)
	cases := []struct {
		route string // method and path of the route table
		url   string
		code  int
		down  bool
	}{
		{"GET /api/v1/projects", "/api/v1/projects", 200, false},
		{"GET /api/v1/projects", "/api/v1/projects?prefecture=gifu&theme=pr,crafts&remote=true&reward=honorarium&duration=short&open=1&sort=deadline&page=1&per_page=5&area=chubu&q=%E5%92%8C%E7%B4%99", 200, false},
		{"GET /api/v1/projects", "/api/v1/projects?page=99", 200, false},
		{"GET /api/v1/projects", "/api/v1/projects?page=0&foo=bar", 400, false},
		{"GET /api/v1/projects", "/api/v1/projects?q=%ff", 400, false},
		{"GET /api/v1/projects", "/api/v1/projects?reward=lots&page=0", 400, false}, // params: allowed, min, max
		{"GET /api/v1/projects", "/api/v1/projects", 500, true},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/gifu-washi-pr", 200, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/" + id, 200, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/tokyo-brand", 200, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/okinawa-tour", 200, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/gifu-draft", 404, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/gifu-dx?x=1", 400, false},
		{"GET /api/v1/projects/{key}", "/api/v1/projects/gifu-dx", 500, true},
		{"GET /api/v1/regions", "/api/v1/regions", 200, false},
		{"GET /api/v1/regions", "/api/v1/regions?x=1", 400, false},
		{"GET /api/v1/regions", "/api/v1/regions", 500, true},
		{"GET /api/v1/themes", "/api/v1/themes", 200, false},
		{"GET /api/v1/themes", "/api/v1/themes?x=1", 400, false},
		{"GET /api/v1/themes", "/api/v1/themes", 500, true},
		{"GET /api/v1/organizations", "/api/v1/organizations", 200, false},
		{"GET /api/v1/organizations", "/api/v1/organizations?kind=partner", 200, false},
		{"GET /api/v1/organizations", "/api/v1/organizations?kind=x", 400, false},
		{"GET /api/v1/organizations", "/api/v1/organizations", 500, true},
		{"GET /api/v1/openapi.json", "/api/v1/openapi.json", 200, false},
		{"GET /api/v1/openapi.json", "/api/v1/openapi.json?x=1", 400, false},
		{"GET /feed.atom", "/feed.atom", 200, false},
		{"GET /feed.atom", "/feed.atom?theme=pr", 200, false},
		{"GET /feed.atom", "/feed.atom?theme=x", 400, false},
		{"GET /feed.atom", "/feed.atom", 500, true},
	}
	exercised := map[string]bool{}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			srv := fx.srv
			if c.down {
				srv = down
			}
			r := do(t, srv, http.MethodGet, c.url)
			if r.status != c.code {
				t.Fatalf("status %d, want %d: %s", r.status, c.code, r.body)
			}
			method, path, _ := strings.Cut(c.route, " ")
			op := operation(doc, method, path)
			if op == nil {
				t.Fatalf("%s not documented", c.route)
			}
			resp, ok := op["responses"].(jsonObject)[strconv.Itoa(r.status)].(jsonObject)
			if !ok {
				t.Fatalf("%s: status %d not documented", c.route, r.status)
			}
			exercised[c.route+" "+strconv.Itoa(r.status)] = true
			checkResponse(t, doc, resp, r)
			if c.down && bytes.Contains(r.body, []byte("sql")) {
				t.Errorf("internal detail leaked: %s", r.body)
			}
			if c.route == "GET /api/v1/openapi.json" && r.status == http.StatusOK && !bytes.Equal(r.body, openAPIDoc) {
				t.Error("served openapi.json differs from the embedded document")
			}
		})
	}
	for path, item := range doc["paths"].(jsonObject) {
		for method, op := range item.(jsonObject) {
			if _, ok := op.(jsonObject)["security"]; ok {
				continue // TestOpenAPI_TokenRoutesMatchSchemas
			}
			for status := range op.(jsonObject)["responses"].(jsonObject) {
				if key := strings.ToUpper(method) + " " + path + " " + status; !exercised[key] {
					t.Errorf("documented response %s is never exercised by this test", key)
				}
			}
		}
	}

	// Answers outside the table share the error schema.
	errSchema := jsonObject{"$ref": "#/components/schemas/Error"}
	for _, r := range []response{
		fx.get(t, "/api/v1/nope"),
		do(t, fx.srv, http.MethodDelete, "/api/v1/projects"),
		do(t, fx.srv, http.MethodPut, "/api/v1/projects/gifu-dx"),
	} {
		if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("status %d: %s", r.status, r.body)
		}
		validateJSON(t, doc, errSchema, r.body)
	}
}

// closedDB returns a migrated database that is already closed: every query
// fails, as when the database is down.
func closedDB(t *testing.T) *store.DB {
	db := testkit.NewDB(t, store.SQLite)
	db.Close()
	return db
}

// checkResponse checks r's media type and, for JSON, its body.
func checkResponse(t *testing.T, doc, resp jsonObject, r response) {
	t.Helper()
	content, _ := resp["content"].(jsonObject)
	mt, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", r.header.Get("Content-Type"), err)
	}
	media, ok := content[mt].(jsonObject)
	if !ok {
		t.Fatalf("Content-Type %s is not documented (documented: %v)", mt, content)
	}
	if mt != "application/json" {
		return
	}
	validateJSON(t, doc, media["schema"].(jsonObject), r.body)
}

func validateJSON(t *testing.T, doc, schema jsonObject, body []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	for _, e := range validate(doc, schema, v, "$") {
		t.Error(e)
	}
}

// knownKeywords is the subset of JSON Schema the validator understands.
var knownKeywords = map[string]bool{
	"$ref": true, "type": true, "properties": true, "required": true, "additionalProperties": true,
	"items": true, "enum": true, "nullable": true, "format": true, "minimum": true, "maximum": true,
	"maxLength": true, "default": true, "description": true, "anyOf": true,
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// validate returns one message per violation of schema by v at path.
func validate(doc, schema jsonObject, v any, path string) []string {
	schema = deref(doc, schema)
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	for k := range schema {
		if !knownKeywords[k] {
			fail("schema keyword %q is not supported by the test's validator", k)
		}
	}
	if v == nil {
		if schema["nullable"] != true {
			fail("null is not allowed")
		}
		return errs
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		for _, alt := range alts {
			if len(validate(doc, alt.(jsonObject), v, path)) == 0 {
				return errs
			}
		}
		fail("%v matches none of anyOf %v", v, alts)
		return errs
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				found = true
			}
		}
		if !found {
			fail("%v is not one of %v", v, enum)
		}
	}
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		obj, ok := v.(jsonObject)
		if !ok {
			fail("want an object, got %T", v)
			return errs
		}
		props, _ := schema["properties"].(jsonObject)
		for _, r := range asSlice(schema["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("required property %q is missing", r)
			}
		}
		for k, pv := range obj {
			if ps, ok := props[k].(jsonObject); ok {
				errs = append(errs, validate(doc, ps, pv, path+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("property %q is not documented", k)
				}
			case jsonObject:
				errs = append(errs, validate(doc, ap, pv, path+"."+k)...)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("want an array, got %T", v)
			return errs
		}
		items, _ := schema["items"].(jsonObject)
		for i, it := range arr {
			errs = append(errs, validate(doc, items, it, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			fail("want a string, got %T", v)
			return errs
		}
		if max, ok := schema["maxLength"].(float64); ok && float64(len([]rune(s))) > max {
			fail("longer than %v", max)
		}
		switch schema["format"] {
		case "date":
			if _, err := time.Parse(time.DateOnly, s); err != nil || !dateRE.MatchString(s) {
				fail("%q is not a date", s)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				fail("%q is not an RFC 3339 date-time", s)
			}
		case "uri":
			if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
				fail("%q is not an absolute URI", s)
			}
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			fail("want a number, got %T", v)
			return errs
		}
		f, err := n.Float64()
		if err != nil {
			fail("%v: %v", n, err)
			return errs
		}
		if _, err := n.Int64(); typ == "integer" && err != nil {
			fail("%v is not an integer", n)
		}
		if min, ok := schema["minimum"].(float64); ok && f < min {
			fail("%v < minimum %v", f, min)
		}
		if max, ok := schema["maximum"].(float64); ok && f > max {
			fail("%v > maximum %v", f, max)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("want a boolean, got %T", v)
		}
	case "":
		fail("schema has no type")
	default:
		fail("type %q is not supported by the test's validator", typ)
	}
	return errs
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// The validator itself must catch what it claims to.
func TestOpenAPI_ValidatorCatchesViolations(t *testing.T) {
	doc := loadDoc(t)
	ref := func(name string) jsonObject { return jsonObject{"$ref": "#/components/schemas/" + name} }
	parse := func(s string) any {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := `{"code":21,"slug":"gifu","name":"岐阜県","name_en":"Gifu"}`
	if errs := validate(doc, ref("Prefecture"), parse(good), "$"); len(errs) > 0 {
		t.Errorf("valid prefecture refused: %v", errs)
	}
	for _, bad := range []string{
		`{"code":21,"slug":"gifu","name":"岐阜県"}`,                        // required missing
		`{"code":21,"slug":"gifu","name":"岐阜県","name_en":"Gifu","x":1}`, // undocumented
		`{"code":"21","slug":"gifu","name":"岐阜県","name_en":"Gifu"}`,     // wrong type
		`{"code":21.5,"slug":"gifu","name":"岐阜県","name_en":"Gifu"}`,     // not an integer
		`{"code":48,"slug":"gifu","name":"岐阜県","name_en":"Gifu"}`,       // above maximum
		`{"code":21,"slug":null,"name":"岐阜県","name_en":"Gifu"}`,         // null
		`[]`,
	} {
		if errs := validate(doc, ref("Prefecture"), parse(bad), "$"); len(errs) == 0 {
			t.Errorf("%s passed", bad)
		}
	}
	if errs := validate(doc, ref("Reward"), parse(`{"type":"lots","amount":1}`), "$"); len(errs) == 0 {
		t.Error("enum violation passed")
	}
	if errs := validate(doc, ref("Error"), parse(`{"error":{"code":"invalid","message":"m","fields":{"a":1}}}`), "$"); len(errs) == 0 {
		t.Error("additionalProperties schema violation passed")
	}
	if errs := validate(doc, ref("Error"), parse(`{"error":{"code":"invalid","message":"m","params":{"a":{"min":"x"}}}}`), "$"); len(errs) == 0 {
		t.Error("anyOf violation passed")
	}
	if errs := validate(doc, ref("Error"), parse(`{"error":{"code":"invalid","message":"m","params":{"a":{"min":1,"max":"2027-01-02","other":"b"}}}}`), "$"); len(errs) != 0 {
		t.Errorf("valid params refused: %v", errs)
	}
	if errs := validate(doc, jsonObject{"type": "string", "pattern": "x"}, "x", "$"); len(errs) == 0 {
		t.Error("unsupported keyword passed")
	}
}

// TestOpenAPI_OneVersion: a project's version has one representation, the
// Version schema: every read of a project carries it, PATCH requires it,
// and no request asks for a timestamp instead.
func TestOpenAPI_OneVersion(t *testing.T) {
	doc := loadDoc(t)
	schemas := doc["components"].(jsonObject)["schemas"].(jsonObject)
	for _, name := range []string{"ProjectDetail", "ManagedProject", "ProjectPatch"} {
		s := schemas[name].(jsonObject)
		v, _ := s["properties"].(jsonObject)["version"].(jsonObject)
		if v["$ref"] != "#/components/schemas/Version" {
			t.Errorf("%s.version is %v, want the Version schema", name, v)
		}
		if !slices.Contains(asSlice(s["required"]), any("version")) {
			t.Errorf("%s does not require version", name)
		}
	}
	for _, name := range []string{"ProjectPatch", "ProjectCreate", "ProjectFields"} {
		props, _ := schemas[name].(jsonObject)["properties"].(jsonObject)
		if _, ok := props["updated_at"]; ok {
			t.Errorf("%s takes updated_at", name)
		}
	}
}
