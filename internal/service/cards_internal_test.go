package service

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// testCard is a card as the store reads one, with the text lengths of the
// generated catalogue (about 170 bytes) and companies and organisations
// shared by many cards.
func testCard(i int) *furusato.Project {
	co, org := int64(1+i%500), int64(1+i%24)
	p := &furusato.Project{
		ID: int64(i + 1), Slug: fmt.Sprintf("project-%08d", i),
		Title:     strings.Repeat("地域", 10) + fmt.Sprint(i),
		CatchCopy: strings.Repeat("広報", 13) + fmt.Sprint(i),
		City:      "郡上市", CoverKey: fmt.Sprintf("covers/%08d", i),
		WorkStyle: furusato.WorkStyle("remote"), RewardType: furusato.RewardType("paid"), TravelCost: furusato.TravelCost("full"),
		Status: furusato.StatusPublished, VisitsPerMonth: i % 4, HoursPerWeek: 5, DurationMonths: 3, RewardAmount: 30000,
		Places: 3, Matched: i % 3, Prefecture: 21, CoverWidth: 1600, CoverHeight: 900,
		StartDate: furusato.Date{Year: 2027, Month: time.January, Day: 1 + i%28}, Deadline: furusato.Date{Year: 2026, Month: time.December, Day: 31},
		CreatedAt:   time.UnixMilli(1_790_000_000_000 + int64(i)).UTC(),
		UpdatedAt:   time.UnixMilli(1_790_000_100_000 + int64(i)).UTC(),
		PublishedAt: time.UnixMilli(1_790_000_200_000 + int64(i)).UTC(),
		CompanyID:   co, OrganizationID: org,
		Themes:       furusato.ThemesOfMask(int64(1+i%7) << 1),
		Company:      &furusato.Company{ID: co, Slug: fmt.Sprintf("company-%d", co), Name: fmt.Sprintf("株式会社ふるさと%d", co)},
		Organization: &furusato.Organization{ID: org, Slug: fmt.Sprintf("org-%d", org), Name: fmt.Sprintf("地域コーディネート%d", org)},
	}
	p.RewardBasis, p.InterviewStyle, p.ResponseDays = furusato.RewardBasis("monthly"), furusato.InterviewsOnline, 7
	return p
}

// cached reads ids from c at version v, all of which must be cached (no
// database is given).
func cached(t *testing.T, c *cardCache, v int64, ids ...int64) []*furusato.Project {
	t.Helper()
	ps, _, err := c.read(context.Background(), nil, v, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// checkSize recomputes what c should count and compares it with c.size.
func checkSize(t *testing.T, c *cardCache) {
	t.Helper()
	want := int64(cap(c.slots)) * slotSize
	for _, i := range c.ids {
		want += cardCost(&c.slots[i])
	}
	for _, m := range []map[int64]*cardOwner{c.companies, c.orgs} {
		for _, o := range m {
			want += ownerCost(o)
		}
	}
	if c.size != want {
		t.Fatalf("the cache counts %d bytes, its contents come to %d", c.size, want)
	}
	if c.size > c.budget && len(c.ids) > 0 {
		t.Fatalf("%d bytes kept in a budget of %d", c.size, c.budget)
	}
}

// A kept card comes back as the store read it, whatever its fields hold:
// zero dates and times, no themes, every enum empty or set.
func TestCardCache_GivesBackWhatItKept(t *testing.T) {
	plain := testCard(1)
	bare := testCard(2)
	bare.StartDate, bare.Deadline, bare.PublishedAt, bare.Themes = furusato.Date{}, furusato.Date{}, time.Time{}, nil
	bare.RewardBasis, bare.InterviewStyle, bare.ResponseDays, bare.CoverKey, bare.CatchCopy = "", "", 0, "", ""
	every := testCard(3)
	every.Themes = furusato.ThemesOfMask(1<<int64(len(furusato.Themes)) - 1)
	every.Status, every.TravelCost = furusato.StatusClosed, furusato.TravelCost("none")
	c := newCardCache(DefaultCardCacheBytes)
	c.version = 1
	want := []*furusato.Project{plain, bare, every}
	c.keep(1, want)
	got := cached(t, c, 1, plain.ID, bare.ID, every.ID)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cards given back:\n%+v\nwant\n%+v", got[1], want[1])
	}
	got[0].Title, got[0].Themes[0], got[0].Company.Name = "changed", "changed", "changed"
	if again := cached(t, c, 1, plain.ID); !reflect.DeepEqual(again[0], plain) {
		t.Fatal("a caller's change reached the cache")
	}
	checkSize(t, c)
}

// A card the compact form cannot hold exactly is not kept, so it is read
// again rather than shown changed.
func TestCardCache_KeepsOnlyWhatRoundTrips(t *testing.T) {
	odd := []func(p *furusato.Project){
		func(p *furusato.Project) { p.Places = 1 << 40 },
		func(p *furusato.Project) { p.CreatedAt = p.CreatedAt.In(furusato.JST) },
		func(p *furusato.Project) { p.UpdatedAt = p.UpdatedAt.Add(time.Microsecond) },
		func(p *furusato.Project) { p.Themes = []string{furusato.Themes[2].Slug, furusato.Themes[1].Slug} },
		func(p *furusato.Project) { p.Themes = []string{"no-such-theme"} },
		func(p *furusato.Project) { p.Deadline = furusato.Date{Year: -1, Month: 2, Day: 3} },
		func(p *furusato.Project) { p.Company = nil },
		func(p *furusato.Project) { p.Organization.ID = 999 },
	}
	c := newCardCache(DefaultCardCacheBytes)
	for i, change := range odd {
		p := testCard(i)
		change(p)
		c.keep(0, []*furusato.Project{p})
		if _, ok := c.ids[p.ID]; ok {
			t.Errorf("case %d: kept a card that does not round-trip", i)
		}
	}
	c.keep(0, []*furusato.Project{testCard(100)})
	if len(c.ids) != 1 {
		t.Fatalf("a plain card was not kept: %d cards", len(c.ids))
	}
	checkSize(t, c)
}

// The cache counts every byte it holds, evicts least recently used and
// drops a company or organisation with its last card.
func TestCardCache_CountsAndEvicts(t *testing.T) {
	c := newCardCache(64 << 10)
	for i := range 2000 {
		c.keep(0, []*furusato.Project{testCard(i)})
		if i%97 == 0 {
			checkSize(t, c)
			cached(t, c, 0, int64(1)) // card 1 stays in use
		}
	}
	checkSize(t, c)
	s := c.stats()
	if s.Entries < 100 || s.Evictions == 0 {
		t.Fatalf("%+v: want over 100 cards kept in 64 KB and some evicted", s)
	}
	if _, ok := c.ids[1]; !ok {
		t.Fatal("the card read all along was evicted")
	}
	if _, ok := c.ids[3]; ok {
		t.Fatal("a card not read since was kept over newer ones")
	}
	c.setBudget(8 << 10) // under the slots alone: all goes
	if len(c.ids) != 0 || len(c.companies) != 0 || len(c.orgs) != 0 || c.size != 0 {
		t.Fatalf("after shrinking under its slots: %d cards, %d companies, %d orgs, %d bytes", len(c.ids), len(c.companies), len(c.orgs), c.size)
	}
	c.setBudget(64 << 10)
	c.keep(0, []*furusato.Project{testCard(5)})
	if got := cached(t, c, 0, 6); !reflect.DeepEqual(got, []*furusato.Project{testCard(5)}) {
		t.Fatal("the cache does not keep cards again after shrinking")
	}
	checkSize(t, c)
}

// The default budget holds over 10,000 cards of the generated catalogue's
// size, measured on the heap: the crowd of new word-pair searches in
// scripts/bench shows about 9,000-10,000 distinct cards, where a whole
// furusato.Project per card held under 3,000.
func TestCardCache_DefaultBudgetHoldsTenThousandCards(t *testing.T) {
	// Serial: it measures the heap of the whole process.
	before := heapInUse()
	c := newCardCache(DefaultCardCacheBytes)
	for i := range 20_000 {
		c.keep(0, []*furusato.Project{testCard(i)})
	}
	grown := heapInUse() - before
	checkSize(t, c)
	if n := len(c.ids); n < 10_000 {
		t.Fatalf("the default budget holds %d cards, want over 10,000", n)
	}
	if grown > DefaultCardCacheBytes*21/20 {
		t.Fatalf("the heap grew by %d bytes for a budget of %d", grown, DefaultCardCacheBytes)
	}
	t.Logf("%d cards in %d bytes counted, %d on the heap", len(c.ids), c.size, grown)
}

// A small catalogue's cards cost about what they hold: the slots grow
// with the cards kept (doubling, up to a sixteenth of the budget at a
// time), not by a sixteenth of the default budget from the first card.
func TestCardCache_SmallCatalogueTakesLittle(t *testing.T) {
	c := newCardCache(DefaultCardCacheBytes)
	for i := range 62 { // the demo's catalogue
		c.keep(0, []*furusato.Project{testCard(i)})
	}
	checkSize(t, c)
	if s := c.stats(); s.Entries != 62 || s.Bytes > 64<<10 {
		t.Fatalf("%+v: want the 62 cards in under 64 KB", s)
	}
	for i := 62; i < 20000; i++ { // and a large one still fills the budget
		c.keep(0, []*furusato.Project{testCard(i)})
	}
	checkSize(t, c)
	if s := c.stats(); s.Bytes < s.Budget*9/10 || s.Entries < 10000 {
		t.Fatalf("%+v: want the budget nearly full, with over 10,000 cards", s)
	}
}
