package store

import "context"

// ExecForTest runs q in tx, for probes and tests.
func (tx *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := tx.q.ExecContext(ctx, q)
	return err
}
