package furusato

import (
	"strings"
	"testing"
)

// TestProjectFacts_Validate: the facts are optional; hostile text, too
// much text, too many steps and unknown choices are field errors.
func TestProjectFacts_Validate(t *testing.T) {
	ok := ProjectFacts{RewardBasis: RewardTotal, InterviewStyle: InterviewsEither, ResponseDays: 7, SelectionSteps: []string{"書類選考", "面談"}}
	cases := []struct {
		name  string
		facts ProjectFacts
		field string
		key   string
	}{
		{"none stated", ProjectFacts{}, "", ""},
		{"all fine", ok, "", ""},
		{"NUL", ProjectFacts{RewardNote: "a\x00b"}, "reward_note", ErrBadText},
		{"invalid UTF-8", ProjectFacts{HostIntro: "\xff"}, "host_intro", ErrBadText},
		{"bidi override", ProjectFacts{SupporterIntro: "safe\u202egnp.exe"}, "supporter_intro", ErrBadText},
		{"line break in a line", ProjectFacts{WorkTimes: "平日\n土日"}, "work_times", ErrBadText},
		{"too long", ProjectFacts{InterviewNote: strings.Repeat("あ", MaxInterviewNote+1)}, "interview_note", "error.too_long"},
		{"long step", ProjectFacts{SelectionSteps: []string{strings.Repeat("段", MaxStep+1)}}, "selection_steps", "error.too_long"},
		{"too many steps", ProjectFacts{SelectionSteps: make([]string, MaxSteps+1)}, "selection_steps", "error.too_many"},
		{"blank step", ProjectFacts{SelectionSteps: []string{" "}}, "selection_steps", "error.invalid"},
		{"days", ProjectFacts{ResponseDays: MaxResponseDays + 1}, "response_days", "error.range"},
		{"basis", ProjectFacts{RewardBasis: "year"}, "reward_basis", "error.invalid"},
		{"style", ProjectFacts{InterviewStyle: "phone"}, "interview_style", "error.invalid"},
	}
	for _, c := range cases {
		f := map[string]string{}
		p := &Project{ProjectFacts: c.facts}
		p.validateFacts(f)
		if c.field == "" && len(f) > 0 || c.field != "" && (len(f) != 1 || f[c.field] != c.key) {
			t.Errorf("%s: %v, want %s=%s", c.name, f, c.field, c.key)
		}
	}
}
