package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// wrap turns driver errors into domain errors where the meaning is clear
// (no rows → ENOTFOUND, unique violation → ECONFLICT) and adds the operation
// to the rest.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var fe *furusato.Error
	switch {
	case errors.As(err, &fe):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	case isUnique(err):
		return &furusato.Error{Code: furusato.ECONFLICT, Message: "Already exists.", Fields: map[string]string{"slug": "error.taken"}}
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// isUnique recognises a unique-constraint violation on both engines
// without importing their error types' packages into every file.
func isUnique(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || // SQLite
		strings.Contains(s, "SQLSTATE 23505") // PostgreSQL
}

// isForeignKey recognises a foreign-key violation on both engines: a row
// refers to one that does not exist.
func isForeignKey(err error) bool {
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || // SQLite
		strings.Contains(s, "SQLSTATE 23503") // PostgreSQL
}

// conflict is the ECONFLICT for a unique violation on field, whose form
// shows "error.taken" beside it.
func conflict(message, field string) error {
	return &furusato.Error{Code: furusato.ECONFLICT, Message: message, Fields: map[string]string{field: "error.taken"}}
}

// mustAffect turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func mustAffect(op string, res sql.Result, err error, message string) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "%s", message)
	}
	return nil
}
