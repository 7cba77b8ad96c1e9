package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestAPITokens_CreateFindRevokeTouchCascade(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
		hanako, taro := &furusato.User{Email: "hanako@example.jp", DisplayName: "花子"}, &furusato.User{Email: "taro@example.jp", DisplayName: "太郎"}
		tok := &furusato.APIToken{Name: "ci", Hash: "h1", Prefix: "fst_abcd", Scope: furusato.ScopeWrite, ExpiresAt: now.Add(time.Hour)}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, u := range []*furusato.User{hanako, taro} {
				if err := tx.CreateUser(ctx, u, "", now); err != nil {
					return err
				}
			}
			tok.UserID = hanako.ID
			return tx.CreateAPIToken(ctx, tok, now)
		})
		if err != nil || tok.ID == 0 {
			t.Fatalf("create: %v, id %d", err, tok.ID)
		}
		dup := &furusato.APIToken{UserID: taro.ID, Name: "dup", Hash: "h1", Prefix: "fst_abcd", Scope: furusato.ScopeRead}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateAPIToken(ctx, dup, now) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("duplicate hash: %v", err)
		}
		got, err := db.FindAPITokenByHash(ctx, "h1")
		if err != nil || got.ID != tok.ID || got.UserID != hanako.ID || !got.ExpiresAt.Equal(tok.ExpiresAt) || !got.LastUsedAt.IsZero() {
			t.Fatalf("find: %+v, %v", got, err)
		}
		if _, err := db.FindAPITokenByHash(ctx, "nope"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("unknown hash: %v", err)
		}

		touch := func(at time.Time) time.Time {
			t.Helper()
			if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, tok.ID, at, at.Add(-time.Minute)) }); err != nil {
				t.Fatal(err)
			}
			got, err := db.FindAPITokenByHash(ctx, "h1")
			if err != nil {
				t.Fatal(err)
			}
			return got.LastUsedAt
		}
		if u := touch(now); !u.Equal(now) {
			t.Errorf("first use %v", u)
		}
		if u := touch(now.Add(30 * time.Second)); !u.Equal(now) {
			t.Errorf("touched again within a minute: %v", u)
		}
		if u := touch(now.Add(2 * time.Minute)); !u.Equal(now.Add(2 * time.Minute)) {
			t.Errorf("not touched after a minute: %v", u)
		}

		err = db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.RevokeAPIToken(ctx, taro.ID, tok.ID, now); return err })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("revoke by another user: %v", err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.RevokeAPIToken(ctx, hanako.ID, tok.ID, now); return err })
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FindAPITokens(ctx, hanako.ID)
		if err != nil || len(list) != 1 || !list[0].RevokedAt.Equal(now) {
			t.Fatalf("list: %+v, %v", list, err)
		}

		if _, err := db.WriterForTest().ExecContext(ctx, `DELETE FROM users WHERE id = $1`, hanako.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := db.FindAPITokens(ctx, hanako.ID); err != nil || len(list) != 0 {
			t.Errorf("tokens outlive their user: %+v, %v", list, err)
		}
	})
}
