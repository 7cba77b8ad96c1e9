package furusato

import "slices"

// ProjectUpdate is a change to the editable fields of a project, typed. A
// nil field is left as it is: an API client sends only what it changes
// (PATCH), a form sends every field it shows. Text is as the person typed
// it; the service normalises it before applying (service's package doc).
type ProjectUpdate struct {
	Slug, Title, CatchCopy       *string
	Background, WhatYouDo, Goal  *string
	Themes                       *[]string // theme slugs
	Skills                       *[]string // one skill an item; "、" also separates
	GoodFor, Gains               *string
	WorkStyle                    *WorkStyle
	VisitsPerMonth               *int
	WorkPlace                    *string
	HoursPerWeek, DurationMonths *int
	StartDate                    *Date // the zero Date clears it
	RewardType                   *RewardType
	RewardAmount                 *int
	TravelCost                   *TravelCost
	Places                       *int
	Deadline                     *Date
	Prefecture                   *int // its code
	City                         *string
	// Supporters, when set, is the whole new list, in the order of the
	// form's rows: a row with every part blank is dropped, and the e-mail
	// address (optional) links a row to the supporter's account.
	Supporters  *[]Supporter
	FactsUpdate // reward basis and note, interviews, selection, introductions
}

// UpdateOf returns the update that sets every field to its value in p:
// what an edit form shows before anyone types.
func UpdateOf(p *Project) ProjectUpdate {
	return ProjectUpdate{Slug: new(p.Slug), Title: new(p.Title), CatchCopy: new(p.CatchCopy), Background: new(p.Background),
		WhatYouDo: new(p.WhatYouDo), Goal: new(p.Goal), Themes: new(slices.Clone(p.Themes)), Skills: new(slices.Clone(p.Skills)),
		GoodFor: new(p.GoodFor), Gains: new(p.Gains), WorkStyle: new(p.WorkStyle), VisitsPerMonth: new(p.VisitsPerMonth),
		WorkPlace: new(p.WorkPlace), HoursPerWeek: new(p.HoursPerWeek), DurationMonths: new(p.DurationMonths),
		StartDate: new(p.StartDate), RewardType: new(p.RewardType), RewardAmount: new(p.RewardAmount),
		TravelCost: new(p.TravelCost), Places: new(p.Places), Deadline: new(p.Deadline), Prefecture: new(p.Prefecture),
		City: new(p.City), Supporters: new(slices.Clone(p.Supporters)), FactsUpdate: factsUpdateOf(&p.ProjectFacts)}
}

// ApplyTo writes the fields u sets onto p, as they are (no normalising, no
// checking: see Project.Validate).
func (u ProjectUpdate) ApplyTo(p *Project) {
	set(&p.Slug, u.Slug)
	set(&p.Title, u.Title)
	set(&p.CatchCopy, u.CatchCopy)
	set(&p.Background, u.Background)
	set(&p.WhatYouDo, u.WhatYouDo)
	set(&p.Goal, u.Goal)
	set(&p.Themes, u.Themes)
	set(&p.Skills, u.Skills)
	set(&p.GoodFor, u.GoodFor)
	set(&p.Gains, u.Gains)
	set(&p.WorkStyle, u.WorkStyle)
	set(&p.VisitsPerMonth, u.VisitsPerMonth)
	set(&p.WorkPlace, u.WorkPlace)
	set(&p.HoursPerWeek, u.HoursPerWeek)
	set(&p.DurationMonths, u.DurationMonths)
	set(&p.StartDate, u.StartDate)
	set(&p.RewardType, u.RewardType)
	set(&p.RewardAmount, u.RewardAmount)
	set(&p.TravelCost, u.TravelCost)
	set(&p.Places, u.Places)
	set(&p.Deadline, u.Deadline)
	set(&p.Prefecture, u.Prefecture)
	set(&p.City, u.City)
	set(&p.Supporters, u.Supporters)
	u.FactsUpdate.applyTo(&p.ProjectFacts)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Version is the project's version token: it changes with every save of
// the project's content or status, and an edit names the version it was
// made to (optimistic concurrency; store.UpdateProject). It is the
// millisecond of the last save, which the store makes distinct for each
// save; callers only compare it for equality.
func (p *Project) Version() int64 { return p.UpdatedAt.UnixMilli() }
