package httpx

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
)

// codeStatus maps each domain error code to its HTTP status, once for both edges.
var codeStatus = map[string]int{
	furusato.EINVALID:      http.StatusBadRequest,
	furusato.EUNAUTHORIZED: http.StatusUnauthorized,
	furusato.EFORBIDDEN:    http.StatusForbidden,
	furusato.ENOTFOUND:     http.StatusNotFound,
	furusato.ECONFLICT:     http.StatusConflict,
	furusato.ERATELIMIT:    http.StatusTooManyRequests,
	furusato.EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err's code.
func Status(err error) int {
	if s, ok := codeStatus[furusato.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// LogError logs err once, with the request id, when it is internal; domain
// errors are the user's business and are not logged as errors.
func LogError(r *http.Request, err error) {
	if furusato.ErrorCode(err) == furusato.EINTERNAL {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", furusato.RedactSecretPath(r.URL.Path), "request_id", RequestID(r.Context()))
	}
}

// APIError is the body of every JSON error response.
type APIError struct {
	Error APIErrorBody `json:"error"`
}

// APIErrorBody carries a stable code, a message for people and, for
// EINVALID, the offending fields (field → catalogue key) with the values
// their rule names (field → {"min", "max", "other"}).
type APIErrorBody struct {
	Code    string                    `json:"code"`
	Message string                    `json:"message"`
	Fields  map[string]string         `json:"fields,omitempty"`
	Params  map[string]map[string]any `json:"params,omitempty"`
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":{"code":"internal","message":"Internal error."}}` + "\n"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// WriteJSONError writes err as an APIError with its status; internal
// errors are logged and shown only as a generic message. The generic
// message of field errors (a person's form highlights them; a client has
// none) becomes one that names each field, its rule and its bounds.
func WriteJSONError(w http.ResponseWriter, r *http.Request, err error) {
	LogError(r, err)
	fields, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	msg := furusato.ErrorMessage(err)
	if len(fields) > 0 && msg == furusato.MsgCheckFields {
		msg = "Invalid fields: " + furusato.DescribeFields(fields, params) + "."
	}
	WriteJSON(w, Status(err), APIError{Error: APIErrorBody{
		Code:    furusato.ErrorCode(err),
		Message: msg,
		Fields:  fields,
		Params:  furusato.ParamsJSON(params),
	}})
}
