package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// AuditLog is the admins' view of the audit log, which every change of
// the other services writes in its own transaction.
type AuditLog struct {
	db *store.DB
}

// NewAuditLog returns the audit log of db.
func NewAuditLog(db *store.DB) *AuditLog { return &AuditLog{db: db} }

// List returns one page of the audit log (policy AuditView, admins only)
// and the number of matching entries.
func (l *AuditLog) List(ctx context.Context, actor *furusato.Actor, f furusato.AuditFilter) ([]furusato.AuditEntry, int, error) {
	if err := policy.Global(actor, policy.AuditView); err != nil {
		return nil, 0, err
	}
	return l.db.FindAudit(ctx, f)
}
