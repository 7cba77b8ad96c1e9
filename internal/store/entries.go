package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// activeStagesSQL lists the active stages for an IN (...) clause; the same
// list as the partial unique index entries_active.
const activeStagesSQL = `'submitted', 'screening', 'interview', 'offered'`

const entryColumns = `e.id, e.project_id, e.user_id, e.company_id, e.organization_id, e.motivation, e.contribution,
	e.hours_per_week, e.questions, e.stage, e.created_at, e.updated_at,
	COALESCE(u.display_name, ''), COALESCE(u.email, '')`

const entryJoins = ` FROM entries e LEFT JOIN users u ON u.id = e.user_id`

// scanEntry reads entryColumns (then extra) into an Entry whose Participant
// holds the id, display name and e-mail address.
func scanEntry(s interface{ Scan(...any) error }, extra ...any) (*furusato.Entry, error) {
	var e furusato.Entry
	var stage string
	var created, updated int64
	u := &furusato.User{}
	dest := []any{&e.ID, &e.ProjectID, &e.UserID, &e.CompanyID, &e.OrganizationID, &e.Motivation, &e.Contribution,
		&e.HoursPerWeek, &e.Questions, &stage, &created, &updated, &u.DisplayName, &u.Email}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	u.ID = e.UserID
	e.Stage, e.CreatedAt, e.UpdatedAt, e.Participant = furusato.Stage(stage), fromMS(created), fromMS(updated), u
	return &e, nil
}

// CreateEntry inserts e as a new entry in stage submitted (its CompanyID and
// OrganizationID copied from the project by the caller) and sets e.ID,
// e.Stage, e.CreatedAt and e.UpdatedAt. A second active entry of the same
// person on the same project is ECONFLICT (the unique index entries_active).
func (tx *Tx) CreateEntry(ctx context.Context, e *furusato.Entry, now time.Time) error {
	e.Stage = furusato.StageSubmitted
	e.CreatedAt = now.UTC().Truncate(time.Millisecond)
	e.UpdatedAt = e.CreatedAt
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO entries (project_id, user_id, company_id, organization_id, motivation, contribution,
			hours_per_week, questions, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		e.ProjectID, e.UserID, e.CompanyID, e.OrganizationID, e.Motivation, e.Contribution,
		e.HoursPerWeek, e.Questions, string(e.Stage), ms(now)).Scan(&e.ID)
	if err != nil && isUnique(err) {
		return furusato.Errorf(furusato.ECONFLICT, "You already have an entry for this project under way.")
	}
	return wrap("create entry", err)
}

// FindEntry returns entry id with its Participant (id, display name,
// e-mail), or ENOTFOUND.
func (c *conn) FindEntry(ctx context.Context, id int64) (*furusato.Entry, error) {
	e, err := scanEntry(c.q.QueryRowContext(ctx, `SELECT `+entryColumns+entryJoins+` WHERE e.id = $1`, id))
	if err != nil {
		err = wrap("find entry", err)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return nil, furusato.Errorf(furusato.ENOTFOUND, "Entry not found.")
		}
		return nil, err
	}
	return e, nil
}

// FindActiveEntry returns user userID's active entry on project projectID,
// or ENOTFOUND when there is none.
func (c *conn) FindActiveEntry(ctx context.Context, projectID, userID int64) (*furusato.Entry, error) {
	e, err := scanEntry(c.q.QueryRowContext(ctx, `SELECT `+entryColumns+entryJoins+`
		WHERE e.project_id = $1 AND e.user_id = $2 AND e.stage IN (`+activeStagesSQL+`)`, projectID, userID))
	if err != nil {
		return nil, wrap("find active entry", err)
	}
	return e, nil
}

// FindUserEntries returns every entry of user userID, most recently changed
// first, each with its Project (any status).
func (c *conn) FindUserEntries(ctx context.Context, userID int64) ([]*furusato.Entry, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+entryColumns+`, `+projectColumns+entryJoins+`
		JOIN projects p ON p.id = e.project_id
		JOIN companies c ON c.id = p.company_id JOIN organizations o ON o.id = p.organization_id
		WHERE e.user_id = $1 ORDER BY e.updated_at DESC, e.id DESC`, userID)
	if err != nil {
		return nil, wrap("find user entries", err)
	}
	defer rows.Close()
	var out []*furusato.Entry
	for rows.Next() {
		var e *furusato.Entry
		p, err := scanProject(scanFunc(func(dest ...any) error {
			var err error
			e, err = scanEntry(rows, dest...)
			return err
		}))
		if err != nil {
			return nil, wrap("find user entries", err)
		}
		e.Project = p
		out = append(out, e)
	}
	return out, wrap("find user entries", rows.Err())
}

// MoveEntry moves entry id from stage from to stage to at now, only when it
// is still in stage from: when another move came first (or the entry does
// not exist) it returns ECONFLICT and writes nothing.
func (tx *Tx) MoveEntry(ctx context.Context, id int64, from, to furusato.Stage, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE entries SET stage = $3, updated_at = $4 WHERE id = $1 AND stage = $2`,
		id, string(from), string(to), ms(now))
	if err != nil {
		return wrap("move entry", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap("move entry", err)
	}
	if n == 0 {
		return furusato.Errorf(furusato.ECONFLICT, "This entry was changed in the meantime. Please reload the page.")
	}
	return nil
}

// AddEntryEvent records ev (ActorID 0 for the system) and sets ev.ID and
// ev.CreatedAt (to at).
func (tx *Tx) AddEntryEvent(ctx context.Context, ev *furusato.EntryEvent, at time.Time) error {
	ev.CreatedAt = at.UTC().Truncate(time.Millisecond)
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO entry_events (entry_id, actor_id, from_stage, to_stage, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		ev.EntryID, nullID(ev.ActorID), string(ev.From), string(ev.To), ev.Reason, ms(at)).Scan(&ev.ID)
	return wrap("add entry event", err)
}

// FindEntryEvents returns the recorded changes of entry id, oldest first,
// with the actors' display names ("" for the system).
func (c *conn) FindEntryEvents(ctx context.Context, entryID int64) ([]furusato.EntryEvent, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT ev.id, ev.entry_id, COALESCE(ev.actor_id, 0), ev.from_stage, ev.to_stage, ev.reason, ev.created_at,
			COALESCE(u.display_name, '')
		FROM entry_events ev LEFT JOIN users u ON u.id = ev.actor_id
		WHERE ev.entry_id = $1 ORDER BY ev.id`, entryID)
	if err != nil {
		return nil, wrap("find entry events", err)
	}
	defer rows.Close()
	var out []furusato.EntryEvent
	for rows.Next() {
		var ev furusato.EntryEvent
		var from, to string
		var at int64
		if err := rows.Scan(&ev.ID, &ev.EntryID, &ev.ActorID, &from, &to, &ev.Reason, &at, &ev.ActorName); err != nil {
			return nil, wrap("find entry events", err)
		}
		ev.From, ev.To, ev.CreatedAt = furusato.Stage(from), furusato.Stage(to), fromMS(at)
		out = append(out, ev)
	}
	return out, wrap("find entry events", rows.Err())
}

// AddEntryNote records n and sets n.ID and n.CreatedAt (to at).
func (tx *Tx) AddEntryNote(ctx context.Context, n *furusato.EntryNote, at time.Time) error {
	n.CreatedAt = at.UTC().Truncate(time.Millisecond)
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO entry_notes (entry_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		n.EntryID, nullID(n.AuthorID), n.Body, ms(at)).Scan(&n.ID)
	return wrap("add entry note", err)
}

// FindEntryNotes returns the private notes of entry id, oldest first, with
// their authors' display names.
func (c *conn) FindEntryNotes(ctx context.Context, entryID int64) ([]furusato.EntryNote, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT n.id, n.entry_id, COALESCE(n.author_id, 0), n.body, n.created_at, COALESCE(u.display_name, '')
		FROM entry_notes n LEFT JOIN users u ON u.id = n.author_id
		WHERE n.entry_id = $1 ORDER BY n.id`, entryID)
	if err != nil {
		return nil, wrap("find entry notes", err)
	}
	defer rows.Close()
	var out []furusato.EntryNote
	for rows.Next() {
		var n furusato.EntryNote
		var at int64
		if err := rows.Scan(&n.ID, &n.EntryID, &n.AuthorID, &n.Body, &at, &n.AuthorName); err != nil {
			return nil, wrap("find entry notes", err)
		}
		n.CreatedAt = fromMS(at)
		out = append(out, n)
	}
	return out, wrap("find entry notes", rows.Err())
}

// FindActiveEntries returns the active entries of project projectID, oldest
// first, with their Participant.
func (c *conn) FindActiveEntries(ctx context.Context, projectID int64) ([]*furusato.Entry, error) {
	// The literal list lets PostgreSQL use the partial index entries_active.
	return c.findProjectEntries(ctx, `e.stage IN (`+activeStagesSQL+`)`, projectID)
}

// FindEntriesAt returns the entries of project projectID in stage, oldest
// first, with their Participant.
func (c *conn) FindEntriesAt(ctx context.Context, projectID int64, stage furusato.Stage) ([]*furusato.Entry, error) {
	return c.findProjectEntries(ctx, `e.stage = $2`, projectID, string(stage))
}

func (c *conn) findProjectEntries(ctx context.Context, cond string, args ...any) ([]*furusato.Entry, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+entryColumns+entryJoins+`
		WHERE e.project_id = $1 AND `+cond+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, wrap("find project entries", err)
	}
	defer rows.Close()
	var out []*furusato.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, wrap("find project entries", err)
		}
		out = append(out, e)
	}
	return out, wrap("find project entries", rows.Err())
}
