package service

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// Warming: after each catalogue change a node empties its word cache, and
// a crowd searching for common words would then find none of them there. So
// once the listing index of a new version is loaded, the node chooses the
// catalogue's most frequent words and matches them in the background,
// before anyone asks:
//
//   - the tags hosts give their projects (the skills asked for, the
//     company's industry), counted over the newest warmSample public
//     projects (store.FrequentTags);
//   - the prefectures, counted over the listing index, by their names with
//     and without 県, 府 or 都 (岐阜県 and 岐阜).
//
// At most warmWords of them, the most frequent first. They wait in their
// own queue behind every word a search asked for, a warm word already in
// the cache is not matched again, and warming fills at most half of the
// budget, never evicting a word that a search brought in. Nothing here
// ever makes a request wait.
const (
	warmWords  = 48
	warmSample = 5000
)

// planWarm chooses the words to warm for the index ix, once per catalogue
// version, in the background.
func (c *wordCache) planWarm(ix *listingIndex) {
	c.mu.Lock()
	if c.budget <= 0 || c.warmed >= ix.version {
		c.mu.Unlock()
		return
	}
	c.warmed, c.planning = ix.version, true
	if ix.version > c.version {
		c.setVersion(ix.version) // the words of older versions are stale
	}
	c.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ws := c.frequentWords(ctx, ix)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.planning = false
		if c.warmed != ix.version {
			return // a newer version is being warmed
		}
		c.warmQ = c.warmQ[:0]
		for _, w := range ws {
			c.warmQ = append(c.warmQ, wordJob{v: ix.version, w: w, warm: true})
		}
		if len(c.warmQ) > 0 && !c.working {
			c.working = true
			go c.work()
		}
	}()
}

// frequentWords returns the catalogue's most frequent words (see above),
// at most warmWords, the most frequent first.
func (c *wordCache) frequentWords(ctx context.Context, ix *listingIndex) []search.Word {
	type candidate struct {
		text string
		n    int
	}
	var cands []candidate
	byPref := map[int]int{}
	for i := range ix.rows {
		byPref[ix.rows[i].Prefecture]++
	}
	for _, p := range furusato.Prefectures {
		if n := byPref[p.Code]; n > 0 {
			cands = append(cands, candidate{p.NameJa, n})
			if short := prefectureShortName(p.NameJa); short != p.NameJa {
				cands = append(cands, candidate{short, n})
			}
		}
	}
	tags, read, err := c.db.FrequentTags(ctx, warmSample)
	if err != nil {
		slog.WarnContext(ctx, "word cache: frequent tags", "err", err)
	}
	for t, n := range tags {
		cands = append(cands, candidate{t, n * len(ix.rows) / max(read, 1)}) // as if over the whole catalogue
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.text, b.text))
	})
	var ws []search.Word
	seen := map[string]bool{}
	for _, cd := range cands {
		for _, w := range search.ParseQuery(cd.text).Words {
			if len(ws) < warmWords && !seen[wordKey(w)] {
				seen[wordKey(w)] = true
				ws = append(ws, w)
			}
		}
	}
	return ws
}

// prefectureShortName is the name people often search a prefecture by:
// 岐阜 for 岐阜県, 京都 for 京都府, 東京 for 東京都; 北海道 stays.
func prefectureShortName(name string) string {
	for _, s := range []string{"県", "府"} {
		if n, ok := strings.CutSuffix(name, s); ok {
			return n
		}
	}
	if name == "東京都" {
		return "東京"
	}
	return name
}

// warmWanted reports whether the warm word k of version v is still worth
// matching: of the current version, not cached yet, and the cache under
// half its budget.
func (c *wordCache) warmWanted(v int64, k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version || c.size >= c.budget/2 {
		return false
	}
	_, cached := c.words[k]
	return !cached
}
