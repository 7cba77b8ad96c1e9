package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// testOwner reads session data of the form "uid:epoch" ("" for a visitor).
func testOwner(data []byte) (userID, epoch int64) {
	fmt.Sscanf(string(data), "%d:%d", &userID, &epoch)
	return userID, epoch
}

// sessionRows returns every row of the sessions table as text, to look for
// what must not be there.
func sessionRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.WriterForTest().Query(`SELECT token_hash, user_id, epoch, data, expires_at FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var hash string
		var uid, epoch, exp int64
		var data []byte
		if err := rows.Scan(&hash, &uid, &epoch, &data, &exp); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s|%d|%d|%s|%d", hash, uid, epoch, data, exp))
	}
	return out
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The store keeps only the SHA-256 of a token: the token is found again
// until the session expires or is deleted, but it appears nowhere in the
// table, and its hash used as a token finds nothing.
func TestSessions_OnlyTheHashOfTheTokenIsStored(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s := db.SessionStore(testOwner).(scs.CtxStore)
		ctx := context.Background()
		const live, stale = "live-token-abcdefghijklmnopqrstuvwxyz", "stale-token-abcdefghijklmnopqrstuvwxyz"
		if err := s.CommitCtx(ctx, live, []byte("7:1"), time.Now().Add(time.Hour)); err != nil {
			t.Fatalf("commit: %v", err)
		}
		if err := s.Commit(stale, []byte("7:1"), time.Now().Add(-time.Hour)); err != nil {
			t.Fatalf("commit: %v", err)
		}
		rows := sessionRows(t, db)
		if len(rows) != 2 {
			t.Fatalf("rows %q, want 2", rows)
		}
		for _, r := range rows {
			if strings.Contains(r, "token") {
				t.Errorf("a row holds a token: %q", r)
			}
		}
		if !strings.HasPrefix(rows[0], sha(live)+"|7|1|") && !strings.HasPrefix(rows[1], sha(live)+"|7|1|") {
			t.Errorf("rows %q lack the hash of the live token with its user and epoch", rows)
		}
		if b, found, err := s.FindCtx(ctx, live); err != nil || !found || string(b) != "7:1" {
			t.Errorf("find live = %q, %v, %v", b, found, err)
		}
		if _, found, err := s.Find(sha(live)); err != nil || found {
			t.Errorf("find by the stored hash = %v, %v; want not found", found, err)
		}
		if _, found, err := s.Find(stale); err != nil || found {
			t.Errorf("find stale = %v, %v; want not found", found, err)
		}
		if err := s.Commit(live, []byte("7:2"), time.Now().Add(2*time.Hour)); err != nil {
			t.Fatalf("commit again: %v", err)
		}
		if b, _, _ := s.Find(live); string(b) != "7:2" {
			t.Errorf("after a second commit: %q", b)
		}
		if err := s.DeleteCtx(ctx, live); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find(live); found {
			t.Error("deleted session still found")
		}
	})
}

// A visitor's session (no user in it) is never written; committing one
// over a signed-in session (a sign-out) deletes the row.
func TestSessions_VisitorsGetNoRow(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s := db.SessionStore(testOwner)
		for i := range 5 {
			if err := s.Commit(fmt.Sprintf("visitor-%d", i), []byte("flash"), time.Now().Add(time.Hour)); err != nil {
				t.Fatalf("commit: %v", err)
			}
		}
		if rows := sessionRows(t, db); len(rows) != 0 {
			t.Fatalf("visitors left rows %q", rows)
		}
		if err := s.Commit("someone", []byte("9:0"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("someone", []byte(""), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if rows := sessionRows(t, db); len(rows) != 0 {
			t.Fatalf("a signed-out session left rows %q", rows)
		}
	})
}

// CountSessions counts the live sessions of one person that hold their
// current epoch: not expired ones, not signed-out ones, not other people's.
func TestSessions_CountSessionsOfOneUser(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		var ids []int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, e := range []string{"hanako@example.jp", "taro@example.jp"} {
				u := &furusato.User{Email: e, DisplayName: "名前"}
				if err := tx.CreateUser(ctx, u, "", now); err != nil {
					return err
				}
				ids = append(ids, u.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		hanako, taro := ids[0], ids[1]
		s := db.SessionStore(testOwner)
		commit := func(token string, uid, epoch int64, expiry time.Time) {
			t.Helper()
			if err := s.Commit(token, fmt.Appendf(nil, "%d:%d", uid, epoch), expiry); err != nil {
				t.Fatal(err)
			}
		}
		commit("h1", hanako, 0, now.Add(time.Hour))
		commit("h2", hanako, 0, now.Add(time.Hour))
		commit("h-expired", hanako, 0, now.Add(-time.Minute))
		commit("t1", taro, 0, now.Add(time.Hour))
		if n, err := db.CountSessions(ctx, hanako, now); err != nil || n != 2 {
			t.Errorf("CountSessions(hanako) = %d, %v; want 2", n, err)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.BumpSessionEpoch(ctx, hanako, now); return err })
		if err != nil {
			t.Fatal(err)
		}
		commit("h3", hanako, 1, now.Add(time.Hour))
		if n, err := db.CountSessions(ctx, hanako, now); err != nil || n != 1 {
			t.Errorf("after signing out everywhere: CountSessions(hanako) = %d, %v; want 1", n, err)
		}
		if n, err := db.CountSessions(ctx, taro, now); err != nil || n != 1 {
			t.Errorf("CountSessions(taro) = %d, %v; want 1", n, err)
		}
	})
}

// Expired sessions are deleted by DeleteExpiredSessions.
func TestSessions_DeleteExpired(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s := db.SessionStore(testOwner)
		now := time.Now()
		_ = s.Commit("old", []byte("3:0"), now.Add(-time.Second))
		_ = s.Commit("new", []byte("3:0"), now.Add(time.Hour))
		n, err := db.DeleteExpiredSessions(context.Background(), now)
		if err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
		}
		if rows := sessionRows(t, db); len(rows) != 1 {
			t.Errorf("rows %q, want the live one", rows)
		}
	})
}
