package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// MatchHead returns the projects whose title (tier 0) or catch copy (tier
// 1) holds every word of q, from the small title-and-catch index: a word
// that most projects hold somewhere is still in few titles, so this stays
// cheap where MatchProjects does not.
func (c *conn) MatchHead(ctx context.Context, q search.Query) (*SearchMatch, error) {
	if c.engine == Postgres {
		return c.queryMatch(ctx, "match head", `
			SELECT id, CASE WHEN search_title @@ $1::tsquery THEN 0 ELSE 1 END
			FROM projects WHERE search_title @@ $1::tsquery OR search_catch @@ $1::tsquery`, q.TSQuery(""))
	}
	tiers, err := c.headTiers(ctx, q)
	if err != nil {
		return nil, err
	}
	m := &SearchMatch{}
	for id, t := range tiers {
		m.IDs, m.Tiers = append(m.IDs, id), append(m.Tiers, t)
	}
	return m, nil
}

// MatchHeadIsBounded reports whether MatchHeadPublished and
// MatchHeadDeadline are available (PostgreSQL): SQLite's bounded search
// reads spans of its search keys instead (MatchKeys).
func (c *conn) MatchHeadIsBounded() bool { return c.engine == Postgres }

// MatchHeadPublished is MatchHead among the projects first published in
// [lo, hi] (Unix ms): a span of the newest-first listing. A common word's
// title matches are thousands of rows, each one read from the table; the
// GIN matches are intersected with the span (projects_published) before
// any row is read (see firstTerms), so the cost follows the matches in the
// span. PostgreSQL only.
func (c *conn) MatchHeadPublished(ctx context.Context, q search.Query, lo, hi int64) (*SearchMatch, error) {
	if c.engine != Postgres {
		return nil, fmt.Errorf("store: match head published: PostgreSQL only")
	}
	if q.Empty() || lo > hi {
		return &SearchMatch{}, nil
	}
	return c.matchHeadSpan(ctx, q, `published_at BETWEEN $3 AND $4`, lo, hi)
}

// MatchHeadDeadline is MatchHead among the projects in the status
// published whose deadline (YYYY-MM-DD) is in [from, to]: a span of the
// open part of the by-deadline listing, read through the partial index
// projects_open_deadline as MatchHeadPublished is. PostgreSQL only.
func (c *conn) MatchHeadDeadline(ctx context.Context, q search.Query, from, to string) (*SearchMatch, error) {
	if c.engine != Postgres {
		return nil, fmt.Errorf("store: match head deadline: PostgreSQL only")
	}
	if q.Empty() || from > to {
		return &SearchMatch{}, nil
	}
	return c.matchHeadSpan(ctx, q, `status = $3 AND deadline BETWEEN $4 AND $5`, string(furusato.StatusPublished), from, to)
}

// matchHeadSpan is MatchHead among the rows that span (a condition on
// their columns, from $3 on) holds: the GIN indexes are asked for each
// word's first term ($2), and the whole query ($1) is tested on the rows
// they find (see firstTerms).
func (c *conn) matchHeadSpan(ctx context.Context, q search.Query, span string, args ...any) (*SearchMatch, error) {
	return c.queryMatch(ctx, "match head", `
		SELECT id, CASE WHEN ts_match_vq(search_title, $1::tsquery) THEN 0 ELSE 1 END
		FROM projects WHERE (search_title @@ $2::tsquery OR search_catch @@ $2::tsquery) AND `+span+`
			AND (ts_match_vq(search_title, $1::tsquery) OR ts_match_vq(search_catch, $1::tsquery))`,
		append([]any{q.TSQuery(""), firstTerms(q).TSQuery("")}, args...)...)
}

// firstTerms is q with each word cut to its first term: what the GIN
// indexes are asked in a span query, while the whole query is tested on
// the rows found (ts_match_vq, the function behind @@, which no index
// serves). A phrase's terms each sit in thousands of titles, but the
// planner multiplies their frequencies and expects one row; it then reads
// every title match and filters on the span. One term per word it
// estimates well, and it intersects the index with the span's before
// reading rows (BitmapAnd): ふるさと納税 in the newest 16,000 of 100,000
// projects read 1,118 buffers instead of 6,071. A phrase holds its first
// term, so the rows are the same.
func firstTerms(q search.Query) search.Query {
	f := search.Query{Words: make([]search.Word, len(q.Words))}
	for i, w := range q.Words {
		f.Words[i] = search.Word{Text: w.Text, Terms: w.Terms[:min(len(w.Terms), 1)], Prefix: w.Prefix && len(w.Terms) == 1}
	}
	return f
}

// MatchAmongIsCheap reports whether MatchAmong costs in proportion to its
// ids: on PostgreSQL (the primary key, then the tsvector of each row). On
// SQLite, FTS5 would evaluate the match again for every rowid of an IN list
// (some tenths of a millisecond each at 100,000 projects), so there callers
// ask for a span of search keys instead (MatchKeys).
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
	// SQLite keys its index by search key, not id: this reads the whole
	// match (MatchKeys is SQLite's cheap way).
	var b builder
	match := b.arg(q.FTS5(""))
	return queryIDs(ctx, c.q, "match among", `SELECT id FROM (SELECT rowid & `+strconv.Itoa(searchKeyIDMask)+` AS id FROM project_fts WHERE project_fts MATCH `+match+`) WHERE id IN (`+b.ids(ids)+`)`, b.args...)
}

// MatchKeys returns the ids of the projects that match q in any field and
// whose search key (SearchKey) lies in [lo, hi], in no particular order.
// FTS5 seeks to lo in each word's doclist and stops past hi, so its cost
// follows the projects in that range, not how many match q in all. SQLite
// only: PostgreSQL has MatchAmong.
func (c *conn) MatchKeys(ctx context.Context, q search.Query, lo, hi int64) ([]int64, error) {
	if c.engine != SQLite {
		return nil, fmt.Errorf("store: match keys: SQLite only")
	}
	if q.Empty() || lo > hi {
		return nil, nil
	}
	var list sql.NullString
	err := c.q.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM project_fts WHERE project_fts MATCH $1 AND rowid BETWEEN $2 AND $3`,
		q.FTS5(""), lo, hi).Scan(&list)
	if err != nil {
		return nil, wrap("match keys", err)
	}
	return parseKeyList(list.String)
}

// WholeMatchCheapBelow is the share of the catalogue below which matching
// a word whole (MatchWord) costs no more than a bounded search of it
// (service.rankSearch): a word held by fewer projects than that share may
// be matched while a search waits for it. On SQLite any word (1): FTS5
// reads the word's document list, about what one search of it costs. On
// PostgreSQL a whole match reads every row of the word where the bounded
// search reads a span of the listing: a word of most projects cost 3-6
// times the bounded search at 100,000 (考えています: 628 ms against 111 ms),
// so only a word of under a sixteenth of the catalogue.
func (c *conn) WholeMatchCheapBelow() float64 {
	if c.engine == Postgres {
		return 1.0 / 16
	}
	return 1
}
