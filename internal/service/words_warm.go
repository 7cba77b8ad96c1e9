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

// Warming: after each change of the search index's text (a new words
// version: words.go) a node empties its word cache, and a crowd searching
// for common words would then find none of them there. So once the listing
// index of a new words version is loaded, the node chooses the
// catalogue's most frequent words and matches them in the background,
// before anyone asks:
//
//   - the tags hosts give their projects (the skills asked for, the
//     company's industry), counted over the newest warmSample public
//     projects (store.FrequentTags);
//   - the prefectures, counted over the listing index, by their names with
//     and without 県, 府 or 都 (岐阜県 and 岐阜);
//   - the words of the newest warmSample public projects' texts (title,
//     catch copy, background, what the participant does:
//     store.RecentTexts), as textWords finds them (runs of one script,
//     four-kanji runs also as their halves), and the tags' words too (sns and
//     運用 of SNS運用). Neither engine's index holds words (both hold the
//     bigrams words are split into), so without this the words people
//     search for most (地域, 勉強会, 採用, オンライン) came only with the first
//     searches: at 100,000 projects 34 of the 60 words of the word-pair mix
//     were read while a crowd waited for them (wordCache.matchLoading).
//
// At most warmWords of them, the most frequent first: 256 words at
// 100,000 generated projects are some 6 MB of the cache (common words are
// bitmaps: store.IDSet), read one at a time in the background after each
// words version (some 10-60 s of one core, by load); a write that changes
// no text (places left, a cover, a status move) costs none of it. They wait in their
// own queue behind every word a search asked for, a warm word already in
// the cache is not matched again, and warming fills at most half of the
// budget, never evicting a word that a search brought in. Nothing here
// ever makes a request wait.
const (
	warmWords  = 256
	warmSample = 5000
)

// planWarm chooses the words to warm for the index ix, once per words
// version, in the background.
func (c *wordCache) planWarm(ix *listingIndex) {
	c.mu.Lock()
	if c.budget <= 0 || c.warmed >= ix.words {
		c.mu.Unlock()
		return
	}
	c.warmed, c.planning = ix.words, true
	if ix.words > c.version {
		c.setVersion(ix.words) // the words of older versions are stale
	}
	c.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cands := c.warmCandidates(ctx, ix)
		ws := firstWords(cands, warmWords)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.planning = false
		if c.warmed != ix.words {
			return // a newer version is being warmed
		}
		c.estimates = newWordEstimates(ix.words, len(ix.rows), cands)
		c.warmQ = c.warmQ[:0]
		for _, w := range ws {
			c.warmQ = append(c.warmQ, wordJob{v: ix.words, w: w, warm: true})
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
	return firstWords(c.warmCandidates(ctx, ix), warmWords)
}

// firstWords returns the words of the first candidates, at most n.
func firstWords(cands []warmCandidate, n int) []search.Word {
	var ws []search.Word
	seen := map[string]bool{}
	for _, cd := range cands {
		for _, w := range search.ParseQuery(cd.text).Words {
			if len(ws) < n && !seen[wordKey(w)] {
				seen[wordKey(w)] = true
				ws = append(ws, w)
			}
		}
		if len(ws) == n {
			break
		}
	}
	return ws
}

// warmCandidate is a word that may be warmed, and about how many public
// projects hold it.
type warmCandidate struct {
	text string
	n    int
}

// warmCandidates returns every candidate for warming, the most frequent
// first: the prefectures, the tags, and the words of the newest
// warmSample projects' texts (textWords), each counted once per project
// that holds it and scaled to the catalogue.
func (c *wordCache) warmCandidates(ctx context.Context, ix *listingIndex) []warmCandidate {
	var cands []warmCandidate
	byPref := map[int]int{}
	for i := range ix.rows {
		byPref[ix.rows[i].Prefecture]++
	}
	for _, p := range furusato.Prefectures {
		if n := byPref[p.Code]; n > 0 {
			cands = append(cands, warmCandidate{p.NameJa, n})
			if short := prefectureShortName(p.NameJa); short != p.NameJa {
				cands = append(cands, warmCandidate{short, n})
			}
		}
	}
	scale := func(n, read int) int { return n * len(ix.rows) / max(read, 1) } // as if over the whole catalogue
	tags, read, err := c.db.FrequentTags(ctx, warmSample)
	if err != nil {
		slog.WarnContext(ctx, "word cache: frequent tags", "err", err)
	}
	for t, n := range tags {
		cands = append(cands, warmCandidate{t, scale(n, read)})
		textWords(t, func(w string) { // SNS運用: sns and 運用 too
			if w != t {
				cands = append(cands, warmCandidate{w, scale(n, read)})
			}
		})
	}
	words := map[string]int{}
	inProject := map[string]bool{}
	read, err = c.db.RecentTexts(ctx, warmSample, func(texts [4]string) {
		clear(inProject)
		for _, t := range texts {
			textWords(t, func(w string) {
				if !inProject[w] {
					inProject[w] = true
					words[w]++
				}
			})
		}
	})
	if err != nil {
		slog.WarnContext(ctx, "word cache: recent texts", "err", err)
	}
	for w, n := range words {
		cands = append(cands, warmCandidate{w, scale(n, read)})
	}
	slices.SortFunc(cands, func(a, b warmCandidate) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.text, b.text))
	})
	return cands
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
