package store

import (
	"context"
	"fmt"
)

// On SQLite a project's rows in the search index (project_fts and
// project_fts_head) are keyed by its search key rather than its id: the
// second it was first published above its id. FTS5 walks a match in rowid
// order and seeks to a rowid range cheaply, so a search can read the
// matches among the newest projects (MatchKeys) without reading every
// match of a word that most projects hold. published_at is written once
// (the first move to a public status) and never changes after, so a
// project has one key before it is published (its id) and one after.

// searchKeyIDBits is how many low bits of a search key hold the id.
const searchKeyIDBits = 31

const searchKeyIDMask = 1<<searchKeyIDBits - 1

// SearchKey is the search key of project id first published at
// publishedMS (Unix milliseconds, 0 when never published). Seconds up to
// 2^32 (the year 2106) and ids below 2^31 keep it positive.
func SearchKey(publishedMS, id int64) int64 {
	if publishedMS <= 0 {
		return id
	}
	return publishedMS/1000<<searchKeyIDBits | id
}

// searchKeyID is the project id of a search key.
func searchKeyID(key int64) int64 { return key & searchKeyIDMask }

// projectSearchKey reads id's published_at and returns its search key.
func (tx *Tx) projectSearchKey(ctx context.Context, id int64) (int64, error) {
	var pub int64
	if err := tx.q.QueryRowContext(ctx, `SELECT published_at FROM projects WHERE id = $1`, id).Scan(&pub); err != nil {
		return 0, wrap("search key", err)
	}
	return SearchKey(pub, id), nil
}

// checkSearchID refuses an id that a search key cannot hold.
func checkSearchID(id int64) error {
	if id <= 0 || id > searchKeyIDMask {
		return fmt.Errorf("store: index project: id %d out of the search key's range", id)
	}
	return nil
}
