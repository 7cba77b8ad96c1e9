package store

import (
	"context"
	"strings"
)

// WaitingPlanForTest returns the engine's plan of FindWaitingEntries' list
// query for f (with explicit ids), one line per step. With noSeqScan,
// PostgreSQL's sequential scans are switched off for it, so that a small
// test table shows which indexes the query can use.
func (db *DB) WaitingPlanForTest(ctx context.Context, f WaitingFilter, noSeqScan bool) (string, error) {
	q, args := waitingQuery(uniqueIDs(f.OrganizationIDs), uniqueIDs(f.CompanyIDs), f.OfferedBefore, f.Limit)
	var lines []string
	err := db.Tx(ctx, func(tx *Tx) error {
		prefix := "EXPLAIN QUERY PLAN "
		if db.engine == Postgres {
			prefix = "EXPLAIN "
		}
		if db.engine == Postgres && noSeqScan {
			if _, err := tx.q.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
		}
		rows, err := tx.q.QueryContext(ctx, prefix+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				return err
			}
			if s, ok := (*vals[len(vals)-1].(*any)).(string); ok {
				lines = append(lines, s)
			}
		}
		return rows.Err()
	})
	return strings.Join(lines, "\n"), err
}
