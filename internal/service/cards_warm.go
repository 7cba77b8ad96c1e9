package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Card warming: after each listing index load (a new catalogue version,
// which empties the card cache), a node reads in the background the cards
// of the first projects of the default order, those taking entries first,
// then the newest, until the cache holds cardWarmShare of its budget. The
// top page, the list and the first page of most searches show those
// projects (a search ranks by tier, then in that order): of the 7,100
// cards the 3,600 word-pair searches of scripts/bench show at 100,000
// projects, 90 % are among the first 11,000. A burst of new searches then
// finds its cards in memory instead of reading them one by one from a
// database file whose pages the kernel may have reclaimed meanwhile (on
// the bench machine it pages out what was not read for seconds).
const (
	cardWarmShare = 3 // quarters of the budget
	cardWarmChunk = 256
)

// planWarm starts warming the cards of ix's version in the background
// (one warming at a time: an older one stops at its next chunk).
func (c *cardCache) planWarm(db *store.DB, ix *listingIndex, today furusato.Date) {
	c.mu.Lock()
	if c.budget <= 0 || c.noWarm || ix.version <= c.warmedTo {
		c.mu.Unlock()
		return
	}
	c.warmedTo = ix.version
	c.warming++
	c.mu.Unlock()
	go func() {
		defer func() {
			c.mu.Lock()
			c.warming--
			c.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := c.warm(ctx, db, ix, today); err != nil {
			slog.WarnContext(ctx, "card cache: warming", "err", err)
		}
	}()
}

// warm reads the cards of ix's default order, a chunk at a time, skipping
// those cached, until the cache is full to cardWarmShare of its budget, a
// newer version is planned or read, or the order ends.
func (c *cardCache) warm(ctx context.Context, db *store.DB, ix *listingIndex, today furusato.Date) error {
	order := ix.order(today, "")
	chunk := make([]int64, 0, cardWarmChunk)
	for next := 0; next < len(order); {
		c.mu.Lock()
		if c.warmedTo != ix.version || c.version > ix.version || c.size >= c.budget/4*cardWarmShare {
			c.mu.Unlock()
			return nil
		}
		if c.version < ix.version {
			c.version = ix.version
			c.reset()
		}
		chunk = chunk[:0]
		for ; next < len(order) && len(chunk) < cardWarmChunk; next++ {
			id := ix.rows[order[next]].ID
			if _, ok := c.ids[id]; !ok {
				chunk = append(chunk, id)
			}
		}
		c.mu.Unlock()
		if len(chunk) == 0 {
			continue
		}
		ps, at, err := db.ProjectCardsByIDAt(ctx, chunk)
		if err != nil {
			return err
		}
		if at != ix.version {
			return nil // the catalogue moved on: its own index load warms it
		}
		if c.keepCards(ix.version, ps, true) {
			return nil
		}
	}
	return nil
}

// busy reports whether a warming is under way.
func (c *cardCache) busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.warming > 0
}
