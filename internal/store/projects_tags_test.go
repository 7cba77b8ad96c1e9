package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// FrequentTags counts each skill and industry once per public project that
// carries it, reads at most the sample asked for, and never counts a draft.
func TestFrequentTags_CountsThePublicProjectsOfEachTag(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 120, now); err != nil {
			t.Fatal(err)
		}
		rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, r := range rows {
			p, err := db.FindProject(ctx, strconv.FormatInt(r.ID, 10), furusato.PublicStatuses)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			tags := append([]string{}, p.Skills...)
			if p.Company != nil {
				tags = append(tags, p.Company.Industry)
			}
			for _, s := range tags {
				if s != "" && !seen[s] {
					seen[s] = true
					want[s]++
				}
			}
		}
		got, read, err := db.FrequentTags(ctx, len(rows)+50)
		if err != nil {
			t.Fatal(err)
		}
		if read != len(rows) {
			t.Fatalf("read %d projects, want the %d public ones", read, len(rows))
		}
		for tag, n := range want {
			if got[tag] != n {
				t.Errorf("%q: counted %d, want %d", tag, got[tag], n)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d tags, want %d", len(got), len(want))
		}
		if got["Excel"] == 0 {
			t.Fatalf("no Excel among the generated skills: %v", got)
		}
		if _, read, err := db.FrequentTags(ctx, 10); err != nil || read != 10 {
			t.Fatalf("a sample of 10 read %d (%v)", read, err)
		}
	})
}

// RecentTexts gives the title, catch copy, background and what the
// participant does of the newest public projects, newest first, at most
// the sample asked for, and never a draft's.
func TestRecentTexts_GivesTheNewestPublicProjectsTexts(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 60, now); err != nil {
			t.Fatal(err)
		}
		rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		public := map[[4]string]bool{}
		for _, r := range rows {
			p, err := db.FindProject(ctx, strconv.FormatInt(r.ID, 10), furusato.PublicStatuses)
			if err != nil {
				t.Fatal(err)
			}
			public[[4]string{p.Title, p.CatchCopy, p.Background, p.WhatYouDo}] = true
		}
		var got [][4]string
		read, err := db.RecentTexts(ctx, len(rows)+50, func(texts [4]string) { got = append(got, texts) })
		if err != nil {
			t.Fatal(err)
		}
		if read != len(rows) || len(got) != len(rows) {
			t.Fatalf("read %d projects (%d texts), want the %d public ones", read, len(got), len(rows))
		}
		for _, texts := range got {
			if !public[texts] {
				t.Fatalf("texts of no public project: %q", texts)
			}
		}
		var newest [][4]string
		if n, err := db.RecentTexts(ctx, 5, func(texts [4]string) { newest = append(newest, texts) }); err != nil || n != 5 || len(newest) != 5 {
			t.Fatalf("a sample of 5 read %d (%v)", n, err)
		}
		for i := range newest {
			if newest[i] != got[i] {
				t.Fatalf("a sample of 5 is not the newest five: %q, want %q", newest[i], got[i])
			}
		}
	})
}
