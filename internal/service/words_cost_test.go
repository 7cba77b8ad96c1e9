package service

import (
	"testing"

	"github.com/furusato/furusato/internal/search"
)

// A word's estimate is its candidate's count; a kanji or Latin word not
// among the kept candidates is below the least kept; a kana word or one of
// mixed scripts is unknown. A search is cheap to load when every missing
// word is held by fewer projects than the engine's share.
func TestWordEstimates_BoundWhatIsKnown(t *testing.T) {
	cands := make([]warmCandidate, 0, estimatedWords+10)
	cands = append(cands, warmCandidate{"地域", 1000}, warmCandidate{"北海道", 20})
	for i := len(cands); i < estimatedWords+10; i++ {
		cands = append(cands, warmCandidate{"語" + string(rune('一'+i)), 10})
	}
	e := newWordEstimates(7, 1000, cands)
	word := func(s string) search.Word { return search.ParseQuery(s).Words[0] }
	for _, c := range []struct {
		w    string
		n    int
		know bool
	}{{"地域", 1000, true}, {"北海道", 20, true}, {"酒蔵", 10, true}, {"excel", 10, true}, {"かんがえています", 0, false}, {"ECサイト", 0, false}} {
		if n, ok := e.estimate(word(c.w)); n != c.n || ok != c.know {
			t.Errorf("estimate(%s) = %d, %v; want %d, %v", c.w, n, ok, c.n, c.know)
		}
	}
	c := newWordCache(nil, 1<<20)
	c.version, c.estimates = 7, e
	for _, tc := range []struct {
		q     string
		below float64
		cheap bool
	}{{"北海道 酒蔵", 1.0 / 16, true}, {"地域 北海道", 1.0 / 16, false}, {"考えています", 1.0 / 16, false}, {"地域 考えています", 1, true}} {
		if got := c.cheapToLoad(7, search.ParseQuery(tc.q), tc.below); got != tc.cheap {
			t.Errorf("cheapToLoad(%q, %v) = %v, want %v", tc.q, tc.below, got, tc.cheap)
		}
	}
	if c.cheapToLoad(8, search.ParseQuery("北海道"), 1.0/16) {
		t.Error("the estimates of version 7 were used at version 8")
	}
}
