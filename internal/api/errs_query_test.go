package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestProjectList_BadQueryParamsCarryParams: the catalogue's query
// parameters answer as every other field error of the API does: the key,
// the bounds or the allowed values in params, and a message that names
// the parameter and its rule.
func TestProjectList_BadQueryParamsCarryParams(t *testing.T) {
	fx := newFixture(t)
	for _, c := range []struct {
		query, field, key, params, says string
	}{
		{"page=0", "page", "error.page", `{"max":1000,"min":1}`, "page must be from 1 to 1000"},
		{"page=abc", "page", "error.page", `{"max":1000,"min":1}`, "page must be from 1 to 1000"},
		{"per_page=101", "per_page", "error.per_page", `{"max":100,"min":1}`, "per_page must be from 1 to 100"},
		{"q=" + url.QueryEscape(strings.Repeat("あ", 201)), "q", "error.query_too_long", `{"max":200}`, "q must be at most 200 characters"},
		{"q=" + url.QueryEscape("岐阜\u202eabc"), "q", "error.query_encoding", "", "q"},
		{"reward=lots", "reward", "error.reward", `{"allowed":["none","honorarium","paid"]}`, "reward must be one of none, honorarium, paid"},
		{"duration=forever", "duration", "error.duration", `{"allowed":["short","mid","long"]}`, "duration must be one of short, mid, long"},
		{"sort=random", "sort", "error.sort", `{"allowed":["newest","deadline"]}`, "sort must be one of newest, deadline"},
		{"remote=yes", "remote", "error.flag", `{"allowed":["1","0","true","false"]}`, "remote must be one of 1, 0, true, false"},
		{"area=tokyo", "area", "error.area", "", "area must be one of hokkaido-tohoku, kanto, chubu"},
	} {
		t.Run(c.query, func(t *testing.T) {
			r := fx.get(t, "/api/v1/projects?"+c.query)
			if r.status != 400 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			e := decode[fieldErrorJS](t, r)
			if e.Error.Code != "invalid" || e.Error.Fields[c.field] != c.key {
				t.Errorf("fields %v, want %s=%s", e.Error.Fields, c.field, c.key)
			}
			if c.params != "" {
				b, _ := json.Marshal(e.Error.Params[c.field])
				if string(b) != c.params {
					t.Errorf("params %s, want %s", b, c.params)
				}
			}
			if !strings.Contains(e.Error.Message, c.says) {
				t.Errorf("message %q lacks %q", e.Error.Message, c.says)
			}
		})
	}
}
