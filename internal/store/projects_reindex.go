package store

import (
	"context"
	"fmt"
)

// IndexVersion is the version of the search terms that indexProject
// writes. Raise it whenever internal/search cuts or folds text differently
// or searchTerms indexes other fields: the next Migrate then rebuilds the
// index of every project (see Reindex).
//
// 1: script boundaries (越境EC), the place as written (岐阜県郡上市), ヶ as か,
// the long vowel at the end of katakana words, kanji variants.
// 2: SQLite keys the index by search key (SearchKey), not by id.
const IndexVersion = 2

// reindexBatch is how many projects one reindex transaction rewrites:
// small enough that the SQLite writer is never held long.
const reindexBatch = 500

// ReindexProgress is told how many projects are done, of how many, while
// Reindex runs; nil reports nothing.
type ReindexProgress func(done, total int)

// SearchIndexVersion returns the version of the search terms the database
// holds.
func (db *DB) SearchIndexVersion(ctx context.Context) (int, error) {
	var v int
	err := db.q.QueryRowContext(ctx, `SELECT version FROM search_index WHERE id = 1`).Scan(&v)
	return v, wrap("search index version", err)
}

// ReindexIfStale rebuilds the search index when it is older than
// IndexVersion; it reports whether it did.
func (db *DB) ReindexIfStale(ctx context.Context, progress ReindexProgress) (bool, error) {
	v, err := db.SearchIndexVersion(ctx)
	if err != nil || v >= IndexVersion {
		return false, err
	}
	return true, db.Reindex(ctx, progress)
}

// Reindex rewrites the search terms of every project, in batches of
// reindexBatch projects, each its own transaction, and then records
// IndexVersion. Search keeps working meanwhile: a project not yet
// rewritten is found as before. Two nodes that start at once both rewrite
// (the same terms); that costs time, not correctness.
func (db *DB) Reindex(ctx context.Context, progress ReindexProgress) error {
	var total int
	if err := db.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&total); err != nil {
		return wrap("reindex", err)
	}
	done := 0
	for last := int64(0); ; {
		var n int
		err := db.Tx(ctx, func(tx *Tx) error {
			ids, err := queryIDs(ctx, tx.q, "reindex", `SELECT id FROM projects WHERE id > $1 ORDER BY id LIMIT $2`, last, reindexBatch)
			if err != nil || len(ids) == 0 {
				return err
			}
			ps, err := tx.ProjectsByID(ctx, ids)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if err := tx.indexProject(ctx, p); err != nil {
					return err
				}
			}
			last, n = ids[len(ids)-1], len(ids)
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		if n == 0 {
			break
		}
		done += n
		if progress != nil {
			progress(min(done, max(total, done)), max(total, done))
		}
	}
	_, err := db.writer.ExecContext(ctx, `UPDATE search_index SET version = $1 WHERE id = 1 AND version < $1`, IndexVersion)
	return wrap("reindex", err)
}
