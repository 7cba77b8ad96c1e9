package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestAudit_WriteAndFindNewestFirst(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := createUser(t, db, "admin@example.jp", true)
		entries := []furusato.AuditEntry{
			{At: now, Action: "user.create", ObjectType: "user", ObjectID: u.ID, Detail: json.RawMessage(`{"admin":true}`)},
			{At: now.Add(time.Minute), ActorID: u.ID, Action: "membership.remove", ObjectType: "user", ObjectID: u.ID, IP: "203.0.113.7"},
			{At: now.Add(2 * time.Minute), ActorID: u.ID, Action: "user.create", ObjectType: "user", ObjectID: 42},
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, e := range entries {
				if err := tx.Audit(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all, total, err := db.FindAudit(ctx, furusato.AuditFilter{})
		if err != nil || total != 3 || len(all) != 3 {
			t.Fatalf("FindAudit = %d entries, total %d, %v", len(all), total, err)
		}
		if all[0].ObjectID != 42 || all[2].Action != "user.create" || all[2].ActorID != 0 {
			t.Errorf("order or fields: %+v", all)
		}
		first := all[2]
		if first.ID == 0 || !first.At.Equal(now) || first.ObjectType != "user" || first.ObjectID != u.ID || string(first.Detail) != `{"admin":true}` {
			t.Errorf("first entry = %+v (detail %s)", first, first.Detail)
		}
		if all[1].IP != "203.0.113.7" || all[1].ActorID != u.ID || string(all[1].Detail) != `{}` {
			t.Errorf("second entry = %+v (detail %s)", all[1], all[1].Detail)
		}

		page, total, err := db.FindAudit(ctx, furusato.AuditFilter{Action: "user.create", Limit: 1, Offset: 1})
		if err != nil || total != 2 || len(page) != 1 || page[0].ObjectID != u.ID {
			t.Errorf("user.create page 2 = %+v, total %d, %v", page, total, err)
		}
		// Past the last page: nothing, but still the total.
		page, total, err = db.FindAudit(ctx, furusato.AuditFilter{Limit: 10, Offset: 10})
		if err != nil || total != 3 || len(page) != 0 {
			t.Errorf("past the end = %+v, total %d, %v", page, total, err)
		}
		if _, _, err := db.FindAudit(ctx, furusato.AuditFilter{Offset: -1}); furusato.ErrorCode(err) != furusato.EINVALID {
			t.Errorf("negative offset: err = %v, want EINVALID", err)
		}
		if none, total, err := db.FindAudit(ctx, furusato.AuditFilter{Action: "nothing.ever"}); err != nil || total != 0 || len(none) != 0 {
			t.Errorf("unknown action = %v, %d, %v", none, total, err)
		}
	})
}

func TestAudit_RefusesIncompleteEntries(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for name, e := range map[string]furusato.AuditEntry{
			"no action":      {At: now},
			"no time":        {Action: "user.create"},
			"unknown action": {At: now, Action: "membership.add"}, // not in furusato.AuditActions
			"bad detail":     {At: now, Action: "user.create", Detail: json.RawMessage(`{admin}`)},
		} {
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.Audit(ctx, e) }); err == nil {
				t.Errorf("%s: stored", name)
			}
		}
		if _, total, _ := db.FindAudit(ctx, furusato.AuditFilter{}); total != 0 {
			t.Errorf("%d entries stored", total)
		}
	})
}
