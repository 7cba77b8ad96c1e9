package store

import (
	"context"
	"time"
)

// Throttles are fixed-window counters in the database, so that every node
// sees the same count. A key names the limit and its subject, such as
// "signin:ip:203.0.113.7".

// HitThrottle counts one event for key at now in a window of length window
// and returns the count of the current window, this event included. A
// window that began at or before now-window is over: the count starts
// again at 1. One upsert, so concurrent hits are all counted. Call it on a
// Tx.
func (c *conn) HitThrottle(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO throttles (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			window_start = CASE WHEN throttles.window_start <= $3 THEN excluded.window_start ELSE throttles.window_start END,
			count        = CASE WHEN throttles.window_start <= $3 THEN 1 ELSE throttles.count + 1 END
		RETURNING count`, key, ms(now), ms(now.Add(-window))).Scan(&n)
	if err != nil {
		return 0, wrap("hit throttle", err)
	}
	return n, nil
}

// ThrottleStart returns when the current window of key began (the zero
// time when key has none), so that a refusal can say when the limit
// lifts: at the start plus the window. Call it on a Tx to read the window
// that HitThrottle just counted.
func (c *conn) ThrottleStart(ctx context.Context, key string) (time.Time, error) {
	var start int64
	err := c.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(window_start), 0) FROM throttles WHERE key = $1`, key).Scan(&start)
	if err != nil || start == 0 {
		return time.Time{}, wrap("throttle start", err)
	}
	return fromMS(start), nil
}

// ForgiveThrottle takes one event back from key (never below zero), as
// when an attempt that was counted turns out to be legitimate. Call it on
// a Tx.
func (c *conn) ForgiveThrottle(ctx context.Context, key string) error {
	_, err := c.q.ExecContext(ctx, `UPDATE throttles SET count = count - 1 WHERE key = $1 AND count > 0`, key)
	return wrap("forgive throttle", err)
}

// ResetThrottle forgets every event of key. Call it on a Tx.
func (c *conn) ResetThrottle(ctx context.Context, key string) error {
	_, err := c.q.ExecContext(ctx, `DELETE FROM throttles WHERE key = $1`, key)
	return wrap("reset throttle", err)
}

// DeleteStaleThrottles removes the counters whose window began before
// before, so the table does not grow without bound. Call it on a Tx.
func (c *conn) DeleteStaleThrottles(ctx context.Context, before time.Time) (int64, error) {
	res, err := c.q.ExecContext(ctx, `DELETE FROM throttles WHERE window_start < $1`, ms(before))
	if err != nil {
		return 0, wrap("delete stale throttles", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("delete stale throttles", err)
}
