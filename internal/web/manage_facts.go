package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// factValues are the project facts (furusato.ProjectFacts) as typed.
type factValues struct {
	RewardBasis, RewardNote       string
	InterviewStyle, InterviewNote string
	WorkTimes                     string
	SelectionSteps                string // one step a line
	ResponseDays                  string
	HostIntro, SupporterIntro     string
}

// factValuesOf returns the facts of p for the edit form.
func factValuesOf(p *furusato.Project) factValues {
	return factValues{RewardBasis: string(p.RewardBasis), RewardNote: p.RewardNote, InterviewStyle: string(p.InterviewStyle),
		InterviewNote: p.InterviewNote, WorkTimes: p.WorkTimes, SelectionSteps: strings.Join(p.SelectionSteps, "\n"),
		ResponseDays: blankZero(p.ResponseDays), HostIntro: p.HostIntro, SupporterIntro: p.SupporterIntro}
}

// readFactValues reads the facts of the posted project form.
func readFactValues(r *http.Request) factValues {
	v := r.PostFormValue
	return factValues{RewardBasis: v("reward_basis"), RewardNote: v("reward_note"), InterviewStyle: v("interview_style"),
		InterviewNote: v("interview_note"), WorkTimes: v("work_times"), SelectionSteps: v("selection_steps"),
		ResponseDays: v("response_days"), HostIntro: v("host_intro"), SupporterIntro: v("supporter_intro")}
}

// update sets the facts on u (the form shows them all); a number it cannot
// read goes into f, with the bounds a number must keep.
func (in factValues) update(u *furusato.ProjectUpdate, f *furusato.FieldErrors) {
	days, ok := service.ReadNumber(in.ResponseDays, "日以内", "日", "days", "day")
	if !ok {
		f.Add("response_days", "manage.error.number", "Min", 0, "Max", furusato.MaxResponseDays)
	}
	u.FactsUpdate = furusato.FactsUpdate{RewardBasis: new(furusato.RewardBasis(in.RewardBasis)), RewardNote: new(in.RewardNote),
		InterviewStyle: new(furusato.InterviewStyle(in.InterviewStyle)), InterviewNote: new(in.InterviewNote),
		WorkTimes: new(in.WorkTimes), SelectionSteps: new(strings.Split(in.SelectionSteps, "\n")), ResponseDays: &days,
		HostIntro: new(in.HostIntro), SupporterIntro: new(in.SupporterIntro)}
}

// factLimits are the limits the facts' hints name.
var factLimits = map[string]int{"reward_note": furusato.MaxRewardNote, "interview_note": furusato.MaxInterviewNote,
	"work_times": furusato.MaxWorkTimes, "selection_steps": furusato.MaxStep, "response_days": furusato.MaxResponseDays,
	"host_intro": furusato.MaxIntro, "supporter_intro": furusato.MaxIntro}

// addFactFields puts the facts' fields into the project form p: the
// reward's basis and note with the terms, the usual days and hours with
// the work, and a group of their own for the selection and the
// introductions.
func addFactFields(l *ui.Locale, p *projectFormPage, in factValues) {
	mk := func(name, kind, v string) *mfield {
		f := &mfield{field: field{L: l, ID: name, Name: name, Type: "text", Label: l.T("manage.field." + name), Value: v,
			Optional: true, Hint: l.T("facts.hint."+name, "Max", factLimits[name], "Steps", furusato.MaxSteps)}, Kind: kind}
		if kind == "number" {
			f.Inputmode = "numeric"
		}
		return f
	}
	choice := func(name, v string, values []string) *mfield {
		f := mk(name, "radios", "")
		f.Options = append(f.Options, mopt{Value: "", Text: l.T("facts.choice.unset"), Selected: v == ""})
		for _, s := range values {
			f.Options = append(f.Options, mopt{Value: s, Text: l.T("facts." + name + "." + s), Selected: s == v})
		}
		return f
	}
	insertAfter := func(after string, fs ...*mfield) {
		for i := range p.Sets {
			set := &p.Sets[i]
			for j, f := range set.Fields {
				if f.Name == after {
					set.Fields = slices.Insert(set.Fields, j+1, fs...)
					return
				}
			}
		}
	}
	insertAfter("duration_months", mk("work_times", "text", in.WorkTimes))
	insertAfter("reward_amount", choice("reward_basis", in.RewardBasis, strs(furusato.RewardBases)))
	insertAfter("travel_cost", mk("reward_note", "textarea", in.RewardNote))
	p.Sets = append(p.Sets, fieldset{Legend: l.T("facts.set.selection"), Fields: []*mfield{
		choice("interview_style", in.InterviewStyle, strs(furusato.InterviewStyles)),
		mk("interview_note", "text", in.InterviewNote),
		mk("selection_steps", "textarea", in.SelectionSteps),
		mk("response_days", "number", in.ResponseDays),
		mk("host_intro", "textarea", in.HostIntro),
		mk("supporter_intro", "textarea", in.SupporterIntro),
	}})
}
