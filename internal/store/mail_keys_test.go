package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestMailKey_FirstCandidateIsKept(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var first, second string
		if err := db.Tx(ctx, func(tx *store.Tx) (err error) { first, err = tx.MailKey(ctx, "secret-one"); return err }); err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) (err error) { second, err = tx.MailKey(ctx, "secret-two"); return err }); err != nil {
			t.Fatal(err)
		}
		if first != "secret-one" || second != "secret-one" {
			t.Errorf("keys %q then %q, want the first candidate both times", first, second)
		}
	})
}
