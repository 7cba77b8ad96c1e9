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
