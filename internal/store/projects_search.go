package store

import (
	"context"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// indexProject writes p's search terms in the caller's transaction, so
// search never lags the page. Title, catch copy and the rest are kept apart
// because ranking puts title matches first, then catch copy.
func (tx *Tx) indexProject(ctx context.Context, p *furusato.Project) error {
	if tx.engine == Postgres {
		_, err := tx.q.ExecContext(ctx, `UPDATE projects SET search = $2::tsvector WHERE id = $1`, p.ID, tsvector(p))
		return wrap("index project", err)
	}
	title, catch, body := searchTerms(p)
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM project_fts WHERE rowid = $1`, p.ID); err != nil {
		return wrap("index project", err)
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO project_fts (rowid, title, catch, body) VALUES ($1, $2, $3, $4)`,
		p.ID, strings.Join(title, " "), strings.Join(catch, " "), strings.Join(body, " "))
	return wrap("index project", err)
}

// tsvector returns p's search terms as a PostgreSQL tsvector literal:
// title weight A, catch copy B, the rest D.
func tsvector(p *furusato.Project) string {
	title, catch, body := searchTerms(p)
	return search.TSVector(search.Section{Weight: 'A', Terms: title}, search.Section{Weight: 'B', Terms: catch}, search.Section{Weight: 'D', Terms: body})
}

// searchTerms returns the terms of the title, the catch copy and everything
// else a person may search for: the body fields, skills, company, place and
// themes.
func searchTerms(p *furusato.Project) (title, catch, body []string) {
	parts := []string{p.Background, p.WhatYouDo, p.Goal, p.GoodFor, p.Gains, p.WorkPlace, p.City}
	parts = append(parts, p.Skills...)
	if p.Company != nil {
		parts = append(parts, p.Company.Name)
	}
	if pref, ok := furusato.PrefectureByCode(p.Prefecture); ok {
		parts = append(parts, pref.NameJa, pref.NameEn)
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
		cond = "p.search @@ " + b.arg(q.TSQuery("")) + "::tsquery"
		tier = "CASE WHEN p.search @@ " + b.arg(q.TSQuery("A")) + "::tsquery THEN 0 WHEN p.search @@ " +
			b.arg(q.TSQuery("B")) + "::tsquery THEN 1 ELSE 2 END"
		return cond, tier
	}
	in := func(col string) string {
		return "p.id IN (SELECT rowid FROM project_fts WHERE project_fts MATCH " + b.arg(q.FTS5(col)) + ")"
	}
	return in(""), "CASE WHEN " + in("title") + " THEN 0 WHEN " + in("catch") + " THEN 1 ELSE 2 END"
}
