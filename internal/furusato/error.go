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
// form field name to a message-catalogue key for per-field errors.
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
}

// The conflicts an edge words apart.
const (
	ConflictFilled       = "places_filled"       // every place of the project was taken
	ConflictStale        = "stale"               // the object moved on since it was read
	ConflictSlotsChanged = "slots_changed"       // an interview's times were changed
	ConflictOtherConfirm = "interview_confirmed" // another interview of the entry is already fixed
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
