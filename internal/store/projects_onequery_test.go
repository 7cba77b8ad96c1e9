package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// hostileText is text a reader must give back as it was written: markup
// characters, quotes, the separators the aggregated columns use, a
// bidirectional override, and long text.
var hostileText = []string{
	`<script>alert("x")</script> & 'q'`,
	"a,b\nc\td",
	"\u202e逆向き\u202c",
	strings.Repeat("長い文", 2000),
	"\\\" }]\x01\t\u2028 \U0001F600 [\"u\":1]",
}

// TestFindProject_OneStatementIsTheReference: FindProject reads the row,
// its company, its organisation with its prefectures, the themes and the
// supporters in one statement, and gives the same project as
// ReferenceFindProject (five statements) for every project and status set,
// by id and by slug, with supporters and texts that are hostile; a hidden or
// missing project is ENOTFOUND in both.
func TestFindProject_OneStatementIsTheReference(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		wc := f.bySlug["watercress"]
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for i, s := range hostileText {
				q := `INSERT INTO project_supporters (project_id, position, organization_id, name, role) VALUES (` +
					itoa(wc.ID) + `, ` + itoa(int64(i)) + `, ` + itoa(f.partner.ID) + `, '` + strings.ReplaceAll(s, "'", "''") + `', '` + strings.ReplaceAll(s, "'", "''") + `')`
				if err := tx.ExecForTest(ctx, q); err != nil {
					return err
				}
			}
			// A supporter linked to an account, whose e-mail comes with it.
			if err := tx.ExecForTest(ctx, `INSERT INTO users (id, email, display_name, created_at, updated_at) VALUES (90001, 'sup"\@example.jp', 'u', 0, 0)`); err != nil {
				return err
			}
			if err := tx.ExecForTest(ctx, `INSERT INTO project_supporters (project_id, position, organization_id, name, role, user_id) VALUES (`+
				itoa(wc.ID)+`, 99, `+itoa(f.partner.ID)+`, 'linked', '', 90001)`); err != nil {
				return err
			}
			return tx.ExecForTest(ctx, `UPDATE companies SET description = '`+strings.ReplaceAll(hostileText[0]+hostileText[2], "'", "''")+`' WHERE id = `+itoa(wc.CompanyID))
		})
		if err != nil {
			t.Fatal(err)
		}
		statusSets := [][]furusato.ProjectStatus{nil, furusato.PublicStatuses, {furusato.StatusDraft}, {furusato.StatusPublished, furusato.StatusCancelled, furusato.StatusDraft}}
		var n int
		db.CountStatementsForTest(&n)
		for slug, p := range f.bySlug {
			for _, key := range []string{slug, itoa(p.ID)} {
				for _, ss := range statusSets {
					want, werr := db.ReferenceFindProject(ctx, key, ss)
					n = 0
					got, gerr := db.FindProject(ctx, key, ss)
					sent := n
					if furusato.ErrorCode(werr) != furusato.ErrorCode(gerr) {
						t.Fatalf("%s %v: FindProject error %v, reference %v", key, ss, gerr, werr)
					}
					if werr != nil {
						continue
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %v: FindProject\n%+v\n%+v %+v\nreference\n%+v\n%+v %+v", key, ss, got, got.Company, got.Organization, want, want.Company, want.Organization)
					}
					if sent != 1 {
						t.Errorf("%s: FindProject sent %d statements, want 1", key, sent)
					}
				}
			}
		}
		got, err := db.FindProject(ctx, "watercress", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, v, err := db.FindProjectAt(ctx, "watercress", nil); err != nil {
			t.Fatal(err)
		} else if want, _ := db.CatalogueVersion(ctx); v != want {
			t.Errorf("FindProjectAt's version %d, CatalogueVersion %d", v, want)
		}
		if len(got.Supporters) != len(hostileText)+1 || got.Supporters[3].Name != hostileText[3] || got.Supporters[4].Role != hostileText[4] {
			t.Errorf("supporters %d, want %d with the hostile names", len(got.Supporters), len(hostileText)+1)
		}
		if s := got.Supporters[len(hostileText)]; s.UserID != 90001 || s.Email != `sup"\@example.jp` {
			t.Errorf("linked supporter %+v, want user 90001 with its e-mail", s)
		}
		if !reflect.DeepEqual(got.Organization.Prefectures, []int{21, 23}) {
			t.Errorf("organisation's prefectures %v, want [21 23]", got.Organization.Prefectures)
		}
		if _, err := db.FindProject(ctx, "no-such-project", nil); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing project: %v, want ENOTFOUND", err)
		}
		if _, err := db.FindProject(ctx, "ryukyu-draft", nil); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("draft among public statuses: %v, want ENOTFOUND", err)
		}
	})
}

// TestProjectCardsByID_IsProjectsByIDWithoutLongTexts: the card projection
// gives, for every project and in the order of the ids, what ProjectsByID
// gives with the long texts of the project page left empty, in one
// statement.
func TestProjectCardsByID_IsProjectsByIDWithoutLongTexts(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		var ids []int64
		for _, p := range f.bySlug {
			ids = append(ids, p.ID)
		}
		ids = append(ids, 1<<40) // a missing id is left out
		full, err := db.ProjectsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		db.CountStatementsForTest(&n)
		cards, err := db.ProjectCardsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("ProjectCardsByID sent %d statements, want 1", n)
		}
		if len(cards) != len(full) || len(full) != len(f.bySlug) {
			t.Fatalf("%d cards, %d projects, want %d", len(cards), len(full), len(f.bySlug))
		}
		for i, p := range full {
			w := *p
			w.Background, w.WhatYouDo, w.Goal, w.Skills, w.GoodFor, w.Gains, w.WorkPlace = "", "", "", nil, "", "", ""
			w.RewardNote, w.WorkTimes, w.InterviewNote, w.SelectionSteps, w.HostIntro, w.SupporterIntro = "", "", "", nil, "", ""
			if !reflect.DeepEqual(cards[i], &w) {
				t.Errorf("card %d\n%+v\nwant\n%+v", i, cards[i], &w)
			}
		}
		if cs, err := db.ProjectCardsByID(ctx, nil); err != nil || cs != nil {
			t.Errorf("no ids: %v, %v", cs, err)
		}
	})
}
