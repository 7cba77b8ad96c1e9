package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

// decodeBody reads the JSON object of r's body into v: Content-Type
// application/json, at most maxBodyBytes, no field v does not have, and
// nothing after the object. Every failure is EINVALID.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return &furusato.Error{Code: furusato.EINVALID, Message: "Send the body as Content-Type: application/json.",
			Fields: map[string]string{"body": errInvalid}}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err == nil {
		if name := badTextField(body); name != "" {
			return &furusato.Error{Code: furusato.EINVALID, Message: "Field " + name + " holds invalid UTF-8 or a control character.",
				Fields: map[string]string{name: furusato.ErrBadText}}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err == nil {
		err = dec.Decode(v)
	}
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("data after the JSON object")
		}
	}
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &furusato.Error{Code: furusato.EINVALID, Message: "The body is larger than 1 MB.", Fields: map[string]string{"body": "error.too_long"}}
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return &furusato.Error{Code: furusato.EINVALID, Message: "Field " + typeErr.Field + " has the wrong type.",
			Fields: map[string]string{typeErr.Field: errInvalid}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &furusato.Error{Code: furusato.EINVALID, Message: "Unknown field: " + name + ".", Fields: map[string]string{name: "error.unknown_field"}}
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "The body is not a JSON object of the documented shape.",
		Fields: map[string]string{"body": errInvalid}}
}

// badTextField returns the name of the first top-level field of the JSON
// body whose text (a string anywhere inside it, or a key) holds invalid
// UTF-8 or a control character other than tab and line ends, "body" when
// it is outside any field, or "" when all is well (or the body is not
// JSON: decoding then says so). encoding/json would turn invalid UTF-8
// into U+FFFD without a word, so the raw bytes of each token are checked;
// "\u0000" is valid JSON, so the decoded strings are checked too.
func badTextField(body []byte) string {
	type level struct {
		object    bool
		expectKey bool
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []level
	field := "" // the top-level field being read
	var prev int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return "" // the end, or a syntax error that decoding reports
		}
		raw := body[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].expectKey
		if s, ok := tok.(string); ok && isKey && len(stack) == 1 {
			field = s
		}
		if !utf8.Valid(raw) {
			return fieldOr(field, isKey && len(stack) == 1)
		}
		if s, ok := tok.(string); ok && furusato.BadText(s) {
			return fieldOr(field, isKey && len(stack) == 1)
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{object: true, expectKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if isKey {
				stack[len(stack)-1].expectKey = false
				continue
			}
		}
		// A value ended: an object in which it was one expects a key next.
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
}

// fieldOr names field, or "body" for a key of its own or text outside any field.
func fieldOr(field string, ownKey bool) string {
	if field == "" || ownKey || !utf8.ValidString(field) || furusato.BadText(field) {
		return "body"
	}
	return field
}
