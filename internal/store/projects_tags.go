package store

import (
	"context"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// FrequentTags counts the tags hosts give their projects (each skill asked
// for, and the company's industry) among the newest sample public
// projects, and returns them with how many of those projects carry each,
// and how many projects were read. They are the catalogue's own common
// words: a node matches them ahead of any search (service.wordCache.warm).
// Its cost follows sample, not the catalogue.
func (c *conn) FrequentTags(ctx context.Context, sample int) (counts map[string]int, read int, err error) {
	var b builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT p.skills, COALESCE(co.industry, '')
		FROM projects p LEFT JOIN companies co ON co.id = p.company_id
		WHERE p.status IN (`+b.statuses(furusato.PublicStatuses)+`)
		ORDER BY p.published_at DESC, p.id DESC LIMIT `+b.arg(sample), b.args...)
	if err != nil {
		return nil, 0, wrap("frequent tags", err)
	}
	defer rows.Close()
	counts = map[string]int{}
	seen := map[string]bool{}
	for rows.Next() {
		var skills, industry string
		if err := rows.Scan(&skills, &industry); err != nil {
			return nil, 0, wrap("frequent tags", err)
		}
		read++
		clear(seen)
		for _, t := range append(strings.Split(skills, "\n"), industry) {
			if t = strings.TrimSpace(t); t != "" && !seen[t] {
				seen[t] = true
				counts[t]++
			}
		}
	}
	return counts, read, wrap("frequent tags", rows.Err())
}

// RecentTexts calls fn with the texts of each of the newest sample public
// projects (its title, catch copy, background and what the participant
// does, one string each), and returns how many projects it read. The words
// people search for are mostly in these: service.wordCache counts them to
// choose the words it matches ahead of any search. Its cost follows sample,
// not the catalogue; the texts are not kept.
func (c *conn) RecentTexts(ctx context.Context, sample int, fn func(texts [4]string)) (read int, err error) {
	var b builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT p.title, p.catch_copy, p.background, p.what_you_do
		FROM projects p
		WHERE p.status IN (`+b.statuses(furusato.PublicStatuses)+`)
		ORDER BY p.published_at DESC, p.id DESC LIMIT `+b.arg(sample), b.args...)
	if err != nil {
		return 0, wrap("recent texts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t [4]string
		if err := rows.Scan(&t[0], &t[1], &t[2], &t[3]); err != nil {
			return read, wrap("recent texts", err)
		}
		read++
		fn(t)
	}
	return read, wrap("recent texts", rows.Err())
}
