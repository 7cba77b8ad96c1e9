package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// pickWithPastFirst proposes the demo participant an interview on a second
// project (the first is the matched team's) whose first time has passed
// already, as a proposal left open for days has, and returns its pick path.
func pickWithPastFirst(t *testing.T, s *site) string {
	t.Helper()
	ctx := context.Background()
	p := s.project(t, "hida-fanclub-relationship")
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "飛騨が好きです。", Contribution: "写真", HoursPerWeek: 5}
	iv := &furusato.Interview{Online: true, Location: "https://meet.example.jp/abc", Slots: []furusato.InterviewSlot{
		{Start: testNow.Add(-24 * time.Hour), Duration: time.Hour},
		{Start: time.Date(2026, 11, 24, 14, 0, 0, 0, furusato.JST), Duration: time.Hour},
	}}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateEntry(ctx, e, testNow.Add(-72*time.Hour)); err != nil {
			return err
		}
		if err := tx.MoveEntry(ctx, e.ID, furusato.StageSubmitted, furusato.StageInterview, testNow.Add(-72*time.Hour)); err != nil {
			return err
		}
		iv.EntryID = e.ID
		return tx.CreateInterview(ctx, iv, testNow.Add(-48*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/me/interviews/%d/pick", iv.ID)
}

// pickAnchor is the id of the first radio of the pick form posting to path:
// the first time still to come.
func pickAnchor(path string) string {
	id := strings.TrimSuffix(strings.TrimPrefix(path, "/me/interviews/"), "/pick")
	return "slot-" + id + "-1"
}
