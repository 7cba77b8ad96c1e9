package service

import (
	"context"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// findProjectsKept is findProjects for a listing whose ranking is kept at
// the catalogue version this node saw last (a further page of a query, or
// the same listing asked again): it reads the page's cards and the version
// now committed in one statement (store.ProjectCardsByIDAt), where
// findProjects reads the version first and the cards after it, a round
// trip more, which on PostgreSQL is a good part of a listing's cost. When
// the version read is the one the ranking was kept at, the ranking and the
// cards are that version's, as findProjects would have given them;
// otherwise (the catalogue changed, or the ranking is not kept) it goes
// findProjects' way.
func (c *listCache) findProjectsKept(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	key := rankingKey(f) // as findProjectsAt keeps its rankings
	c.mu.Lock()
	v := c.version
	e, ok := c.lists[key]
	c.mu.Unlock()
	if !ok || v == 0 {
		return c.findProjects(ctx, f)
	}
	ids := e.Value.(*listEntry).ids
	shown := ids.Len()
	if !search.ParseQuery(f.Query).Empty() {
		shown = min(shown, SearchLimit) // the one past it only says there are more
	}
	lo, hi := min(f.Offset, shown), min(f.Offset+f.Limit, shown)
	ps, at, err := c.cards.byIDAt(ctx, c.db, v, ids.slice(lo, hi))
	if err != nil {
		return nil, 0, err
	}
	if at != v {
		return c.findProjects(ctx, f) // changed since: read afresh
	}
	c.keptReads.Add(1)
	c.mu.Lock()
	if cur, ok := c.lists[key]; ok && cur == e {
		c.hits++
		c.lru.MoveToFront(e)
	}
	c.mu.Unlock()
	kept := ps[:0]
	for _, p := range ps {
		if slices.Contains(f.Statuses, p.Status) || len(f.Statuses) == 0 {
			kept = append(kept, p)
		}
	}
	return kept, ids.Len(), nil
}
