package httpx_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

func TestStatus_EveryCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{furusato.Errorf(furusato.EINVALID, "bad"), http.StatusBadRequest},
		{furusato.Errorf(furusato.EUNAUTHORIZED, "login"), http.StatusUnauthorized},
		{furusato.Errorf(furusato.EFORBIDDEN, "no"), http.StatusForbidden},
		{furusato.Errorf(furusato.ENOTFOUND, "gone"), http.StatusNotFound},
		{furusato.Errorf(furusato.ECONFLICT, "taken"), http.StatusConflict},
		{furusato.Errorf(furusato.ERATELIMIT, "slow down"), http.StatusTooManyRequests},
		{furusato.Errorf(furusato.EINTERNAL, "oops"), http.StatusInternalServerError},
		{errors.New("sql: connection refused"), http.StatusInternalServerError},
		{&furusato.Error{Code: "no_such_code"}, http.StatusInternalServerError},
		{fmt.Errorf("service: submit: %w", furusato.Errorf(furusato.ENOTFOUND, "gone")), http.StatusNotFound},
		{fmt.Errorf("wrapped twice: %w", fmt.Errorf("once: %w", furusato.Errorf(furusato.ECONFLICT, "x"))), http.StatusConflict},
	}
	for _, tc := range tests {
		if got := httpx.Status(tc.err); got != tc.want {
			t.Errorf("Status(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// decodeAPIError decodes w's body strictly as an APIError, also returning
// the raw top-level keys of "error".
func decodeAPIError(t *testing.T, w *httptest.ResponseRecorder) (httpx.APIError, map[string]json.RawMessage) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var raw struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
		t.Fatalf("body is not JSON: %v: %q", err, w.Body)
	}
	var e httpx.APIError
	dec := json.NewDecoder(strings.NewReader(w.Body.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("body is not an APIError: %v: %q", err, w.Body)
	}
	return e, raw.Error
}

func TestWriteJSONError_Shape(t *testing.T) {
	quietLog(t)
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantMsg    string
		wantFields map[string]string
	}{
		{"invalid with fields", &furusato.Error{Code: furusato.EINVALID, Message: "入力を確認してください。", Fields: map[string]string{"title": "validation.required", "places": "validation.range"}},
			400, "invalid", "入力を確認してください。", map[string]string{"title": "validation.required", "places": "validation.range"}},
		{"not found", furusato.Errorf(furusato.ENOTFOUND, "No such project."), 404, "not_found", "No such project.", nil},
		{"conflict wrapped", fmt.Errorf("service: %w", furusato.Errorf(furusato.ECONFLICT, "Already applied.")), 409, "conflict", "Already applied.", nil},
		{"forbidden", furusato.Errorf(furusato.EFORBIDDEN, "Not yours."), 403, "forbidden", "Not yours.", nil},
		{"unauthorized", furusato.Errorf(furusato.EUNAUTHORIZED, "Log in."), 401, "unauthorized", "Log in.", nil},
		{"rate limited", furusato.Errorf(furusato.ERATELIMIT, "Slow down."), 429, "rate_limited", "Slow down.", nil},
		{"foreign error", fmt.Errorf("store: find projects: %w", errors.New(`pq: password authentication failed for user "furusato" at 10.0.0.5`)),
			500, "internal", "Internal error.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			httpx.WriteJSONError(w, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil), tc.err)
			if w.Code != tc.wantStatus {
				t.Errorf("status = %d, want %d", w.Code, tc.wantStatus)
			}
			e, raw := decodeAPIError(t, w)
			if e.Error.Code != tc.wantCode || e.Error.Message != tc.wantMsg {
				t.Errorf("error = %+v, want code %q message %q", e.Error, tc.wantCode, tc.wantMsg)
			}
			if len(e.Error.Fields) != len(tc.wantFields) {
				t.Errorf("fields = %v, want %v", e.Error.Fields, tc.wantFields)
			}
			for k, v := range tc.wantFields {
				if e.Error.Fields[k] != v {
					t.Errorf("fields[%s] = %q, want %q", k, e.Error.Fields[k], v)
				}
			}
			if _, ok := raw["fields"]; ok != (tc.wantFields != nil) {
				t.Errorf(`"fields" present = %v in %s`, ok, w.Body)
			}
		})
	}
}

func TestWriteJSONError_InternalShowsNoDetail(t *testing.T) {
	logs := quietLog(t)
	const detail = "dial tcp 10.0.0.5:5432: connection refused"
	for _, err := range []error{
		errors.New(detail),
		fmt.Errorf("store: ping: %w", errors.New(detail)),
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/api/v1/projects", nil)
		httpx.WithRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httpx.WriteJSONError(w, r, err)
		})).ServeHTTP(w, r)
		if w.Code != 500 {
			t.Errorf("status = %d", w.Code)
		}
		if strings.Contains(w.Body.String(), "10.0.0.5") || strings.Contains(w.Body.String(), "store:") {
			t.Errorf("body leaks internal detail: %s", w.Body)
		}
		want := `{"error":{"code":"internal","message":"Internal error."}}` + "\n"
		if w.Body.String() != want {
			t.Errorf("body = %q, want %q", w.Body, want)
		}
		// …but the log has it, with the request id.
		if !strings.Contains(logs.String(), detail) || !strings.Contains(logs.String(), "request_id="+w.Header().Get("X-Request-Id")) {
			t.Errorf("log lacks the detail or the request id:\n%s", logs)
		}
	}
}

func TestLogError_DomainErrorsNotLogged(t *testing.T) {
	logs := quietLog(t)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, code := range []string{furusato.EINVALID, furusato.ENOTFOUND, furusato.ECONFLICT, furusato.EFORBIDDEN, furusato.EUNAUTHORIZED, furusato.ERATELIMIT} {
		httpx.LogError(r, furusato.Errorf(code, "x"))
	}
	if logs.Len() != 0 {
		t.Errorf("domain errors were logged:\n%s", logs)
	}
	httpx.LogError(r, errors.New("disk full"))
	if !strings.Contains(logs.String(), "disk full") || !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("internal error not logged at ERROR:\n%s", logs)
	}
}

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"name": "岐阜 <b>&"})
	if w.Code != http.StatusCreated || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("got %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var got map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got["name"] != "岐阜 <b>&" {
		t.Errorf("body = %q (%v)", w.Body, err)
	}
	if !strings.HasSuffix(w.Body.String(), "}\n") {
		t.Errorf("body %q does not end with a newline", w.Body)
	}
}

func TestWriteJSON_UnencodableIsInternalJSONError(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.WriteJSON(w, http.StatusOK, map[string]float64{"x": math.NaN()})
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q, want JSON for a JSON error body", ct)
	}
	var e httpx.APIError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != furusato.EINTERNAL {
		t.Errorf("body = %q, want an APIError with code %q (%v)", w.Body, furusato.EINTERNAL, err)
	}
}

// A field error carries each field's rule and bounds, and a message for
// clients that names them instead of "the highlighted fields".
func TestWriteJSONError_FieldParamsAndMessage(t *testing.T) {
	var f furusato.FieldErrors
	f.Add("places", "error.range", "Min", 1, "Max", 50)
	f.Add("title", "error.required")
	f.Add("deadline", "hosts.error.deadline_far", "Max", furusato.Date{Year: 2027, Month: 12, Day: 6})
	w := httptest.NewRecorder()
	httpx.WriteJSONError(w, httptest.NewRequest(http.MethodPost, "/api/v1/projects", nil), f.Err())
	want := `{"error":{"code":"invalid","message":"Invalid fields: deadline must be on or before 2027-12-06; places must be from 1 to 50; title is required.",` +
		`"fields":{"deadline":"hosts.error.deadline_far","places":"error.range","title":"error.required"},` +
		`"params":{"deadline":{"max":"2027-12-06"},"places":{"max":50,"min":1}}}}` + "\n"
	if w.Code != 400 || w.Body.String() != want {
		t.Errorf("got %d %s\nwant %s", w.Code, w.Body, want)
	}
	// A specific message stays; no params, no "params".
	w = httptest.NewRecorder()
	httpx.WriteJSONError(w, httptest.NewRequest(http.MethodPost, "/", nil),
		&furusato.Error{Code: furusato.EINVALID, Message: "Unknown field: x.", Fields: map[string]string{"x": "error.unknown_field"}})
	if want := `{"error":{"code":"invalid","message":"Unknown field: x.","fields":{"x":"error.unknown_field"}}}` + "\n"; w.Body.String() != want {
		t.Errorf("got %s\nwant %s", w.Body, want)
	}
}
