package furusato

import (
	"fmt"
	"strings"
	"testing"
)

// TestProjectFacts_Validate: the facts are optional; hostile text, too
// much text, too many steps and unknown choices are field errors, with
// the values their messages name.
func TestProjectFacts_Validate(t *testing.T) {
	ok := ProjectFacts{RewardBasis: RewardTotal, InterviewStyle: InterviewsEither, ResponseDays: 7, SelectionSteps: []string{"書類選考", "面談"}}
	cases := []struct {
		name  string
		facts ProjectFacts
		field string
		key   string
		want  Params
	}{
		{"none stated", ProjectFacts{}, "", "", nil},
		{"all fine", ok, "", "", nil},
		{"NUL", ProjectFacts{RewardNote: "a\x00b"}, "reward_note", ErrBadText, nil},
		{"invalid UTF-8", ProjectFacts{HostIntro: "\xff"}, "host_intro", ErrBadText, nil},
		{"bidi override", ProjectFacts{SupporterIntro: "safe\u202egnp.exe"}, "supporter_intro", ErrBadText, nil},
		{"line break in a line", ProjectFacts{WorkTimes: "平日\n土日"}, "work_times", ErrBadText, nil},
		{"too long", ProjectFacts{InterviewNote: strings.Repeat("あ", MaxInterviewNote+1)}, "interview_note", "error.too_long", Params{"Max": MaxInterviewNote}},
		{"long step", ProjectFacts{SelectionSteps: []string{strings.Repeat("段", MaxStep+1)}}, "selection_steps", "error.too_long", Params{"Max": MaxStep, "Per": "item"}},
		{"too many steps", ProjectFacts{SelectionSteps: make([]string, MaxSteps+1)}, "selection_steps", "error.too_many", Params{"Max": MaxSteps}},
		{"blank step", ProjectFacts{SelectionSteps: []string{" "}}, "selection_steps", "error.invalid", nil},
		{"negative days", ProjectFacts{ResponseDays: -1}, "response_days", "error.range", Params{"Min": 0, "Max": MaxResponseDays}},
		{"days", ProjectFacts{ResponseDays: MaxResponseDays + 1}, "response_days", "error.range", Params{"Min": 0, "Max": MaxResponseDays}},
		{"basis", ProjectFacts{RewardBasis: "year"}, "reward_basis", "error.invalid", nil},
		{"style", ProjectFacts{InterviewStyle: "phone"}, "interview_style", "error.invalid", nil},
	}
	for _, c := range cases {
		var f FieldErrors
		p := &Project{ProjectFacts: c.facts}
		p.validateFacts(&f)
		if c.field == "" && len(f.Fields) > 0 || c.field != "" && (len(f.Fields) != 1 || f.Fields[c.field] != c.key) {
			t.Errorf("%s: %v, want %s=%s", c.name, f.Fields, c.field, c.key)
		}
		if got := f.Params[c.field]; fmt.Sprint(got) != fmt.Sprint(c.want) && (len(got) > 0 || len(c.want) > 0) {
			t.Errorf("%s: params %v, want %v", c.name, got, c.want)
		}
	}
}
