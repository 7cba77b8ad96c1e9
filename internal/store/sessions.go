package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCleanup is how often the session store deletes expired sessions.
const sessionCleanup = 30 * time.Minute

// SessionOwner tells whose session the encoded session data is: the
// signed-in user's id and session epoch, or a zero id for a visitor. The
// HTTP layer, which encodes the data, provides it; to the store the data is
// opaque.
type SessionOwner func(data []byte) (userID, epoch int64)

// sessionStore is the scs store over the sessions table of migration
// 00017, the same SQL on both engines. It keeps sessions of signed-in
// people only, under the SHA-256 of their token, with their user id and
// epoch beside the data so that one person's sessions are one indexed
// query.
type sessionStore struct {
	db    *DB
	owner SessionOwner
	now   func() time.Time
}

// SessionStore returns the server-side session store for scs (an
// scs.CtxStore). The database never sees a session token, only its
// SHA-256, so a copy of the database signs no one in. A session whose data
// has no user (owner returns 0) is not kept: committing it deletes its row,
// so visitors cost no rows and a signed-out session leaves none. Reads go
// to the reader pool, writes to the writer. Expired sessions are deleted
// every 30 minutes until db is closed. Each call starts its own cleanup;
// call it once.
func (db *DB) SessionStore(owner SessionOwner) scs.Store {
	s := &sessionStore{db: db, owner: owner, now: time.Now}
	stop := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(sessionCleanup)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_, _ = db.DeleteExpiredSessions(context.Background(), s.now())
			}
		}
	}()
	db.addCloser(func() { once.Do(func() { close(stop) }) })
	return s
}

func sessionHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FindCtx returns the data of the unexpired session of token.
func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.q.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token_hash = $1 AND expires_at > $2`,
		sessionHash(token), ms(s.now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, wrap("find session", err)
	}
	return data, true, nil
}

// CommitCtx stores the session of token with data until expiry, or deletes
// it when data has no user.
func (s *sessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	uid, epoch := s.owner(data)
	if uid == 0 {
		return s.DeleteCtx(ctx, token)
	}
	_, err := s.db.writer.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, user_id, epoch, data, expires_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (token_hash) DO UPDATE SET
			user_id = excluded.user_id, epoch = excluded.epoch, data = excluded.data, expires_at = excluded.expires_at`,
		sessionHash(token), uid, epoch, data, ms(expiry))
	return wrap("commit session", err)
}

// DeleteCtx deletes the session of token, if there is one.
func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.writer.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, sessionHash(token))
	return wrap("delete session", err)
}

// Find is FindCtx without a context.
func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a context.
func (s *sessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

// Delete is DeleteCtx without a context.
func (s *sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteExpiredSessions deletes the sessions that expired before now and
// returns how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.writer.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, ms(now))
	if err != nil {
		return 0, wrap("delete expired sessions", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("delete expired sessions", err)
}

// CountSessions returns how many sessions of user id are live at now:
// unexpired and holding the user's current session epoch (older epochs are
// signed out already). One indexed query.
func (c *conn) CountSessions(ctx context.Context, userID int64, now time.Time) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = $1 AND s.epoch = u.session_epoch AND s.expires_at > $2`, userID, ms(now)).Scan(&n)
	if err != nil {
		return 0, wrap("count sessions", err)
	}
	return n, nil
}
