package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// An image's created_at comes from the clock the store is given, not the
// machine's.
func TestImages_PutStampsTheGivenClock(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx := context.Background()
		at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		key := "0123456789abcdef0123456789abcdef-320.jpg"
		if err := db.Images(func() time.Time { return at }).Put(ctx, key, []byte("jpeg"), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		got, err := db.ImageCreatedAtForTest(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(at) {
			t.Errorf("created_at %v, want %v", got, at)
		}
	})
}
