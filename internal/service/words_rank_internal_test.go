package service

import (
	"slices"
	"testing"
)

// gallop finds what a binary search finds, from any starting point.
func TestGallop_IsTheFirstAtLeast(t *testing.T) {
	ids := []int64{2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233}
	for from := 0; from <= len(ids); from++ {
		for id := int64(0); id < 250; id++ {
			want, _ := slices.BinarySearch(ids[from:], id)
			if got := gallop(ids, from, id); got != from+want {
				t.Fatalf("gallop(from %d, %d) = %d, want %d", from, id, got, from+want)
			}
		}
	}
}
