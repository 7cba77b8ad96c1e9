package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/furusato/furusato/internal/furusato"
)

// wrap turns driver errors into domain errors where the meaning is clear
// (no rows → ENOTFOUND, unique violation → ECONFLICT naming the taken
// field) and adds the operation to the rest.
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
		e := &furusato.Error{Code: furusato.ECONFLICT, Message: "Already exists."}
		if field := uniqueFields[uniqueConstraint(err)]; field != "" {
			e.Fields = map[string]string{field: "error.taken"}
		}
		return e
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// uniqueFields maps a unique constraint (PostgreSQL's name for it, which
// uniqueConstraint also gives for SQLite) to the form field whose value is
// taken. A unique with no field a person typed has no entry: its conflict
// names no field.
var uniqueFields = map[string]string{
	"organizations_slug_key": "slug",
	"companies_slug_key":     "slug",
	"projects_slug_key":      "slug",
	"users_email_key":        "email",
}

// PostgreSQL's SQLSTATE codes for the violations the store recognises.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// isUnique recognises a unique-constraint violation on both engines.
func isUnique(err error) bool {
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pe.Code == pgUniqueViolation
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKey recognises a foreign-key violation on both engines: a row
// refers to one that does not exist.
func isForeignKey(err error) bool {
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pe.Code == pgForeignKeyViolation
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// uniqueConstraint names the unique constraint that err violates, as
// PostgreSQL names it: the constraint's name there. SQLite reports the
// columns instead ("UNIQUE constraint failed: users.email"), and only in
// its message, so a single-column unique becomes PostgreSQL's default name
// for it (users_email_key); "" for anything else.
func uniqueConstraint(err error) string {
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pe.ConstraintName
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		_, cols, found := strings.Cut(se.Error(), "UNIQUE constraint failed: ")
		cols, _, _ = strings.Cut(cols, " (")
		table, col, ok := strings.Cut(cols, ".")
		if found && ok && !strings.ContainsAny(col, ", ") {
			return table + "_" + col + "_key"
		}
	}
	return ""
}

// conflict is the ECONFLICT for a unique violation on field, whose form
// shows "error.taken" beside it.
func conflict(message, field string) error {
	return &furusato.Error{Code: furusato.ECONFLICT, Message: message, Fields: map[string]string{field: "error.taken"}}
}

// mustAffect turns an UPDATE or DELETE that touched no row into ENOTFOUND.
func mustAffect(op string, res sql.Result, err error, message string) error {
	return affectedOr(op, res, err, furusato.Errorf(furusato.ENOTFOUND, "%s", message))
}

// affectedOr returns none when a write that had to touch a row touched
// none (a conditional move that lost the race, a row that is gone).
func affectedOr(op string, res sql.Result, err error, none error) error {
	if err != nil {
		return wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return none
	}
	return nil
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY
// or SQLITE_LOCKED, with any extended code): another connection holds the
// lock that was asked for.
func isBusy(err error) bool {
	se, ok := errors.AsType[*sqlite.Error](err)
	if !ok {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}
