package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
)

// projectValues is the project form as typed: every field a string, so
// that a form sent back with errors shows exactly what was typed.
type projectValues struct {
	Slug, Title, CatchCopy, Background, WhatYouDo, Goal string
	Themes                                              []string
	Skills                                              string // one per line
	GoodFor, Gains                                      string
	WorkStyle, VisitsPerMonth, WorkPlace                string
	HoursPerWeek, DurationMonths                        string
	StartYear, StartMonth, StartDay                     string
	RewardType, RewardAmount, TravelCost, Places        string
	DeadlineYear, DeadlineMonth, DeadlineDay            string
	Prefecture, City                                    string
	Facts                                               factValues // reward basis and note, interviews, selection, introductions
	// SetSupporters says the form carries the supporter rows (only those
	// who assign supporters get them).
	SetSupporters bool
	Supporters    []supporterValues
}

// supporterValues is one supporter row as typed: the partner group is the
// select's value (its id).
type supporterValues struct {
	Name, Organization, Role, Email string
}

// valuesOf returns the form showing p as it is, for the edit page.
func valuesOf(p *furusato.Project) projectValues {
	v := projectValues{Slug: p.Slug, Title: p.Title, CatchCopy: p.CatchCopy, Background: p.Background,
		WhatYouDo: p.WhatYouDo, Goal: p.Goal, Themes: p.Themes, Skills: strings.Join(p.Skills, "\n"),
		GoodFor: p.GoodFor, Gains: p.Gains, WorkStyle: string(p.WorkStyle), VisitsPerMonth: blankZero(p.VisitsPerMonth),
		WorkPlace: p.WorkPlace, HoursPerWeek: blankZero(p.HoursPerWeek), DurationMonths: blankZero(p.DurationMonths),
		RewardType: string(p.RewardType), RewardAmount: blankZero(p.RewardAmount), TravelCost: string(p.TravelCost),
		Places: blankZero(p.Places), Prefecture: blankZero(p.Prefecture), City: p.City, SetSupporters: true,
		Facts: factValuesOf(p)}
	v.StartYear, v.StartMonth, v.StartDay = dateParts(p.StartDate)
	v.DeadlineYear, v.DeadlineMonth, v.DeadlineDay = dateParts(p.Deadline)
	for _, s := range p.Supporters {
		org := ""
		if s.OrganizationID != 0 {
			org = strconv.FormatInt(s.OrganizationID, 10)
		}
		v.Supporters = append(v.Supporters, supporterValues{Name: s.Name, Organization: org, Role: s.Role, Email: s.Email})
	}
	return v
}

// blankZero is n for a form field; 0 is shown as empty.
func blankZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func dateParts(d furusato.Date) (y, m, day string) {
	if d.IsZero() {
		return "", "", ""
	}
	return strconv.Itoa(d.Year), strconv.Itoa(int(d.Month)), strconv.Itoa(d.Day)
}

// readProjectValues reads the posted form.
func readProjectValues(r *http.Request) projectValues {
	v := r.PostFormValue
	in := projectValues{Slug: v("slug"), Title: v("title"), CatchCopy: v("catch_copy"), Background: v("background"),
		WhatYouDo: v("what_you_do"), Goal: v("goal"), Themes: r.PostForm["themes"], Skills: v("skills"), GoodFor: v("good_for"),
		Gains: v("gains"), WorkStyle: v("work_style"), VisitsPerMonth: v("visits_per_month"), WorkPlace: v("work_place"),
		HoursPerWeek: v("hours_per_week"), DurationMonths: v("duration_months"),
		StartYear: v("start_date-year"), StartMonth: v("start_date-month"), StartDay: v("start_date-day"),
		RewardType: v("reward_type"), RewardAmount: v("reward_amount"), TravelCost: v("travel_cost"), Places: v("places"),
		DeadlineYear: v("deadline-year"), DeadlineMonth: v("deadline-month"), DeadlineDay: v("deadline-day"),
		Prefecture: v("prefecture"), City: v("city"), SetSupporters: v("supporters") == "1", Facts: readFactValues(r)}
	for i := 0; i < 50; i++ {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["sup-name-"+n]; !ok {
			break
		}
		in.Supporters = append(in.Supporters, supporterValues{Name: v("sup-name-" + n), Organization: v("sup-org-" + n), Role: v("sup-role-" + n), Email: v("sup-email-" + n)})
	}
	return in
}

// update reads the form's syntax (numbers, dates and ids, through the
// service's readers, which accept full-width digits) into the typed update:
// the form shows every field, so every field is set. Text is passed as
// typed; the service normalises it. A field the form cannot read is
// EINVALID with the field's catalogue key.
func (in projectValues) update() (furusato.ProjectUpdate, error) {
	var f furusato.FieldErrors
	// num reads a number; one it cannot read names the field's bounds, if
	// it has any, so that the message says what to type.
	num := func(name, s string, bounds ...any) *int {
		n, ok := service.ReadNumber(s, "円")
		if !ok {
			f.Add(name, "manage.error.number", bounds...)
		}
		return &n
	}
	date := func(name, y, m, d string) *furusato.Date {
		dt, ok := service.ReadDate(y, m, d)
		if !ok {
			f.Add(name, "manage.error.date")
		}
		return &dt
	}
	u := furusato.ProjectUpdate{Slug: new(in.Slug), Title: new(in.Title), CatchCopy: new(in.CatchCopy),
		Background: new(in.Background), WhatYouDo: new(in.WhatYouDo), Goal: new(in.Goal), Themes: new(in.Themes),
		Skills: new(strings.Split(in.Skills, "\n")), GoodFor: new(in.GoodFor), Gains: new(in.Gains),
		WorkStyle: new(furusato.WorkStyle(in.WorkStyle)), VisitsPerMonth: num("visits_per_month", in.VisitsPerMonth, "Min", furusato.MinVisits, "Max", furusato.MaxVisits),
		WorkPlace: new(in.WorkPlace), HoursPerWeek: num("hours_per_week", in.HoursPerWeek, "Min", furusato.MinHours, "Max", furusato.MaxHours),
		DurationMonths: num("duration_months", in.DurationMonths, "Min", furusato.MinDuration, "Max", furusato.MaxDuration),
		StartDate:      date("start_date", in.StartYear, in.StartMonth, in.StartDay),
		RewardType:     new(furusato.RewardType(in.RewardType)), RewardAmount: num("reward_amount", in.RewardAmount, "Min", furusato.MinRewardAmount, "Max", furusato.MaxReward),
		TravelCost: new(furusato.TravelCost(in.TravelCost)), Places: num("places", in.Places, "Min", furusato.MinPlaces, "Max", furusato.MaxPlaces),
		Deadline:   date("deadline", in.DeadlineYear, in.DeadlineMonth, in.DeadlineDay),
		Prefecture: num("prefecture", in.Prefecture), City: new(in.City)}
	in.Facts.update(&u, &f)
	if in.SetSupporters {
		rows := make([]furusato.Supporter, len(in.Supporters))
		for i, s := range in.Supporters {
			id, ok := service.ReadID(s.Organization)
			if !ok {
				f.Add("supporters", "manage.error.supporter")
			}
			rows[i] = furusato.Supporter{Name: s.Name, OrganizationID: id, Role: s.Role, Email: s.Email}
		}
		u.Supporters = &rows
	}
	if len(f.Fields) > 0 {
		return u, &furusato.Error{Code: furusato.EINVALID, Message: "Some fields could not be read.", Fields: f.Fields, Params: f.Params}
	}
	return u, nil
}
