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

// Number bounds of a project, named in its field errors. A month's reward
// above a million yen is a typing slip on a side-job platform, not an offer.
const (
	MinPlaces, MaxPlaces         = 1, 50
	MinHours, MaxHours           = 1, 40
	MinDuration, MaxDuration     = 1, 24
	MinVisits, MaxVisits         = 0, 31
	MinRewardAmount, MaxReward   = 0, 1_000_000
	ErrAmountWithoutReward       = "error.amount_without_reward"
	ErrPlacesBelowMatched        = "hosts.error.places_below_matched"
	errRange, errTooLong, errReq = "error.range", "error.too_long", "error.required"
)

// ReservedProjectSlugs are the paths under /projects/ that are pages of
// their own, so no project may take them as its slug (web's route table
// and a test there keep the list true).
var ReservedProjectSlugs = []string{"filters"}

// Validate checks everything that needs no database. Its field errors
// carry the bounds they broke (Min, Max) for the message.
func (p *Project) Validate() error {
	var f FieldErrors
	text := func(name, v string, max int, required bool) {
		switch n := TextLen(v); {
		case BadProse(v):
			f.Add(name, ErrBadText)
		case n == 0 && required:
			f.Add(name, errReq)
		case n > max:
			f.Add(name, errTooLong, "Max", max)
		}
	}
	between := func(name string, v, min, max int) {
		if v < min || v > max {
			f.Add(name, errRange, "Min", min, "Max", max)
		}
	}
	if !validSlug(p.Slug) {
		f.Add("slug", "error.slug")
	} else if slices.Contains(ReservedProjectSlugs, p.Slug) {
		f.Add("slug", "error.taken")
	}
	text("title", p.Title, MaxTitle, true)
	text("catch_copy", p.CatchCopy, MaxCatchCopy, true)
	text("background", p.Background, MaxLongText, true)
	text("what_you_do", p.WhatYouDo, MaxLongText, true)
	text("goal", p.Goal, MaxLongText, true)
	text("good_for", p.GoodFor, MaxLongText, false)
	text("gains", p.Gains, MaxLongText, false)
	text("city", p.City, MaxCity, false)
	if BadProse(p.WorkPlace) {
		f.Add("work_place", ErrBadText)
	}
	for _, s := range p.Skills {
		if BadProse(s) {
			f.Add("skills", ErrBadText)
		}
	}
	for _, s := range p.Supporters {
		if BadProse(s.Name) || BadProse(s.Role) {
			f.Add("supporters", ErrBadText)
		}
	}
	if len(p.Themes) == 0 {
		f.Add("themes", errReq)
	}
	for _, t := range p.Themes {
		if _, ok := ThemeBySlug(t); !ok {
			f.Add("themes", "error.invalid")
		}
	}
	switch p.WorkStyle {
	case WorkRemote, WorkHybrid, WorkOnsite:
	default:
		f.Add("work_style", "error.invalid")
	}
	if !p.RewardType.Valid() {
		f.Add("reward_type", "error.invalid")
	}
	switch p.TravelCost {
	case TravelNone, TravelPart, TravelFull:
	default:
		f.Add("travel_cost", "error.invalid")
	}
	between("visits_per_month", p.VisitsPerMonth, MinVisits, MaxVisits)
	between("hours_per_week", p.HoursPerWeek, MinHours, MaxHours)
	between("duration_months", p.DurationMonths, MinDuration, MaxDuration)
	if p.RewardType == RewardNone && p.RewardAmount != 0 {
		// The amount contradicts the type: say which, not "choose one".
		f.Add("reward_amount", ErrAmountWithoutReward, "Other", "reward_type")
	}
	between("reward_amount", p.RewardAmount, MinRewardAmount, MaxReward)
	p.validateFacts(&f)
	between("places", p.Places, MinPlaces, MaxPlaces)
	if p.Deadline.IsZero() {
		f.Add("deadline", errReq)
	}
	if _, ok := PrefectureByCode(p.Prefecture); !ok {
		f.Add("prefecture", errReq)
	}
	if !p.Status.Valid() {
		f.Add("status", "error.invalid")
	}
	if p.CompanyID == 0 {
		f.Add("company", errReq)
	}
	if p.OrganizationID == 0 {
		f.Add("organization", errReq)
	}
	return f.Err()
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
