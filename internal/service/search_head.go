package service

import (
	"context"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// headSpans looks for the first want projects of the ranking when they all
// hold q's words in their title (tier 0), without reading every title
// match: a subject word is in ~6,600 titles at 100,000 projects, and each
// match is a row the database reads. It walks the listing's order a chunk
// at a time and reads the title-and-catch matches of the span of the sort
// column that the chunk covers (store.MatchHeadPublished, or
// MatchHeadDeadline for the open part of the by-deadline order), so it
// knows the tier of every row of the prefix walked. Once that prefix holds
// want title matches that pass the filter, they are the ranking's first
// want: done. Otherwise (the title matches are too sparse for spans of
// half the catalogue to hold them, or the order leaves what one column
// spans) it gives up, and the caller reads the whole head; tiers
// then holds what was read, which the whole head repeats.
func (c *listCache) headSpans(ctx context.Context, ix *listingIndex, f furusato.ProjectFilter, q search.Query,
	order []int32, keep func(*store.ListingRow) bool, tiers []int8, want int, b bound) (ids []int64, done bool, err error) {
	byDeadline := f.Sort == furusato.SortDeadline
	today := f.Today.String()
	var spans headSpanSet
	next, found := 0, 0 // order walked; title matches in it that pass the filter
	chunk := b.maxChunk
	for next < len(order) {
		end := min(next+chunk, len(order))
		var lo, hi int64
		var from, to string
		uncovered := false
		for _, i := range order[next:end] {
			r := &ix.rows[i]
			if byDeadline {
				if r.Status != furusato.StatusPublished || r.Deadline < today {
					return nil, false, nil // the shut part: by deadline again, every status
				}
				if !spans.coversDeadline(r.Deadline) {
					if !uncovered || r.Deadline < from {
						from = r.Deadline
					}
					if !uncovered || r.Deadline > to {
						to = r.Deadline
					}
					uncovered = true
				}
			} else if !spans.coversPublished(r.PublishedAt) {
				if !uncovered || r.PublishedAt < lo {
					lo = r.PublishedAt
				}
				if !uncovered || r.PublishedAt > hi {
					hi = r.PublishedAt
				}
				uncovered = true
			}
		}
		if uncovered {
			var m *store.SearchMatch
			if byDeadline {
				if ix.deadlinesIn(from, to) > len(ix.rows)/2 {
					return nil, false, nil
				}
				m, err = c.db.MatchHeadDeadline(ctx, q, from, to)
				spans.deadline = append(spans.deadline, [2]string{from, to})
			} else {
				if ix.publishedIn(lo, hi) > len(ix.rows)/2 {
					return nil, false, nil
				}
				m, err = c.db.MatchHeadPublished(ctx, q, lo, hi)
				spans.published = append(spans.published, [2]int64{lo, hi})
			}
			if err != nil {
				return nil, false, err
			}
			for k, id := range m.IDs {
				if j, ok := ix.position(id); ok {
					tiers[j] = m.Tiers[k] + 1
				}
			}
		}
		for _, i := range order[next:end] {
			if tiers[i] == 1 && keep(&ix.rows[i]) {
				found++
			}
		}
		next = end
		if found >= want {
			ids = make([]int64, 0, want)
			for _, i := range order[:next] {
				if tiers[i] == 1 && keep(&ix.rows[i]) {
					if ids = append(ids, ix.rows[i].ID); len(ids) == want {
						break
					}
				}
			}
			return ids, true, nil
		}
		// Title matches per row walked so far (at least half a match, so a
		// word not yet seen counts as rare rather than absent).
		density := (float64(found) + 0.5) / float64(next)
		probe := float64(want-found) / density // rows still to walk
		if float64(next)+probe > float64(len(ix.rows))/2 || density*float64(len(order)) < 3*float64(want) {
			// Too sparse, or too few in all: the whole head is a few
			// thousand rows at most, and spans read some 1.4 rows for each
			// title match they need (the shut projects of the span too),
			// so reading half the catalogue's spans, or a third of all its
			// title matches, first would only add to it. (岐阜, in 2,327
			// titles, by deadline: spans read 106 + 1,099 rows where the
			// whole head is 2,327 rows in 947 buffers.)
			return nil, false, nil
		}
		chunk = max(int(probe*1.2), b.firstChunk)
	}
	return nil, false, nil
}

// headSpanSet holds the spans of the sort column whose title-and-catch
// matches one search has read.
type headSpanSet struct {
	published [][2]int64
	deadline  [][2]string
}

func (s *headSpanSet) coversPublished(v int64) bool {
	for _, sp := range s.published {
		if sp[0] <= v && v <= sp[1] {
			return true
		}
	}
	return false
}

func (s *headSpanSet) coversDeadline(v string) bool {
	for _, sp := range s.deadline {
		if sp[0] <= v && v <= sp[1] {
			return true
		}
	}
	return false
}

// publishedIn returns how many rows were first published in [lo, hi].
func (ix *listingIndex) publishedIn(lo, hi int64) int {
	ix.spanSorts()
	a, _ := slices.BinarySearch(ix.published, lo)
	b, _ := slices.BinarySearch(ix.published, hi+1)
	return b - a
}

// deadlinesIn returns how many rows in the status published have a
// deadline in [from, to].
func (ix *listingIndex) deadlinesIn(from, to string) int {
	ix.spanSorts()
	a, _ := slices.BinarySearch(ix.deadlines, from)
	b, found := slices.BinarySearch(ix.deadlines, to)
	for found && b < len(ix.deadlines) && ix.deadlines[b] == to {
		b++
	}
	return b - a
}

func (ix *listingIndex) spanSorts() {
	ix.spanOnce.Do(func() {
		ix.published = make([]int64, len(ix.rows))
		for i := range ix.rows {
			ix.published[i] = ix.rows[i].PublishedAt
			if ix.rows[i].Status == furusato.StatusPublished {
				ix.deadlines = append(ix.deadlines, ix.rows[i].Deadline)
			}
		}
		slices.Sort(ix.published)
		slices.Sort(ix.deadlines)
	})
}
