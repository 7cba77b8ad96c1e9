package store_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestProjectCardsByID_ThemesFromMaskAreTheThemesTable: a card's themes
// come from the row's themes_mask, not from project_themes; over the demo
// catalogue and generated projects, and after an update that changes a
// project's themes (to none, to others, to every theme), every card has
// the themes ProjectsByID reads from project_themes, in the taxonomy's
// order, and every other field as well.
func TestProjectCardsByID_ThemesFromMaskAreTheThemesTable(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, testkit.BenchNow); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 150, testkit.BenchNow); err != nil {
			t.Fatal(err)
		}
		all, _, err := db.FindProjectsForManage(ctx, store.ManageFilter{All: true, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 150 {
			t.Fatalf("%d projects, want at least 150", len(all))
		}
		var every []string
		for _, th := range furusato.Themes {
			every = append(every, th.Slug)
		}
		// Change the themes of three projects the way a host does.
		for i, themes := range [][]string{nil, {furusato.Themes[len(furusato.Themes)-1].Slug, furusato.Themes[0].Slug}, every} {
			p, err := db.FindProject(ctx, strconv.FormatInt(all[i].ID, 10), furusato.ProjectStatuses)
			if err != nil {
				t.Fatal(err)
			}
			p.Themes = themes
			err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), testkit.BenchNow.Add(1e9)) })
			if furusato.ErrorCode(err) == furusato.EINVALID && len(themes) == 0 {
				continue // a project needs a theme: nothing to compare
			} else if err != nil {
				t.Fatal(err)
			}
		}
		ids := make([]int64, len(all))
		for i, p := range all {
			ids[i] = p.ID
		}
		full, err := db.ProjectsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		cards, err := db.ProjectCardsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(cards) != len(full) {
			t.Fatalf("%d cards, %d projects", len(cards), len(full))
		}
		withEvery := 0
		for i, p := range full {
			if !sameOrder(cards[i].Themes) {
				t.Errorf("%s: card themes %v not in the taxonomy's order", p.Slug, cards[i].Themes)
			}
			if !reflect.DeepEqual(cards[i].Themes, p.Themes) {
				t.Errorf("%s: card themes %#v, project_themes %#v", p.Slug, cards[i].Themes, p.Themes)
			}
			if reflect.DeepEqual(cards[i].Themes, every) {
				withEvery++
			}
			w := *p
			w.Background, w.WhatYouDo, w.Goal, w.Skills, w.GoodFor, w.Gains, w.WorkPlace = "", "", "", nil, "", "", ""
			w.RewardNote, w.WorkTimes, w.InterviewNote, w.SelectionSteps, w.HostIntro, w.SupporterIntro = "", "", "", nil, "", ""
			if !reflect.DeepEqual(cards[i], &w) {
				t.Errorf("card %d\n%+v\nwant\n%+v", i, cards[i], &w)
			}
		}
		if withEvery == 0 {
			t.Error("no card has every theme: the update did not reach the cards")
		}
	})
}

// TestProjectCardsByIDAt_IsCardsAndVersionInOneStatement: the cards with
// the catalogue version are ProjectCardsByID's cards and CatalogueVersion's
// version, in one statement, and the version follows a catalogue write;
// with no id found there is no row to carry it, and the version is 0.
func TestProjectCardsByIDAt_IsCardsAndVersionInOneStatement(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		var ids []int64
		for _, p := range f.bySlug {
			ids = append(ids, p.ID)
		}
		check := func(what string) {
			t.Helper()
			want, err := db.ProjectCardsByID(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			wantV, err := db.CatalogueVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			db.CountStatementsForTest(&n)
			got, v, err := db.ProjectCardsByIDAt(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%s: ProjectCardsByIDAt sent %d statements, want 1", what, n)
			}
			if v != wantV || v == 0 {
				t.Errorf("%s: version %d, CatalogueVersion %d", what, v, wantV)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: cards differ from ProjectCardsByID's", what)
			}
		}
		check("before")
		p, err := db.FindProject(ctx, "watercress", furusato.ProjectStatuses)
		if err != nil {
			t.Fatal(err)
		}
		p.Title = "新しい題"
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), testkit.BenchNow.Add(1e9)) }); err != nil {
			t.Fatal(err)
		}
		check("after a write")
		if ps, v, err := db.ProjectCardsByIDAt(ctx, []int64{1 << 40}); err != nil || len(ps) != 0 || v != 0 {
			t.Errorf("missing id: %d cards, version %d, %v; want none, 0", len(ps), v, err)
		}
	})
}
