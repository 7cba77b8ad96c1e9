// Package store keeps all SQL of the platform, over database/sql, on two
// engines: embedded SQLite (modernc, pure Go) by default and PostgreSQL
// (pgx) for larger deployments. Both run the same statements; the few
// differences are named in dialect.go and the per-engine migrations.
//
// It imports furusato and search, the drivers and goose; never net/http.
package store
