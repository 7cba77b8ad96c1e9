package store

import (
	"context"

	"github.com/furusato/furusato/internal/search"
)

// MatchHead returns the projects whose title (tier 0) or catch copy (tier
// 1) holds every word of q, from the small title-and-catch index: a word
// that most projects hold somewhere is still in few titles, so this stays
// cheap where MatchProjects does not.
func (c *conn) MatchHead(ctx context.Context, q search.Query) (*SearchMatch, error) {
	m := &SearchMatch{}
	if c.engine == Postgres {
		rows, err := c.q.QueryContext(ctx, `
			SELECT id, CASE WHEN search_title @@ $1::tsquery THEN 0 ELSE 1 END
			FROM projects WHERE search_title @@ $1::tsquery OR search_catch @@ $1::tsquery`, q.TSQuery(""))
		if err != nil {
			return nil, wrap("match head", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var tier int8
			if err := rows.Scan(&id, &tier); err != nil {
				return nil, wrap("match head", err)
			}
			m.IDs, m.Tiers = append(m.IDs, id), append(m.Tiers, tier)
		}
		return m, wrap("match head", rows.Err())
	}
	tiers := map[int64]int8{}
	for _, col := range []string{"catch", "title"} { // title last: it wins
		ids, err := c.ftsIDs(ctx, "project_fts_head", q.FTS5(col))
		if err != nil {
			return nil, err
		}
		t := int8(1)
		if col == "title" {
			t = 0
		}
		for _, id := range ids {
			tiers[id] = t
		}
	}
	for id, t := range tiers {
		m.IDs, m.Tiers = append(m.IDs, id), append(m.Tiers, t)
	}
	return m, nil
}

// MatchAmongIsCheap reports whether MatchAmong costs in proportion to its
// ids: on PostgreSQL (the primary key, then the tsvector of each row). On
// SQLite, FTS5 evaluates the match again for every rowid of an IN list (some
// milliseconds each at 100,000 projects), so there callers match whole
// (MatchProjects), which FTS5 does in one pass over its doclists.
func (c *conn) MatchAmongIsCheap() bool { return c.engine == Postgres }

// MatchAmong returns which of ids match q in any field, in no particular
// order. On PostgreSQL its cost follows len(ids), not how many projects
// match q in all, so callers can look for the first matches of a common
// word in their own order, a chunk at a time (see MatchAmongIsCheap).
func (c *conn) MatchAmong(ctx context.Context, q search.Query, ids []int64) ([]int64, error) {
	if len(ids) == 0 || q.Empty() {
		return nil, nil
	}
	if c.engine == Postgres {
		// One array parameter rather than an IN list of up to 4,000: the
		// statement's text is the same for every chunk, so it is prepared
		// once per connection instead of once per chunk length, and the
		// server parses no list of thousands of parameters.
		return queryIDs(ctx, c.q, "match among", `SELECT id FROM projects WHERE id = ANY($1::bigint[]) AND search @@ $2::tsquery`, ids, q.TSQuery(""))
	}
	var b builder
	match := b.arg(q.FTS5(""))
	return queryIDs(ctx, c.q, "match among", `SELECT rowid FROM project_fts WHERE project_fts MATCH `+match+` AND rowid IN (`+b.ids(ids)+`)`, b.args...)
}
