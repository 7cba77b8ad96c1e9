package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// ProjectInput is a project form as typed: every field a string (or
// strings), normalised by the service (NFKC, trimmed; full-width digits
// accepted for numbers; dates from year, month and day parts).
type ProjectInput struct {
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
	// SetSupporters says Supporters is the whole new list; otherwise the
	// supporters stay as they are.
	SetSupporters bool
	Supporters    []SupporterInput
}

// SupporterInput is one supporter row of the form: a name, the partner
// group (its id), the role text and, optionally, the e-mail address of the
// supporter's account, which links the row to it (see linkSupporters). A
// row with every part blank is ignored.
type SupporterInput struct {
	Name, Organization, Role, Email string
}

// ProjectInputOf returns the input that shows p as it is, for an edit form.
func ProjectInputOf(p *furusato.Project) ProjectInput {
	in := ProjectInput{Slug: p.Slug, Title: p.Title, CatchCopy: p.CatchCopy, Background: p.Background,
		WhatYouDo: p.WhatYouDo, Goal: p.Goal, Themes: slices.Clone(p.Themes), Skills: strings.Join(p.Skills, "\n"),
		GoodFor: p.GoodFor, Gains: p.Gains, WorkStyle: string(p.WorkStyle), VisitsPerMonth: itoa(p.VisitsPerMonth),
		WorkPlace: p.WorkPlace, HoursPerWeek: itoa(p.HoursPerWeek), DurationMonths: itoa(p.DurationMonths),
		RewardType: string(p.RewardType), RewardAmount: itoa(p.RewardAmount), TravelCost: string(p.TravelCost),
		Places: itoa(p.Places), Prefecture: itoa(p.Prefecture), City: p.City, SetSupporters: true}
	in.StartYear, in.StartMonth, in.StartDay = dateParts(p.StartDate)
	in.DeadlineYear, in.DeadlineMonth, in.DeadlineDay = dateParts(p.Deadline)
	for _, s := range p.Supporters {
		in.Supporters = append(in.Supporters, SupporterInput{Name: s.Name, Organization: itoa64(s.OrganizationID), Role: s.Role, Email: s.Email})
	}
	return in
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func itoa64(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func dateParts(d furusato.Date) (y, m, day string) {
	if d.IsZero() {
		return "", "", ""
	}
	return strconv.Itoa(d.Year), strconv.Itoa(int(d.Month)), strconv.Itoa(d.Day)
}

// normText is NFKC, trimmed, with CRLF line ends made LF.
func normText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(norm.NFKC.String(s))
}

// normLine is normText for a one-line value (a title, a name, a place):
// the bidirectional controls are removed too (furusato.Line), so that
// "safe\u202Egnp.exe" cannot pose as another name.
func normLine(s string) string { return furusato.Line(normText(s)) }

// normNumber reads a whole number typed with full- or half-width digits,
// stray spaces and thousands separators; empty is 0 and ok.
func normNumber(s string) (n int, ok bool) {
	s = normText(s)
	s = strings.NewReplacer(",", "", " ", "", "円", "").Replace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// supporters returns the supporters the input names (blank rows dropped);
// rows with an unreadable partner group keep OrganizationID 0. Email is
// the typed address, trimmed (normalised when linked).
func (in ProjectInput) supporters() []furusato.Supporter {
	out, _ := in.supporterRows()
	return out
}

// supporterRows is supporters with, for each supporter, the index of its
// row in in.Supporters (the N of the form's sup-…-N fields).
func (in ProjectInput) supporterRows() ([]furusato.Supporter, []int) {
	var out []furusato.Supporter
	var rows []int
	for i, r := range in.Supporters {
		s := furusato.Supporter{Name: normLine(r.Name), Role: normLine(r.Role), Email: normText(r.Email)}
		id, _ := parseInt64(normText(r.Organization))
		s.OrganizationID = id
		if s.Name == "" && s.Role == "" && s.OrganizationID == 0 && s.Email == "" {
			continue
		}
		out = append(out, s)
		rows = append(rows, i)
	}
	return out, rows
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

// apply writes the normalised input onto p and checks it (p.Validate plus
// the reading of numbers and dates), returning EINVALID with every field's
// catalogue key at once. Supporters are written only when setSupporters
// allows it and the input carries them; link (when not nil) then links
// them to accounts and returns its field errors.
func (in ProjectInput) apply(p *furusato.Project, setSupporters bool, link func(*furusato.Project, []int) map[string]string) error {
	f := map[string]string{}
	p.Slug = strings.ToLower(normText(in.Slug))
	p.Title, p.CatchCopy = normLine(in.Title), normLine(in.CatchCopy)
	p.Background, p.WhatYouDo, p.Goal = normText(in.Background), normText(in.WhatYouDo), normText(in.Goal)
	p.GoodFor, p.Gains, p.WorkPlace, p.City = normText(in.GoodFor), normText(in.Gains), normLine(in.WorkPlace), normLine(in.City)
	p.Themes = nil
	for _, t := range in.Themes {
		if t = normText(t); t != "" && !slices.Contains(p.Themes, t) {
			p.Themes = append(p.Themes, t)
		}
	}
	// Keep the taxonomy's order, as the store reads them back.
	slices.SortStableFunc(p.Themes, func(a, b string) int { return themeIndex(a) - themeIndex(b) })
	p.Skills = nil
	for _, line := range strings.Split(normText(in.Skills), "\n") {
		for _, s := range strings.Split(line, "、") {
			if s = furusato.Line(s); s != "" {
				p.Skills = append(p.Skills, s)
			}
		}
	}
	p.WorkStyle, p.RewardType, p.TravelCost = furusato.WorkStyle(normText(in.WorkStyle)), furusato.RewardType(normText(in.RewardType)), furusato.TravelCost(normText(in.TravelCost))
	num := func(name, v string, dst *int) {
		n, ok := normNumber(v)
		if !ok {
			f[name] = "manage.error.number"
		}
		*dst = n
	}
	num("visits_per_month", in.VisitsPerMonth, &p.VisitsPerMonth)
	num("hours_per_week", in.HoursPerWeek, &p.HoursPerWeek)
	num("duration_months", in.DurationMonths, &p.DurationMonths)
	num("reward_amount", in.RewardAmount, &p.RewardAmount)
	num("places", in.Places, &p.Places)
	num("prefecture", in.Prefecture, &p.Prefecture)
	var ok bool
	if p.StartDate, ok = dateOf(in.StartYear, in.StartMonth, in.StartDay); !ok {
		f["start_date"] = "manage.error.date"
	}
	if p.Deadline, ok = dateOf(in.DeadlineYear, in.DeadlineMonth, in.DeadlineDay); !ok {
		f["deadline"] = "manage.error.date"
	}
	if setSupporters && in.SetSupporters {
		var rows []int
		p.Supporters, rows = in.supporterRows()
		if link != nil {
			for k, v := range link(p, rows) {
				f[k] = v
			}
		}
		for _, s := range p.Supporters {
			switch {
			case (s.Name == "" && s.UserID == 0 && s.Email == "") || s.OrganizationID == 0 || s.Role == "":
				f["supporters"] = "manage.error.supporter"
			case len([]rune(s.Name)) > 50 || len([]rune(s.Role)) > 100:
				f["supporters"] = "manage.error.too_long"
			}
		}
	}
	if len([]rune(p.WorkPlace)) > 200 {
		f["work_place"] = "error.too_long"
	}
	err := p.Validate()
	for k, v := range furusato.ErrorFields(err) {
		if _, seen := f[k]; !seen {
			f[k] = v
		}
	}
	if in.Slug == "" {
		delete(f, "slug") // made from the title when created, kept when edited
	}
	if len(f) > 0 {
		return invalid(f)
	}
	return nil
}

func themeIndex(slug string) int {
	for i, t := range furusato.Themes {
		if t.Slug == slug {
			return i
		}
	}
	return len(furusato.Themes)
}

// dateOf reads a date from its year, month and day parts; all empty is the
// zero date (ok), a date that does not exist is not ok.
func dateOf(y, m, d string) (furusato.Date, bool) {
	y, m, d = normText(y), normText(m), normText(d)
	if y == "" && m == "" && d == "" {
		return furusato.Date{}, true
	}
	yi, ok1 := normNumber(y)
	mi, ok2 := normNumber(m)
	di, ok3 := normNumber(d)
	if !ok1 || !ok2 || !ok3 || yi < 2000 || yi > 2100 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return furusato.Date{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, furusato.JST)
	if t.Day() != di {
		return furusato.Date{}, false
	}
	return furusato.DateOf(t), true
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
	return out
}
