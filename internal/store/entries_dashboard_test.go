package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// moveAt moves e to stage to at instant at.
func moveAt(t *testing.T, db *store.DB, e *furusato.Entry, to furusato.Stage, at time.Time) {
	t.Helper()
	if err := db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.MoveEntry(context.Background(), e.ID, e.Stage, to, at)
	}); err != nil {
		t.Fatal(err)
	}
	e.Stage = to
}

func entryIDs(es []*furusato.Entry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestWaitingEntries_NewAndLongOffersOfTheHostsOnlyOldestFirst(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		us := entryUsers(t, db, "一郎", "二郎", "三郎", "四郎", "五郎")
		w, hf, ma, edo := f.bySlug["watercress"], f.bySlug["hida-fans"], f.bySlug["marche"], f.bySlug["edo-dx"]
		day := 24 * time.Hour
		// Gifu (organisation coordGifu, company gifuCo): entered from 30 days ago.
		newest := enter(t, db, w, us[0], 5, "新着", now.Add(-1*day))
		oldest := enter(t, db, hf, us[0], 5, "一番古い", now.Add(-30*day))
		middle := enter(t, db, ma, us[1], 5, "中くらい", now.Add(-10*day))
		screened := enter(t, db, w, us[1], 5, "選考中", now.Add(-20*day))
		moveAt(t, db, screened, furusato.StageScreening, now.Add(-19*day))
		oldOffer := enter(t, db, w, us[2], 5, "内定から20日", now.Add(-25*day))
		moveAt(t, db, oldOffer, furusato.StageOffered, now.Add(-20*day))
		freshOffer := enter(t, db, hf, us[2], 5, "内定から3日", now.Add(-25*day))
		moveAt(t, db, freshOffer, furusato.StageOffered, now.Add(-3*day))
		// Tokyo (coordTokyo, tokyoCo).
		tokyo := enter(t, db, edo, us[3], 5, "東京の新着", now.Add(-5*day))
		withdrawn := enter(t, db, edo, us[4], 5, "取り下げ", now.Add(-6*day))
		moveAt(t, db, withdrawn, furusato.StageWithdrawn, now.Add(-4*day))

		cut := now.Add(-14 * day)
		gifu := []int64{oldest.ID, oldOffer.ID, middle.ID, newest.ID} // by waiting since: -30, -20 (offer), -10, -1
		for _, c := range []struct {
			name  string
			f     store.WaitingFilter
			want  []int64
			total int
		}{
			{"coordinator of Gifu", store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID}, OfferedBefore: cut}, gifu, 4},
			{"staff of the Gifu company", store.WaitingFilter{CompanyIDs: []int64{f.gifuCo.ID}, OfferedBefore: cut}, gifu, 4},
			{"both, read once", store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID, f.coordGifu.ID}, CompanyIDs: []int64{f.gifuCo.ID}, OfferedBefore: cut}, gifu, 4},
			{"staff of Tokyo", store.WaitingFilter{CompanyIDs: []int64{f.tokyoCo.ID}, OfferedBefore: cut}, []int64{tokyo.ID}, 1},
			{"Gifu company and Tokyo organisation", store.WaitingFilter{OrganizationIDs: []int64{f.coordTokyo.ID}, CompanyIDs: []int64{f.gifuCo.ID}, OfferedBefore: cut},
				[]int64{oldest.ID, oldOffer.ID, middle.ID, tokyo.ID, newest.ID}, 5},
			{"admin", store.WaitingFilter{All: true, OfferedBefore: cut}, []int64{oldest.ID, oldOffer.ID, middle.ID, tokyo.ID, newest.ID}, 5},
			{"admin, a page of 2", store.WaitingFilter{All: true, OfferedBefore: cut, Limit: 2}, []int64{oldest.ID, oldOffer.ID}, 5},
			{"without offers", store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID}}, []int64{oldest.ID, middle.ID, newest.ID}, 3},
			{"an organisation without entries", store.WaitingFilter{OrganizationIDs: []int64{f.partner.ID}, OfferedBefore: cut}, []int64{}, 0},
			{"nobody", store.WaitingFilter{OfferedBefore: cut}, []int64{}, 0},
		} {
			got, total, err := db.FindWaitingEntries(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if fmt.Sprint(entryIDs(got)) != fmt.Sprint(c.want) || total != c.total {
				t.Errorf("%s: got %v (total %d), want %v (total %d)", c.name, entryIDs(got), total, c.want, c.total)
			}
		}
		got, _, err := db.FindWaitingEntries(ctx, store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID}})
		if err != nil || len(got) == 0 {
			t.Fatalf("gifu: %v %v", got, err)
		}
		e := got[0]
		if e.Project == nil || e.Project.Title != hf.Title || e.Project.Slug != "hida-fans" || e.Participant.DisplayName != "一郎" ||
			e.Stage != furusato.StageSubmitted || !e.CreatedAt.Equal(oldest.CreatedAt) || e.OrganizationID != f.coordGifu.ID {
			t.Errorf("first row = %+v (project %+v, participant %+v)", e, e.Project, e.Participant)
		}
	})
}

// armRE is the head of one index range in an SQLite plan.
var armRE = regexp.MustCompile(`^CO-ROUTINE w\d+$`)

func TestWaitingEntries_ReadsTheIndexesInOrder(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		plan, err := db.WaitingPlanForTest(ctx, store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID},
			CompanyIDs: []int64{f.tokyoCo.ID}, OfferedBefore: now.Add(-14 * 24 * time.Hour), Limit: 21}, true)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s plan:\n%s", db.Engine(), plan)
		for _, idx := range []string{"entries_organization", "entries_company"} {
			if !strings.Contains(plan, idx) {
				t.Errorf("the plan does not use %s", idx)
			}
		}
		if db.Engine() == store.Postgres {
			if strings.Contains(plan, "Seq Scan on entries") {
				t.Errorf("the plan scans all entries")
			}
			return
		}
		lines := strings.Split(plan, "\n")
		arms := 0
		for i, line := range lines {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "SCAN e") {
				t.Errorf("the plan scans all entries: %s", line)
			}
			if !armRE.MatchString(line) || i+2 >= len(lines) {
				continue
			}
			// Each range is read on its index and in its order: no sort
			// between the search and the scan of its ≤ Limit rows.
			arms++
			if s, next := strings.TrimSpace(lines[i+1]), strings.TrimSpace(lines[i+2]); !strings.HasPrefix(s, "SEARCH e USING") || !strings.HasPrefix(next, "SCAN w") {
				t.Errorf("%s reads %q then %q", line, s, next)
			}
		}
		if arms != 4 {
			t.Errorf("%d index ranges, want 4 (2 stages × an organisation and a company)", arms)
		}
	})
}

func TestWaitingEntries_CountStopsPastTheCap(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		gifu := []*furusato.Project{f.bySlug["watercress"], f.bySlug["hida-fans"], f.bySlug["marche"]}
		n := furusato.WaitingCountCap/len(gifu) + 1 // people, each entering every Gifu project
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i := range n {
				u := &furusato.User{Email: fmt.Sprintf("many%d@example.jp", i), DisplayName: fmt.Sprintf("参加者%d", i)}
				if err := tx.CreateUser(ctx, u, "", now); err != nil {
					return err
				}
				for _, p := range gifu {
					e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
						Motivation: "動機", Contribution: "貢献", HoursPerWeek: 5}
					if err := tx.CreateEntry(ctx, e, now.Add(time.Duration(i)*time.Second)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n*len(gifu) <= furusato.WaitingCountCap {
			t.Fatalf("only %d entries", n*len(gifu))
		}
		got, total, err := db.FindWaitingEntries(ctx, store.WaitingFilter{OrganizationIDs: []int64{f.coordGifu.ID}, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if total != furusato.WaitingCountCap+1 || len(got) != 20 {
			t.Errorf("%d rows of %d, want 20 of %d (past the cap)", len(got), total, furusato.WaitingCountCap+1)
		}
	})
}
