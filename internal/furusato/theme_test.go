package furusato

import (
	"slices"
	"testing"
)

// ThemesOfMask gives back what ThemeMask took, in the taxonomy's order;
// an unknown slug is dropped and the empty mask is no theme.
func TestThemesOfMask_InvertsThemeMask(t *testing.T) {
	var all []string
	for _, th := range Themes {
		all = append(all, th.Slug)
	}
	if got := ThemesOfMask(ThemeMask(all)); !slices.Equal(got, all) {
		t.Errorf("every theme: %v", got)
	}
	last, first := Themes[len(Themes)-1].Slug, Themes[0].Slug
	if got := ThemesOfMask(ThemeMask([]string{last, "no-such-theme", first})); !slices.Equal(got, []string{first, last}) {
		t.Errorf("out of order with an unknown slug: %v", got)
	}
	if got := ThemesOfMask(0); got != nil {
		t.Errorf("no theme: %v", got)
	}
}
