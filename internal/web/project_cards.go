package web

import (
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// projectCard is one project in a list, with everything already worded in
// the page's language.
type projectCard struct {
	L           *ui.Locale
	H3          bool // the title is an h3 (under a section's h2) rather than an h2
	URL         string
	Title       string
	CatchCopy   string
	Region      string
	WorkStyle   string
	Reward      string
	Deadline    string
	DaysLeft    string // 「あと3日」, 「本日締切」; "" when not open
	ClosingSoon bool
	Closed      bool
	Themes      []string
	Cover       *coverImage // nil for none; filled by withCovers
	Facts       factsView   // effort, places left
}

func projectURL(p *furusato.Project) string { return "/projects/" + p.Slug }

func cards(l *ui.Locale, ps []*furusato.Project, now time.Time, h3 bool) []projectCard {
	cs := make([]projectCard, len(ps))
	for i, p := range ps {
		cs[i] = card(l, p, now)
		cs[i].H3 = h3
	}
	return cs
}

func card(l *ui.Locale, p *furusato.Project, now time.Time) projectCard {
	open := p.OpenAt(now)
	return projectCard{
		L: l, URL: projectURL(p), Title: p.Title, CatchCopy: p.CatchCopy,
		Region: region(l, p.Prefecture, p.City), WorkStyle: workStyle(l, p.WorkStyle), Reward: reward(l, p),
		Deadline: l.Date(p.Deadline), DaysLeft: daysLeft(l, p, now),
		ClosingSoon: p.ClosingSoon(now), Closed: !open, Themes: themeNames(l, p.Themes), Facts: cardFactsOf(l, p, now),
	}
}

func prefName(l *ui.Locale, code int) string {
	p, ok := furusato.PrefectureByCode(code)
	if !ok {
		return ""
	}
	return l.Pick(p.NameJa, p.NameEn)
}

// region words where a project or company is: 岐阜県郡上市, or 郡上市, Gifu.
func region(l *ui.Locale, pref int, city string) string {
	name := prefName(l, pref)
	switch {
	case city == "":
		return name
	case l.English():
		return city + ", " + name
	}
	return name + city
}

func themeNames(l *ui.Locale, slugs []string) []string {
	var ns []string
	for _, s := range slugs {
		if t, ok := furusato.ThemeBySlug(s); ok {
			ns = append(ns, l.Pick(t.NameJa, t.NameEn))
		}
	}
	return ns
}

func workStyle(l *ui.Locale, w furusato.WorkStyle) string {
	switch w {
	case furusato.WorkRemote:
		return l.T("workstyle.remote")
	case furusato.WorkHybrid:
		return l.T("workstyle.hybrid")
	case furusato.WorkOnsite:
		return l.T("workstyle.onsite")
	}
	return ""
}

func reward(l *ui.Locale, p *furusato.Project) string {
	switch p.RewardType {
	case furusato.RewardHonorarium:
		if p.RewardAmount > 0 {
			return l.T("reward.honorarium_amount"+rewardBasisWording(p), "Amount", l.Yen(p.RewardAmount))
		}
		return l.T("reward.honorarium")
	case furusato.RewardPaid:
		if p.RewardAmount > 0 {
			return l.T("reward.paid_amount"+rewardBasisWording(p), "Amount", l.Yen(p.RewardAmount))
		}
		return l.T("reward.paid")
	}
	return l.T("reward.none")
}

func travel(l *ui.Locale, t furusato.TravelCost) string {
	switch t {
	case furusato.TravelFull:
		return l.T("travel.full")
	case furusato.TravelPart:
		return l.T("travel.part")
	}
	return l.T("travel.none")
}

// daysLeft words the days until the deadline of an open project.
func daysLeft(l *ui.Locale, p *furusato.Project, now time.Time) string {
	if !p.OpenAt(now) {
		return ""
	}
	if n := p.DaysLeft(now); n > 0 {
		return l.T("days.left", "Count", n)
	}
	return l.T("days.today")
}

// prefList words a list of prefectures: 青森県、岩手県 or Aomori, Iwate.
func prefList(l *ui.Locale, codes []int) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		if n := prefName(l, c); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, l.Pick("、", ", "))
}

func orgKind(l *ui.Locale, k furusato.OrgKind) string {
	switch k {
	case furusato.OrgCoordinator:
		return l.T("org.kind_coordinator")
	case furusato.OrgPartner:
		return l.T("org.kind_partner")
	}
	return l.T("org.kind_secretariat")
}
