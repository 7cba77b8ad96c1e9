package store_test

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The sessions table of migration 00002 is the one the scs stores expect:
// a session committed through them is found again until it expires.
func TestSessions_TableFitsTheSCSStores(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		var s scs.Store
		if db.Engine() == store.Postgres {
			s = postgresstore.NewWithCleanupInterval(db.WriterForTest(), 0)
		} else {
			s = sqlite3store.NewWithCleanupInterval(db.WriterForTest(), 0)
		}
		if err := s.Commit("live", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatalf("commit: %v", err)
		}
		if err := s.Commit("stale", []byte("old"), time.Now().Add(-time.Hour)); err != nil {
			t.Fatalf("commit: %v", err)
		}
		if b, found, err := s.Find("live"); err != nil || !found || string(b) != "data" {
			t.Errorf("find live = %q, %v, %v", b, found, err)
		}
		if _, found, err := s.Find("stale"); err != nil || found {
			t.Errorf("find stale = %v, %v; want not found", found, err)
		}
		if err := s.Delete("live"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("live"); found {
			t.Error("deleted session still found")
		}
	})
}
