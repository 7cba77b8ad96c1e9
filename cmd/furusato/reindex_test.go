package main

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/furusato/furusato/internal/store"
)

// After an upgrade that changed how search cuts text (the index version in
// the database is older), `furusato migrate` rebuilds the search index and
// says so in one line when its output is not a terminal.
func TestRun_MigrateRebuildsAStaleSearchIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "furusato.db")
	if _, err := runCmd(t, "demo", "--database-url", path); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `UPDATE search_index SET version = 0`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err := runCmd(t, "migrate", "--database-url", path)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^rebuilt the search index of \d+ projects in \S+\nmigrations applied\n$`).MatchString(out) {
		t.Errorf("migrate printed %q", out)
	}
	if out, _ := runCmd(t, "migrate", "--database-url", path); out != "migrations applied\n" {
		t.Errorf("second migrate printed %q", out)
	}
}
