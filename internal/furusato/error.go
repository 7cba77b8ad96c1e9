package furusato

import (
	"errors"
	"fmt"
	"time"
)

// Error codes are stable: the API sends them to clients and tests match on them.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ERATELIMIT    = "rate_limited"
)

// Error is a domain error. Message is safe to show to users; Fields maps a
// form field name to a message-catalogue key for per-field errors, and
// Params a field to the values its message names (the rule's Min and Max,
// the Other field it contradicts), so that one catalogue message says
// "places: from 1 to 50" for every field and every bound.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	// Conflict names, for some ECONFLICTs, which conflict it is (one of
	// the Conflict* words), so that the edges tell people what really
	// happened instead of one guess for all.
	Conflict string
	// RetryAt is, for an ERATELIMIT, when the limit lifts (zero when
	// unknown), so that people are told when they can try again.
	RetryAt time.Time
	Params  map[string]Params
}

// The conflicts an edge words apart.
const (
	ConflictFilled       = "places_filled"       // every place of the project was taken
	ConflictStale        = "stale"               // the object moved on since it was read
	ConflictSlotsChanged = "slots_changed"       // an interview's times were changed
	ConflictOtherConfirm = "interview_confirmed" // another interview of the entry is already fixed
	ConflictTimesPassed  = "times_passed"        // every proposed time of an interview or meeting has passed
)

// Conflict returns an ECONFLICT *Error with the given conflict word.
func Conflict(conflict, format string, args ...any) *Error {
	return &Error{Code: ECONFLICT, Message: fmt.Sprintf(format, args...), Conflict: conflict}
}

// ConflictOf returns the conflict word of err's *Error, "" when it has
// none.
func ConflictOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Conflict
	}
	return ""
}

// Params are the values a field error's message names.
type Params map[string]any

func (e *Error) Error() string {
	return fmt.Sprintf("furusato error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, EINTERNAL for any other
// error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err, or a generic one for
// errors that are not *Error (their text may hold internal detail).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// RetryAt returns the RetryAt of err's *Error: zero when it has none.
func RetryAt(err error) time.Time {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAt
	}
	return time.Time{}
}

// ErrorFields returns the per-field errors of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// ErrorParams returns the values of err's field errors, if any.
func ErrorParams(err error) map[string]Params {
	var e *Error
	if errors.As(err, &e) {
		return e.Params
	}
	return nil
}

// FieldErrors collects field errors with their values, in the order a
// check finds them; the first error of a field wins.
type FieldErrors struct {
	Fields map[string]string
	Params map[string]Params
}

// Add records key for field name with the values of its message (pairs
// of name and value), unless the field has an error already.
func (f *FieldErrors) Add(name, key string, kv ...any) {
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	if _, seen := f.Fields[name]; seen {
		return
	}
	f.Fields[name] = key
	if len(kv) < 2 {
		return
	}
	if f.Params == nil {
		f.Params = map[string]Params{}
	}
	p := Params{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		p[k] = kv[i+1]
	}
	f.Params[name] = p
}

// Merge adds the field errors of err (an *Error) that f does not hold yet.
func (f *FieldErrors) Merge(err error) {
	params := ErrorParams(err)
	for name, key := range ErrorFields(err) {
		var kv []any
		for k, v := range params[name] {
			kv = append(kv, k, v)
		}
		f.Add(name, key, kv...)
	}
}

// Err returns EINVALID with the collected fields, or nil when there are none.
func (f *FieldErrors) Err() error {
	if len(f.Fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: MsgCheckFields, Fields: f.Fields, Params: f.Params}
}
