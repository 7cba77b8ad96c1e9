package service

import (
	"github.com/furusato/furusato/internal/search"
)

// estimatedWords is how many of warming's candidates keep their estimate
// (the most frequent): some 100 KB at most.
const estimatedWords = 2048

// wordEstimates says about how many public projects hold a word, from
// warming's candidates of one words version (warmCandidates: counted
// over the newest projects' texts and tags, and the prefectures), so that
// a search can tell whether matching a missing word whole costs less than
// its bounded search (cheapToLoad) before reading it.
type wordEstimates struct {
	version int64          // a words version
	rows    int            // public projects
	docs    map[string]int // by word key, the estimatedWords most frequent
	floor   int            // the count of the least frequent of those (0 when all candidates are kept)
}

func newWordEstimates(v int64, rows int, cands []warmCandidate) wordEstimates {
	e := wordEstimates{version: v, rows: rows, docs: map[string]int{}}
	for i, cd := range cands {
		if len(e.docs) >= estimatedWords {
			e.floor = cands[i-1].n
			break
		}
		for _, w := range search.ParseQuery(cd.text).Words {
			if _, ok := e.docs[wordKey(w)]; !ok {
				e.docs[wordKey(w)] = cd.n
			}
		}
	}
	return e
}

// estimate returns about how many projects hold w, and false when nothing
// is known of it: a word of kanji only or Latin letters and digits only,
// which textWords would have found in the texts, but not among the most
// frequent, is held by at most the floor's count; any other word (kana,
// which the normalised text no longer tells from katakana, several
// scripts, a phrase) may be held by every project.
func (e *wordEstimates) estimate(w search.Word) (int, bool) {
	if n, ok := e.docs[wordKey(w)]; ok {
		return n, true
	}
	one := true
	var first int
	for i, r := range w.Text {
		k := scriptOf(r)
		if i == 0 {
			first = k
		}
		one = one && k != scriptNone && k == first
	}
	if one && e.docs != nil {
		return e.floor, true
	}
	return 0, false
}

// cheapToLoad reports whether matching every word of q that the cache lacks
// at version v costs no more than a bounded search, by the word's
// estimated share of the catalogue against below (store.WholeMatchCheapBelow):
// a word cached, or held by fewer projects than that share, is cheap; a
// word of which nothing is known is cheap only when below is 1 (every word).
func (c *wordCache) cheapToLoad(v int64, q search.Query, below float64) bool {
	if below >= 1 {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range q.Words {
		if _, ok := c.words[wordKey(w)]; ok && c.version == v {
			continue
		}
		e := &c.estimates
		if e.version != v || e.rows == 0 {
			return false
		}
		n, ok := e.estimate(w)
		if !ok || float64(n) >= below*float64(e.rows) {
			return false
		}
	}
	return true
}
