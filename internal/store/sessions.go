package store

import (
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
)

// sessionCleanup is how often the session store deletes expired sessions.
const sessionCleanup = 30 * time.Minute

// SessionStore returns the server-side session store of scs over the
// sessions table of migration 00002: sqlite3store on SQLite (on the writer,
// as every write there), postgresstore on PostgreSQL. Its cleanup of
// expired sessions runs every 30 minutes and stops when db is closed. Each
// call makes a new store; call it once.
func (db *DB) SessionStore() scs.Store {
	if db.engine == Postgres {
		s := postgresstore.NewWithCleanupInterval(db.writer, sessionCleanup)
		db.addCloser(s.StopCleanup)
		return s
	}
	s := sqlite3store.NewWithCleanupInterval(db.writer, sessionCleanup)
	db.addCloser(s.StopCleanup)
	return s
}
