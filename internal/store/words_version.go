package store

import (
	"context"
	"database/sql"

	"github.com/furusato/furusato/internal/furusato"
)

// The words version moves, with the catalogue version, when the text of
// the public catalogue may have changed: some public project's search terms
// were written (indexProjectAt, CreateProjects), or a project moved into a
// public status (moveProject); each sets textWritten, BumpCatalogueVersion
// moves both then, and a transaction that did so without it (Reindex)
// moves both before it commits (bumpWordsVersion). A node's word cache
// keeps the matches of words for one words version: a match lists the
// projects of any status that hold the word, and the listing index drops
// what is not public when it ranks, so only a public project's new text, or
// a project that becomes public with its text, can make a match wrong. The
// writes that do neither (places, covers, closing, a draft's edits) keep
// every node's word cache.

// bumpWordsVersion moves both versions when this transaction wrote search
// terms and has not moved the words version since. Tx runs it before the
// commit.
func (tx *Tx) bumpWordsVersion(ctx context.Context) error {
	if !tx.textWritten || tx.wordsBumped {
		return nil
	}
	return tx.BumpCatalogueVersion(ctx)
}

// WordsVersion returns the current words version.
func (c *conn) WordsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := c.q.QueryRowContext(ctx, `SELECT words_version FROM catalogue_version WHERE id = 1`).Scan(&v)
	return v, wrap("words version", err)
}

// ListingRowsWords is ListingRows with the words version of the same
// snapshot (one read transaction), so that a listing index and the word
// matches read at its words version describe the same texts.
func (db *DB) ListingRowsWords(ctx context.Context, statuses []furusato.ProjectStatus) ([]ListingRow, int64, error) {
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	if db.engine == SQLite {
		opts = nil // a deferred read transaction: one WAL snapshot from its first read
	}
	stx, err := db.reader.BeginTx(ctx, opts)
	if err != nil {
		return nil, 0, wrap("listing rows", err)
	}
	defer stx.Rollback() //nolint:errcheck // read only
	c := &conn{q: stx, engine: db.engine}
	words, err := c.WordsVersion(ctx)
	if err != nil {
		return nil, 0, err
	}
	rows, err := c.ListingRows(ctx, statuses)
	return rows, words, err
}
