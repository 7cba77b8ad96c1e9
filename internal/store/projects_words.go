package store

import (
	"context"
	"slices"

	"github.com/furusato/furusato/internal/search"
)

// Where a matched word is, in WordMatch.Places.
const (
	InTitle uint8 = 1 << iota // the title holds the word
	InCatch                   // the catch copy holds the word
)

// WordMatch is every project whose text holds one search word, by id
// (ascending, any status), and for each where it holds it. A query of
// several words matches the projects in every word's match, and ranks them
// in tier 0 when every word is InTitle, in tier 1 when every word is
// InCatch: the same sets as MatchProjects gives for the whole query, since
// both engines match a query's words independently (AND).
type WordMatch struct {
	IDs    []int64
	Places []uint8
}

// MatchWord returns the projects matching the one word w. Its cost follows
// how many projects hold w, like MatchProjects; callers keep the result
// (service.wordCache) so that later queries with the word intersect
// instead of asking again.
func (c *conn) MatchWord(ctx context.Context, w search.Word) (*WordMatch, error) {
	q := search.Query{Words: []search.Word{w}}
	m := &WordMatch{}
	if c.engine == Postgres {
		rows, err := c.q.QueryContext(ctx, `
			SELECT id, CASE WHEN search_title @@ $1::tsquery THEN 1 ELSE 0 END | CASE WHEN search_catch @@ $1::tsquery THEN 2 ELSE 0 END
			FROM projects WHERE search @@ $1::tsquery ORDER BY id`, q.TSQuery(""))
		if err != nil {
			return nil, wrap("match word", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var at uint8
			if err := rows.Scan(&id, &at); err != nil {
				return nil, wrap("match word", err)
			}
			m.IDs, m.Places = append(m.IDs, id), append(m.Places, at)
		}
		return m, wrap("match word", rows.Err())
	}
	ids, err := c.ftsIDs(ctx, "project_fts", q.FTS5(""))
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	m.IDs, m.Places = ids, make([]uint8, len(ids))
	for _, col := range []struct {
		name string
		bit  uint8
	}{{"title", InTitle}, {"catch", InCatch}} {
		head, err := c.ftsIDs(ctx, "project_fts_head", q.FTS5(col.name))
		if err != nil {
			return nil, err
		}
		for _, id := range head {
			if i, ok := slices.BinarySearch(ids, id); ok {
				m.Places[i] |= col.bit
			}
		}
	}
	return m, nil
}
