package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// builder collects WHERE clauses and their numbered arguments.
type builder struct {
	args  []any
	conds []string
}

// arg adds v to the arguments and returns its placeholder ($n).
func (b *builder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func (b *builder) where(cond string) { b.conds = append(b.conds, cond) }

func (b *builder) clause() string {
	if len(b.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(b.conds, " AND ")
}

// list adds every value of vs to b's arguments and returns their
// placeholders for an IN (…) list: "$3, $4, $5".
func list[T any](b *builder, vs []T) string {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = b.arg(v)
	}
	return strings.Join(ph, ", ")
}

// ids is list for ids.
func (b *builder) ids(vs []int64) string { return list(b, vs) }

// ints is list for ints.
func (b *builder) ints(vs []int) string { return list(b, vs) }

// statuses is list for project statuses; none means the public ones.
func (b *builder) statuses(ss []furusato.ProjectStatus) string {
	if len(ss) == 0 {
		ss = furusato.PublicStatuses
	}
	vs := make([]string, len(ss))
	for i, s := range ss {
		vs[i] = string(s)
	}
	return list(b, vs)
}

// queryIDs runs query on q and returns the int64 of each row's single
// column, in the query's order; errors are wrapped with op.
func queryIDs(ctx context.Context, q querier, op, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(op, err)
		}
		ids = append(ids, id)
	}
	return ids, wrap(op, rows.Err())
}

// likeEscaper escapes LIKE's wildcards; the pattern takes ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likeEscape escapes the LIKE wildcards of s, for a pattern with
// ESCAPE '\'.
func likeEscape(s string) string { return likeEscaper.Replace(s) }
