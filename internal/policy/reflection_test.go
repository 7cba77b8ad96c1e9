package policy

import (
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

func TestReflectionSideOf(t *testing.T) {
	actors := roleActors()
	want := map[string]furusato.ReflectionSide{
		"participant": furusato.SideParticipant, "staffA": furusato.SideCompany, "supporterP": furusato.SideSupporter,
	}
	for _, role := range roleNames {
		for j, a := range actors[role] {
			for col := range teamColumns {
				side, ok := ReflectionSideOf(a, teamScope(col))
				w, wok := want[role]
				if role == "participant" && col == 1 {
					w, wok = "", false // not on this team
				}
				if side != w || ok != wok {
					t.Errorf("%s #%d on %s: side %q %v, want %q %v", role, j, teamColumns[col], side, ok, w, wok)
				}
			}
		}
	}
	// Two roles: the participant's own work comes first.
	both := signedIn(2, staff(companyA))
	if side, _ := ReflectionSideOf(both, teamScope(0)); side != furusato.SideParticipant {
		t.Errorf("participant and staff: %q", side)
	}
}

// TestReflectionVisible: who reads which reflection, before the reveal
// with nothing written by the reader's side, after the reader's side
// wrote, and after the 14 days. Team 300's participant is user 2, another
// participant user 20; staffA is 3 (another staff member 30); supporterP 7.
func TestReflectionVisible(t *testing.T) {
	end := time.Date(2026, 12, 1, 18, 0, 0, 0, furusato.JST)
	s := teamScope(0)
	s.Participants = []int64{2, 20}
	byPart := &furusato.Reflection{TeamID: 300, AuthorID: 20, Side: furusato.SideParticipant}
	byStaff := &furusato.Reflection{TeamID: 300, AuthorID: 30, Side: furusato.SideCompany}
	bySup := &furusato.Reflection{TeamID: 300, AuthorID: 70, Side: furusato.SideSupporter}
	none := furusato.ReflectionRound{TeamID: 300, OpenedAt: end}
	written := func(ms ...furusato.ReflectionMark) furusato.ReflectionRound {
		r := none
		r.Written = append([]furusato.ReflectionMark{{AuthorID: 20, Side: furusato.SideParticipant},
			{AuthorID: 30, Side: furusato.SideCompany}, {AuthorID: 70, Side: furusato.SideSupporter}}, ms...)
		return r
	}
	// after: the reader's own side has written.
	after := written(furusato.ReflectionMark{AuthorID: 2, Side: furusato.SideParticipant},
		furusato.ReflectionMark{AuthorID: 3, Side: furusato.SideCompany}, furusato.ReflectionMark{AuthorID: 7, Side: furusato.SideSupporter})
	before := written()
	soon, late := end.Add(13*24*time.Hour), end.Add(14*24*time.Hour)

	// want: by participant, by staff, by supporter; before their side wrote
	// (soon), after it wrote (soon), and before it wrote but late.
	type want struct{ before, after, late string }
	cases := map[string]want{
		"visitor":     {"nnn", "nnn", "nnn"},
		"participant": {"nnn", "nyy", "nyy"}, // never another participant's
		"staffA":      {"yyy", "yyy", "yyy"}, // staff 30 wrote for the company: that is the company's side written
		"staffB":      {"nnn", "nnn", "nnn"},
		"coordX":      {"yyy", "yyy", "yyy"},
		"coordY":      {"nnn", "nnn", "nnn"},
		"supporterP":  {"nny", "yyy", "yyy"}, // fellow supporters' at once
		"supporterG":  {"nnn", "nnn", "nnn"},
		"removed":     {"nnn", "nnn", "nnn"},
		"admin":       {"yyy", "yyy", "yyy"},
	}
	refs := []*furusato.Reflection{byPart, byStaff, bySup}
	for _, role := range roleNames {
		w := cases[role]
		for j, a := range roleActors()[role] {
			for _, c := range []struct {
				name  string
				round furusato.ReflectionRound
				now   time.Time
				want  string
			}{{"before", before, soon, w.before}, {"after", after, soon, w.after}, {"late", before, late, w.late}} {
				for i, r := range refs {
					got := ReflectionVisible(a, s, c.round, r, c.now)
					if got != (c.want[i] == 'y') {
						t.Errorf("%s #%d, %s: reflection by %s visible = %v, want %c", role, j, c.name, r.Side, got, c.want[i])
					}
				}
			}
		}
	}
	// The company's side counts as written when any of its staff wrote;
	// before that, staff read no other side's.
	onlyPart := furusato.ReflectionRound{TeamID: 300, OpenedAt: end, Written: []furusato.ReflectionMark{{AuthorID: 20, Side: furusato.SideParticipant}}}
	if ReflectionVisible(roleActors()["staffA"][0], s, onlyPart, byPart, soon) {
		t.Error("staff read a participant's before the company wrote")
	}
	if !ReflectionVisible(roleActors()["staffA"][0], s, onlyPart, byPart, late) {
		t.Error("staff cannot read a participant's after 14 days")
	}
	// One's own is always visible; another team's never.
	mine := &furusato.Reflection{TeamID: 300, AuthorID: 2, Side: furusato.SideParticipant}
	if !ReflectionVisible(signedIn(2), s, none, mine, soon) {
		t.Error("own reflection hidden")
	}
	other := &furusato.Reflection{TeamID: 301, AuthorID: 30, Side: furusato.SideCompany}
	if ReflectionVisible(roleActors()["admin"][0], s, after, other, late) {
		t.Error("another team's reflection shown")
	}
	// A round of another team does not unlock this one.
	if ReflectionVisible(signedIn(2), s, furusato.ReflectionRound{TeamID: 301, OpenedAt: end}, byStaff, late) {
		t.Error("another team's round used")
	}
}
