package service

import (
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// normalizeFacts normalises the facts u sets: NFKC and trimmed. One-line
// facts keep any bidirectional control, so that Validate refuses it with
// a field error rather than storing a text that reads otherwise than it
// is. The selection steps are one an item, also split at line ends and
// arrows (「書類選考 → 面談 → 決定」 is three steps).
func normalizeFacts(u *furusato.FactsUpdate) {
	for _, v := range []**string{&u.RewardNote, &u.InterviewNote, &u.WorkTimes, &u.HostIntro, &u.SupporterIntro} {
		if *v != nil {
			*v = new(normText(**v))
		}
	}
	if u.RewardBasis != nil {
		u.RewardBasis = new(furusato.RewardBasis(normText(string(*u.RewardBasis))))
	}
	if u.InterviewStyle != nil {
		u.InterviewStyle = new(furusato.InterviewStyle(normText(string(*u.InterviewStyle))))
	}
	if u.SelectionSteps != nil {
		var steps []string
		split := strings.NewReplacer("→", "\n", "->", "\n", "⇒", "\n")
		for _, item := range *u.SelectionSteps {
			for _, s := range strings.Split(split.Replace(normText(item)), "\n") {
				if s = strings.TrimSpace(s); s != "" {
					steps = append(steps, s)
				}
			}
		}
		u.SelectionSteps = &steps
	}
}

// settleRewardBasis keeps the reward basis true to the amount: no amount,
// no basis; an amount set by a client that does not send a basis (written
// before there was one) is monthly, as every amount was until then. An
// amount whose basis was sent empty (a form left unanswered) is the field
// error error.required in f, naming the amount as the field that asks for it.
func settleRewardBasis(p *furusato.Project, u furusato.ProjectUpdate, f *furusato.FieldErrors) {
	switch {
	case p.RewardAmount == 0:
		p.RewardBasis = ""
	case p.RewardBasis != "":
	case u.RewardBasis == nil:
		p.RewardBasis = furusato.RewardMonthly
	default:
		f.Add("reward_basis", "error.required", "Other", "reward_amount")
	}
}
