package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

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
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
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
