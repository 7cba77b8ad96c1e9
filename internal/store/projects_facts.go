package store

import (
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// The facts of a project (furusato.ProjectFacts) are read and written with
// the rest of its row; these name their columns once for every statement.

// factColumns are the facts' columns, in the order of factArgs and
// factDest.
const factColumns = `reward_basis, reward_note, interview_style, interview_note, work_times, selection_steps,
	response_days, host_intro, supporter_intro`

// factArgs returns the values of p's facts for factColumns.
func factArgs(p *furusato.Project) []any {
	f := &p.ProjectFacts
	return []any{string(f.RewardBasis), f.RewardNote, string(f.InterviewStyle), f.InterviewNote, f.WorkTimes,
		strings.Join(f.SelectionSteps, "\n"), f.ResponseDays, f.HostIntro, f.SupporterIntro}
}

// factScan is where a scan puts the facts' columns; done moves what needs
// converting onto the project.
type factScan struct {
	basis, style, steps string
}

func (s *factScan) dest(p *furusato.Project) []any {
	f := &p.ProjectFacts
	return []any{&s.basis, &f.RewardNote, &s.style, &f.InterviewNote, &f.WorkTimes, &s.steps, &f.ResponseDays,
		&f.HostIntro, &f.SupporterIntro}
}

func (s *factScan) done(p *furusato.Project) {
	p.RewardBasis, p.InterviewStyle = furusato.RewardBasis(s.basis), furusato.InterviewStyle(s.style)
	if s.steps != "" {
		p.SelectionSteps = strings.Split(s.steps, "\n")
	}
}

// factSets is the SET list of factColumns from the parameters $from on.
func factSets(from int) string {
	cols := strings.Split(factColumns, ",")
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = strings.TrimSpace(c) + " = $" + strconv.Itoa(from+i)
	}
	return strings.Join(sets, ", ")
}

// factParams is the VALUES list of factColumns from the parameters $from on.
func factParams(from int) string {
	ps := make([]string, strings.Count(factColumns, ",")+1)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(ps, ", ")
}
