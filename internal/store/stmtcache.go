package store

import (
	clist "container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache runs the reads of an SQLite pool through prepared statements,
// one per SQL text: database/sql keeps each prepared on every connection
// that has run it, so SQLite parses and plans a text once per connection
// instead of on every call (an eighth of a list page's time before). It
// holds the most recently used max texts; a text it drops is closed once
// its rows are. PostgreSQL needs none: pgx caches the statements of each
// connection itself.
type stmtCache struct {
	db  *sql.DB
	max int

	mu    sync.Mutex
	stmts map[string]*clist.Element // of *cachedStmt
	lru   clist.List                // front: most recently used
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, stmts: map[string]*clist.Element{}}
}

// stmt returns the prepared statement of query, preparing it when new; nil
// when it cannot be prepared (the caller runs the text as it is, which
// reports the same error).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	if el, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(el)
		s := el.Value.(*cachedStmt).stmt
		c.mu.Unlock()
		return s
	}
	c.mu.Unlock()
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.stmts[query]; ok { // prepared meanwhile by another request
		_ = s.Close()
		c.lru.MoveToFront(el)
		return el.Value.(*cachedStmt).stmt
	}
	c.stmts[query] = c.lru.PushFront(&cachedStmt{query: query, stmt: s})
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.stmts, old.query)
		_ = old.stmt.Close() // database/sql waits for its open rows
	}
	return s
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := c.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return c.db.ExecContext(ctx, query, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := c.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := c.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

// Close closes every statement, before the pool closes.
func (c *stmtCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, el := range c.stmts {
		_ = el.Value.(*cachedStmt).stmt.Close()
	}
	clear(c.stmts)
	c.lru.Init()
}
