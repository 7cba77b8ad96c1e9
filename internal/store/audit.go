package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/furusato/furusato/internal/furusato"
)

// DefaultAuditLimit is the page size of FindAudit when the filter names none.
const DefaultAuditLimit = 50

// Audit appends e to the audit log (e.ID is ignored). A zero e.At is not
// allowed (times come from the service's clock); an empty Detail is stored
// as {}. Call it on the Tx of the change it records, so that both are
// written or neither.
func (c *conn) Audit(ctx context.Context, e furusato.AuditEntry) error {
	if !e.Action.Valid() || e.At.IsZero() {
		return fmt.Errorf("store: audit: a known action and a time are required (action %q)", e.Action)
	}
	detail := e.Detail
	if len(detail) == 0 {
		detail = json.RawMessage(`{}`)
	}
	if !json.Valid(detail) {
		return errors.New("store: audit: detail is not JSON")
	}
	_, err := c.q.ExecContext(ctx, `
		INSERT INTO audit_log (at, actor_user_id, action, object_type, object_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		ms(e.At), nullID(e.ActorID), string(e.Action), e.ObjectType, nullID(e.ObjectID), e.IP, string(detail))
	return wrap("audit", err)
}

// FindAudit returns one page of audit entries matching f, newest first,
// and the number of all matching entries.
func (c *conn) FindAudit(ctx context.Context, f furusato.AuditFilter) ([]furusato.AuditEntry, int, error) {
	if f.Limit <= 0 {
		f.Limit = DefaultAuditLimit
	}
	if f.Offset < 0 {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "Page out of range.")
	}
	rows, err := c.q.QueryContext(ctx, `
		SELECT id, at, COALESCE(actor_user_id, 0), action, object_type, COALESCE(object_id, 0), ip, detail,
		       COUNT(*) OVER ()
		FROM audit_log
		WHERE ($1 = '' OR action = $1)
		ORDER BY at DESC, id DESC
		LIMIT $2 OFFSET $3`, string(f.Action), f.Limit, f.Offset)
	if err != nil {
		return nil, 0, wrap("find audit", err)
	}
	defer rows.Close()
	var out []furusato.AuditEntry
	total := 0
	for rows.Next() {
		var e furusato.AuditEntry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID, &e.IP, &detail, &total); err != nil {
			return nil, 0, wrap("find audit", err)
		}
		e.At, e.Detail = fromMS(at), json.RawMessage(detail)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find audit", err)
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page the window has no row to count on.
		err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE ($1 = '' OR action = $1)`, string(f.Action)).Scan(&total)
		if err != nil {
			return nil, 0, wrap("count audit", err)
		}
	}
	return out, total, nil
}
