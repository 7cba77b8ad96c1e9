package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Entries is the use cases of entries (エントリー) and favourites (気になる):
// participants enter projects, follow and withdraw their entries and accept
// offers; the project's organisation and company screen, move, note and
// export them. Every decision is policy.Entry's, made on the entry as read
// in the same transaction as the write.
type Entries struct {
	db     *store.DB
	now    func() time.Time
	notify *Notifier
	iv     *Interviews // closes the open interviews of an entry that leaves the active stages
}

// NewEntries returns Entries over db; now is the clock, notify tells
// people and iv closes the interviews of entries that close.
func NewEntries(db *store.DB, now func() time.Time, notify *Notifier, iv *Interviews) *Entries {
	return &Entries{db: db, now: now, notify: notify, iv: iv}
}

// SetFavorite marks (on) or unmarks project projectID as a favourite of the
// actor (policy.FavoriteOwn). Only public projects can be marked;
// unmarking always works. EUNAUTHORIZED for a visitor, ENOTFOUND for a project that is not public.
func (s *Entries) SetFavorite(ctx context.Context, actor *furusato.Actor, projectID int64, on bool) error {
	if err := policy.Global(actor, policy.FavoriteOwn); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if !on {
			return tx.RemoveFavorite(ctx, actor.User.ID, projectID)
		}
		if _, err := findPublicProject(ctx, tx, formatID(projectID)); err != nil {
			return err
		}
		return tx.AddFavorite(ctx, actor.User.ID, projectID, s.now())
	})
}

// Favorites lists the actor's favourite projects, newest mark first; only
// those still public. EUNAUTHORIZED for a visitor.
func (s *Entries) Favorites(ctx context.Context, actor *furusato.Actor) ([]*furusato.Project, error) {
	if err := policy.Global(actor, policy.FavoriteOwn); err != nil {
		return nil, err
	}
	return s.db.FindFavoriteProjects(ctx, actor.User.ID)
}

// FavoriteIDs returns which of ids the actor marked, for buttons on lists;
// an empty map for a visitor.
func (s *Entries) FavoriteIDs(ctx context.Context, actor *furusato.Actor, ids []int64) (map[int64]bool, error) {
	if policy.Global(actor, policy.FavoriteOwn) != nil {
		return map[int64]bool{}, nil
	}
	return s.db.FavoriteIDs(ctx, actor.User.ID, ids)
}

// EntryStart is what the entry form needs: the project, the profile that
// will be attached, the actor's active entry on it (nil when none) and,
// when the project takes no entries, why.
type EntryStart struct {
	Project *furusato.Project
	Profile *furusato.Profile
	Active  *furusato.Entry
	Closed  furusato.ClosedReason
}

// Start returns what the entry form for project key (slug or id) needs.
// ENOTFOUND for a project that is not public; the policy's refusal
// (EUNAUTHORIZED for a visitor, EFORBIDDEN for the project's own staff and
// coordinators, who cannot enter what they screen).
func (s *Entries) Start(ctx context.Context, actor *furusato.Actor, key string) (*EntryStart, error) {
	p, err := findPublicProject(ctx, s.db, strings.TrimSpace(key))
	if err != nil {
		return nil, err
	}
	if err := policy.Entry(actor, policy.EntryCreate, projectScope(p)); err != nil {
		return nil, err
	}
	st := &EntryStart{Project: p, Closed: ClosedReason(p, s.now())}
	if st.Profile, err = s.profile(ctx, s.db, actor.User.ID); err != nil {
		return nil, err
	}
	st.Active, err = s.db.FindActiveEntry(ctx, p.ID, actor.User.ID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		st.Active, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Active != nil {
		st.Active.Project = p
	}
	return st, nil
}

// ClosedReason says why project p takes no entries at now ("" when it
// does): its deadline day (JST) has ended, every place is matched, or it
// is not published.
func ClosedReason(p *furusato.Project, now time.Time) furusato.ClosedReason {
	switch {
	case !now.Before(p.Deadline.End()):
		return furusato.ClosedDeadline
	case p.Matched >= p.Places:
		return furusato.ClosedFilled
	case p.Status != furusato.StatusPublished:
		return furusato.ClosedByHand
	}
	return furusato.ClosedNot
}

// closedError is the ECONFLICT of an entry to a project closed for reason.
func closedError(reason furusato.ClosedReason) error {
	switch reason {
	case furusato.ClosedDeadline:
		return furusato.Errorf(furusato.ECONFLICT, "Entries for this project have closed: the deadline has passed.")
	case furusato.ClosedFilled:
		return furusato.Errorf(furusato.ECONFLICT, "Entries for this project have closed: every place is filled.")
	}
	return furusato.Errorf(furusato.ECONFLICT, "This project is not taking entries.")
}

// Submit enters the actor into project projectID with what in says
// (Motivation, Contribution, HoursPerWeek, Questions). EINVALID with
// fields for bad input; ECONFLICT when the actor already has an active
// entry there or the project takes no entries (deadline, filled, closed).
// The project's organisation and company are told.
// EntriesPerDay is how many entries one person may send in a day: far more
// than anyone applies to in earnest, few enough to stop a script.
const EntriesPerDay = 10

func (s *Entries) Submit(ctx context.Context, actor *furusato.Actor, projectID int64, in furusato.Entry) (*furusato.Entry, error) {
	e := &furusato.Entry{Motivation: prose(in.Motivation), Contribution: prose(in.Contribution),
		HoursPerWeek: in.HoursPerWeek, Questions: prose(in.Questions)}
	e.Normalize()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p, err := findPublicProject(ctx, tx, formatID(projectID))
		if err != nil {
			return err
		}
		if err := policy.Entry(actor, policy.EntryCreate, projectScope(p)); err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return err
		}
		now := s.now()
		if reason := ClosedReason(p, now); reason != furusato.ClosedNot {
			return closedError(reason)
		}
		// Queue behind a concurrent accept that fills the last place (or a
		// close), so that no entry slips in after the open ones were told.
		if open, err := tx.HoldOpenProject(ctx, p.ID); err != nil {
			return err
		} else if !open {
			return closedError(furusato.ClosedByHand)
		}
		// Counted in the transaction: a refused entry counts nothing.
		key := fmt.Sprintf("entry:%d", actor.User.ID)
		if n, err := tx.HitThrottle(ctx, key, 24*time.Hour, now); err != nil {
			return err
		} else if n > EntriesPerDay {
			// Not a fault of any field: the form says so at its top, with
			// when the window that began with the first entry ends.
			start, err := tx.ThrottleStart(ctx, key)
			if err != nil {
				return err
			}
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many entries in 24 hours; please try again later.",
				RetryAt: start.Add(24 * time.Hour)}
		}
		e.ProjectID, e.UserID, e.CompanyID, e.OrganizationID = p.ID, actor.User.ID, p.CompanyID, p.OrganizationID
		if err := tx.CreateEntry(ctx, e, now); err != nil {
			return err
		}
		e.Project, e.Participant = p, actor.User
		if err := tx.AddEntryEvent(ctx, &furusato.EntryEvent{EntryID: e.ID, ActorID: actor.User.ID, To: e.Stage}, now); err != nil {
			return err
		}
		if err := s.notify.NotifyHosts(ctx, tx, e.Scope(), furusato.Notice{Kind: furusato.NoticeNewEntry, EntryID: e.ID,
			ProjectID: p.ID, Params: map[string]string{furusato.ParamProject: p.Title, "participant": actor.User.DisplayName},
			Link: hostLink(e.ID)}, actor.User.ID); err != nil {
			return err
		}
		// The receipt: people keep it as proof that the entry went through,
		// with what happens next and by when.
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: actor.User.ID, Kind: furusato.NoticeEntryReceived, EntryID: e.ID,
			ProjectID: p.ID, Params: map[string]string{furusato.ParamProject: p.Title, "reply_days": fmt.Sprint(mail.ReplyDays)},
			Link: participantLink(e.ID)})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Mine lists the actor's own entries, most recently changed first, with
// their projects. EUNAUTHORIZED for a visitor.
func (s *Entries) Mine(ctx context.Context, actor *furusato.Actor) ([]*furusato.Entry, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	return s.db.FindUserEntries(ctx, actor.User.ID)
}

// EntryDetail is one entry as the actor may see it.
type EntryDetail struct {
	Entry  *furusato.Entry // with Project, Participant and Profile
	Events []furusato.EntryEvent
	Notes  []furusato.EntryNote // nil unless the actor may read them (policy.EntryNotes)
	Host   bool                 // the actor screens it (organisation, company, admin)
	Moves  []furusato.Stage     // the moves the actor may make now
}

// Get returns entry id as the actor may see it; ENOTFOUND when the actor
// may not see it (policy.EntryView). The participant's e-mail address is
// given to hosts only.
func (s *Entries) Get(ctx context.Context, actor *furusato.Actor, id int64) (*EntryDetail, error) {
	e, err := s.db.FindEntry(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Entry(actor, policy.EntryView, e.Scope()); err != nil {
		return nil, err
	}
	d := &EntryDetail{Entry: e, Host: policy.Entry(actor, policy.EntryMove, e.Scope()) == nil}
	if e.Project, err = s.db.FindProject(ctx, formatID(e.ProjectID), furusato.ProjectStatuses); err != nil {
		return nil, err
	}
	if e.Profile, err = s.profile(ctx, s.db, e.UserID); err != nil {
		return nil, err
	}
	if d.Events, err = s.db.FindEntryEvents(ctx, e.ID); err != nil {
		return nil, err
	}
	if policy.Entry(actor, policy.EntryNotes, e.Scope()) == nil {
		if d.Notes, err = s.db.FindEntryNotes(ctx, e.ID); err != nil {
			return nil, err
		}
		if d.Notes == nil {
			d.Notes = []furusato.EntryNote{}
		}
	}
	if !d.Host {
		e.Participant.Email = ""
	}
	d.Moves = movesFor(actor, e)
	return d, nil
}

// movesFor lists the stages actor may move e to now: for hosts the
// state machine's moves but matched and withdrawn (the participant's);
// for the participant withdrawn (while active) and matched (when offered).
func movesFor(actor *furusato.Actor, e *furusato.Entry) []furusato.Stage {
	var out []furusato.Stage
	if policy.Entry(actor, policy.EntryMove, e.Scope()) == nil {
		for _, to := range furusato.EntryMovesFrom(e.Stage) {
			if to != furusato.StageMatched && to != furusato.StageWithdrawn {
				out = append(out, to)
			}
		}
		return out
	}
	if e.Stage == furusato.StageOffered && policy.Entry(actor, policy.EntryAccept, e.Scope()) == nil {
		out = append(out, furusato.StageMatched)
	}
	if e.Stage.Active() && policy.Entry(actor, policy.EntryWithdraw, e.Scope()) == nil {
		out = append(out, furusato.StageWithdrawn)
	}
	return out
}

type profileFinder interface {
	FindProfile(ctx context.Context, userID int64) (*furusato.Profile, error)
}

// profile returns the profile of user id, empty when they never saved one.
func (s *Entries) profile(ctx context.Context, c profileFinder, id int64) (*furusato.Profile, error) {
	p, err := c.FindProfile(ctx, id)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return &furusato.Profile{UserID: id}, nil
	}
	return p, err
}

// findPublicProject returns the public project key (slug or id), or
// ENOTFOUND.
func findPublicProject(ctx context.Context, c projectFinder, key string) (*furusato.Project, error) {
	if key == "" || len(key) > 100 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	p, err := c.FindProject(ctx, key, furusato.PublicStatuses)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	return p, err
}

// projectScope is the entry scope of project p: a new entry, or all of them.
func projectScope(p *furusato.Project) furusato.EntryScope {
	return furusato.EntryScope{ProjectID: p.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID}
}

// hostLink and participantLink are the pages of entry id for each side.
func hostLink(id int64) string        { return "/manage/entries/" + formatID(id) }
func participantLink(id int64) string { return "/me/entries/" + formatID(id) }
