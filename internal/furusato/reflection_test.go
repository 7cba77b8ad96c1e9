package furusato

import (
	"strings"
	"testing"
	"time"
)

func fullReflection(side ReflectionSide) *Reflection {
	r := &Reflection{Side: side, Again: Yes}
	for _, q := range side.Questions() {
		r.Answers = append(r.Answers, ReflectionAnswer{Question: q, Rating: 4})
	}
	return r
}

func TestReflection_Validate(t *testing.T) {
	for _, side := range ReflectionSides {
		if err := fullReflection(side).Validate(); err != nil {
			t.Errorf("%s: a full reflection: %v", side, err)
		}
	}
	long := strings.Repeat("あ", MaxReflectionText+1)
	for _, c := range []struct {
		name  string
		edit  func(*Reflection)
		field string
		key   string
	}{
		{"unrated", func(r *Reflection) { r.Answers[0].Rating = 0 }, "strengths_rating", "error.required"},
		{"rating 6", func(r *Reflection) { r.Answers[1].Rating = 6 }, "skills_rating", "error.range"},
		{"rating -1", func(r *Reflection) { r.Answers[1].Rating = -1 }, "skills_rating", "error.range"},
		{"too long", func(r *Reflection) { r.Answers[2].Text = long }, "growth_text", "error.too_long"},
		{"NUL", func(r *Reflection) { r.Answers[3].Text = "a\x00b" }, "main_job_text", ErrBadText},
		{"invalid UTF-8", func(r *Reflection) { r.Message = "\xff" }, "message", ErrBadText},
		{"no again", func(r *Reflection) { r.Again = "" }, "again", "error.required"},
		{"bad again", func(r *Reflection) { r.Again = "maybe" }, "again", "error.invalid"},
		{"another side's question", func(r *Reflection) { r.Answers[0].Question = "tools" }, "side", "error.invalid"},
		{"a question short", func(r *Reflection) { r.Answers = r.Answers[:3] }, "side", "error.invalid"},
		{"unknown side", func(r *Reflection) { r.Side = "coordinator" }, "side", "error.invalid"},
	} {
		r := fullReflection(SideParticipant)
		c.edit(r)
		err := r.Validate()
		if got := ErrorFields(err)[c.field]; got != c.key || ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v (fields %v), want %s=%s", c.name, err, ErrorFields(err), c.field, c.key)
		}
	}
}

func TestReflection_Normalize(t *testing.T) {
	r := fullReflection(SideCompany)
	r.Answers[0].Text = "  新しい\r\n取り組み\u202e です \r"
	r.Message = "\u2066ありがとう\u2069\r\n"
	r.Normalize()
	if r.Answers[0].Text != "新しい\n取り組み\u202e です" || r.Message != "\u2066ありがとう\u2069" {
		t.Errorf("normalised: %q, %q", r.Answers[0].Text, r.Message)
	}
	// A bidirectional control is kept by Normalize and refused by Validate.
	fields := ErrorFields(r.Validate())
	if fields["message"] != ErrBadText {
		t.Errorf("validate: %v, want message=%s", fields, ErrBadText)
	}
}

func TestReflectionRound(t *testing.T) {
	end := time.Date(2026, 12, 1, 9, 0, 0, 0, JST)
	r := ReflectionRound{TeamID: 1, OpenedAt: end, Written: []ReflectionMark{{AuthorID: 2, Side: SideParticipant}}}
	if r.Revealed(end.Add(ReflectionReveal-time.Millisecond)) || !r.Revealed(end.Add(ReflectionReveal)) {
		t.Error("the reveal is 14 days after the end, to the millisecond")
	}
	if (ReflectionRound{}).Revealed(end.Add(100 * ReflectionReveal)) {
		t.Error("a round that never opened is revealed")
	}
	if !r.WroteBy(2) || r.WroteBy(3) || !r.SideWrote(SideParticipant) || r.SideWrote(SideCompany) {
		t.Error("marks")
	}
	if r.OtherSideWrote(SideParticipant) || !r.OtherSideWrote(SideCompany) {
		t.Error("OtherSideWrote")
	}
}
