package demo_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The generator spreads entries over the generated public projects with a
// skew, keeps matched within the places (and projects.matched in step),
// writes events, adds nothing the second time, and leaves the database
// usable by the service (on PostgreSQL the id sequences moved past the
// generated ids).
func TestGenerateEntries_SkewedConsistentAndRepeatable(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: 10, Entries: 10}, now); err == nil {
			t.Fatal("entries generated without generated projects")
		}
		if err := demo.Generate(ctx, db, 400, now); err != nil {
			t.Fatal(err)
		}
		hash, err := service.HashPassword(demo.Password, service.TestArgon)
		if err != nil {
			t.Fatal(err)
		}
		const users, entries = 1000, 4000
		start := time.Now()
		if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: users, Entries: entries, PasswordHash: hash}, now); err != nil {
			t.Fatal(err)
		}
		t.Logf("generated %d entries in %s", entries, time.Since(start))
		targets, err := db.GeneratedTargets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total, busiest, active := 0, 0, 0
		stages := map[furusato.Stage]int{}
		for _, tg := range targets {
			counts, err := db.CountEntriesByStage(ctx, tg.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for s, c := range counts {
				n += c
				stages[s] += c
				if s.Active() {
					active += c
					if tg.Status == furusato.StatusInProgress || tg.Status == furusato.StatusCompleted {
						t.Errorf("project %d (%s) has %d %s entries", tg.ID, tg.Status, c, s)
					}
				}
			}
			total += n
			busiest = max(busiest, n)
			p, err := db.FindProject(ctx, strconv.FormatInt(tg.ID, 10), furusato.ProjectStatuses)
			if err != nil {
				t.Fatal(err)
			}
			if counts[furusato.StageMatched] > tg.Places || p.Matched != counts[furusato.StageMatched] {
				t.Errorf("project %d: %d matched entries, %d places, projects.matched %d", tg.ID, counts[furusato.StageMatched], tg.Places, p.Matched)
			}
		}
		if total < entries*9/10 || total > entries {
			t.Errorf("%d entries, want about %d", total, entries)
		}
		if busiest < 5*entries/len(targets) {
			t.Errorf("busiest project has %d entries: no skew (%d projects)", busiest, len(targets))
		}
		for _, s := range furusato.Stages {
			if stages[s] == 0 {
				t.Errorf("no entry in stage %s: %v", s, stages)
			}
		}
		// The busiest participant has many entries, each with its events.
		u, err := db.FindUserByEmail(ctx, "gen-user-0@gen.furusato.example")
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.ActorFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		clock := func() time.Time { return now }
		es := newServices(t, db, clock).Entries
		mine, err := es.Mine(ctx, a)
		if err != nil || len(mine) < 10 {
			t.Fatalf("the busiest participant has %d entries (%v)", len(mine), err)
		}
		d, err := es.Get(ctx, a, mine[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Events) == 0 || d.Events[0].To != furusato.StageSubmitted {
			t.Errorf("events of entry %d: %+v", mine[0].ID, d.Events)
		}
		if ok, err := service.CheckPassword(mustHash(t, db, u.ID), demo.Password); !ok || err != nil {
			t.Errorf("generated participant cannot use the password: %v", err)
		}

		// Again: nothing added.
		if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: users, Entries: entries}, now); err != nil {
			t.Fatal(err)
		}
		if again, err := es.Mine(ctx, a); err != nil || len(again) != len(mine) {
			t.Errorf("second run changed the entries: %d → %d (%v)", len(mine), len(again), err)
		}
		// The service still writes: new users and entries get fresh ids.
		nu, err := service.NewUsers(db, clock, service.TestArgon).CreateUser(ctx, "after.generate@example.jp", "生成 後", "after-generate-password-1", false)
		if err != nil {
			t.Fatalf("create user after generating: %v", err)
		}
		na, err := db.ActorFor(ctx, nu.ID)
		if err != nil {
			t.Fatal(err)
		}
		w, err := db.FindProject(ctx, "gifu-watercress-evangelist", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := es.Submit(ctx, na, w.ID, furusato.Entry{Motivation: "応募します。", Contribution: "広報の経験があります。", HoursPerWeek: 8}); err != nil {
			t.Fatalf("submit after generating: %v", err)
		}
	})
}

func mustHash(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	h, err := db.PasswordHash(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
