// Package jobs runs the durable background work of Furusato on River
// (github.com/riverqueue/river), in the application's own database on both
// engines: riversqlite over the single SQLite writer, riverdatabasesql over
// the PostgreSQL pool.
//
// It holds the River client (New), the job argument types (SendMail and the
// periodic ones), their workers and the periodic schedule. Jobs are enqueued
// by the service layer in the transaction of the write that causes them
// (store.Tx.Enqueue through Client.InsertTx), so a job exists if and only if
// that write commits. Delivery is at least once: a job whose process died is
// rescued after Config.RescueAfter and runs again, so every handler must be
// idempotent.
//
// Workers reach the use cases through the func fields of Services, never by
// importing service or store: jobs may import only furusato, mail and River.
// River's own tables are created by store.Migrate (goose version 14), under
// the same lock as the application's migrations.
package jobs
