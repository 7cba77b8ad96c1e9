package web

import (
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// factsView is what people decide on, worded in the page's language for
// the card and the project page (project_page_html.go): effort, the entry
// period, places left, the reward in full, the usual days and hours, how
// interviews happen, the selection steps with the time to a reply, and
// the introductions. Empty strings are not shown.
type factsView struct {
	L          *ui.Locale
	Effort     string   // 週5時間程度・3か月
	Period     string   // 2026年11月1日(日)〜2026年12月24日(木); only the deadline before publication
	Places     string   // 2名（残り1名）
	PlacesLeft string   // 残り1名, on cards when few places are left
	RewardNote string   // the host's own words on the reward and travel costs
	WorkTimes  string   // 平日夜と土日が中心
	Interview  string   // オンライン
	InterNote  string   // the interview note
	Steps      []string // 書類選考, オンライン面談, 参画決定
	Reply      string   // エントリーから1週間以内にご連絡します
	HostIntro  string
	SupIntro   string
}

// HasSelection reports whether the selection section has anything to say.
func (v factsView) HasSelection() bool {
	return v.Interview != "" || v.InterNote != "" || len(v.Steps) > 0 || v.Reply != ""
}

// factsOf words the facts of p at instant now.
func factsOf(l *ui.Locale, p *furusato.Project, now time.Time) factsView {
	v := factsView{L: l, RewardNote: p.RewardNote, WorkTimes: p.WorkTimes, InterNote: p.InterviewNote, Steps: p.SelectionSteps,
		HostIntro: p.HostIntro, SupIntro: p.SupporterIntro}
	v.Effort = effortOf(l, p)
	if !p.PublishedAt.IsZero() {
		v.Period = l.T("facts.period", "From", l.Date(p.PublishedAt), "To", l.Date(p.Deadline))
	}
	if p.Places > 0 {
		places := l.T("project.places_value", "Count", p.Places)
		left := p.PlacesLeft()
		switch {
		case !p.Status.Public() || p.Status == furusato.StatusPublished && p.Matched == 0:
			v.Places = places
		case left == 0:
			v.Places = l.T("facts.places_filled", "Places", places)
		default:
			v.Places = l.T("facts.places_left", "Places", places, "Count", left)
		}
		v.PlacesLeft = placesLeftOf(l, p, now)
	}
	if p.InterviewStyle != "" {
		v.Interview = l.T("facts.interview_style." + string(p.InterviewStyle))
	}
	if d := p.ResponseDays; d > 0 {
		if d%7 == 0 {
			v.Reply = l.T("facts.reply_weeks", "Count", d/7)
		} else {
			v.Reply = l.T("facts.reply_days", "Count", d)
		}
	}
	return v
}

// cardFactsOf words only what a card shows of p's facts: the effort and
// the places left (a list words twenty cards; the rest was thrown away).
func cardFactsOf(l *ui.Locale, p *furusato.Project, now time.Time) factsView {
	return factsView{L: l, Effort: effortOf(l, p), PlacesLeft: placesLeftOf(l, p, now)}
}

// effortOf words the hours a week and the months: 週5時間程度・3か月.
func effortOf(l *ui.Locale, p *furusato.Project) string {
	if p.HoursPerWeek <= 0 || p.DurationMonths <= 0 {
		return ""
	}
	return l.T("facts.effort", "Hours", l.T("project.hours_value", "Count", p.HoursPerWeek),
		"Months", l.T("project.duration_value", "Count", p.DurationMonths))
}

// placesLeftOf words the places left of an open project when few are:
// 残り1名; "" otherwise.
func placesLeftOf(l *ui.Locale, p *furusato.Project, now time.Time) string {
	if left := p.PlacesLeft(); p.Places > 0 && p.OpenAt(now) && left > 0 && left < p.Places {
		return l.T("facts.left_value", "Count", left)
	}
	return ""
}

// rewardBasisWording is the key suffix of a reward with an amount: the
// amount is monthly or for the whole project.
func rewardBasisWording(p *furusato.Project) string {
	if p.RewardBasis == furusato.RewardTotal {
		return "_total"
	}
	return ""
}
