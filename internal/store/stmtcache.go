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
// no request holds it (and database/sql waits for its open rows).
// PostgreSQL needs none: pgx caches the statements of each connection
// itself.
type stmtCache struct {
	db  *sql.DB
	max int

	mu    sync.Mutex
	stmts map[string]*clist.Element // of *cachedStmt
	lru   clist.List                // front: most recently used
}

type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	users   int  // requests between acquire and release
	dropped bool // out of the cache: closed when users is 0
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, stmts: map[string]*clist.Element{}}
}

// acquire returns the prepared statement of query, preparing it when new,
// held until release; nil when it cannot be prepared (the caller runs the
// text as it is, which reports the same error).
func (c *stmtCache) acquire(ctx context.Context, query string) *cachedStmt {
	c.mu.Lock()
	if el, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(el)
		cs := el.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs
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
		cs := el.Value.(*cachedStmt)
		cs.users++
		return cs
	}
	cs := &cachedStmt{query: query, stmt: s, users: 1}
	c.stmts[query] = c.lru.PushFront(cs)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.stmts, old.query)
		old.dropped = true
		if old.users == 0 {
			_ = old.stmt.Close()
		}
	}
	return cs
}

// release ends a request's hold on cs; database/sql itself keeps the
// statement open for rows still being read.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.dropped && cs.users == 0 {
		_ = cs.stmt.Close()
	}
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.ExecContext(ctx, args...)
	}
	return c.db.ExecContext(ctx, query, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.QueryContext(ctx, args...)
	}
	return c.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs the query at once (sql.Row holds its rows), so the
// hold ends when it returns.
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if cs := c.acquire(ctx, query); cs != nil {
		defer c.release(cs)
		return cs.stmt.QueryRowContext(ctx, args...)
	}
	return c.db.QueryRowContext(ctx, query, args...)
}

// Close closes every cached statement, before the pool closes.
func (c *stmtCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, el := range c.stmts {
		_ = el.Value.(*cachedStmt).stmt.Close()
	}
	clear(c.stmts)
	c.lru.Init()
}
