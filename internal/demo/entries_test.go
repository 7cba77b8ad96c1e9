package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The demo shows the workflow: the demo participant's entries in several
// stages with their history, two favourites, and a watercress board with
// an entry in most stages; loading twice adds nothing.
func TestLoadEntries_DemoParticipantAndBoardShowTheWorkflow(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080"); err == nil {
			t.Error("entries loaded without the demo accounts")
		}
		if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
			t.Fatal(err)
		}
		n, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080")
		if err != nil || n != 8 {
			t.Fatalf("added %d entries, %v; want 8", n, err)
		}
		clock := func() time.Time { return now }
		es := newServices(t, db, clock).Entries
		actor := func(email string) *furusato.Actor {
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
		me := actor("participant@demo.furusato.example")
		mine, err := es.Mine(ctx, me)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]furusato.Stage{}
		for _, e := range mine {
			got[e.Project.Slug] = e.Stage
		}
		want := map[string]furusato.Stage{"hida-fanclub-relationship": furusato.StageInterview,
			"mino-washi-experience-inbound": furusato.StageSubmitted, "hida-furniture-craftsman-recruiting": furusato.StageDeclined}
		if len(got) != len(want) {
			t.Errorf("participant's entries %v, want %v", got, want)
		}
		for slug, s := range want {
			if got[slug] != s {
				t.Errorf("entry on %s: %q, want %q", slug, got[slug], s)
			}
		}
		for _, e := range mine {
			d, err := es.Get(ctx, me, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Events) == 0 || d.Events[len(d.Events)-1].To != e.Stage || !e.UpdatedAt.Before(now) {
				t.Errorf("entry on %s: events %+v, updated %s", e.Project.Slug, d.Events, e.UpdatedAt)
			}
		}
		favs, err := es.Favorites(ctx, me)
		if err != nil || len(favs) != 2 {
			t.Errorf("favourites %d, %v", len(favs), err)
		}

		w, err := db.FindProject(ctx, "gifu-watercress-evangelist", nil)
		if err != nil {
			t.Fatal(err)
		}
		board, err := es.Board(ctx, actor("coordinator.gifu@demo.furusato.example"), w.ID, service.BoardFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []furusato.Stage{furusato.StageSubmitted, furusato.StageScreening, furusato.StageOffered, furusato.StageDeclined, furusato.StageWithdrawn} {
			if board.Counts[s] != 1 {
				t.Errorf("watercress board: %d in %s (%v)", board.Counts[s], s, board.Counts)
			}
		}
		hash, err := db.PasswordHash(ctx, actor("nishimura.sayaka@demo.furusato.example").User.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := service.CheckPassword(hash, demo.Password); !ok || err != nil {
			t.Errorf("a demo participant cannot sign in with the demo password: %v", err)
		}

		if again, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080"); err != nil || again != 0 {
			t.Errorf("second load added %d, %v", again, err)
		}
	})
}

// On an older demo database whose watercress project has closed since, the
// demo's entries there are left out and the rest still loads: starting the
// site never fails because the story no longer fits.
func TestLoadEntries_ClosedProjectIsLeftOut(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	u, err := db.FindUserByEmail(ctx, "coordinator.gifu@demo.furusato.example")
	if err != nil {
		t.Fatal(err)
	}
	coord, err := db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.FindProject(ctx, "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newServices(t, db, clock).Projects.Move(ctx, coord, w.ID, furusato.StatusClosed, "締め切りました"); err != nil {
		t.Fatal(err)
	}
	n, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080")
	if err != nil || n != 3 {
		t.Fatalf("added %d entries, %v; want the participant's 3", n, err)
	}
}

// newServices returns every service over db with the clock now, as the
// site builds them.
func newServices(t *testing.T, db *store.DB, now func() time.Time) *service.Services {
	t.Helper()
	s, err := service.New(db, service.Config{BaseURL: "http://127.0.0.1:8080", Now: now, Argon: service.TestArgon})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
