package furusato

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// RewardBasis tells what a reward amount is counted over.
type RewardBasis string

// The reward bases; empty means no amount is stated.
const (
	RewardMonthly RewardBasis = "month" // the amount is paid each month
	RewardTotal   RewardBasis = "total" // the amount is for the whole project
)

// RewardBases lists every basis, in the order forms offer them.
var RewardBases = []RewardBasis{RewardMonthly, RewardTotal}

// InterviewStyle tells how a project's interviews are held.
type InterviewStyle string

// The interview styles; empty means not stated.
const (
	InterviewsOnline InterviewStyle = "online"
	InterviewsOnsite InterviewStyle = "onsite"
	InterviewsEither InterviewStyle = "either" // online or on site, as the participant prefers
)

// InterviewStyles lists every style, in the order forms offer them.
var InterviewStyles = []InterviewStyle{InterviewsOnline, InterviewsOnsite, InterviewsEither}

// ProjectFacts are what people decide on besides the project's content
// (experience review §5.4): the reward in full, how interviews happen,
// the usual days and hours, the selection steps with the time to a
// reply, and a word from the host and from the supporters. Every one is
// optional, so that projects written before them stay valid.
type ProjectFacts struct {
	RewardBasis    RewardBasis    // what RewardAmount is counted over; empty reads as monthly (every amount was, before there was a basis)
	RewardNote     string         // reward and travel-cost details: the form of payment, limits
	InterviewStyle InterviewStyle // empty: not stated
	InterviewNote  string         // one line, e.g. "about 30 minutes on a weekday evening"
	WorkTimes      string         // usual days and hours, one line
	SelectionSteps []string       // e.g. 書類選考, オンライン面談, 決定
	ResponseDays   int            // days from an entry to the first reply; 0 = not stated
	HostIntro      string         // the host's introduction of itself and its message
	SupporterIntro string         // the supporters' introduction
}

// Limits of the facts, in runes (the texts) or as counts.
const (
	MaxRewardNote    = 400
	MaxInterviewNote = 200
	MaxWorkTimes     = 100
	MaxSteps         = 8
	MaxStep          = 40
	MaxResponseDays  = 60
	MaxIntro         = 1000
)

// HasSelection reports whether anything about the selection is stated
// (the project page's selection section shows only then).
func (f *ProjectFacts) HasSelection() bool {
	return f.InterviewStyle != "" || f.InterviewNote != "" || len(f.SelectionSteps) > 0 || f.ResponseDays > 0
}

// Valid reports whether b is a known basis.
func (b RewardBasis) Valid() bool { return slices.Contains(RewardBases, b) }

// Valid reports whether s is a known interview style.
func (s InterviewStyle) Valid() bool { return slices.Contains(InterviewStyles, s) }

// PlacesLeft returns the places not yet filled (never below 0).
func (p *Project) PlacesLeft() int { return max(p.Places-p.Matched, 0) }

// validateFacts adds the field errors of p's facts to f, with the values
// their messages name: text that cannot be kept (BadText, or a
// bidirectional control, which free text never needs and which could make
// a line pose as another) is error.bad_text, too long error.too_long with
// its Max (a selection step's with Per "item": the limit is each step's),
// too many steps error.too_many with its Max, unknown choices
// error.invalid, reply days out of range error.range with Min 0 and Max (0
// is accepted: it means "not stated"; the page words it as empty).
func (p *Project) validateFacts(f *FieldErrors) {
	text := func(name, v string, max int, oneLine bool, kv ...any) {
		switch {
		case BadText(v) || strings.ContainsFunc(v, bidiControl) || (oneLine && strings.ContainsAny(v, "\r\n")):
			f.Add(name, ErrBadText)
		case utf8.RuneCountInString(v) > max:
			f.Add(name, errTooLong, append([]any{"Max", max}, kv...)...)
		}
	}
	text("reward_note", p.RewardNote, MaxRewardNote, false)
	text("interview_note", p.InterviewNote, MaxInterviewNote, true)
	text("work_times", p.WorkTimes, MaxWorkTimes, true)
	text("host_intro", p.HostIntro, MaxIntro, false)
	text("supporter_intro", p.SupporterIntro, MaxIntro, false)
	if len(p.SelectionSteps) > MaxSteps {
		f.Add("selection_steps", "error.too_many", "Max", MaxSteps)
	}
	for _, s := range p.SelectionSteps {
		if _, bad := f.Fields["selection_steps"]; bad {
			break
		}
		switch {
		case strings.TrimSpace(s) == "":
			f.Add("selection_steps", "error.invalid")
		default:
			text("selection_steps", s, MaxStep, true, "Per", "item")
		}
	}
	if p.RewardBasis != "" && !p.RewardBasis.Valid() {
		f.Add("reward_basis", "error.invalid")
	}
	if p.InterviewStyle != "" && !p.InterviewStyle.Valid() {
		f.Add("interview_style", "error.invalid")
	}
	if p.ResponseDays < 0 || p.ResponseDays > MaxResponseDays {
		f.Add("response_days", errRange, "Min", 0, "Max", MaxResponseDays)
	}
}

// FactsUpdate is the change to a project's facts, as ProjectUpdate is to
// the rest: a nil field is left as it is.
type FactsUpdate struct {
	RewardBasis    *RewardBasis
	RewardNote     *string
	InterviewStyle *InterviewStyle
	InterviewNote  *string
	WorkTimes      *string
	SelectionSteps *[]string // one step an item; the service also splits at line ends and "→"
	ResponseDays   *int
	HostIntro      *string
	SupporterIntro *string
}

// factsUpdateOf returns the update that sets every fact to its value in f.
func factsUpdateOf(f *ProjectFacts) FactsUpdate {
	return FactsUpdate{RewardBasis: new(f.RewardBasis), RewardNote: new(f.RewardNote), InterviewStyle: new(f.InterviewStyle),
		InterviewNote: new(f.InterviewNote), WorkTimes: new(f.WorkTimes), SelectionSteps: new(slices.Clone(f.SelectionSteps)),
		ResponseDays: new(f.ResponseDays), HostIntro: new(f.HostIntro), SupporterIntro: new(f.SupporterIntro)}
}

// applyTo writes the facts u sets onto f.
func (u FactsUpdate) applyTo(f *ProjectFacts) {
	set(&f.RewardBasis, u.RewardBasis)
	set(&f.RewardNote, u.RewardNote)
	set(&f.InterviewStyle, u.InterviewStyle)
	set(&f.InterviewNote, u.InterviewNote)
	set(&f.WorkTimes, u.WorkTimes)
	set(&f.SelectionSteps, u.SelectionSteps)
	set(&f.ResponseDays, u.ResponseDays)
	set(&f.HostIntro, u.HostIntro)
	set(&f.SupporterIntro, u.SupporterIntro)
}

// ChangedFacts names the facts (as form fields) that differ between a and b.
func ChangedFacts(a, b *ProjectFacts) []string {
	var out []string
	add := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	add("reward_basis", a.RewardBasis != b.RewardBasis)
	add("reward_note", a.RewardNote != b.RewardNote)
	add("interview_style", a.InterviewStyle != b.InterviewStyle)
	add("interview_note", a.InterviewNote != b.InterviewNote)
	add("work_times", a.WorkTimes != b.WorkTimes)
	add("selection_steps", !slices.Equal(a.SelectionSteps, b.SelectionSteps))
	add("response_days", a.ResponseDays != b.ResponseDays)
	add("host_intro", a.HostIntro != b.HostIntro)
	add("supporter_intro", a.SupporterIntro != b.SupporterIntro)
	return out
}
