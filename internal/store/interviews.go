package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Interviews (面談) and their slots. Writes go inside a Tx; the conditional
// updates (pick, remind) say whether they changed a row, so that two
// requests or two nodes racing each other act once.

// FindInterviewEntry returns entry id as the interview use cases see it, or
// ENOTFOUND.
func (c *conn) FindInterviewEntry(ctx context.Context, id int64) (*furusato.InterviewEntry, error) {
	var e furusato.InterviewEntry
	var stage string
	err := c.q.QueryRowContext(ctx, `
		SELECT e.id, e.project_id, e.user_id, e.company_id, e.organization_id, e.stage, p.title, p.slug, u.display_name
		FROM entries e JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = e.user_id
		WHERE e.id = $1`, id).Scan(&e.Scope.EntryID, &e.Scope.ProjectID, &e.Scope.UserID, &e.Scope.CompanyID,
		&e.Scope.OrganizationID, &stage, &e.ProjectTitle, &e.ProjectSlug, &e.Participant)
	if err != nil {
		return nil, wrap("find interview entry", err)
	}
	e.Stage = furusato.Stage(stage)
	return &e, nil
}

const interviewColumns = `id, entry_id, status, chosen_slot_id, online, location, notes, COALESCE(created_by, 0),
	created_at, updated_at, sequence, cancel_reason`

func scanInterview(row interface{ Scan(...any) error }) (*furusato.Interview, error) {
	var iv furusato.Interview
	var status string
	var created, updated int64
	if err := row.Scan(&iv.ID, &iv.EntryID, &status, &iv.ChosenID, &iv.Online, &iv.Location, &iv.Notes, &iv.CreatedBy,
		&created, &updated, &iv.Sequence, &iv.CancelReason); err != nil {
		return nil, err
	}
	iv.Status, iv.CreatedAt, iv.UpdatedAt = furusato.InterviewStatus(status), fromMS(created), fromMS(updated)
	return &iv, nil
}

// FindInterview returns interview id with its slots, or ENOTFOUND.
func (c *conn) FindInterview(ctx context.Context, id int64) (*furusato.Interview, error) {
	iv, err := scanInterview(c.q.QueryRowContext(ctx, `SELECT `+interviewColumns+` FROM interviews WHERE id = $1`, id))
	if err != nil {
		return nil, wrap("find interview", err)
	}
	if err := c.loadSlots(ctx, []*furusato.Interview{iv}); err != nil {
		return nil, err
	}
	return iv, nil
}

// FindInterviews returns the interviews of entry entryID with their slots,
// oldest first.
func (c *conn) FindInterviews(ctx context.Context, entryID int64) ([]*furusato.Interview, error) {
	by, err := c.FindInterviewsForEntries(ctx, []int64{entryID})
	return by[entryID], err
}

// FindInterviewsForEntries returns the interviews of the entries ids with
// their slots, oldest first, by entry: two queries whatever the number of
// entries (a list page asks for its whole page at once).
func (c *conn) FindInterviewsForEntries(ctx context.Context, ids []int64) (map[int64][]*furusato.Interview, error) {
	out := map[int64][]*furusato.Interview{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `SELECT `+interviewColumns+` FROM interviews WHERE entry_id IN (`+b.ids(ids)+`) ORDER BY id`, b.args...)
	if err != nil {
		return nil, wrap("find interviews", err)
	}
	defer rows.Close()
	var all []*furusato.Interview
	for rows.Next() {
		iv, err := scanInterview(rows)
		if err != nil {
			return nil, wrap("find interviews", err)
		}
		all = append(all, iv)
		out[iv.EntryID] = append(out[iv.EntryID], iv)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find interviews", err)
	}
	return out, c.loadSlots(ctx, all)
}

// loadSlots fills the Slots of ivs, each in time order, with one query.
func (c *conn) loadSlots(ctx context.Context, ivs []*furusato.Interview) error {
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	by, err := c.findSlots(ctx, interviewSlots, ids)
	for _, iv := range ivs {
		iv.Slots = by[iv.ID]
	}
	return err
}

// slotTable names a table of proposed slots and the column of its owner:
// interviews and team meetings keep their slots alike.
type slotTable struct{ table, owner, op string }

var (
	interviewSlots = slotTable{"interview_slots", "interview_id", "interview slot"}
	meetingSlots   = slotTable{"team_meeting_slots", "meeting_id", "team meeting slot"}
)

// findSlots returns the slots of the owners ids in t, each owner's in time
// order, with one query.
func (c *conn) findSlots(ctx context.Context, t slotTable, ids []int64) (map[int64][]furusato.InterviewSlot, error) {
	out := map[int64][]furusato.InterviewSlot{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+t.owner+`, id, starts_at, minutes FROM `+t.table+`
		WHERE `+t.owner+` IN (`+b.ids(ids)+`) ORDER BY starts_at, id`, b.args...)
	if err != nil {
		return nil, wrap("find "+t.op+"s", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s furusato.InterviewSlot
		var owner, start int64
		var minutes int
		if err := rows.Scan(&owner, &s.ID, &start, &minutes); err != nil {
			return nil, wrap("find "+t.op+"s", err)
		}
		s.Start, s.Duration = fromMS(start), time.Duration(minutes)*time.Minute
		out[owner] = append(out[owner], s)
	}
	return out, wrap("find "+t.op+"s", rows.Err())
}

// insertSlotRows inserts slots for owner id in t and sets their ids.
func (tx *Tx) insertSlotRows(ctx context.Context, t slotTable, id int64, slots []furusato.InterviewSlot) error {
	for i := range slots {
		s := &slots[i]
		err := tx.q.QueryRowContext(ctx, `
			INSERT INTO `+t.table+` (`+t.owner+`, starts_at, minutes) VALUES ($1, $2, $3) RETURNING id`,
			id, ms(s.Start), int(s.Duration/time.Minute)).Scan(&s.ID)
		if err != nil {
			return wrap("create "+t.op, err)
		}
	}
	return nil
}

// CreateInterview inserts iv (status proposed) with its slots and sets the
// ids and times.
func (tx *Tx) CreateInterview(ctx context.Context, iv *furusato.Interview, now time.Time) error {
	if iv.EntryID == 0 || len(iv.Slots) == 0 || now.IsZero() {
		return errors.New("store: create interview: entry, slots and time are required")
	}
	var by any
	if iv.CreatedBy != 0 {
		by = iv.CreatedBy
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO interviews (entry_id, status, online, location, notes, created_by, created_at, updated_at)
		VALUES ($1, 'proposed', $2, $3, $4, $5, $6, $6) RETURNING id`,
		iv.EntryID, iv.Online, iv.Location, iv.Notes, by, ms(now)).Scan(&iv.ID)
	if err != nil {
		return wrap("create interview", err)
	}
	iv.Status, iv.ChosenID, iv.Sequence = furusato.InterviewProposed, 0, 0
	iv.CreatedAt = now.UTC().Truncate(time.Millisecond)
	iv.UpdatedAt = iv.CreatedAt
	return tx.insertSlots(ctx, iv)
}

func (tx *Tx) insertSlots(ctx context.Context, iv *furusato.Interview) error {
	return tx.insertSlotRows(ctx, interviewSlots, iv.ID, iv.Slots)
}

// RescheduleInterview replaces the slots, place and notes of interview
// iv.ID with iv's, puts it back to proposed (no slot chosen, no reminder
// sent) and bumps its sequence; iv.Slots get their new ids and iv.Sequence
// the new value. ECONFLICT when it is cancelled, ENOTFOUND when missing.
func (tx *Tx) RescheduleInterview(ctx context.Context, iv *furusato.Interview, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `
		UPDATE interviews SET status = 'proposed', chosen_slot_id = 0, starts_at = 0, reminded_at = 0,
		       online = $2, location = $3, notes = $4, updated_at = $5, sequence = sequence + 1
		WHERE id = $1 AND status <> 'cancelled' RETURNING sequence`,
		iv.ID, iv.Online, iv.Location, iv.Notes, ms(now)).Scan(&iv.Sequence)
	if errors.Is(err, sql.ErrNoRows) {
		return furusato.Errorf(furusato.ECONFLICT, "The interview is cancelled.")
	}
	if err != nil {
		return wrap("reschedule interview", err)
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM interview_slots WHERE interview_id = $1`, iv.ID); err != nil {
		return wrap("reschedule interview", err)
	}
	iv.Status, iv.ChosenID = furusato.InterviewProposed, 0
	iv.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	return tx.insertSlots(ctx, iv)
}

// PickInterviewSlot confirms interview id on slot slotID when it is still
// proposed and the slot is one of its own, and reports whether it did
// (false: someone else confirmed, rescheduled or cancelled it first).
func (tx *Tx) PickInterviewSlot(ctx context.Context, id, slotID int64, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE interviews SET status = 'confirmed', chosen_slot_id = $2, updated_at = $3, sequence = sequence + 1,
		       starts_at = (SELECT s.starts_at FROM interview_slots s WHERE s.id = $2 AND s.interview_id = $1)
		WHERE id = $1 AND status = 'proposed'
		  AND EXISTS (SELECT 1 FROM interview_slots s WHERE s.id = $2 AND s.interview_id = $1)
		  AND NOT EXISTS (`+otherOpenInterview("$3")+`)`,
		id, slotID, ms(now))
	return interviewChanged("pick interview slot", res, err)
}

// otherOpenInterview selects the interviews of the entry of interview $1,
// other than it, that are confirmed and not over at the time in
// placeholder at (an entry has one fixed interview at a time; earlier
// rounds that took place do not count).
func otherOpenInterview(at string) string {
	return `
	SELECT 1 FROM interviews o JOIN interview_slots os ON os.id = o.chosen_slot_id
	WHERE o.entry_id = (SELECT i.entry_id FROM interviews i WHERE i.id = $1) AND o.id <> $1
	  AND o.status = 'confirmed' AND os.starts_at + os.minutes * 60000 > ` + at
}

// HasOtherOpenInterview reports whether the entry of interview id has
// another interview confirmed and not over at now. It first holds the
// entry's row for the rest of the transaction, so that two picks on two
// interviews of one entry queue on PostgreSQL and the second sees the first.
func (tx *Tx) HasOtherOpenInterview(ctx context.Context, id int64, now time.Time) (bool, error) {
	if _, err := tx.q.ExecContext(ctx, `UPDATE entries SET updated_at = updated_at
		WHERE id = (SELECT entry_id FROM interviews WHERE id = $1)`, id); err != nil {
		return false, wrap("hold interview entry", err)
	}
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+otherOpenInterview("$2")+`) x`, id, ms(now)).Scan(&n)
	return n > 0, wrap("other open interview", err)
}

// CancelInterview cancels interview id with reason ("" for none; both
// sides' pages show it, the notice and mail carry it too) unless it is
// cancelled already, and reports whether it did. Status and reason are
// one conditional write, so a cancel that lost the race writes neither.
func (tx *Tx) CancelInterview(ctx context.Context, id int64, reason string, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE interviews SET status = 'cancelled', cancel_reason = $3, updated_at = $2, sequence = sequence + 1
		WHERE id = $1 AND status <> 'cancelled'`, id, ms(now), reason)
	return interviewChanged("cancel interview", res, err)
}

// CancelEntryInterviews cancels the interviews of entry entryID that are
// still proposed, and also the confirmed ones when alsoConfirmed, by one
// conditional update; it returns the cancelled ones (with their slots,
// status cancelled, sequence bumped), oldest first. An interview whose
// ChosenID is not 0 had a confirmed time. A pick or reschedule racing
// with it either comes first (and is cancelled here) or finds the
// interview cancelled. Each keeps reason, written by the same update.
func (tx *Tx) CancelEntryInterviews(ctx context.Context, entryID int64, alsoConfirmed bool, reason string, now time.Time) ([]*furusato.Interview, error) {
	which := `status = 'proposed'`
	if alsoConfirmed {
		which = `status IN ('proposed', 'confirmed')`
	}
	ids, err := queryIDs(ctx, tx.q, "cancel entry interviews", `
		UPDATE interviews SET status = 'cancelled', cancel_reason = $3, updated_at = $2, sequence = sequence + 1
		WHERE entry_id = $1 AND `+which+` RETURNING id`, entryID, ms(now), reason)
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	out := make([]*furusato.Interview, 0, len(ids))
	for _, id := range ids {
		iv, err := tx.FindInterview(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, iv)
	}
	return out, nil
}

// HoldInterviewEntry reports whether entry id is still at stage and, on
// PostgreSQL, holds its row until the transaction ends, so a move of the
// entry made meanwhile waits for it (and then sees what it wrote). The
// proposal of an interview takes it, so that no interview is left open on
// an entry that left the stage at the same moment.
func (tx *Tx) HoldInterviewEntry(ctx context.Context, id int64, stage furusato.Stage) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `UPDATE entries SET stage = stage WHERE id = $1 AND stage = $2`, id, string(stage))
	return interviewChanged("hold interview entry", res, err)
}

// DueInterviewReminders returns the ids of confirmed interviews starting
// in (from, to] whose reminder is not sent yet, soonest first; never those
// of an entry declined or withdrawn or of a cancelled project (their
// interviews are cancelled with them; this holds even if one was missed).
func (c *conn) DueInterviewReminders(ctx context.Context, from, to time.Time) ([]int64, error) {
	return queryIDs(ctx, c.q, "due interview reminders", `
		SELECT i.id FROM interviews i
		JOIN entries e ON e.id = i.entry_id
		JOIN projects p ON p.id = e.project_id
		WHERE i.status = 'confirmed' AND i.reminded_at = 0 AND i.starts_at > $1 AND i.starts_at <= $2
			AND e.stage NOT IN ('declined', 'withdrawn') AND p.status <> 'cancelled'
		ORDER BY i.starts_at, i.id`, ms(from), ms(to))
}

// MarkInterviewReminded records that the reminder of confirmed interview
// id was sent, unless it already was, and reports whether this call did.
func (tx *Tx) MarkInterviewReminded(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE interviews SET reminded_at = $2 WHERE id = $1 AND status = 'confirmed' AND reminded_at = 0`, id, ms(now))
	return interviewChanged("mark interview reminded", res, err)
}

// interviewChanged reports whether an UPDATE changed a row.
func interviewChanged(op string, res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(op, err)
	}
	return n > 0, nil
}
