package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Audit returns one page of the audit log (policy AuditView, admins only)
// and the number of matching entries.
func (o *Orgs) Audit(ctx context.Context, actor *furusato.Actor, f store.AuditFilter) ([]store.AuditEntry, int, error) {
	if err := policy.Global(actor, policy.AuditView); err != nil {
		return nil, 0, err
	}
	return o.db.FindAudit(ctx, f)
}
