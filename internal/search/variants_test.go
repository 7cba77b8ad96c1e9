package search

import "testing"

func TestKanjiVariantsFoldOnce(t *testing.T) {
	for from, to := range kanjiVariants {
		if _, ok := kanjiVariants[to]; ok {
			t.Errorf("%c folds to %c, which folds again", from, to)
		}
		if got := Normalize(string(from)); got != string(to) {
			t.Errorf("Normalize(%c) = %q, want %c", from, got, to)
		}
	}
}
