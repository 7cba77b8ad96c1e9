package service_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// reflectionFixture is a team fixture with the demo supporter assigned to
// the project, and a second matched participant.
type reflectionFixture struct {
	*teamFixture
	sup, second *furusato.Actor
}

func newReflectionFixture(t *testing.T, db *store.DB) *reflectionFixture {
	t.Helper()
	ctx := context.Background()
	f := &reflectionFixture{teamFixture: newTeamFixture(t, db)}
	group, err := db.FindOrganizationBySlug(ctx, "michishirube")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.Get(ctx, f.gifu, f.project.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit := furusato.UpdateOf(p)
	*edit.Supporters = append(*edit.Supporters, furusato.Supporter{OrganizationID: group.ID, Role: "全体の伴走", Email: "supporter@demo.furusato.example"})
	if _, err := f.svc.Update(ctx, f.gifu, p.ID, edit, p.Version()); err != nil {
		t.Fatal(err)
	}
	f.sup = actorByEmail(t, db, "supporter@demo.furusato.example")
	f.second = f.newParticipant(t, "二人目の参加者")
	e := f.submit(t, f.second, f.project)
	f.move(t, e, furusato.StageOffered)
	if err := f.entries.Accept(ctx, f.second, e.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func actorByEmail(t *testing.T, db *store.DB, email string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// end ends the team's work at the fixture's clock through the end hooks
// service.New registered, and returns the end time.
func (f *reflectionFixture) end(t *testing.T) time.Time {
	t.Helper()
	if err := f.services.Teams.EndTeamForTest(context.Background(), f.team.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	return f.at
}

// answers is a full reflection for side, every question rated rating.
func answers(side furusato.ReflectionSide, rating int, words string) service.ReflectionInput {
	in := service.ReflectionInput{Ratings: map[string]int{}, Texts: map[string]string{}, Again: "yes", Message: words}
	for _, q := range side.Questions() {
		in.Ratings[q], in.Texts[q] = rating, words
	}
	return in
}

func reflectionNotices(t *testing.T, db *store.DB, a *furusato.Actor, team int64) int {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == furusato.NoticeReflection && x.Link == service.ReflectionsPath(team) {
			n++
		}
	}
	return n
}

func authors(rs []*furusato.Reflection) []int64 {
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.AuthorID)
	}
	return ids
}

// TestReflections_BothSubmittedRule: reflections open with the end (the
// hook service.New registers), everyone but the coordinators is asked,
// and a side reads the other's once both have written; a reflection is
// edited until the other side can read it.
func TestReflections_BothSubmittedRule(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newReflectionFixture(t, db)
		refl := f.services.Reflections
		team := f.team.ID

		// Before the end: the page shows, nothing may be written.
		b, err := refl.Board(ctx, f.member, team)
		if err != nil || b.Open() || b.CanWrite {
			t.Fatalf("board before the end = %+v, %v", b, err)
		}
		if _, err := refl.Write(ctx, f.member, team, answers(furusato.SideParticipant, 4, "早い")); code(err) != furusato.ECONFLICT {
			t.Errorf("write before the end: %v, want ECONFLICT", err)
		}

		f.at = f.at.Add(40 * 24 * time.Hour)
		end := f.end(t)
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want int
		}{"participant": {f.member, 1}, "second": {f.second, 1}, "staff": {f.staff, 1}, "supporter": {f.sup, 1}, "coordinator": {f.gifu, 0}} {
			if got := reflectionNotices(t, db, c.a, team); got != c.want {
				t.Errorf("%s: %d reflection notices, want %d", name, got, c.want)
			}
		}
		// A second run of the hook (a retried end) opens nothing again.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return refl.Open(ctx, tx, f.team, end.Add(time.Hour)) }); err != nil {
			t.Fatal(err)
		}
		if got := reflectionNotices(t, db, f.member, team); got != 1 {
			t.Errorf("after a second open: %d notices", got)
		}
		if b, _ := refl.Board(ctx, f.member, team); !b.Round.OpenedAt.Equal(end) || !b.CanWrite || b.Side != furusato.SideParticipant {
			t.Errorf("opened board = %+v", b)
		}

		// Hostile and missing input: field errors, nothing saved.
		bad := answers(furusato.SideParticipant, 4, "ok")
		bad.Texts["strengths"] = "a\x00b"
		bad.Texts["skills"] = strings.Repeat("長", furusato.MaxReflectionText+1)
		bad.Ratings["growth"] = 0
		bad.Ratings["main_job"] = -1
		bad.Again = ""
		bad.Message = "\xff\xfe"
		_, err = refl.Write(ctx, f.member, team, bad)
		fs := furusato.ErrorFields(err)
		if code(err) != furusato.EINVALID || fs["strengths_text"] != furusato.ErrBadText || fs["skills_text"] != "error.too_long" ||
			fs["growth_rating"] != "error.required" || fs["main_job_rating"] != "error.range" || fs["again"] != "error.required" ||
			fs["message"] != furusato.ErrBadText {
			t.Errorf("hostile input: %v %v", err, fs)
		}
		if b, _ := refl.Board(ctx, f.member, team); b.Mine != nil {
			t.Error("an invalid reflection was saved")
		}

		// The participant writes (kept as typed, trimmed) and edits.
		in := answers(furusato.SideParticipant, 4, "ＡＢＣを学びました ")
		if _, err := refl.Write(ctx, f.member, team, in); err != nil {
			t.Fatal(err)
		}
		f.at = f.at.Add(time.Hour)
		in.Ratings["growth"] = 5
		b, err = refl.Write(ctx, f.member, team, in)
		if err != nil || b.Mine.Answer("growth").Rating != 5 || b.Mine.Answer("skills").Text != "ＡＢＣを学びました" || b.Locked {
			t.Fatalf("edit: %+v, %v", b, err)
		}

		// The company has not written: its staff see the participant's is waiting.
		b, _ = refl.Board(ctx, f.staff, team)
		if len(b.Others) != 0 || b.Waiting != 1 || !b.CanWrite || b.Side != furusato.SideCompany {
			t.Errorf("staff before writing: others %v, waiting %d", authors(b.Others), b.Waiting)
		}
		// The coordinator and admins read at once; they write none.
		for name, a := range map[string]*furusato.Actor{"coordinator": f.gifu, "admin": f.admin} {
			b, err := refl.Board(ctx, a, team)
			if err != nil || !slices.Equal(authors(b.Others), []int64{f.member.User.ID}) || b.CanWrite || b.Side != "" {
				t.Errorf("%s: %+v, %v", name, b, err)
			}
			if _, err := refl.Write(ctx, a, team, answers(furusato.SideCompany, 3, "x")); code(err) != furusato.EFORBIDDEN {
				t.Errorf("%s writes: %v, want EFORBIDDEN", name, err)
			}
		}
		// Outsiders see nothing, as for a missing team.
		for name, a := range map[string]*furusato.Actor{"other company": f.otherStaff, "other region": f.hokkaido, "other participant": f.participant} {
			if _, err := refl.Board(ctx, a, team); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s reads: %v", name, err)
			}
			if _, err := refl.Write(ctx, a, team, answers(furusato.SideParticipant, 3, "x")); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s writes: %v", name, err)
			}
		}
		if _, err := refl.Board(ctx, nil, team); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor: %v", err)
		}

		// The company writes: both sides have written.
		if _, err := refl.Write(ctx, f.staff, team, answers(furusato.SideCompany, 5, "新しい取り組みができました")); err != nil {
			t.Fatal(err)
		}
		b, _ = refl.Board(ctx, f.staff, team)
		if !slices.Equal(authors(b.Others), []int64{f.member.User.ID}) || !b.Locked || b.CanWrite {
			t.Errorf("staff after writing: others %v, locked %v", authors(b.Others), b.Locked)
		}
		b, _ = refl.Board(ctx, f.member, team)
		if !slices.Equal(authors(b.Others), []int64{f.staff.User.ID}) || !b.Locked {
			t.Errorf("participant after both wrote: others %v, locked %v", authors(b.Others), b.Locked)
		}
		if _, err := refl.Write(ctx, f.member, team, answers(furusato.SideParticipant, 1, "書き換え")); code(err) != furusato.ECONFLICT {
			t.Errorf("edit after the other side wrote: %v, want ECONFLICT", err)
		}
		// The second participant has not written: the company's waits for them,
		// and the first participant's is never theirs to read.
		b, _ = refl.Board(ctx, f.second, team)
		if len(b.Others) != 0 || b.Waiting != 1 {
			t.Errorf("second participant before writing: others %v, waiting %d", authors(b.Others), b.Waiting)
		}
		if _, err := refl.Write(ctx, f.second, team, answers(furusato.SideParticipant, 3, "二人目")); err != nil {
			t.Fatal(err)
		}
		b, _ = refl.Board(ctx, f.second, team)
		if !slices.Equal(authors(b.Others), []int64{f.staff.User.ID}) {
			t.Errorf("second participant after writing: others %v", authors(b.Others))
		}
		// The supporter reads the others once they write theirs.
		b, _ = refl.Board(ctx, f.sup, team)
		if len(b.Others) != 0 || b.Waiting != 3 || !b.CanWrite || b.Side != furusato.SideSupporter {
			t.Errorf("supporter before writing: others %v, waiting %d", authors(b.Others), b.Waiting)
		}
		if _, err := refl.Write(ctx, f.sup, team, answers(furusato.SideSupporter, 4, "伴走しました")); err != nil {
			t.Fatal(err)
		}
		b, _ = refl.Board(ctx, f.sup, team)
		if len(b.Others) != 3 {
			t.Errorf("supporter after writing: others %v", authors(b.Others))
		}
	})
}

// TestReflections_FourteenDayRule: with a fixed clock, a side that has
// not written reads the other side's 14 days after the end, not a
// millisecond before; both ways (company reads participant's, participant
// reads company's).
func TestReflections_FourteenDayRule(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newReflectionFixture(t, db)
		refl := f.services.Reflections
		team := f.team.ID
		end := f.end(t)
		if _, err := refl.Write(ctx, f.member, team, answers(furusato.SideParticipant, 4, "参加者")); err != nil {
			t.Fatal(err)
		}
		f.at = end.Add(time.Hour)
		b, _ := refl.Board(ctx, f.staff, team)
		if len(b.Others) != 0 || b.Waiting != 1 || !b.Round.RevealAt().Equal(end.Add(14*24*time.Hour)) {
			t.Errorf("staff, day 0: others %v, waiting %d", authors(b.Others), b.Waiting)
		}
		f.at = end.Add(furusato.ReflectionReveal - time.Millisecond)
		if b, _ := refl.Board(ctx, f.staff, team); len(b.Others) != 0 || b.Revealed() {
			t.Errorf("staff, just before day 14: %v", authors(b.Others))
		}
		if _, err := refl.Write(ctx, f.member, team, answers(furusato.SideParticipant, 2, "まだ直せる")); err != nil {
			t.Errorf("edit before day 14 with no other side written: %v", err)
		}
		f.at = end.Add(furusato.ReflectionReveal)
		b, _ = refl.Board(ctx, f.staff, team)
		if !b.Revealed() || !slices.Equal(authors(b.Others), []int64{f.member.User.ID}) {
			t.Errorf("staff, day 14 without writing: others %v", authors(b.Others))
		}
		// From day 14 the participant's is read by all: it stays as it is.
		if _, err := refl.Write(ctx, f.member, team, answers(furusato.SideParticipant, 1, "遅い書き換え")); code(err) != furusato.ECONFLICT {
			t.Errorf("edit on day 14: %v, want ECONFLICT", err)
		}
		// The company may still write late; the second participant, who never
		// wrote, reads it at once, and the first participant too.
		if _, err := refl.Write(ctx, f.staff, team, answers(furusato.SideCompany, 4, "遅れてすみません")); err != nil {
			t.Fatalf("late write: %v", err)
		}
		for name, a := range map[string]*furusato.Actor{"second": f.second, "first": f.member} {
			if b, _ := refl.Board(ctx, a, team); !slices.Equal(authors(b.Others), []int64{f.staff.User.ID}) {
				t.Errorf("%s participant after day 14: others %v", name, authors(b.Others))
			}
		}
		if b, _ := refl.Board(ctx, f.staff, team); !b.Locked || b.CanWrite {
			t.Errorf("a late reflection is locked at once: %+v", b)
		}
	})
}

// What a person wrote in a reflection is in their data export, and only
// theirs: the staff's reflection is not in the participant's export.
func TestReflections_InTheAuthorsDataExport(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newReflectionFixture(t, db)
		f.at = f.at.Add(40 * 24 * time.Hour)
		f.end(t)
		refl := f.services.Reflections
		if _, err := refl.Write(ctx, f.member, f.team.ID, answers(furusato.SideParticipant, 4, "強みに気づいた")); err != nil {
			t.Fatal(err)
		}
		if _, err := refl.Write(ctx, f.staff, f.team.ID, answers(furusato.SideCompany, 5, "会社の言葉")); err != nil {
			t.Fatal(err)
		}
		x, err := f.services.PersonalData.ExportData(ctx, f.member, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		got := x.Teams.Reflections
		if len(got) != 1 || got[0].Side != "participant" || got[0].Project != f.project.Title || len(got[0].Answers) == 0 ||
			got[0].Answers[0].Rating != 4 {
			t.Fatalf("exported reflections = %+v", got)
		}
		if b, _ := json.Marshal(x); strings.Contains(string(b), "会社の言葉") {
			t.Error("the company's reflection is in the participant's export")
		}
	})
}
