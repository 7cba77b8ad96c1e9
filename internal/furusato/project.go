package furusato

import (
	"slices"
	"time"
)

// ProjectStatus is where a project stands in its life.
type ProjectStatus string

// The project statuses.
const (
	StatusDraft      ProjectStatus = "draft"
	StatusInReview   ProjectStatus = "in_review"
	StatusPublished  ProjectStatus = "published"
	StatusClosed     ProjectStatus = "closed"
	StatusInProgress ProjectStatus = "in_progress"
	StatusCompleted  ProjectStatus = "completed"
	StatusCancelled  ProjectStatus = "cancelled"
)

// ProjectStatuses lists every status in life order.
var ProjectStatuses = []ProjectStatus{StatusDraft, StatusInReview, StatusPublished,
	StatusClosed, StatusInProgress, StatusCompleted, StatusCancelled}

// PublicStatuses are the statuses visitors may see: a shared link keeps
// working after the match.
var PublicStatuses = []ProjectStatus{StatusPublished, StatusClosed, StatusInProgress, StatusCompleted}

// Public reports whether a project in status s may be shown to anyone.
func (s ProjectStatus) Public() bool {
	switch s {
	case StatusPublished, StatusClosed, StatusInProgress, StatusCompleted:
		return true
	}
	return false
}

// Valid reports whether s is a known status.
func (s ProjectStatus) Valid() bool { return slices.Contains(ProjectStatuses, s) }

// MoveName names the move of a project from one status to another, as its
// history records it and the catalogue words it (manage.move.*).
func MoveName(from, to ProjectStatus) HistoryAction {
	switch to {
	case StatusInReview:
		return HistorySubmitted
	case StatusDraft:
		return HistorySentBack
	case StatusPublished:
		if from == StatusClosed {
			return HistoryReopened
		}
		return HistoryPublished
	case StatusClosed:
		return HistoryClosed
	case StatusInProgress:
		return HistoryStarted
	case StatusCompleted:
		return HistoryCompleted
	}
	return HistoryCancelled
}

// projectMoves is the transition table of product.md. Who may make each
// move is the policy's business, not this table's.
var projectMoves = map[ProjectStatus][]ProjectStatus{
	StatusDraft:      {StatusInReview, StatusPublished, StatusCancelled},
	StatusInReview:   {StatusDraft, StatusPublished, StatusCancelled},
	StatusPublished:  {StatusClosed, StatusCancelled},
	StatusClosed:     {StatusPublished, StatusInProgress, StatusCancelled},
	StatusInProgress: {StatusCompleted, StatusCancelled},
}

// CanMove reports whether a project may go from status from to status to.
func CanMove(from, to ProjectStatus) bool {
	for _, s := range projectMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// WorkStyle tells how much of a project can be done remotely.
type WorkStyle string

// The work styles.
const (
	WorkRemote WorkStyle = "remote" // fully remote
	WorkHybrid WorkStyle = "hybrid" // remote with visits
	WorkOnsite WorkStyle = "onsite" // on site
)

// RemotePossible reports whether the style allows working from afar.
func (w WorkStyle) RemotePossible() bool { return w == WorkRemote || w == WorkHybrid }

// RewardType tells whether and how participants are paid.
type RewardType string

// The reward types.
const (
	RewardNone       RewardType = "none"
	RewardHonorarium RewardType = "honorarium" // 謝礼
	RewardPaid       RewardType = "paid"
)

// RewardTypes lists every reward type, in the order forms offer them.
var RewardTypes = []RewardType{RewardNone, RewardHonorarium, RewardPaid}

// Valid reports whether r is a known reward type.
func (r RewardType) Valid() bool { return slices.Contains(RewardTypes, r) }

// TravelCost tells how much of the travel cost the host covers.
type TravelCost string

// The travel-cost coverages.
const (
	TravelNone TravelCost = "none"
	TravelPart TravelCost = "part"
	TravelFull TravelCost = "full"
)

// Supporter is a partner-group member who accompanies a project (伴走) in a
// named role.
type Supporter struct {
	OrganizationID   int64
	OrganizationName string
	Name             string
	Role             string
	UserID           int64  // the linked account; 0 = not linked (a name only)
	Email            string // for forms: the linked account's e-mail (read with it), or the one typed to link; not stored
}

// Project is the unit of commitment a company offers.
type Project struct {
	ID             int64
	Slug           string
	Title          string
	CatchCopy      string
	Background     string // background and challenge
	WhatYouDo      string
	Goal           string
	Themes         []string // Theme slugs
	Skills         []string
	GoodFor        string // good for people who…
	Gains          string // what you will gain
	WorkStyle      WorkStyle
	VisitsPerMonth int
	WorkPlace      string
	HoursPerWeek   int // commitment
	DurationMonths int
	StartDate      Date
	RewardType     RewardType
	RewardAmount   int // yen per month when paid or honorarium; 0 when unknown
	TravelCost     TravelCost
	Places         int
	Matched        int  // entries accepted (参画決定); never above Places (a conditional UPDATE holds it)
	Deadline       Date // entries close at the end of this day, JST
	Prefecture     int
	City           string
	CompanyID      int64
	OrganizationID int64
	Supporters     []Supporter
	Status         ProjectStatus
	ProjectFacts   // reward in full, interviews, selection, introductions
	// The cover image: the key prefix of its JPEG variants ("" for none) and
	// the size of the largest one. Set through its own form, not Validate.
	CoverKey                string
	CoverWidth, CoverHeight int
	CreatedAt               time.Time
	UpdatedAt               time.Time
	PublishedAt             time.Time

	// Joined for display.
	Company      *Company
	Organization *Organization
}

// OpenAt reports whether the project takes entries at instant now.
func (p *Project) OpenAt(now time.Time) bool {
	return p.Status == StatusPublished && now.Before(p.Deadline.End())
}

// DaysLeft returns the days from now's JST date to the deadline.
func (p *Project) DaysLeft(now time.Time) int { return p.Deadline.DaysFrom(DateOf(now)) }

// ClosingSoon reports whether an open project's deadline is within 7 days.
func (p *Project) ClosingSoon(now time.Time) bool {
	return p.OpenAt(now) && p.DaysLeft(now) <= 7
}

// Field limits, in runes.
const (
	MaxTitle     = 80
	MaxCatchCopy = 140
	MaxLongText  = 4000
	MaxCity      = 40
)

// Validate checks everything that needs no database.
func (p *Project) Validate() error {
	f := map[string]string{}
	req := func(name, v string, max int) {
		switch n := TextLen(v); {
		case n == 0:
			f[name] = "error.required"
		case n > max:
			f[name] = "error.too_long"
		}
	}
	if !validSlug(p.Slug) {
		f["slug"] = "error.slug"
	}
	req("title", p.Title, MaxTitle)
	req("catch_copy", p.CatchCopy, MaxCatchCopy)
	req("background", p.Background, MaxLongText)
	req("what_you_do", p.WhatYouDo, MaxLongText)
	req("goal", p.Goal, MaxLongText)
	if TextLen(p.GoodFor) > MaxLongText {
		f["good_for"] = "error.too_long"
	}
	if TextLen(p.Gains) > MaxLongText {
		f["gains"] = "error.too_long"
	}
	if TextLen(p.City) > MaxCity {
		f["city"] = "error.too_long"
	}
	if len(p.Themes) == 0 {
		f["themes"] = "error.required"
	}
	for _, t := range p.Themes {
		if _, ok := ThemeBySlug(t); !ok {
			f["themes"] = "error.invalid"
		}
	}
	switch p.WorkStyle {
	case WorkRemote, WorkHybrid, WorkOnsite:
	default:
		f["work_style"] = "error.invalid"
	}
	if !p.RewardType.Valid() {
		f["reward_type"] = "error.invalid"
	}
	switch p.TravelCost {
	case TravelNone, TravelPart, TravelFull:
	default:
		f["travel_cost"] = "error.invalid"
	}
	if p.VisitsPerMonth < 0 || p.VisitsPerMonth > 31 {
		f["visits_per_month"] = "error.range"
	}
	if p.HoursPerWeek < 1 || p.HoursPerWeek > 40 {
		f["hours_per_week"] = "error.range"
	}
	if p.DurationMonths < 1 || p.DurationMonths > 24 {
		f["duration_months"] = "error.range"
	}
	if p.RewardAmount < 0 || (p.RewardType == RewardNone && p.RewardAmount != 0) {
		f["reward_amount"] = "error.invalid"
	}
	p.validateFacts(f)
	if p.Places < 1 || p.Places > 50 {
		f["places"] = "error.range"
	}
	if p.Deadline.IsZero() {
		f["deadline"] = "error.required"
	}
	if _, ok := PrefectureByCode(p.Prefecture); !ok {
		f["prefecture"] = "error.required"
	}
	if !p.Status.Valid() {
		f["status"] = "error.invalid"
	}
	if p.CompanyID == 0 {
		f["company"] = "error.required"
	}
	if p.OrganizationID == 0 {
		f["organization"] = "error.required"
	}
	return fieldErrors(f)
}

// Sort orders for project listings.
const (
	SortNewest   = "newest"
	SortDeadline = "deadline"
	// SortPublished is by publication alone, newest first, open or not:
	// the feed's order. Pages do not offer it (it is not in Sorts).
	SortPublished = "published"
)

// Duration buckets for filtering.
const (
	DurationShort = "short" // up to 3 months
	DurationMid   = "mid"   // 4–6 months
	DurationLong  = "long"  // 7 months or more
)

// Sorts and Durations list the listing's sort orders and duration buckets,
// in the order forms offer them.
var (
	Sorts     = []string{SortNewest, SortDeadline}
	Durations = []string{DurationShort, DurationMid, DurationLong}
)

// InDuration reports whether a project of months months falls in bucket d
// (any length when d is empty or unknown).
func InDuration(d string, months int) bool {
	switch d {
	case DurationShort:
		return months <= 3
	case DurationMid:
		return months >= 4 && months <= 6
	case DurationLong:
		return months >= 7
	}
	return true
}

// ProjectFilter selects projects. Zero values mean "any".
type ProjectFilter struct {
	Query       string // the words typed, as typed
	Prefectures []int
	Area        string
	Themes      []string // any of these
	Remote      bool     // remote or hybrid only
	Reward      RewardType
	Duration    string // DurationShort, DurationMid, DurationLong
	OpenOnly    bool   // taking entries now
	CompanyID   int64
	OrgID       int64
	ExcludeID   int64
	Sort        string
	Offset      int
	Limit       int

	// Statuses defaults to PublicStatuses when empty; only trusted callers
	// (later: the policy) may widen it.
	Statuses []ProjectStatus
	// Today is the JST date that "open" is measured against.
	Today Date
}
