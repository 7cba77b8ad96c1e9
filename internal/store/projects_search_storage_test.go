package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestPostgresSearchStorage: the title and catch tsvectors stay in the row
// (a cold search reads them for thousands of projects; out of line, each
// read was a TOAST lookup), and every search GIN index keeps a pending
// list of at most 64 kB (every search reads that list whole).
func TestPostgresSearchStorage(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.Postgres)
	got, err := db.PostgresSearchStorageForTest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"search_title":          "m",
		"search_catch":          "m",
		"projects_search":       "gin_pending_list_limit=64",
		"projects_search_title": "gin_pending_list_limit=64",
		"projects_search_catch": "gin_pending_list_limit=64",
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
}
