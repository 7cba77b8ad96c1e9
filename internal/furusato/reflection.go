package furusato

import (
	"slices"
	"strings"
	"time"
)

// ReflectionSide is the part of a team a reflection speaks for: a
// participant (for themselves), the host company (any of its staff), or a
// supporter (伴走者). Coordinators and admins write none: they read them.
type ReflectionSide string

// The reflection sides.
const (
	SideParticipant ReflectionSide = "participant"
	SideCompany     ReflectionSide = "company"
	SideSupporter   ReflectionSide = "supporter"
)

// ReflectionSides lists every side, in the order pages show them.
var ReflectionSides = []ReflectionSide{SideParticipant, SideCompany, SideSupporter}

// Valid reports whether s is a known side.
func (s ReflectionSide) Valid() bool { return slices.Contains(ReflectionSides, s) }

// Questions returns the rated questions of side s, in form order. Each is
// answered with a rating of 1–5 and, if the author wishes, words:
//   - participant: strengths discovered (強みの発見), skills used (活かせた
//     スキル), what grew (成長), effect on the main job (本業への効果);
//   - company: what changed: an initiative done (新しい取り組みの実現), own
//     staff developed (自社の人材の成長), tools adopted (デジタルツールの導入);
//   - supporter: how the team worked together, how far it reached its
//     goal, how well the accompaniment helped.
func (s ReflectionSide) Questions() []string {
	switch s {
	case SideParticipant:
		return []string{"strengths", "skills", "growth", "main_job"}
	case SideCompany:
		return []string{"initiative", "staff", "tools"}
	case SideSupporter:
		return []string{"teamwork", "goal", "support"}
	}
	return nil
}

// YesNo is an answer that must be given, yes or no.
type YesNo string

// The answers of a yes/no question; "" is unanswered.
const (
	Yes YesNo = "yes"
	No  YesNo = "no"
)

// Limits of a reflection.
const (
	MaxReflectionText = 2000 // runes, per answer and for the message
	MinRating         = 1
	MaxRating         = 5
	// ReflectionReveal is how long after the work ended every side may
	// read the other sides' reflections, whether or not it wrote its own.
	ReflectionReveal = 14 * 24 * time.Hour
)

// ReflectionAnswer is the answer to one rated question.
type ReflectionAnswer struct {
	Question string
	Rating   int // MinRating–MaxRating; 0 unanswered
	Text     string
}

// Reflection is what one member wrote, for their side, when the team's
// work ended (振り返り). Answers hold one entry per question of the side,
// in its order. Again is the side's yes/no question: a participant would
// recommend the programme, the company would host again, a supporter
// would accompany such a team again. Message is an optional word to the
// team.
type Reflection struct {
	ID          int64
	TeamID      int64
	AuthorID    int64
	Side        ReflectionSide
	Answers     []ReflectionAnswer
	Again       YesNo
	Message     string
	SubmittedAt time.Time // the first submission
	UpdatedAt   time.Time // the last edit (SubmittedAt when never edited)

	AuthorName string // joined for display; "" for a deleted account
}

// Answer returns the answer to question q ("" text and 0 rating when
// there is none).
func (r *Reflection) Answer(q string) ReflectionAnswer {
	for _, a := range r.Answers {
		if a.Question == q {
			return a
		}
	}
	return ReflectionAnswer{Question: q}
}

// Normalize trims the texts, makes their line ends LF and removes
// bidirectional controls (free text needs none; they could make one line
// pose as another).
func (r *Reflection) Normalize() {
	for i := range r.Answers {
		r.Answers[i].Text = strings.TrimSpace(Newlines(r.Answers[i].Text))
	}
	r.Message = strings.TrimSpace(Newlines(r.Message))
}

// Validate checks a reflection as the service normalised it: a known side,
// exactly the side's questions each rated 1–5, texts within
// MaxReflectionText, and the yes/no question answered. Field keys are
// "<question>_rating", "<question>_text", "again" and "message".
func (r *Reflection) Validate() error {
	var f FieldErrors
	if !r.Side.Valid() {
		f.Add("side", "error.invalid")
		return f.Err()
	}
	qs := r.Side.Questions()
	if len(r.Answers) != len(qs) {
		f.Add("side", "error.invalid")
	}
	for _, q := range qs {
		a := r.Answer(q)
		switch {
		case a.Rating == 0:
			f.Add(q+"_rating", "error.required")
		case a.Rating < MinRating || a.Rating > MaxRating:
			f.Add(q+"_rating", "error.range", "Min", MinRating, "Max", MaxRating)
		}
		f.Text(q+"_text", a.Text, MaxReflectionText, false)
	}
	for _, a := range r.Answers {
		if !slices.Contains(qs, a.Question) {
			f.Add("side", "error.invalid")
		}
	}
	switch r.Again {
	case Yes, No:
	case "":
		f.Add("again", "error.required")
	default:
		f.Add("again", "error.invalid")
	}
	f.Text("message", r.Message, MaxReflectionText, false)
	return f.Err()
}

// ReflectionRound is a team's reflections as a whole: when they opened
// (the moment its work ended) and who has written which side. The policy
// decides from it who may read what.
type ReflectionRound struct {
	TeamID   int64
	OpenedAt time.Time // zero: not open (the work goes on)
	Written  []ReflectionMark
}

// ReflectionMark says that AuthorID wrote a reflection for Side.
type ReflectionMark struct {
	AuthorID int64
	Side     ReflectionSide
}

// Open reports whether the round has opened.
func (r ReflectionRound) Open() bool { return !r.OpenedAt.IsZero() }

// RevealAt is when every side may read the others' reflections: ReflectionReveal
// after the round opened.
func (r ReflectionRound) RevealAt() time.Time { return r.OpenedAt.Add(ReflectionReveal) }

// Revealed reports whether at now the round is past RevealAt.
func (r ReflectionRound) Revealed(now time.Time) bool {
	return r.Open() && !now.Before(r.RevealAt())
}

// WroteBy reports whether user id has written a reflection.
func (r ReflectionRound) WroteBy(id int64) bool {
	return slices.ContainsFunc(r.Written, func(m ReflectionMark) bool { return m.AuthorID == id })
}

// SideWrote reports whether anyone has written for side s.
func (r ReflectionRound) SideWrote(s ReflectionSide) bool {
	return slices.ContainsFunc(r.Written, func(m ReflectionMark) bool { return m.Side == s })
}

// OtherSideWrote reports whether anyone has written for a side other
// than s: from then on a reflection of side s may be read by another
// side, so it can no longer be edited.
func (r ReflectionRound) OtherSideWrote(s ReflectionSide) bool {
	return slices.ContainsFunc(r.Written, func(m ReflectionMark) bool { return m.Side != s })
}
