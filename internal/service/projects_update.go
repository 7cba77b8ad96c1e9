package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// normalized returns u with its text normalised: NFKC and trimmed, one-line
// values without bidirectional controls, the slug in lower case, themes
// without repeats in the taxonomy's order, skills split at "、" too. The
// supporter rows keep their places (blank rows are dropped later, with
// their form indexes).
func normalized(u furusato.ProjectUpdate) furusato.ProjectUpdate {
	each := func(f func(string) string, vs ...**string) {
		for _, v := range vs {
			if *v != nil {
				*v = new(f(**v))
			}
		}
	}
	each(proseLine, &u.Title, &u.CatchCopy, &u.WorkPlace, &u.City)
	each(prose, &u.Background, &u.WhatYouDo, &u.Goal, &u.GoodFor, &u.Gains)
	each(func(s string) string { return strings.ToLower(normText(s)) }, &u.Slug)
	if u.Themes != nil {
		var ts []string
		for _, t := range *u.Themes {
			if t = normText(t); t != "" && !slices.Contains(ts, t) {
				ts = append(ts, t)
			}
		}
		// Keep the taxonomy's order, as the store reads them back.
		slices.SortStableFunc(ts, func(a, b string) int { return themeIndex(a) - themeIndex(b) })
		u.Themes = &ts
	}
	if u.Skills != nil {
		var ss []string
		for _, item := range *u.Skills {
			for _, line := range strings.Split(prose(item), "\n") {
				for _, s := range strings.Split(line, "、") {
					if s = strings.TrimSpace(s); s != "" {
						ss = append(ss, s)
					}
				}
			}
		}
		u.Skills = &ss
	}
	if u.WorkStyle != nil {
		u.WorkStyle = new(furusato.WorkStyle(normText(string(*u.WorkStyle))))
	}
	if u.RewardType != nil {
		u.RewardType = new(furusato.RewardType(normText(string(*u.RewardType))))
	}
	if u.TravelCost != nil {
		u.TravelCost = new(furusato.TravelCost(normText(string(*u.TravelCost))))
	}
	if u.Supporters != nil {
		rows := make([]furusato.Supporter, len(*u.Supporters))
		for i, r := range *u.Supporters {
			rows[i] = furusato.Supporter{Name: proseLine(r.Name), OrganizationID: r.OrganizationID, Role: proseLine(r.Role), Email: normText(r.Email)}
		}
		u.Supporters = &rows
	}
	normalizeFacts(&u.FactsUpdate)
	return u
}

// supporterRows returns the supporters of the normalised rows, blank rows
// dropped, with, for each supporter, the index of its row (the N of the
// form's sup-…-N fields).
func supporterRows(rows []furusato.Supporter) ([]furusato.Supporter, []int) {
	var out []furusato.Supporter
	var idx []int
	for i, s := range rows {
		if s.Name == "" && s.Role == "" && s.OrganizationID == 0 && s.Email == "" {
			continue
		}
		out = append(out, s)
		idx = append(idx, i)
	}
	return out, idx
}

// supporterEmailField is the field of row n's e-mail address, as the form
// names it.
func supporterEmailField(n int) string { return "sup-email-" + strconv.Itoa(n) }

// linkSupporters links each supporter of p that has an e-mail address to
// the account with that address, which must hold a supporter membership of
// the row's partner group: it sets UserID (and Name, when empty, from the
// account). A row whose address matches no such supporter gets the field
// error manage.error_supporter_email on sup-email-N. Rows without an
// address stay names only (UserID 0). rows are the form rows of
// p.Supporters, as supporterRows returns them.
func linkSupporters(ctx context.Context, tx *store.Tx, p *furusato.Project, rows []int) map[string]string {
	f := map[string]string{}
	for i := range p.Supporters {
		s := &p.Supporters[i]
		s.UserID = 0
		if s.Email == "" {
			continue
		}
		if s.OrganizationID == 0 {
			continue // the row is refused as incomplete
		}
		bad := func() { f[supporterEmailField(rows[i])] = "manage.error_supporter_email" }
		email, err := NormalizeEmail(s.Email)
		if err != nil {
			bad()
			continue
		}
		s.Email = email
		u, err := tx.FindUserByEmail(ctx, email)
		if err != nil || !u.DeletedAt.IsZero() {
			bad()
			continue
		}
		mems, err := tx.FindMemberships(ctx, u.ID)
		if err != nil {
			bad()
			continue
		}
		ok := false
		for _, m := range mems {
			ok = ok || (m.Role == furusato.RoleSupporter && m.OrganizationID == s.OrganizationID)
		}
		if !ok {
			bad()
			continue
		}
		s.UserID = u.ID
		if s.Name == "" {
			s.Name = u.DisplayName
		}
	}
	return f
}

// applyUpdate normalises u, writes it onto p and checks the result
// (p.Validate plus the rules of the form), returning EINVALID with every
// field's catalogue key at once. Supporters are written only when
// setSupporters allows it and u carries them; link (when not nil) then
// links them to accounts and returns its field errors. An empty slug is
// left empty for the caller to fill.
func applyUpdate(p *furusato.Project, u furusato.ProjectUpdate, setSupporters bool, link func(*furusato.Project, []int) map[string]string) error {
	var f furusato.FieldErrors
	u = normalized(u)
	rows := u.Supporters
	u.Supporters = nil
	u.ApplyTo(p)
	settleRewardBasis(p, u, &f)
	// A negative number is refused before Validate, naming the bounds the
	// field keeps (the prefecture, a code, has none to name).
	for name, n := range map[string]struct {
		v      *int
		bounds []any
	}{"visits_per_month": {u.VisitsPerMonth, []any{"Min", furusato.MinVisits, "Max", furusato.MaxVisits}},
		"hours_per_week":  {u.HoursPerWeek, []any{"Min", furusato.MinHours, "Max", furusato.MaxHours}},
		"duration_months": {u.DurationMonths, []any{"Min", furusato.MinDuration, "Max", furusato.MaxDuration}},
		"reward_amount":   {u.RewardAmount, []any{"Min", furusato.MinRewardAmount, "Max", furusato.MaxReward}},
		"places":          {u.Places, []any{"Min", furusato.MinPlaces, "Max", furusato.MaxPlaces}},
		"response_days":   {u.ResponseDays, []any{"Min", 0, "Max", furusato.MaxResponseDays}},
		"prefecture":      {u.Prefecture, nil}} {
		if n.v != nil && *n.v < 0 {
			f.Add(name, "manage.error.number", n.bounds...)
		}
	}
	for name, d := range map[string]*furusato.Date{"start_date": u.StartDate, "deadline": u.Deadline} {
		if d != nil && !d.IsZero() && (d.Year < 2000 || d.Year > 2100) {
			f.Add(name, "manage.error.date")
		}
	}
	if setSupporters && rows != nil {
		var idx []int
		p.Supporters, idx = supporterRows(*rows)
		if link != nil {
			for k, v := range link(p, idx) {
				f.Add(k, v)
			}
		}
		for _, s := range p.Supporters {
			switch {
			case (s.Name == "" && s.UserID == 0 && s.Email == "") || s.OrganizationID == 0 || s.Role == "":
				f.Add("supporters", "manage.error.supporter")
			case furusato.TextLen(s.Name) > 50 || furusato.TextLen(s.Role) > 100:
				f.Add("supporters", "manage.error.too_long")
			}
		}
	}
	if furusato.TextLen(p.WorkPlace) > 200 {
		f.Add("work_place", "error.too_long", "Max", 200)
	}
	f.Merge(p.Validate())
	if p.Slug == "" {
		delete(f.Fields, "slug") // made from the title when created, kept when edited
	}
	return f.Err()
}

func themeIndex(slug string) int {
	for i, t := range furusato.Themes {
		if t.Slug == slug {
			return i
		}
	}
	return len(furusato.Themes)
}

// slugFrom makes a slug from the ASCII letters and digits of title; when
// there are too few (a Japanese title), it is the company's slug with
// "-project".
func slugFrom(title, companySlug string) string {
	var b strings.Builder
	dash := false
	letters := 0
	for _, r := range strings.ToLower(norm.NFKC.String(title)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if r >= 'a' {
				letters++
			}
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if letters < 3 {
		s = companySlug + "-project"
	}
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	return s
}

// uniqueSlug returns base, or base-2, base-3, … the first no project has.
func uniqueSlug(ctx context.Context, tx *store.Tx, base string) (string, error) {
	for i := 1; i < 1000; i++ {
		s := base
		if i > 1 {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		taken, err := tx.ProjectSlugExists(ctx, s)
		if err != nil {
			return "", err
		}
		if !taken {
			return s, nil
		}
	}
	return "", furusato.Errorf(furusato.ECONFLICT, "No free slug.")
}

func parseInt64(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func sameSupporters(a, b []furusato.Supporter) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Role != b[i].Role || a[i].OrganizationID != b[i].OrganizationID {
			return false
		}
	}
	return true
}

// sameSupporterLinks is sameSupporters that also compares the linked
// accounts.
func sameSupporterLinks(a, b []furusato.Supporter) bool {
	if !sameSupporters(a, b) {
		return false
	}
	for i := range a {
		if a[i].UserID != b[i].UserID {
			return false
		}
	}
	return true
}

// changedFields names the form fields that differ between a and b.
func changedFields(a, b *furusato.Project) []string {
	var out []string
	add := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	add("slug", a.Slug != b.Slug)
	add("title", a.Title != b.Title)
	add("catch_copy", a.CatchCopy != b.CatchCopy)
	add("background", a.Background != b.Background)
	add("what_you_do", a.WhatYouDo != b.WhatYouDo)
	add("goal", a.Goal != b.Goal)
	add("themes", !slices.Equal(a.Themes, b.Themes))
	add("skills", !slices.Equal(a.Skills, b.Skills))
	add("good_for", a.GoodFor != b.GoodFor)
	add("gains", a.Gains != b.Gains)
	add("work_style", a.WorkStyle != b.WorkStyle)
	add("visits_per_month", a.VisitsPerMonth != b.VisitsPerMonth)
	add("work_place", a.WorkPlace != b.WorkPlace)
	add("hours_per_week", a.HoursPerWeek != b.HoursPerWeek)
	add("duration_months", a.DurationMonths != b.DurationMonths)
	add("start_date", a.StartDate != b.StartDate)
	add("reward_type", a.RewardType != b.RewardType)
	add("reward_amount", a.RewardAmount != b.RewardAmount)
	add("travel_cost", a.TravelCost != b.TravelCost)
	add("places", a.Places != b.Places)
	add("deadline", a.Deadline != b.Deadline)
	add("prefecture", a.Prefecture != b.Prefecture)
	add("city", a.City != b.City)
	add("supporters", !sameSupporterLinks(a.Supporters, b.Supporters))
	return append(out, furusato.ChangedFacts(&a.ProjectFacts, &b.ProjectFacts)...)
}
