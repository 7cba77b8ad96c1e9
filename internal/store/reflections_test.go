package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// reflectionOf is a full reflection of side by author on team, every
// question rated rating with text words.
func reflectionOf(team, author int64, side furusato.ReflectionSide, rating int, words string) *furusato.Reflection {
	r := &furusato.Reflection{TeamID: team, AuthorID: author, Side: side, Again: furusato.Yes, Message: words}
	qs := side.Questions()
	for i := len(qs) - 1; i >= 0; i-- { // saved out of order: read back in the side's order
		r.Answers = append(r.Answers, furusato.ReflectionAnswer{Question: qs[i], Rating: rating, Text: words + " " + qs[i]})
	}
	return r
}

func saveReflection(db *store.DB, r *furusato.Reflection, at time.Time) error {
	ctx := context.Background()
	return db.Tx(ctx, func(tx *store.Tx) error { return tx.SaveReflection(ctx, r, at) })
}

func TestReflections_OpenWriteEditRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		end := now.Add(30 * 24 * time.Hour)

		// Not open while the work goes on.
		err := saveReflection(db, reflectionOf(w.team.ID, w.alice.ID, furusato.SideParticipant, 4, "早すぎ"), end)
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("write before the round opened: %v, want ECONFLICT", err)
		}
		round, err := db.FindReflectionRound(ctx, w.team.ID)
		if err != nil || round.Open() || len(round.Written) != 0 {
			t.Fatalf("round before opening = %+v, %v", round, err)
		}

		var opened, again bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			if err := tx.EndTeam(ctx, w.team.ID, false, "", end); err != nil {
				return err
			}
			opened, err = tx.OpenReflections(ctx, w.team.ID, end)
			return err
		})
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			again, err = tx.OpenReflections(ctx, w.team.ID, end.Add(time.Hour))
			return err
		})
		if !opened || again {
			t.Errorf("open: %v, then %v; want true, false", opened, again)
		}

		// Alice writes, then edits while no other side has written.
		a := reflectionOf(w.team.ID, w.alice.ID, furusato.SideParticipant, 4, "最初")
		if err := saveReflection(db, a, end.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		a2 := reflectionOf(w.team.ID, w.alice.ID, furusato.SideParticipant, 5, "書き直し")
		a2.Again = furusato.No
		a2.Answers = a2.Answers[1:] // one answer fewer: the old answers go
		if err := saveReflection(db, a2, end.Add(2*time.Hour)); err != nil {
			t.Fatalf("edit before another side wrote: %v", err)
		}
		if a2.ID != a.ID || !a2.SubmittedAt.Equal(end.Add(time.Hour)) || !a2.UpdatedAt.Equal(end.Add(2*time.Hour)) {
			t.Errorf("edited = id %d (first %d), submitted %v, updated %v", a2.ID, a.ID, a2.SubmittedAt, a2.UpdatedAt)
		}
		// Bob, another participant, writes: the same side does not lock Alice's.
		if err := saveReflection(db, reflectionOf(w.team.ID, w.bob.ID, furusato.SideParticipant, 3, "ボブ"), end.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		a3 := reflectionOf(w.team.ID, w.alice.ID, furusato.SideParticipant, 5, "三度目")
		if err := saveReflection(db, a3, end.Add(4*time.Hour)); err != nil {
			t.Fatalf("edit after a fellow participant wrote: %v", err)
		}
		// The company writes: Alice's can now be read by it, so it stays.
		c := reflectionOf(w.team.ID, w.staff.ID, furusato.SideCompany, 2, "会社")
		if err := saveReflection(db, c, end.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
		err = saveReflection(db, reflectionOf(w.team.ID, w.alice.ID, furusato.SideParticipant, 1, "仕返し"), end.Add(6*time.Hour))
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("edit after the company wrote: %v, want ECONFLICT", err)
		}
		err = saveReflection(db, reflectionOf(w.team.ID, w.staff.ID, furusato.SideCompany, 1, "やっぱり"), end.Add(6*time.Hour))
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("company's edit after participants wrote: %v, want ECONFLICT", err)
		}
		// The supporter writes late; a side may not be swapped on an edit.
		if err := saveReflection(db, reflectionOf(w.team.ID, w.sup.ID, furusato.SideSupporter, 4, "伴走"), end.Add(20*24*time.Hour)); err != nil {
			t.Fatal(err)
		}

		round, err = db.FindReflectionRound(ctx, w.team.ID)
		if err != nil || !round.OpenedAt.Equal(end) || len(round.Written) != 4 ||
			!round.WroteBy(w.alice.ID) || !round.SideWrote(furusato.SideSupporter) || round.WroteBy(w.coord.ID) {
			t.Errorf("round = %+v, %v", round, err)
		}
		got, err := db.FindReflections(ctx, w.team.ID)
		if err != nil || len(got) != 4 {
			t.Fatalf("FindReflections = %d, %v", len(got), err)
		}
		wantOrder := []int64{w.alice.ID, w.bob.ID, w.staff.ID, w.sup.ID}
		for i, r := range got {
			if r.AuthorID != wantOrder[i] {
				t.Errorf("reflection %d by %d, want %d", i, r.AuthorID, wantOrder[i])
			}
		}
		ga := got[0]
		if ga.Side != furusato.SideParticipant || ga.Again != furusato.Yes || ga.Message != "三度目" || ga.AuthorName != "相川 アリス" ||
			len(ga.Answers) != 4 || ga.Answers[0].Question != "strengths" || ga.Answers[3].Question != "main_job" ||
			ga.Answers[0].Rating != 5 || ga.Answers[0].Text != "三度目 strengths" || !ga.SubmittedAt.Equal(end.Add(time.Hour)) {
			t.Errorf("alice's = %+v", ga)
		}
		if gc := got[2]; gc.Side != furusato.SideCompany || len(gc.Answers) != 3 || gc.Answers[0].Question != "initiative" || gc.Answers[2].Rating != 2 {
			t.Errorf("company's = %+v", gc)
		}

		// Another team's round is not this one's.
		other, err := db.FindReflectionRound(ctx, w.team.ID+1000)
		if err != nil || other.Open() {
			t.Errorf("a missing team's round = %+v, %v", other, err)
		}

		// A deleted account's words go; ratings stay.
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.EraseUserContent(ctx, w.alice.ID) })
		got, _ = db.FindReflections(ctx, w.team.ID)
		if got[0].Message != "" || got[0].Answers[0].Text != "" || got[0].Answers[0].Rating != 5 || got[1].Message != "ボブ" {
			t.Errorf("after erasing alice: %+v / %+v", got[0], got[1])
		}
	})
}

// TestReflections_OnePerAuthor: two saves of a first reflection at once
// make one row (the unique index), and the loser edits it or is refused,
// never a duplicate.
func TestReflections_OnePerAuthor(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		end := now.Add(24 * time.Hour)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.OpenReflections(ctx, w.team.ID, end)
			return err
		})
		errs := make(chan error, 2)
		for i := range 2 {
			go func() {
				errs <- saveReflection(db, reflectionOf(w.team.ID, w.staff.ID, furusato.SideCompany, 3+i, "同時"), end.Add(time.Minute))
			}()
		}
		for range 2 {
			if err := <-errs; err != nil && furusato.ErrorCode(err) != furusato.ECONFLICT {
				t.Errorf("concurrent save: %v", err)
			}
		}
		got, err := db.FindReflections(ctx, w.team.ID)
		if err != nil || len(got) != 1 || len(got[0].Answers) != 3 {
			t.Errorf("after two saves at once: %d reflections, %v", len(got), err)
		}
	})
}
