package service

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// Limits on what a listing may ask for.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	MaxPage        = 1000
)

// Catalogue is the public, read-mostly side of the platform: browsing,
// filtering and searching projects, regions and organisations.
type Catalogue struct {
	db    *store.DB
	now   func() time.Time
	cache *listCache
}

// NewCatalogue returns a Catalogue over db; now is the clock (time.Now in
// production, a fixed clock in tests).
func NewCatalogue(db *store.DB, now func() time.Time) *Catalogue {
	c := &Catalogue{db: db, now: now, cache: newListCache(db, DefaultListCacheBytes)}
	c.cache.today = c.Today
	return c
}

// CacheStats returns the listing cache's size, budget and counters.
func (c *Catalogue) CacheStats() CacheStats { return c.cache.stats() }

// WordCacheStats returns the word cache's size, budget and counters: a
// hit is a search ranked from the words' cached matches.
func (c *Catalogue) WordCacheStats() CacheStats { return c.cache.words.stats() }

// SetWordCacheBytes sets the word cache's budget; 0 turns it off (the
// benchmarks of cold searches do, so that they measure the database).
func (c *Catalogue) SetWordCacheBytes(n int64) { c.cache.words.setBudget(n) }

// Busy reports whether the catalogue's background work is under way: the
// word cache's worker choosing or matching words, or the card cache
// warming. Benchmarks wait until it is not, so that its database work is
// not counted in the requests they measure.
func (c *Catalogue) Busy() bool { return c.cache.words.busy() || c.cache.cards.busy() }

// CardCacheStats returns the card cache's size, budget and counters: a hit
// is a project card of a listing page read from it rather than the database.
func (c *Catalogue) CardCacheStats() CacheStats { return c.cache.cards.stats() }

// SetCardCacheBytes sets the card cache's budget; 0 turns it off.
func (c *Catalogue) SetCardCacheBytes(n int64) { c.cache.cards.setBudget(n) }

// Now returns the service's clock reading.
func (c *Catalogue) Now() time.Time { return c.now() }

// Today returns the current JST date.
func (c *Catalogue) Today() furusato.Date { return furusato.DateOf(c.now()) }

// Page is one page of a listing.
type Page struct {
	Projects []*furusato.Project
	// Total is how many projects match; for a search that matches more
	// than SearchLimit, it is SearchLimit and More is set.
	Total int
	More  bool
}

// Find returns one page of public projects matching f, with the total.
// The projects are cards (store.ProjectCardsByID): every field but the
// project page's long texts, which stay empty; read one project with
// FindProject for those.
// It returns EINVALID for a query that is too long or not UTF-8, or a page
// past MaxPage.
func (c *Catalogue) Find(ctx context.Context, f furusato.ProjectFilter) (*Page, error) {
	return c.find(ctx, f, nil)
}

// find is Find at catalogue version *v when v is not nil (read in this
// request with something else), else at the version it reads.
func (c *Catalogue) find(ctx context.Context, f furusato.ProjectFilter, v *int64) (*Page, error) {
	if err := CheckQuery(f.Query); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultPerPage
	}
	if f.Limit > MaxPerPage || f.Offset < 0 || f.Offset > MaxPage*MaxPerPage {
		return nil, &furusato.Error{Code: furusato.EINVALID, Message: "Page out of range.", Fields: map[string]string{"page": "error.page"}}
	}
	f.Statuses = furusato.PublicStatuses // the public catalogue never widens this
	f.Today = c.Today()
	var ps []*furusato.Project
	var total int
	var err error
	if v == nil {
		ps, total, err = c.cache.findProjectsKept(ctx, f)
	} else {
		c.cache.observe(*v)
		ps, total, err = c.cache.findProjectsAt(ctx, *v, f)
	}
	if err != nil {
		return nil, err
	}
	p := &Page{Projects: ps, Total: total}
	if total > SearchLimit && !search.ParseQuery(f.Query).Empty() {
		p.Total, p.More = SearchLimit, true // rankSearch ranked one more than it shows
	}
	return p, nil
}

// FindProjects is Find for callers that need no more than the projects and
// the total (SearchLimit for a search that matches more).
func (c *Catalogue) FindProjects(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	p, err := c.Find(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return p.Projects, p.Total, nil
}

// CheckQuery returns EINVALID when q is not valid UTF-8, holds a control
// character or a bidirectional control, or is longer than
// search.MaxQueryRunes.
func CheckQuery(q string) error {
	// A bidirectional control is refused as in every text people write
	// (furusato.BadProse): a query is echoed in the page's h1, where an
	// override would reverse the rest of the heading.
	if furusato.BadProse(q) {
		return &furusato.Error{Code: furusato.EINVALID, Message: "The search words are not valid text.", Fields: map[string]string{"q": "error.query_encoding"}}
	}
	if utf8.RuneCountInString(q) > search.MaxQueryRunes {
		return &furusato.Error{Code: furusato.EINVALID, Message: "The search words are too long.", Fields: map[string]string{"q": "error.query_too_long"}}
	}
	return nil
}

// FindProject returns the public project whose ID or slug is key; drafts and
// cancelled projects are ENOTFOUND, exactly like missing ones.
func (c *Catalogue) FindProject(ctx context.Context, key string) (*furusato.Project, error) {
	if furusato.BadText(key) || len(key) > 100 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	return c.db.FindProject(ctx, key, furusato.PublicStatuses)
}

// RelatedProjects returns up to n public projects like p: open ones sharing
// a theme or the prefecture, nearest deadline first.
func (c *Catalogue) RelatedProjects(ctx context.Context, p *furusato.Project, n int) ([]*furusato.Project, error) {
	return c.related(ctx, p, n, nil)
}

// ProjectPage is FindProject and RelatedProjects with the catalogue version
// read in the project's statement: a round trip fewer for every project
// page, and the related projects still as of the committed catalogue.
func (c *Catalogue) ProjectPage(ctx context.Context, key string, n int) (*furusato.Project, []*furusato.Project, error) {
	if furusato.BadText(key) || len(key) > 100 {
		return nil, nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	p, v, err := c.db.FindProjectAt(ctx, key, furusato.PublicStatuses)
	if err != nil {
		return nil, nil, err
	}
	related, err := c.related(ctx, p, n, &v)
	if err != nil {
		return nil, nil, err
	}
	return p, related, nil
}

func (c *Catalogue) related(ctx context.Context, p *furusato.Project, n int, v *int64) ([]*furusato.Project, error) {
	page, err := c.find(ctx, furusato.ProjectFilter{Themes: p.Themes, OpenOnly: true, ExcludeID: p.ID, Sort: furusato.SortDeadline, Limit: n}, v)
	if err != nil {
		return nil, err
	}
	ps := page.Projects
	if len(ps) >= n {
		return ps, nil
	}
	more, err := c.find(ctx, furusato.ProjectFilter{Prefectures: []int{p.Prefecture}, OpenOnly: true, ExcludeID: p.ID, Sort: furusato.SortDeadline, Limit: n}, v)
	if err != nil {
		return ps, err
	}
	for _, m := range more.Projects {
		if len(ps) < n && !contains(ps, m.ID) {
			ps = append(ps, m)
		}
	}
	return ps, nil
}

func contains(ps []*furusato.Project, id int64) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// Organizations returns the organisations of kind ("" for all).
func (c *Catalogue) Organizations(ctx context.Context, kind furusato.OrgKind) ([]*furusato.Organization, error) {
	return c.db.FindOrganizations(ctx, kind)
}

// Organization returns the organisation with slug.
func (c *Catalogue) Organization(ctx context.Context, slug string) (*furusato.Organization, error) {
	return c.db.FindOrganizationBySlug(ctx, slug)
}

// Counts returns the figures for the top page.
func (c *Catalogue) Counts(ctx context.Context) (*furusato.CatalogueCounts, error) {
	return c.cache.counts(ctx, c.Today())
}

// Ping checks the database, for /healthz.
func (c *Catalogue) Ping(ctx context.Context) error { return c.db.Ping(ctx) }

// pageVersionAge is how long a node reuses its reading of the catalogue
// version for cached pages: writes on other nodes show within it, writes on
// this node at once.
const pageVersionAge = 250 * time.Millisecond

// PageVersion returns the catalogue version whole pages may be cached
// under, read at most pageVersionAge ago, and whether a page built now
// would be that version's (false while the listing index of a newer write
// is still loading: such a page is served but not kept).
func (c *Catalogue) PageVersion(ctx context.Context) (v int64, settled bool, err error) {
	v, err = c.db.CatalogueVersionWithin(ctx, pageVersionAge)
	if err != nil {
		return 0, false, err
	}
	return v, c.cache.settled(v), nil
}
