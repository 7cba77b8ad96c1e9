package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStmtCache_BoundedAndSafeWhileRowsAreOpen: the cache keeps the most
// recently used texts only, and a statement it drops while its rows are
// still being read finishes them.
func TestStmtCache_BoundedAndSafeWhileRowsAreOpen(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newStmtCache(db.reader, 2)
	defer c.Close()
	rows, err := c.QueryContext(ctx, `SELECT value FROM json_each('[1,2,3]') WHERE value >= $1`, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for i, q := range []string{`SELECT $1 + 1`, `SELECT $1 + 2`, `SELECT $1 + 1`} {
		var got int
		if err := c.QueryRowContext(ctx, q, 40).Scan(&got); err != nil || got != 41+i%2 {
			t.Fatalf("%s = %d, %v", q, got, err)
		}
	}
	if len(c.stmts) != 2 || c.lru.Len() != 2 {
		t.Errorf("cache holds %d texts (%d in order), want 2", len(c.stmts), c.lru.Len())
	}
	if _, ok := c.stmts[`SELECT value FROM json_each('[1,2,3]') WHERE value >= $1`]; ok {
		t.Error("the least recently used text is still cached")
	}
	sum := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	if err := rows.Err(); err != nil || sum != 6 {
		t.Errorf("rows of the dropped statement: sum %d, %v; want 6", sum, err)
	}
	// A text that cannot be prepared reports its error as a plain query would.
	if err := c.QueryRowContext(ctx, `SELECT FROM nowhere`).Scan(new(int)); err == nil {
		t.Error("a bad statement gave no error")
	}
}

// TestStmtCache_DropWhileInUse: a statement dropped by one request while
// another is about to run it still runs (the cache closes it only once no
// request holds it).
func TestStmtCache_DropWhileInUse(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newStmtCache(db.reader, 1)
	defer c.Close()
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			var err error
			for i := 0; i < 300 && err == nil; i++ {
				var got int
				q := fmt.Sprintf("SELECT $1 + %d", (g+i)%5)
				if err = c.QueryRowContext(ctx, q, 1).Scan(&got); err == nil && got != 1+(g+i)%5 {
					err = fmt.Errorf("%s = %d", q, got)
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
