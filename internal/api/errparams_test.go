package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// fieldErrorJS is an error response with its fields' rules and values.
type fieldErrorJS struct {
	Error struct {
		Code    string                    `json:"code"`
		Message string                    `json:"message"`
		Fields  map[string]string         `json:"fields"`
		Params  map[string]map[string]any `json:"params"`
	} `json:"error"`
}

// wantFieldError checks that r is a 400 whose field has key and exactly
// the params given as JSON ("" for none), and whose message names the
// field and every bound.
func wantFieldError(t *testing.T, r response, field, key, params string) {
	t.Helper()
	if r.status != 400 {
		t.Errorf("status %d, want 400: %s", r.status, r.body)
		return
	}
	e := decode[fieldErrorJS](t, r)
	if e.Error.Code != "invalid" || e.Error.Fields[field] != key {
		t.Errorf("fields %v, want %s: %s", e.Error.Fields, field+"="+key, r.body)
	}
	got := ""
	if p, ok := e.Error.Params[field]; ok {
		b, _ := json.Marshal(p)
		got = string(b)
	}
	if got != params {
		t.Errorf("params of %s = %s, want %s: %s", field, got, params, r.body)
	}
	if !strings.Contains(e.Error.Message, field) {
		t.Errorf("message %q does not name %s", e.Error.Message, field)
	}
	for _, v := range e.Error.Params[field] {
		if s := strings.Trim(toJSON(v), `"`); !strings.Contains(e.Error.Message, s) {
			t.Errorf("message %q does not name the bound %s", e.Error.Message, s)
		}
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
