package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Bulk writes for the large-data generator (demo.GenerateEntries) only:
// many rows per INSERT, with ids chosen by the caller so that rows can
// refer to each other without reading anything back. Nothing else should
// write through them: they skip the checks of the service on purpose.

// bulkRows is how many rows one multi-row INSERT carries. Entries have 12
// columns, so a statement binds at most 6,000 values, well below both
// engines' limits (SQLite 32,766, PostgreSQL 65,535).
const bulkRows = 500

// GenUser is a generated participant for BulkCreateUsers.
type GenUser struct {
	ID           int64
	Email        string
	DisplayName  string
	PasswordHash string // "" for none
	CreatedAt    time.Time
}

// GenEvent is a recorded change of a generated entry; ActorID 0 is the
// system.
type GenEvent struct {
	EntryID   int64
	ActorID   int64
	From, To  furusato.Stage
	CreatedAt time.Time
}

// GenTarget is what the generator needs to know of a project to make
// entries on it.
type GenTarget struct {
	ID, CompanyID, OrganizationID int64
	Status                        furusato.ProjectStatus
	Places                        int
	PublishedAt                   time.Time
	Deadline                      furusato.Date
}

// NextIDs returns one more than the largest id of users and of entries
// (1 when empty), for a generator that numbers its rows itself.
func (c *conn) NextIDs(ctx context.Context) (user, entry int64, err error) {
	err = c.q.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) + 1 FROM users),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM entries)`).Scan(&user, &entry)
	return user, entry, wrap("next ids", err)
}

// CountGeneratedUsers counts the participants made by the generator
// (e-mail gen-user-…).
func (c *conn) CountGeneratedUsers(ctx context.Context) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email LIKE 'gen-user-%'`).Scan(&n)
	return n, wrap("count generated users", err)
}

// GeneratedTargets lists the generated projects that can have entries
// (public statuses), by id.
func (c *conn) GeneratedTargets(ctx context.Context) ([]GenTarget, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT id, company_id, organization_id, status, places, published_at, deadline
		FROM projects
		WHERE slug LIKE 'gen-%' AND status IN ('published', 'closed', 'in_progress', 'completed')
		ORDER BY id`)
	if err != nil {
		return nil, wrap("generated targets", err)
	}
	defer rows.Close()
	var out []GenTarget
	for rows.Next() {
		var t GenTarget
		var status, deadline string
		var published int64
		if err := rows.Scan(&t.ID, &t.CompanyID, &t.OrganizationID, &status, &t.Places, &published, &deadline); err != nil {
			return nil, wrap("generated targets", err)
		}
		t.Status, t.PublishedAt = furusato.ProjectStatus(status), fromMS(published)
		if d, err := furusato.ParseDate(deadline); err == nil {
			t.Deadline = d
		}
		out = append(out, t)
	}
	return out, wrap("generated targets", rows.Err())
}

// bulkInsert inserts rows (each the values of cols, in order) into table
// with multi-row statements of bulkRows rows. The statement for a full
// chunk is prepared once and reused. On SQLite the placeholders are plain
// "?": with thousands of "$N" in one statement, SQLite's lookup of numbered
// parameters makes preparing and binding quadratic.
func (tx *Tx) bulkInsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	stmtFor := func(n int) string {
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		k := 0
		for i := range n {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for j := range cols {
				if j > 0 {
					sb.WriteString(", ")
				}
				k++
				if tx.engine == SQLite {
					sb.WriteByte('?')
				} else {
					sb.WriteString("$" + strconv.Itoa(k))
				}
			}
			sb.WriteByte(')')
		}
		return sb.String()
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, bulkRows*len(cols))
	for len(rows) > 0 {
		n := min(len(rows), bulkRows)
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		var err error
		if n == bulkRows {
			if full == nil {
				if full, err = tx.tx.PrepareContext(ctx, stmtFor(n)); err != nil {
					return wrap("bulk insert into "+table, err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.tx.ExecContext(ctx, stmtFor(n), args...)
		}
		if err != nil {
			return wrap("bulk insert into "+table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// BulkCreateUsers inserts users with the ids they carry, verified.
func (tx *Tx) BulkCreateUsers(ctx context.Context, us []GenUser) error {
	rows := make([][]any, len(us))
	for i, u := range us {
		at := ms(u.CreatedAt)
		rows[i] = []any{u.ID, u.Email, u.DisplayName, u.PasswordHash, at, at, at}
	}
	return tx.bulkInsert(ctx, "users", []string{"id", "email", "display_name", "password_hash", "email_verified_at", "created_at", "updated_at"}, rows)
}

// BulkCreateEntries inserts entries with the ids they carry. The unique
// index still holds: one active entry per person and project.
func (tx *Tx) BulkCreateEntries(ctx context.Context, es []*furusato.Entry) error {
	rows := make([][]any, len(es))
	for i, e := range es {
		rows[i] = []any{e.ID, e.ProjectID, e.UserID, e.CompanyID, e.OrganizationID, e.Motivation, e.Contribution,
			e.HoursPerWeek, e.Questions, string(e.Stage), ms(e.CreatedAt), ms(e.UpdatedAt)}
	}
	return tx.bulkInsert(ctx, "entries", []string{"id", "project_id", "user_id", "company_id", "organization_id",
		"motivation", "contribution", "hours_per_week", "questions", "stage", "created_at", "updated_at"}, rows)
}

// BulkCreateEntryEvents inserts entry events.
func (tx *Tx) BulkCreateEntryEvents(ctx context.Context, evs []GenEvent) error {
	rows := make([][]any, len(evs))
	for i, ev := range evs {
		var actor any
		if ev.ActorID != 0 {
			actor = ev.ActorID
		}
		rows[i] = []any{ev.EntryID, actor, string(ev.From), string(ev.To), ms(ev.CreatedAt)}
	}
	return tx.bulkInsert(ctx, "entry_events", []string{"entry_id", "actor_id", "from_stage", "to_stage", "created_at"}, rows)
}

// FinishBulk makes the database whole after the bulk writes: each
// project's matched count from its matched entries (only projects that
// have some), and on PostgreSQL the identity sequences of users and
// entries moved past the ids the generator chose.
func (tx *Tx) FinishBulk(ctx context.Context) error {
	if _, err := tx.q.ExecContext(ctx, `
		UPDATE projects SET matched = (SELECT COUNT(*) FROM entries e WHERE e.project_id = projects.id AND e.stage = 'matched')
		WHERE id IN (SELECT project_id FROM entries WHERE stage = 'matched')`); err != nil {
		return wrap("finish bulk: matched", err)
	}
	if tx.engine != Postgres {
		return nil
	}
	for _, table := range []string{"users", "entries"} {
		if _, err := tx.q.ExecContext(ctx, fmt.Sprintf(
			`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)`, table, table)); err != nil {
			return wrap("finish bulk: sequence of "+table, err)
		}
	}
	return nil
}

// ProjectsByEntries lists the projects that have entries, the most entered
// first, with their entry counts: benchmarks pick the busiest and a
// typical one from it.
func (c *conn) ProjectsByEntries(ctx context.Context) (ids []int64, counts []int, err error) {
	rows, err := c.q.QueryContext(ctx, `SELECT project_id, COUNT(*) FROM entries GROUP BY project_id ORDER BY COUNT(*) DESC, project_id`)
	if err != nil {
		return nil, nil, wrap("projects by entries", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, nil, wrap("projects by entries", err)
		}
		ids, counts = append(ids, id), append(counts, n)
	}
	return ids, counts, wrap("projects by entries", rows.Err())
}

// BusiestParticipant returns the user with the most entries and how many.
func (c *conn) BusiestParticipant(ctx context.Context) (id int64, n int, err error) {
	err = c.q.QueryRowContext(ctx, `SELECT user_id, COUNT(*) FROM entries GROUP BY user_id ORDER BY COUNT(*) DESC, user_id LIMIT 1`).Scan(&id, &n)
	return id, n, wrap("busiest participant", err)
}
