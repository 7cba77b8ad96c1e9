package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// How far ahead a project's dates may lie when they are set: an entry
// deadline more than a year away, or a start more than two years away, is
// a typing slip (2037 for 2027), and a project open that long is not a
// side job anyone can plan for.
const (
	maxDeadlineDays = 365
	maxStartDays    = 2 * 365
)

// projectRules adds to f the rules that need what was stored (old; nil
// when p is being created) and today's JST date: the dates are checked
// only when they change, so a project saved again as it was is never
// refused for a day that has since passed.
//   - places may not go below the people already matched;
//   - a published project's deadline may not move into the past (closing
//     it is a move of its own);
//   - the deadline at most a year ahead, the start at most two;
//   - the deadline on or before the start date, when there is one.
func projectRules(f *furusato.FieldErrors, old, p *furusato.Project, today furusato.Date) {
	deadlineSet := old == nil || old.Deadline != p.Deadline
	startSet := old == nil || old.StartDate != p.StartDate
	if p.Places < p.Matched {
		f.Add("places", furusato.ErrPlacesBelowMatched, "Min", p.Matched)
	}
	if deadlineSet && !p.Deadline.IsZero() {
		switch last := today.AddDays(maxDeadlineDays); {
		case p.Status == furusato.StatusPublished && p.Deadline.Before(today):
			f.Add("deadline", "hosts.error.deadline_past_published", "Min", today)
		case last.Before(p.Deadline):
			f.Add("deadline", "hosts.error.deadline_far", "Max", last)
		}
	}
	if startSet && !p.StartDate.IsZero() {
		if last := today.AddDays(maxStartDays); last.Before(p.StartDate) {
			f.Add("start_date", "hosts.error.start_far", "Max", last)
		}
	}
	if (deadlineSet || startSet) && !p.StartDate.IsZero() && !p.Deadline.IsZero() && p.StartDate.Before(p.Deadline) {
		f.Add("deadline", "hosts.error.deadline_after_start", "Max", p.StartDate, "Other", "start_date")
	}
}

// closeIfFull closes published project p when an edit left it no place
// (places lowered to the people matched), as the last accept does: the
// other active entries are declined as filled and their people told.
func (s *Projects) closeIfFull(ctx context.Context, tx *store.Tx, p *furusato.Project, now time.Time) error {
	if p.Status != furusato.StatusPublished || p.Matched < p.Places {
		return nil
	}
	closed, err := tx.CloseProject(ctx, p.ID, now)
	if err != nil || !closed {
		return err
	}
	if err := tx.AddProjectHistory(ctx, &furusato.ProjectHistoryEntry{ProjectID: p.ID, At: now,
		Action: furusato.HistoryClosed, From: furusato.StatusPublished, To: furusato.StatusClosed}); err != nil {
		return err
	}
	if err := tx.BumpCatalogueVersion(ctx); err != nil {
		return err
	}
	c := entryCloser{notify: s.notify, iv: s.iv, now: now}
	return c.declineActive(ctx, tx, p, furusato.ClosedFilled, furusato.ReasonFilled, "", 0)
}
