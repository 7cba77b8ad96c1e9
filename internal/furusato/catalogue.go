package furusato

// CatalogueCounts are the figures the top page and the API show.
type CatalogueCounts struct {
	Open          int            // projects taking entries
	Public        int            // every public project
	ByPrefecture  map[int]int    // open projects per prefecture code
	ByTheme       map[string]int // open projects per theme slug
	Organizations int            // coordinating organisations
}
