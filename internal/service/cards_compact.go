package service

import (
	"slices"
	"time"
	"unsafe"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// card is a cached card kept as only what a card shows, in about 150
// bytes besides its text: a whole furusato.Project with its company and
// organisation cost some 1,160 bytes of structs, so the cache held under
// 3,000 cards in its budget and thrashed under a crowd of new searches.
// Its text (slug, title, catch copy, city and cover key) is one string;
// the company and organisation are shared by all their cards; the enum
// strings are codes into the cache's table of them.
type card struct {
	text       string    // slug, title, catch copy, city, cover key, end to end
	ends       [4]uint32 // where the slug, title, catch copy and city end in text
	id         int64
	created    int64 // Unix milliseconds, as the store keeps them; 0 is the zero time
	updated    int64
	published  int64
	themes     int64 // furusato.ThemeMask
	company    *cardOwner
	org        *cardOwner
	start      int32 // yyyymmdd; 0 is the zero date
	deadline   int32
	ints       [10]int32 // cardInts' order
	enums      [6]uint8  // codes in cardCache.enums: work style, reward type, basis, travel cost, status, interview style
	prev, next int32     // the LRU list, as slot numbers; -1 ends it
}

// cardOwner is a card's company or organisation: its id, slug and name,
// shared by all the cached cards of it and dropped with the last.
type cardOwner struct {
	id         int64
	slug, name string
	refs       int
}

// ownerCost is what a shared company or organisation costs.
func ownerCost(o *cardOwner) int64 {
	return int64(unsafe.Sizeof(cardOwner{})) + 48 + int64(len(o.slug)+len(o.name))
}

// A card's integers, in card.ints.
const (
	ciVisits = iota
	ciHours
	ciDuration
	ciRewardAmount
	ciPlaces
	ciMatched
	ciPrefecture
	ciCoverWidth
	ciCoverHeight
	ciResponseDays
)

// cardInts returns p's integers in card.ints' order (the ci constants).
func cardInts(p *furusato.Project) [10]int {
	return [10]int{ciVisits: p.VisitsPerMonth, ciHours: p.HoursPerWeek, ciDuration: p.DurationMonths,
		ciRewardAmount: p.RewardAmount, ciPlaces: p.Places, ciMatched: p.Matched, ciPrefecture: p.Prefecture,
		ciCoverWidth: p.CoverWidth, ciCoverHeight: p.CoverHeight, ciResponseDays: p.ResponseDays}
}

// packDate packs d as yyyymmdd.
func packDate(d furusato.Date) int32 {
	return int32(d.Year*10000 + int(d.Month)*100 + d.Day)
}

func unpackDate(n int32) furusato.Date {
	if n == 0 {
		return furusato.Date{}
	}
	return furusato.Date{Year: int(n / 10000), Month: time.Month(n / 100 % 100), Day: int(n % 100)}
}

// fits reports whether p's card can be kept exactly: numbers within int32,
// dates and times that round-trip. A card that does not is read again each
// time rather than kept changed.
func fits(p *furusato.Project) bool {
	for _, n := range cardInts(p) {
		if int(int32(n)) != n {
			return false
		}
	}
	for _, d := range [...]furusato.Date{p.StartDate, p.Deadline} {
		if d.Year < 0 || d.Year > 200000 || unpackDate(packDate(d)) != d {
			return false
		}
	}
	for _, t := range [...]time.Time{p.CreatedAt, p.UpdatedAt, p.PublishedAt} {
		if back := store.TimeOfMS(store.UnixMS(t)); !back.Equal(t) || back.Location() != t.Location() {
			return false
		}
	}
	if p.Company == nil || p.Organization == nil || p.Company.ID != p.CompanyID || p.Organization.ID != p.OrganizationID {
		return false
	}
	return slices.Equal(furusato.ThemesOfMask(furusato.ThemeMask(p.Themes)), p.Themes)
}

// project returns a new card project of k, as store.ProjectCardsByID reads
// it: the caller may change it.
func (k *card) project(enums []string) *furusato.Project {
	e := k.ends
	p := &furusato.Project{
		ID: k.id, Slug: k.text[:e[0]], Title: k.text[e[0]:e[1]], CatchCopy: k.text[e[1]:e[2]],
		City: k.text[e[2]:e[3]], CoverKey: k.text[e[3]:],
		WorkStyle: furusato.WorkStyle(enums[k.enums[0]]), RewardType: furusato.RewardType(enums[k.enums[1]]),
		TravelCost: furusato.TravelCost(enums[k.enums[3]]), Status: furusato.ProjectStatus(enums[k.enums[4]]),
		VisitsPerMonth: int(k.ints[ciVisits]), HoursPerWeek: int(k.ints[ciHours]), DurationMonths: int(k.ints[ciDuration]),
		RewardAmount: int(k.ints[ciRewardAmount]), Places: int(k.ints[ciPlaces]), Matched: int(k.ints[ciMatched]),
		Prefecture: int(k.ints[ciPrefecture]), CoverWidth: int(k.ints[ciCoverWidth]), CoverHeight: int(k.ints[ciCoverHeight]),
		StartDate: unpackDate(k.start), Deadline: unpackDate(k.deadline),
		CreatedAt: store.TimeOfMS(k.created), UpdatedAt: store.TimeOfMS(k.updated), PublishedAt: store.TimeOfMS(k.published),
		CompanyID: k.company.id, OrganizationID: k.org.id,
		Themes:       furusato.ThemesOfMask(k.themes),
		Company:      &furusato.Company{ID: k.company.id, Slug: k.company.slug, Name: k.company.name},
		Organization: &furusato.Organization{ID: k.org.id, Slug: k.org.slug, Name: k.org.name},
	}
	p.RewardBasis, p.InterviewStyle = furusato.RewardBasis(enums[k.enums[2]]), furusato.InterviewStyle(enums[k.enums[5]])
	p.ResponseDays = int(k.ints[ciResponseDays])
	return p
}
