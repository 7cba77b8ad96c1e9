package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

func clock() time.Time { return now }

func seed(t *testing.T, db *store.DB) (*furusato.Company, *furusato.Organization) {
	t.Helper()
	ctx := context.Background()
	co := &furusato.Company{Slug: "kura", Name: "山なみ酒造", Prefecture: 21, City: "高山市"}
	org := &furusato.Organization{Slug: "gifu", Name: "岐阜つなぐラボ", Kind: furusato.OrgCoordinator, Prefectures: []int{21}}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateOrganization(ctx, org, now); err != nil {
			return err
		}
		if err := tx.CreateCompany(ctx, co, now); err != nil {
			return err
		}
		return addProject(ctx, tx, "sake-pr", "酒蔵の広報", co, org, furusato.StatusPublished)
	})
	if err != nil {
		t.Fatal(err)
	}
	return co, org
}

func addProject(ctx context.Context, tx *store.Tx, slug, title string, co *furusato.Company, org *furusato.Organization, st furusato.ProjectStatus) error {
	today := furusato.DateOf(now)
	return tx.CreateProject(ctx, &furusato.Project{
		Slug: slug, Title: title, CatchCopy: "キャッチ", Background: "背景", WhatYouDo: "やること", Goal: "ゴール",
		Themes: []string{"pr"}, WorkStyle: furusato.WorkRemote, HoursPerWeek: 3, DurationMonths: 3,
		RewardType: furusato.RewardNone, TravelCost: furusato.TravelNone, Places: 1, Deadline: today.AddDays(10),
		Prefecture: co.Prefecture, CompanyID: co.ID, Company: co, OrganizationID: org.ID, Status: st,
	}, now)
}

// Two nodes share one database: a write through one must show at once in
// the other's cached listings.
func TestCatalogue_CacheFollowsWritesFromOtherNodes(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		co, org := seed(t, db)
		nodeA := service.NewCatalogue(db, clock)
		nodeB := service.NewCatalogue(db, clock)
		for _, node := range []*service.Catalogue{nodeA, nodeB} {
			if _, total, err := node.FindProjects(ctx, furusato.ProjectFilter{Query: "広報"}); err != nil || total != 1 {
				t.Fatalf("before: total %d, %v", total, err)
			}
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return addProject(ctx, tx, "sake-pr-2", "酒蔵の広報、第二弾", co, org, furusato.StatusPublished)
		}); err != nil {
			t.Fatal(err)
		}
		for name, node := range map[string]*service.Catalogue{"A": nodeA, "B": nodeB} {
			// Counts are read from the database once the node sees the new
			// version: at once.
			cc, err := node.Counts(ctx)
			if err != nil || cc.Open != 2 {
				t.Errorf("node %s counts after write: %+v, %v", name, cc, err)
			}
			// A listing shows the write once the node's new listing index is
			// loaded; until then (a load slower than staleWait, as on a busy
			// machine) it ranks over the previous index, which holds one.
			testkit.EventuallyOK(t, 30*time.Second, func() error {
				ps, total, err := node.FindProjects(ctx, furusato.ProjectFilter{Query: "広報"})
				if err != nil {
					t.Fatalf("node %s after write: %v", name, err)
				}
				if total != 2 || len(ps) != 2 {
					if total != 1 {
						t.Fatalf("node %s after write: total %d, want 1 (the previous index) or 2", name, total)
					}
					return fmt.Errorf("node %s lists %d of 2 projects (total %d)", name, len(ps), total)
				}
				return nil
			})
		}
	})
}

func TestCatalogue_RefusesBadInput(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	seed(t, db)
	cat := service.NewCatalogue(db, clock)
	ctx := context.Background()
	for name, f := range map[string]furusato.ProjectFilter{
		"long query":    {Query: strings.Repeat("あ", 201)},
		"invalid utf-8": {Query: "\xff\xfe"},
		"huge page":     {Offset: service.MaxPage*service.MaxPerPage + 1},
		"negative":      {Offset: -1},
		"big limit":     {Limit: service.MaxPerPage + 1},
	} {
		if _, _, err := cat.FindProjects(ctx, f); furusato.ErrorCode(err) != furusato.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
	// The public catalogue never shows drafts, whatever the caller asks.
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		co, _ := tx.FindCompanyBySlug(ctx, "kura")
		org, _ := tx.FindOrganizationBySlug(ctx, "gifu")
		return addProject(ctx, tx, "secret", "秘密の下書き", co, org, furusato.StatusDraft)
	}); err != nil {
		t.Fatal(err)
	}
	ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "秘密", Statuses: []furusato.ProjectStatus{furusato.StatusDraft}})
	if err != nil || len(ps) != 0 {
		t.Errorf("draft listed: %v, %v", ps, err)
	}
	if _, err := cat.FindProject(ctx, "secret"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
		t.Errorf("draft found: %v", err)
	}
}
