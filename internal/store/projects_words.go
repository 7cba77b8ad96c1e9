package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/search"
)

// WordMatch is every project whose text holds one search word, and those
// whose title and whose catch copy hold it, as compact sets of ids (any
// status). A query of several words matches the projects in every word's
// IDs, and ranks them in tier 0 when every word's Title holds them, in
// tier 1 when every word's Catch does: the same sets as MatchProjects
// gives for the whole query, since both engines match a query's words
// independently (AND).
type WordMatch struct {
	IDs   IDSet
	Title IDSet
	Catch IDSet
}

// Bytes is what m's sets take.
func (m *WordMatch) Bytes() int64 { return m.IDs.Bytes() + m.Title.Bytes() + m.Catch.Bytes() }

// MatchWord returns the projects matching the one word w. Its cost follows
// how many projects hold w, like MatchProjects; callers keep the result
// (service.wordCache) so that later queries with the word intersect
// instead of asking again. The ids are read straight into 4-byte ids (no
// []int64 of the whole match, and on SQLite a list of ids rather than of
// 19-digit search keys), so reading a word that every project holds needs
// about a megabyte at 100,000 projects.
func (c *conn) MatchWord(ctx context.Context, w search.Word) (*WordMatch, error) {
	q := search.Query{Words: []search.Word{w}}
	if c.engine == Postgres {
		rows, err := c.q.QueryContext(ctx, `
			SELECT id, search_title @@ $1::tsquery, search_catch @@ $1::tsquery
			FROM projects WHERE search @@ $1::tsquery`, q.TSQuery(""))
		if err != nil {
			return nil, wrap("match word", err)
		}
		defer rows.Close()
		var all, title, catch []uint32
		for rows.Next() {
			var id int64
			var inTitle, inCatch bool
			if err := rows.Scan(&id, &inTitle, &inCatch); err != nil {
				return nil, wrap("match word", err)
			}
			if id < 0 || id > MaxSetID {
				return nil, fmt.Errorf("store: match word: project id %d beyond a set's range", id)
			}
			all = append(all, uint32(id))
			if inTitle {
				title = append(title, uint32(id))
			}
			if inCatch {
				catch = append(catch, uint32(id))
			}
		}
		if err := rows.Err(); err != nil {
			return nil, wrap("match word", err)
		}
		return &WordMatch{IDs: NewIDSet(all), Title: NewIDSet(title), Catch: NewIDSet(catch)}, nil
	}
	m := &WordMatch{}
	for _, s := range []struct {
		set        *IDSet
		table, col string
	}{{&m.IDs, "project_fts", ""}, {&m.Title, "project_fts_head", "title"}, {&m.Catch, "project_fts_head", "catch"}} {
		ids, err := c.ftsIDs32(ctx, s.table, q.FTS5(s.col))
		if err != nil {
			return nil, err
		}
		*s.set = NewIDSet(ids)
	}
	return m, nil
}

// ftsIDs32 is ftsIDs for MatchWord: the project ids (not their search
// keys, three times longer as text) of the rows of table that match, as
// 4-byte ids.
func (c *conn) ftsIDs32(ctx context.Context, table, match string) ([]uint32, error) {
	var list sql.NullString
	err := c.q.QueryRowContext(ctx, `SELECT group_concat(rowid & `+strconv.Itoa(searchKeyIDMask)+`) FROM `+table+` WHERE `+table+` MATCH $1`, match).Scan(&list)
	if err != nil {
		return nil, wrap("match word", err)
	}
	s := list.String
	if s == "" {
		return nil, nil
	}
	ids := make([]uint32, 0, strings.Count(s, ",")+1)
	for s != "" {
		var part string
		part, s, _ = strings.Cut(s, ",")
		id, err := strconv.ParseUint(part, 10, 32)
		if err != nil {
			return nil, wrap("match word", err)
		}
		ids = append(ids, uint32(id))
	}
	return ids, nil
}
