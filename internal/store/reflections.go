package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// OpenReflections opens team teamID's reflections at at (the moment its
// work ended). Opening twice keeps the first time; reports whether this
// call opened them.
func (tx *Tx) OpenReflections(ctx context.Context, teamID int64, at time.Time) (bool, error) {
	if at.IsZero() {
		return false, errors.New("store: open reflections: time is required")
	}
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO reflection_rounds (team_id, opened_at) VALUES ($1, $2)
		ON CONFLICT (team_id) DO NOTHING`, teamID, ms(at))
	if err != nil {
		return false, wrap("open reflections", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("open reflections", err)
}

// FindReflectionRound returns team teamID's round: when its reflections
// opened (zero when they have not) and who wrote which side.
func (c *conn) FindReflectionRound(ctx context.Context, teamID int64) (furusato.ReflectionRound, error) {
	r := furusato.ReflectionRound{TeamID: teamID}
	var opened int64
	err := c.q.QueryRowContext(ctx, `SELECT opened_at FROM reflection_rounds WHERE team_id = $1`, teamID).Scan(&opened)
	if furusato.ErrorCode(wrap("find reflection round", err)) == furusato.ENOTFOUND {
		return r, nil
	}
	if err != nil {
		return r, wrap("find reflection round", err)
	}
	r.OpenedAt = fromMS(opened)
	rows, err := c.q.QueryContext(ctx, `SELECT author_id, side FROM reflections WHERE team_id = $1 ORDER BY submitted_at, id`, teamID)
	if err != nil {
		return r, wrap("find reflection round", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m furusato.ReflectionMark
		var side string
		if err := rows.Scan(&m.AuthorID, &side); err != nil {
			return r, wrap("find reflection round", err)
		}
		m.Side = furusato.ReflectionSide(side)
		r.Written = append(r.Written, m)
	}
	return r, wrap("find reflection round", rows.Err())
}

// Errors of SaveReflection.
var (
	errReflectionsClosed = furusato.Errorf(furusato.ECONFLICT, "Reflections open when the team's work ends.")
	errReflectionLocked  = furusato.Errorf(furusato.ECONFLICT, "Another side has written its reflection, so yours can no longer be changed.")
)

// SaveReflection writes r (its author's reflection on team r.TeamID),
// at now. The first save inserts it, if the team's reflections are open
// (ECONFLICT otherwise); a later one replaces its answers only while no
// one has written for a side other than r.Side (the conditional UPDATE
// reads that in the same statement): from then on another side may read
// it, so it stays as it was (ECONFLICT). r.Side must be the side it was
// first written for. Sets r.ID, r.SubmittedAt and r.UpdatedAt.
func (tx *Tx) SaveReflection(ctx context.Context, r *furusato.Reflection, now time.Time) error {
	if r.TeamID == 0 || r.AuthorID == 0 || now.IsZero() {
		return errors.New("store: save reflection: team, author and time are required")
	}
	at := ms(now)
	var submitted int64
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO reflections (team_id, author_id, side, again, message, submitted_at, updated_at)
		SELECT team_id, $2, $3, $4, $5, $6, $6 FROM reflection_rounds WHERE team_id = $1
		ON CONFLICT (team_id, author_id) DO NOTHING RETURNING id, submitted_at`,
		r.TeamID, r.AuthorID, string(r.Side), r.Again == furusato.Yes, r.Message, at).Scan(&r.ID, &submitted)
	if furusato.ErrorCode(wrap("save reflection", err)) == furusato.ENOTFOUND {
		err = tx.q.QueryRowContext(ctx, `
			UPDATE reflections SET again = $4, message = $5, updated_at = $6
			WHERE team_id = $1 AND author_id = $2 AND side = $3
			AND NOT EXISTS (SELECT 1 FROM reflections o WHERE o.team_id = $1 AND o.side <> $3)
			RETURNING id, submitted_at`,
			r.TeamID, r.AuthorID, string(r.Side), r.Again == furusato.Yes, r.Message, at).Scan(&r.ID, &submitted)
		if furusato.ErrorCode(wrap("save reflection", err)) == furusato.ENOTFOUND {
			round, ferr := tx.FindReflectionRound(ctx, r.TeamID)
			if ferr != nil {
				return ferr
			}
			if !round.Open() {
				return errReflectionsClosed
			}
			return errReflectionLocked
		}
	}
	if err != nil {
		return wrap("save reflection", err)
	}
	r.SubmittedAt, r.UpdatedAt = fromMS(submitted), fromMS(at)
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM reflection_answers WHERE reflection_id = $1`, r.ID); err != nil {
		return wrap("save reflection", err)
	}
	for _, a := range r.Answers {
		if _, err := tx.q.ExecContext(ctx, `
			INSERT INTO reflection_answers (reflection_id, question, rating, body) VALUES ($1, $2, $3, $4)`,
			r.ID, a.Question, a.Rating, a.Text); err != nil {
			return wrap("save reflection", err)
		}
	}
	return nil
}

// FindReflections returns every reflection written on team teamID with
// its answers (in the order of its side's questions) and its author's
// name ("" for a deleted account): by side (participant, company,
// supporter), then by the time it was first submitted.
func (c *conn) FindReflections(ctx context.Context, teamID int64) ([]*furusato.Reflection, error) {
	return c.findReflections(ctx, "r.team_id", teamID)
}

// FindUserReflections returns the reflections user userID wrote, in every
// team, with their answers (for the person's data export).
func (c *conn) FindUserReflections(ctx context.Context, userID int64) ([]*furusato.Reflection, error) {
	return c.findReflections(ctx, "r.author_id", userID)
}

// findReflections reads the reflections whose column (r.team_id or
// r.author_id, never user input) is id.
func (c *conn) findReflections(ctx context.Context, column string, id int64) ([]*furusato.Reflection, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT r.id, r.team_id, r.author_id, r.side, r.again, r.message, r.submitted_at, r.updated_at,
			CASE WHEN u.deleted_at = 0 THEN u.display_name ELSE '' END
		FROM reflections r JOIN users u ON u.id = r.author_id
		WHERE `+column+` = $1
		ORDER BY CASE r.side WHEN 'participant' THEN 1 WHEN 'company' THEN 2 ELSE 3 END, r.submitted_at, r.id`, id)
	if err != nil {
		return nil, wrap("find reflections", err)
	}
	var out []*furusato.Reflection
	byID := map[int64]*furusato.Reflection{}
	for rows.Next() {
		r := &furusato.Reflection{}
		var side string
		var again bool
		var submitted, updated int64
		if err := rows.Scan(&r.ID, &r.TeamID, &r.AuthorID, &side, &again, &r.Message, &submitted, &updated, &r.AuthorName); err != nil {
			rows.Close()
			return nil, wrap("find reflections", err)
		}
		r.Side, r.SubmittedAt, r.UpdatedAt = furusato.ReflectionSide(side), fromMS(submitted), fromMS(updated)
		r.Again = furusato.No
		if again {
			r.Again = furusato.Yes
		}
		out = append(out, r)
		byID[r.ID] = r
	}
	if err := rows.Close(); err != nil {
		return nil, wrap("find reflections", err)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find reflections", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	arows, err := c.q.QueryContext(ctx, `
		SELECT a.reflection_id, a.question, a.rating, a.body FROM reflection_answers a
		JOIN reflections r ON r.id = a.reflection_id WHERE `+column+` = $1`, id)
	if err != nil {
		return nil, wrap("find reflections", err)
	}
	defer arows.Close()
	for arows.Next() {
		var rid int64
		var a furusato.ReflectionAnswer
		if err := arows.Scan(&rid, &a.Question, &a.Rating, &a.Text); err != nil {
			return nil, wrap("find reflections", err)
		}
		if r := byID[rid]; r != nil {
			r.Answers = append(r.Answers, a)
		}
	}
	if err := arows.Err(); err != nil {
		return nil, wrap("find reflections", err)
	}
	for _, r := range out {
		qs := r.Side.Questions()
		slices.SortFunc(r.Answers, func(a, b furusato.ReflectionAnswer) int {
			return slices.Index(qs, a.Question) - slices.Index(qs, b.Question)
		})
	}
	return out, nil
}
