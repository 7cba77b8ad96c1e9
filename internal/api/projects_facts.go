package api

import "github.com/furusato/furusato/internal/furusato"

// The facts of a project (furusato.ProjectFacts) in the API: read in the
// project's detail and in the managed project, written with the other
// fields (POST and PATCH), under the same names as the site's form.

// factsJS is the facts as read. Reward basis is in reward.basis.
type factsJS struct {
	RewardNote     string   `json:"reward_note"`
	InterviewStyle *string  `json:"interview_style"` // null when not stated
	InterviewNote  string   `json:"interview_note"`
	WorkTimes      string   `json:"work_times"`
	SelectionSteps []string `json:"selection_steps"`
	ResponseDays   *int     `json:"response_days"` // null when not stated
	HostIntro      string   `json:"host_intro"`
	SupporterIntro string   `json:"supporter_intro"`
}

func factsOf(p *furusato.Project) factsJS {
	f := factsJS{RewardNote: p.RewardNote, InterviewNote: p.InterviewNote, WorkTimes: p.WorkTimes,
		SelectionSteps: nonNil(p.SelectionSteps), HostIntro: p.HostIntro, SupporterIntro: p.SupporterIntro}
	if p.InterviewStyle != "" {
		f.InterviewStyle = new(string(p.InterviewStyle))
	}
	if p.ResponseDays > 0 {
		f.ResponseDays = new(p.ResponseDays)
	}
	return f
}

// rewardBasis is what a reward's amount is counted over, as the API says
// it: month or total, "" when there is no amount (an amount stored
// before there was a basis is monthly).
func rewardBasis(p *furusato.Project) string {
	switch {
	case p.RewardAmount == 0:
		return ""
	case p.RewardBasis == "":
		return string(furusato.RewardMonthly)
	}
	return string(p.RewardBasis)
}

// factFieldsJS is the facts as sent: a field left out stays as it is.
// response_days 0 and interview_style "" clear them.
type factFieldsJS struct {
	RewardBasis    *string   `json:"reward_basis,omitempty"`
	RewardNote     *string   `json:"reward_note,omitempty"`
	InterviewStyle *string   `json:"interview_style,omitempty"`
	InterviewNote  *string   `json:"interview_note,omitempty"`
	WorkTimes      *string   `json:"work_times,omitempty"`
	SelectionSteps *[]string `json:"selection_steps,omitempty"`
	ResponseDays   *int      `json:"response_days,omitempty"`
	HostIntro      *string   `json:"host_intro,omitempty"`
	SupporterIntro *string   `json:"supporter_intro,omitempty"`
}

func (f factFieldsJS) update() furusato.FactsUpdate {
	return furusato.FactsUpdate{RewardBasis: (*furusato.RewardBasis)(f.RewardBasis), RewardNote: f.RewardNote,
		InterviewStyle: (*furusato.InterviewStyle)(f.InterviewStyle), InterviewNote: f.InterviewNote, WorkTimes: f.WorkTimes,
		SelectionSteps: f.SelectionSteps, ResponseDays: f.ResponseDays, HostIntro: f.HostIntro, SupporterIntro: f.SupporterIntro}
}
