package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
)

var testToday = furusato.Date{Year: 2026, Month: time.November, Day: 24}

func TestContentDeterministic(t *testing.T) {
	a, b := Content(testToday), Content(testToday)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls with the same date differ")
	}
	// Dates follow today; nothing else changes.
	later := Content(testToday.AddDays(10))
	for i, p := range later.Projects {
		if got, want := p.Deadline, a.Projects[i].Deadline.AddDays(10); got != want {
			t.Errorf("%s: deadline %v with today+10, want %v", p.Slug, got, want)
		}
		if got, want := p.StartDate, a.Projects[i].StartDate.AddDays(10); got != want {
			t.Errorf("%s: start %v with today+10, want %v", p.Slug, got, want)
		}
	}
}

func TestContentOrganizations(t *testing.T) {
	d := Content(testToday)
	kinds := map[furusato.OrgKind]int{}
	slugs := map[string]bool{}
	covered := map[int]string{}
	areas := map[string]bool{}
	for _, o := range d.Organizations {
		kinds[o.Kind]++
		if slugs[o.Slug] {
			t.Errorf("organisation slug %q used twice", o.Slug)
		}
		slugs[o.Slug] = true
		if err := o.Validate(); err != nil {
			t.Errorf("organisation %s: %v", o.Slug, err)
		}
		if o.Description == "" || !strings.HasPrefix(o.Website, "https://example.org/") {
			t.Errorf("organisation %s: description or fictional website missing", o.Slug)
		}
		if o.ID != 0 {
			t.Errorf("organisation %s: ID set", o.Slug)
		}
		switch o.Kind {
		case furusato.OrgCoordinator:
			if n := len(o.Prefectures); n < 1 || n > 3 {
				t.Errorf("coordinator %s covers %d prefectures, want 1–3", o.Slug, n)
			}
			for _, c := range o.Prefectures {
				if prev, ok := covered[c]; ok {
					t.Errorf("prefecture %d covered by %s and %s", c, prev, o.Slug)
				}
				covered[c] = o.Slug
				p, _ := furusato.PrefectureByCode(c)
				areas[p.Area] = true
			}
		default:
			if len(o.Prefectures) != 0 {
				t.Errorf("%s %s has prefectures", o.Kind, o.Slug)
			}
		}
	}
	if n := kinds[furusato.OrgCoordinator]; n < 20 {
		t.Errorf("%d coordinators, want at least 20", n)
	}
	if n := kinds[furusato.OrgPartner]; n != 1 {
		t.Errorf("%d partner groups, want 1", n)
	}
	if n := kinds[furusato.OrgSecretariat]; n != 1 {
		t.Errorf("%d secretariats, want 1", n)
	}
	for _, a := range furusato.Areas {
		if !areas[a.Slug] {
			t.Errorf("no coordinator in area %s", a.Slug)
		}
	}
}

func TestContentCompanies(t *testing.T) {
	d := Content(testToday)
	if n := len(d.Companies); n < 40 {
		t.Errorf("%d companies, want about 45", n)
	}
	covered := coveredPrefectures(d)
	slugs := map[string]bool{}
	uncovered := 0
	for _, c := range d.Companies {
		if slugs[c.Slug] {
			t.Errorf("company slug %q used twice", c.Slug)
		}
		slugs[c.Slug] = true
		if err := c.Validate(); err != nil {
			t.Errorf("company %s: %v", c.Slug, err)
		}
		if c.ID != 0 || c.City == "" || c.Industry == "" || c.FoundedYear == 0 || c.Size == "" ||
			c.Description == "" || !strings.HasPrefix(c.Website, "https://example.org/") {
			t.Errorf("company %s: a field is missing or ID set", c.Slug)
		}
		if _, ok := covered[c.Prefecture]; !ok {
			uncovered++
		}
	}
	if uncovered < 2 || uncovered > 3 {
		t.Errorf("%d companies in prefectures no coordinator covers, want 2–3", uncovered)
	}
}

func TestContentProjects(t *testing.T) {
	d := Content(testToday)
	if n := len(d.Projects); n < 64 {
		t.Fatalf("%d projects, want at least 64", n)
	}
	orgs := map[string]*furusato.Organization{}
	for _, o := range d.Organizations {
		orgs[o.Slug] = o
	}
	companies := map[string]*DemoCompany{}
	for _, c := range d.Companies {
		companies[c.Slug] = c
	}
	covered := coveredPrefectures(d)

	slugs := map[string]bool{}
	themes := map[string]bool{}
	areas := map[string]bool{}
	statuses := map[furusato.ProjectStatus]int{}
	styles := map[furusato.WorkStyle]bool{}
	rewards := map[furusato.RewardType]bool{}
	travel := map[furusato.TravelCost]bool{}
	closingSoon, closingToday := 0, 0
	for _, dp := range d.Projects {
		p := dp.Project // a copy: setting the IDs must not touch the dataset
		if slugs[p.Slug] {
			t.Errorf("project slug %q used twice", p.Slug)
		}
		slugs[p.Slug] = true
		if p.ID != 0 || p.CompanyID != 0 || p.OrganizationID != 0 {
			t.Errorf("%s: IDs must be left 0", p.Slug)
		}
		p.CompanyID, p.OrganizationID = 1, 1
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Slug, err)
		}

		// Links.
		c, ok := companies[dp.CompanySlug]
		if !ok {
			t.Errorf("%s: unknown company %q", p.Slug, dp.CompanySlug)
			continue
		}
		if p.Prefecture != c.Prefecture || p.City != c.City {
			t.Errorf("%s: place %d %s differs from its company's", p.Slug, p.Prefecture, p.City)
		}
		org, ok := orgs[dp.OrganizationSlug]
		if !ok {
			t.Errorf("%s: unknown organisation %q", p.Slug, dp.OrganizationSlug)
		} else if want, ok := covered[c.Prefecture]; ok {
			if org.Slug != want || org.Kind != furusato.OrgCoordinator || !containsInt(org.Prefectures, c.Prefecture) {
				t.Errorf("%s: coordinated by %s, want %s", p.Slug, org.Slug, want)
			}
		} else if org.Kind != furusato.OrgSecretariat {
			t.Errorf("%s: prefecture %d has no coordinator, so the secretariat must coordinate, not %s", p.Slug, c.Prefecture, org.Slug)
		}
		if len(dp.SupporterOrgSlugs) != len(p.Supporters) {
			t.Errorf("%s: %d supporter org slugs for %d supporters", p.Slug, len(dp.SupporterOrgSlugs), len(p.Supporters))
		}
		if len(p.Supporters) > 2 {
			t.Errorf("%s: %d supporters, want 0–2", p.Slug, len(p.Supporters))
		}
		for i, s := range dp.SupporterOrgSlugs {
			o, ok := orgs[s]
			if !ok || o.Kind != furusato.OrgPartner {
				t.Errorf("%s: supporter org %q is not a partner group", p.Slug, s)
				continue
			}
			sp := p.Supporters[i]
			if sp.Name == "" || sp.Role == "" || sp.OrganizationID != 0 || sp.OrganizationName != o.Name {
				t.Errorf("%s: supporter %+v incomplete", p.Slug, sp)
			}
		}

		// Shape of the content.
		if n := len(p.Themes); n < 1 || n > 4 {
			t.Errorf("%s: %d themes", p.Slug, n)
		}
		for _, th := range p.Themes {
			themes[th] = true
		}
		if n := len(p.Skills); n < 2 || n > 5 {
			t.Errorf("%s: %d skills, want 2–5", p.Slug, n)
		}
		if p.HoursPerWeek < 2 || p.HoursPerWeek > 10 {
			t.Errorf("%s: %d hours a week, want 2–10", p.Slug, p.HoursPerWeek)
		}
		if p.DurationMonths < 2 || p.DurationMonths > 12 {
			t.Errorf("%s: %d months, want 2–12", p.Slug, p.DurationMonths)
		}
		if p.Places < 1 || p.Places > 4 {
			t.Errorf("%s: %d places, want 1–4", p.Slug, p.Places)
		}
		if p.WorkPlace == "" || (p.WorkStyle == furusato.WorkRemote && p.VisitsPerMonth != 0) ||
			(p.WorkStyle == furusato.WorkOnsite && p.VisitsPerMonth == 0) {
			t.Errorf("%s: work style %s with %d visits at %q", p.Slug, p.WorkStyle, p.VisitsPerMonth, p.WorkPlace)
		}
		if (p.RewardType == furusato.RewardNone) != (p.RewardAmount == 0) ||
			(p.RewardAmount != 0 && (p.RewardAmount < 10000 || p.RewardAmount > 50000)) {
			t.Errorf("%s: reward %s %d", p.Slug, p.RewardType, p.RewardAmount)
		}
		if dp.PublishedDaysAgo < 0 || dp.PublishedDaysAgo > 120 {
			t.Errorf("%s: published %d days ago, want 0–120", p.Slug, dp.PublishedDaysAgo)
		}
		styles[p.WorkStyle] = true
		rewards[p.RewardType] = true
		travel[p.TravelCost] = true
		pref, _ := furusato.PrefectureByCode(p.Prefecture)
		areas[pref.Area] = true

		// Limits of the domain, in runes.
		for name, lim := range map[string]struct {
			v   string
			max int
		}{
			"title": {p.Title, furusato.MaxTitle}, "catch_copy": {p.CatchCopy, furusato.MaxCatchCopy},
			"background": {p.Background, furusato.MaxLongText}, "what_you_do": {p.WhatYouDo, furusato.MaxLongText},
			"goal": {p.Goal, furusato.MaxLongText}, "good_for": {p.GoodFor, furusato.MaxLongText},
			"gains": {p.Gains, furusato.MaxLongText}, "city": {p.City, furusato.MaxCity},
		} {
			if n := utf8.RuneCountInString(lim.v); n > lim.max {
				t.Errorf("%s: %s has %d runes, limit %d", p.Slug, name, n, lim.max)
			}
		}

		// Status and dates.
		statuses[p.Status]++
		days := p.Deadline.DaysFrom(testToday)
		switch p.Status {
		case furusato.StatusPublished:
			if days < 0 || days > 60 {
				t.Errorf("%s: open with deadline in %d days", p.Slug, days)
			}
			if days <= 7 {
				closingSoon++
			}
			if days == 0 {
				closingToday++
			}
			if days > dp.PublishedDaysAgo+60 || days+dp.PublishedDaysAgo < 14 {
				t.Errorf("%s: published %d days ago with deadline in %d days", p.Slug, dp.PublishedDaysAgo, days)
			}
		case furusato.StatusClosed, furusato.StatusInProgress, furusato.StatusCompleted:
			if days >= 0 {
				t.Errorf("%s: %s with deadline in %d days", p.Slug, p.Status, days)
			}
			if -days > dp.PublishedDaysAgo {
				t.Errorf("%s: deadline before publication", p.Slug)
			}
		default: // never public
			if !strings.HasPrefix(p.Title, "【") {
				t.Errorf("%s: a %s project needs a distinctive title, got %q", p.Slug, p.Status, p.Title)
			}
		}
		if !p.Deadline.Before(p.StartDate) {
			t.Errorf("%s: starts %v, not after the deadline %v", p.Slug, p.StartDate, p.Deadline)
		}
		end := p.StartDate.Start().AddDate(0, p.DurationMonths, 0)
		switch p.Status {
		case furusato.StatusInProgress:
			if !p.StartDate.Before(testToday) || end.Before(testToday.Start()) {
				t.Errorf("%s: in progress but runs %v for %d months", p.Slug, p.StartDate, p.DurationMonths)
			}
		case furusato.StatusCompleted:
			if !end.Before(testToday.Start()) {
				t.Errorf("%s: completed but ends after today", p.Slug)
			}
		}
	}

	for _, th := range furusato.Themes {
		if !themes[th.Slug] {
			t.Errorf("theme %s unused", th.Slug)
		}
	}
	for _, a := range furusato.Areas {
		if !areas[a.Slug] {
			t.Errorf("no project in area %s", a.Slug)
		}
	}
	for _, s := range []furusato.WorkStyle{furusato.WorkRemote, furusato.WorkHybrid, furusato.WorkOnsite} {
		if !styles[s] {
			t.Errorf("work style %s unused", s)
		}
	}
	for _, r := range []furusato.RewardType{furusato.RewardNone, furusato.RewardHonorarium, furusato.RewardPaid} {
		if !rewards[r] {
			t.Errorf("reward type %s unused", r)
		}
	}
	for _, c := range []furusato.TravelCost{furusato.TravelNone, furusato.TravelPart, furusato.TravelFull} {
		if !travel[c] {
			t.Errorf("travel cost %s unused", c)
		}
	}
	if closingSoon < 5 || closingToday < 1 {
		t.Errorf("%d open projects close within 7 days (%d today), want at least 5 and 1", closingSoon, closingToday)
	}
	want := map[furusato.ProjectStatus][2]int{ // min, max
		furusato.StatusPublished:  {40, 60},
		furusato.StatusClosed:     {6, 10},
		furusato.StatusInProgress: {4, 6},
		furusato.StatusCompleted:  {2, 4},
		furusato.StatusDraft:      {2, 2},
		furusato.StatusInReview:   {1, 1},
		furusato.StatusCancelled:  {1, 1},
	}
	for s, mm := range want {
		if n := statuses[s]; n < mm[0] || n > mm[1] {
			t.Errorf("%d projects %s, want %d–%d", n, s, mm[0], mm[1])
		}
	}
}

func TestContentArticleProjects(t *testing.T) {
	d := Content(testToday)
	for _, tc := range []struct {
		word, role string
		pref       int // 0: any
	}{
		{"旗", "広報戦略", 0},
		{"美容室", "ディレクション", 0},
		{"マルシェ", "論点整理", 0},
		{"飛騨", "リブランディング", 21},
		{"クレソン", "メディア", 21},
	} {
		found := false
		for _, p := range d.Projects {
			if !strings.Contains(p.Title, tc.word) || !p.Status.Public() {
				continue
			}
			for _, s := range p.Supporters {
				if strings.Contains(s.Role, tc.role) && (tc.pref == 0 || p.Prefecture == tc.pref) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no public project with %q in its title, a supporter role with %q and prefecture %d", tc.word, tc.role, tc.pref)
		}
	}
}

func TestContentSearchableWords(t *testing.T) {
	d := Content(testToday)
	for _, w := range []string{"岐阜", "広報", "飛騨", "クレソン", "マルシェ", "DX", "Instagram", "EC"} {
		n := 0
		for _, p := range d.Projects {
			if !p.Status.Public() {
				continue
			}
			text := strings.Join(append([]string{p.Title, p.CatchCopy, p.Background, p.WhatYouDo,
				p.Goal, p.GoodFor, p.Gains}, p.Skills...), "\n")
			if strings.Contains(text, w) {
				n++
			}
		}
		if n < 2 {
			t.Errorf("%q appears in %d public projects, want several", w, n)
		}
	}
}

func TestContentText(t *testing.T) {
	d := Content(testToday)
	forEachString(reflect.ValueOf(d), func(s string) {
		for _, bad := range []string{"ONE X", "ONEX", "！"} {
			if strings.Contains(strings.ToUpper(s), bad) {
				t.Errorf("text contains %q: %.60s", bad, s)
			}
		}
		if s != strings.TrimSpace(s) {
			t.Errorf("text has surrounding spaces: %q", s)
		}
	})
}

// coveredPrefectures maps each prefecture a coordinator covers to its slug.
func coveredPrefectures(d *Dataset) map[int]string {
	m := map[int]string{}
	for _, o := range d.Organizations {
		if o.Kind == furusato.OrgCoordinator {
			for _, c := range o.Prefectures {
				m[c] = o.Slug
			}
		}
	}
	return m
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// forEachString calls f with every string reachable from v.
func forEachString(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			forEachString(v.Elem(), f)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			forEachString(v.Index(i), f)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				forEachString(v.Field(i), f)
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			forEachString(k, f)
			forEachString(v.MapIndex(k), f)
		}
	}
}
