package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func draftFor(w *teamWorld, u *furusato.User, hours int) *furusato.Record {
	return &furusato.Record{TeamID: w.team.ID, ProjectID: w.project.ID, CompanyID: w.team.CompanyID,
		OrganizationID: w.team.OrganizationID, UserID: u.ID, ProjectTitle: w.project.Title, CompanyName: "飛騨の会社",
		ParticipantName: u.DisplayName, Role: "参加者", Start: now, End: now.Add(90 * 24 * time.Hour), ReportedHours: hours}
}

func TestRecords_DraftIssuePublishRevoke(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		for i, h := range []int{5, 7} {
			tx(t, db, func(ctx context.Context, tx *store.Tx) error {
				return tx.CreateCheckIn(ctx, &furusato.CheckIn{TeamID: w.team.ID, AuthorID: w.alice.ID, PeriodStart: now,
					PeriodEnd: now.Add(time.Duration(i+1) * time.Hour), Done: "済", Next: "次", Hours: h}, now)
			})
		}
		if n, err := db.SumCheckInHours(ctx, w.team.ID, w.alice.ID); err != nil || n != 12 {
			t.Fatalf("alice's hours = %d, %v; want 12", n, err)
		}
		if n, err := db.SumCheckInHours(ctx, w.team.ID, w.bob.ID); err != nil || n != 0 {
			t.Fatalf("bob's hours = %d, %v; want 0", n, err)
		}

		r := draftFor(w, w.alice, 12)
		var created bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			created, err = tx.CreateRecord(ctx, r, now)
			return err
		})
		if !created || r.ID == 0 {
			t.Fatalf("first draft: created %v id %d", created, r.ID)
		}
		again := draftFor(w, w.alice, 99)
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			created, err = tx.CreateRecord(ctx, again, now)
			return err
		})
		if created {
			t.Fatal("a second draft for the same participant and team was created")
		}
		got, err := db.FindRecord(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != furusato.RecordDraft || got.Hours != 12 || got.ReportedHours != 12 || got.Public || got.Credential != "" ||
			!got.Start.Equal(now) || got.StatusIndex != r.ID {
			t.Errorf("draft = %+v", got)
		}
		if ds, err := db.FindDraftRecords(ctx, []int64{w.team.CompanyID}); err != nil || len(ds) != 1 || ds[0].ID != r.ID {
			t.Errorf("drafts of the company = %v, %v", ds, err)
		}
		if ds, err := db.FindDraftRecords(ctx, []int64{w.team.CompanyID + 1000}); err != nil || len(ds) != 0 {
			t.Errorf("drafts of another company = %v, %v", ds, err)
		}
		// Revoking a draft is a conflict: it has no credential yet.
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeRecord(ctx, r.ID, "誤り", w.staff.ID, now) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("revoke a draft: %v", err)
		}

		r.Hours, r.Words, r.WordsConsent, r.ConfirmedBy, r.Credential = 10, "助かりました", true, w.staff.ID, `{"id":"x"}`
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.IssueRecord(ctx, r, now) })
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.IssueRecord(ctx, r, now) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("second issue: %v, want ECONFLICT", err)
		}
		// Words without consent are refused by the database too.
		bad := draftFor(w, w.bob, 0)
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			_, err = tx.CreateRecord(ctx, bad, now)
			return err
		})
		bad.Words, bad.ConfirmedBy, bad.Credential = "同意なし", w.staff.ID, `{}`
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.IssueRecord(ctx, bad, now) }); err == nil {
			t.Error("words without consent were stored")
		}

		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.SetRecordPublic(ctx, r.ID, false, true) })
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.SetRecordPublic(ctx, r.ID, false, true) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("stale public toggle: %v", err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.RevokeRecord(ctx, r.ID, "事実と異なる", 0, now.Add(time.Hour))
		})
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeRecord(ctx, r.ID, "二度目", 0, now) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("second revoke: %v, want ECONFLICT", err)
		}
		got, err = db.FindRecord(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != furusato.RecordRevoked || got.RevokeReason != "事実と異なる" || !got.Public || got.Hours != 10 ||
			got.Words != "助かりました" || !got.WordsConsent || got.Credential != `{"id":"x"}` || got.ConfirmedBy != w.staff.ID {
			t.Errorf("revoked = %+v", got)
		}
		ids, err := db.FindRevokedRecordIDs(ctx, 0, 131072)
		if err != nil || len(ids) != 1 || ids[0] != r.ID {
			t.Errorf("revoked ids = %v, %v", ids, err)
		}
		mine, err := db.FindUserRecords(ctx, w.alice.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != r.ID {
			t.Errorf("alice's records = %v, %v", mine, err)
		}
		if _, err := db.FindRecord(ctx, r.ID+1000); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing record: %v", err)
		}
	})
}

func TestSigningKeysAndStatusLists(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		k1 := &furusato.SigningKey{Name: "key-1", Seed: []byte("seed-1-0123456789abcdef0123456789"), Public: []byte("pub-1")}
		k1b := &furusato.SigningKey{Name: "key-1", Seed: []byte("other"), Public: []byte("other")}
		var added bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			added, err = tx.AddSigningKey(ctx, k1, now)
			return err
		})
		if !added {
			t.Fatal("first key not added")
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			added, err = tx.AddSigningKey(ctx, k1b, now)
			return err
		})
		if added {
			t.Fatal("a second key-1 was added")
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			_, err = tx.AddSigningKey(ctx, &furusato.SigningKey{Name: "key-2", Seed: []byte("s2"), Public: []byte("p2")}, now)
			return err
		})
		keys, err := db.FindSigningKeys(ctx)
		if err != nil || len(keys) != 2 || keys[0].Name != "key-1" || string(keys[0].Seed) != string(k1.Seed) || keys[1].Name != "key-2" {
			t.Fatalf("keys = %+v, %v", keys, err)
		}

		if _, err := db.FindStatusList(ctx, 1); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing list: %v", err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.AddStatusList(ctx, 1, "first", now) })
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.AddStatusList(ctx, 1, "second", now) })
		if doc, err := db.FindStatusList(ctx, 1); err != nil || doc != "first" {
			t.Errorf("list after two adds = %q, %v", doc, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.PutStatusList(ctx, 1, "re-signed", now) })
		if doc, err := db.FindStatusList(ctx, 1); err != nil || doc != "re-signed" {
			t.Errorf("list after put = %q, %v", doc, err)
		}
	})
}

// TestLockStatusList_SecondWaitsForTheFirst: a revocation holds its list
// until it commits, so a second one on the same list (another node)
// re-signs it only afterwards, seeing the first one's bit.
func TestLockStatusList_SecondWaitsForTheFirst(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if id, err := db.MaxRecordID(ctx); err != nil || id != 0 {
			t.Fatalf("max record id without records = %d, %v", id, err)
		}
		locked, second := make(chan struct{}), make(chan time.Time, 1)
		var firstDone time.Time
		go func() {
			<-locked
			err := db.Tx(ctx, func(tx *store.Tx) error { return tx.LockStatusList(ctx, 1, now) })
			if err != nil {
				t.Error(err)
			}
			second <- time.Now()
		}()
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.LockStatusList(ctx, 1, now); err != nil {
				return err
			}
			close(locked)
			time.Sleep(300 * time.Millisecond)
			if err := tx.PutStatusList(ctx, 1, "first", now); err != nil {
				return err
			}
			firstDone = time.Now()
			return nil
		})
		if got := <-second; got.Before(firstDone) {
			t.Errorf("the second lock was taken at %v, before the first transaction ended at %v", got, firstDone)
		}
		if doc, err := db.FindStatusList(ctx, 1); err != nil || doc != "first" {
			t.Errorf("list = %q, %v", doc, err)
		}
	})
}

// A deleted account's records stop being public: the verification page and
// the credential answer 404 from then on, as for a private record.
func TestRecords_ErasedAccountsRecordIsNoLongerPublic(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		mine, other := draftFor(w, w.alice, 3), draftFor(w, w.bob, 4)
		for _, r := range []*furusato.Record{mine, other} {
			tx(t, db, func(ctx context.Context, tx *store.Tx) error {
				if _, err := tx.CreateRecord(ctx, r, now); err != nil {
					return err
				}
				r.ConfirmedBy, r.Credential = w.staff.ID, `{"id":"x"}`
				if err := tx.IssueRecord(ctx, r, now); err != nil {
					return err
				}
				return tx.SetRecordPublic(ctx, r.ID, false, true)
			})
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.EraseUserContent(ctx, w.alice.ID) })
		for r, public := range map[*furusato.Record]bool{mine: false, other: true} {
			got, err := db.FindRecord(ctx, r.ID)
			if err != nil || got.Public != public {
				t.Errorf("record of user %d: public %v, %v; want %v", r.UserID, got.Public, err, public)
			}
		}
	})
}
