package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// indexProject writes p's search terms in the caller's transaction, so
// search never lags the page. Title, catch copy and the rest are kept apart
// because ranking puts title matches first, then catch copy. On SQLite it
// reads the project's published_at for its search key (see SearchKey).
func (tx *Tx) indexProject(ctx context.Context, p *furusato.Project) error {
	if tx.engine == Postgres {
		return tx.indexProjectAt(ctx, p, 0)
	}
	key, err := tx.projectSearchKey(ctx, p.ID)
	if err != nil {
		return err
	}
	return tx.indexProjectAt(ctx, p, key)
}

// indexProjectAt is indexProject with p's search key known (SQLite).
func (tx *Tx) indexProjectAt(ctx context.Context, p *furusato.Project, key int64) error {
	if p.Status.Public() {
		tx.textWritten = true // the word caches' matches may change: words_version.go
	}
	if tx.engine == Postgres {
		all, title, catch := tsvectors(p)
		_, err := tx.q.ExecContext(ctx, `UPDATE projects SET search = $2::tsvector, search_title = $3::tsvector, search_catch = $4::tsvector WHERE id = $1`,
			p.ID, all, title, catch)
		return wrap("index project", err)
	}
	if err := checkSearchID(p.ID); err != nil {
		return err
	}
	title, catch, body := searchTerms(p)
	// The rows may be under the id (before publication, or written by a
	// release that keyed by id) or under the key.
	for _, q := range []string{`DELETE FROM project_fts WHERE rowid = $1`, `DELETE FROM project_fts_head WHERE rowid = $1`} {
		for _, k := range []int64{p.ID, key} {
			if _, err := tx.q.ExecContext(ctx, q, k); err != nil {
				return wrap("index project", err)
			}
			if key == p.ID {
				break
			}
		}
	}
	t, c := strings.Join(title, " "), strings.Join(catch, " ")
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO project_fts (rowid, title, catch, body) VALUES ($1, $2, $3, $4)`,
		key, t, c, strings.Join(body, " ")); err != nil {
		return wrap("index project", err)
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO project_fts_head (rowid, title, catch) VALUES ($1, $2, $3)`, key, t, c)
	return wrap("index project", err)
}

// tsvectors returns p's search terms as PostgreSQL tsvector literals: all
// of them (title weight A, catch copy B, the rest D), the title alone and the
// catch copy alone.
func tsvectors(p *furusato.Project) (all, title, catch string) {
	t, c, b := searchTerms(p)
	return search.TSVector(search.Section{Weight: 'A', Terms: t}, search.Section{Weight: 'B', Terms: c}, search.Section{Weight: 'D', Terms: b}),
		search.TSVector(search.Section{Weight: 'A', Terms: t}),
		search.TSVector(search.Section{Weight: 'B', Terms: c})
}

// searchTerms returns the terms of the title, the catch copy and everything
// else a person may search for: the body fields, skills, company, place and
// themes. Changing what it indexes (or how internal/search cuts text) needs
// a reindex: raise IndexVersion.
func searchTerms(p *furusato.Project) (title, catch, body []string) {
	parts := []string{p.Background, p.WhatYouDo, p.Goal, p.GoodFor, p.Gains, p.WorkPlace, p.City}
	parts = append(parts, p.Skills...)
	if p.Company != nil {
		parts = append(parts, p.Company.Name)
	}
	if pref, ok := furusato.PrefectureByCode(p.Prefecture); ok {
		// The place as every card writes it (岐阜県郡上市) as well as its
		// parts, so that the whole finds it too.
		parts = append(parts, pref.NameJa, pref.NameEn, pref.NameJa+p.City)
	}
	for _, slug := range p.Themes {
		if t, ok := furusato.ThemeBySlug(slug); ok {
			parts = append(parts, t.NameJa, t.NameEn)
		}
	}
	return search.Terms(p.Title), search.Terms(p.CatchCopy), search.Terms(strings.Join(parts, "\n"))
}

// matchCond returns the condition "p matches q" and the ranking tier
// expression: 0 when the title holds every word, 1 when the catch copy does,
// 2 otherwise. Both engines compute the same sets, so they rank alike.
func (b *builder) matchCond(engine Engine, q search.Query) (cond, tier string) {
	if engine == Postgres {
		tq := b.arg(q.TSQuery("")) + "::tsquery"
		return "p.search @@ " + tq, "CASE WHEN p.search_title @@ " + tq + " THEN 0 WHEN p.search_catch @@ " + tq + " THEN 1 ELSE 2 END"
	}
	in := func(table, col string) string {
		return "p.id IN (SELECT rowid & " + strconv.Itoa(searchKeyIDMask) + " FROM " + table + " WHERE " + table + " MATCH " + b.arg(q.FTS5(col)) + ")"
	}
	return in("project_fts", ""), "CASE WHEN " + in("project_fts_head", "title") + " THEN 0 WHEN " + in("project_fts_head", "catch") + " THEN 1 ELSE 2 END"
}

// SearchMatch is every project whose text matches a query, with its ranking
// tier (0: the title holds every word, 1: the catch copy does, 2: the rest),
// in no particular order and of any status.
type SearchMatch struct {
	IDs   []int64
	Tiers []int8
}

// MatchProjects returns the projects matching q. It reads only the search
// index, never the project rows, so that callers can rank a large match
// with what they already hold.
func (c *conn) MatchProjects(ctx context.Context, q search.Query) (*SearchMatch, error) {
	if c.engine == Postgres {
		return c.queryMatch(ctx, "match projects", `
			SELECT id, CASE WHEN search_title @@ $1::tsquery THEN 0 WHEN search_catch @@ $1::tsquery THEN 1 ELSE 2 END
			FROM projects WHERE search @@ $1::tsquery`, q.TSQuery(""))
	}
	tiers, err := c.headTiers(ctx, q)
	if err != nil {
		return nil, err
	}
	ids, err := c.ftsIDs(ctx, "project_fts", q.FTS5(""))
	if err != nil {
		return nil, err
	}
	m := &SearchMatch{IDs: ids, Tiers: make([]int8, len(ids))}
	for i, id := range ids {
		if t, ok := tiers[id]; ok {
			m.Tiers[i] = t
		} else {
			m.Tiers[i] = 2
		}
	}
	return m, nil
}

// queryMatch runs a PostgreSQL query of (id, tier) rows into a match.
func (c *conn) queryMatch(ctx context.Context, op, query string, args ...any) (*SearchMatch, error) {
	rows, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	m := &SearchMatch{}
	for rows.Next() {
		var id int64
		var tier int8
		if err := rows.Scan(&id, &tier); err != nil {
			return nil, wrap(op, err)
		}
		m.IDs, m.Tiers = append(m.IDs, id), append(m.Tiers, tier)
	}
	return m, wrap(op, rows.Err())
}

// headTiers returns, on SQLite, the tier of every project whose title (0)
// or catch copy (1) holds every word of q, from the small title-and-catch
// index, whose doclists are short even for a word most projects hold in
// their body.
func (c *conn) headTiers(ctx context.Context, q search.Query) (map[int64]int8, error) {
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
	return tiers, nil
}

// ftsIDs returns the ids of the projects whose rows of table match (see
// SearchKey), in the order of their keys. They come back as one
// comma-separated string: a word that most projects hold matches some
// 100,000 rows, and one row per id through database/sql costs more than
// the match itself.
func (c *conn) ftsIDs(ctx context.Context, table, match string) ([]int64, error) {
	var list sql.NullString
	err := c.q.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM `+table+` WHERE `+table+` MATCH $1`, match).Scan(&list)
	if err != nil {
		return nil, wrap("match projects", err)
	}
	return parseKeyList(list.String)
}

// parseKeyList parses the search keys "3,17,5" into project ids.
func parseKeyList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for s != "" {
		var part string
		part, s, _ = strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, wrap("match projects", err)
		}
		ids = append(ids, searchKeyID(id))
	}
	return ids, nil
}
