package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
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
	ps, at, err := c.cards.byIDAt(ctx, c.db, v, pageIDs(ids, f))
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
	return stillListed(ps, f), ids.Len(), nil
}
