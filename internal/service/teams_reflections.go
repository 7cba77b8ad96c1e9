package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Reflections is the use cases of the reflections (振り返り) a team writes
// when its work ends (issue 10, item 7): they open with the end (Open, a
// TeamEndHook service.New gives service.Teams), each participant, the
// company's staff and each supporter writes their own (Write), and each
// reads the others' as policy.ReflectionVisible allows (Board): the other
// side's only once their own side has written, or 14 days after the end.
type Reflections struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
}

// NewReflections returns Reflections over db; notices link to baseURL.
func NewReflections(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Reflections {
	return &Reflections{db: db, now: now, notify: notify, baseURL: strings.TrimRight(baseURL, "/")}
}

// ReflectionsPath returns the reflections page of team id.
func ReflectionsPath(id int64) string { return fmt.Sprintf("/teams/%d/reflections", id) }

// Open is the TeamEndHook that opens team t's reflections when its work
// ends: the round opens at t.EndedAt (now, the end's time, when t was read
// before the end), and every participant, every staff member of the
// company and every assigned supporter is asked to write theirs
// (NoticeReflection). Coordinators are not asked: they write none. A
// second call (a retried end) opens nothing and tells nobody again.
func (s *Reflections) Open(ctx context.Context, tx *store.Tx, t *furusato.Team, now time.Time) error {
	at := t.EndedAt
	if at.IsZero() {
		at = now
	}
	opened, err := tx.OpenReflections(ctx, t.ID, at)
	if err != nil || !opened {
		return err
	}
	p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return err
	}
	members, err := tx.FindTeamMembers(ctx, t.ID)
	if err != nil {
		return err
	}
	told := map[int64]bool{}
	for _, m := range members {
		if m.Role == furusato.TeamCoordinator || told[m.UserID] {
			continue
		}
		told[m.UserID] = true
		if err := s.notify.Notify(ctx, tx, furusato.Notice{
			UserID: m.UserID, Kind: furusato.NoticeReflection, ProjectID: p.ID,
			Params: map[string]string{furusato.ParamProject: p.Title}, Link: ReflectionsPath(t.ID),
		}); err != nil {
			return err
		}
	}
	return nil
}

// ReflectionBoard is a team's reflections as one person sees them on
// /teams/{id}/reflections.
type ReflectionBoard struct {
	Team    *furusato.Team
	Project string // the project's title
	Round   furusato.ReflectionRound
	Now     time.Time
	// Side is the side the viewer writes for, "" when they write none
	// (coordinators, admins).
	Side furusato.ReflectionSide
	// Mine is the viewer's own reflection, nil before they wrote it.
	Mine *furusato.Reflection
	// CanWrite: the round is open and the viewer may write theirs now, or
	// still change it (no other side has written, the 14 days are not
	// over). Locked: they wrote it and it can no longer change.
	CanWrite, Locked bool
	// Others are the reflections of others the viewer may read, by side.
	Others []*furusato.Reflection
	// Waiting counts the reflections of another side already written that
	// the viewer may not read yet (they read them once they write theirs,
	// or at Round.RevealAt).
	Waiting int
}

// Open reports whether the reflections have opened (the work has ended).
func (b *ReflectionBoard) Open() bool { return b.Round.Open() }

// Revealed reports whether the 14 days after the end are over.
func (b *ReflectionBoard) Revealed() bool { return b.Round.Revealed(b.Now) }

// Board returns team id's reflections as the actor may see them
// (policy.ReflectionRead; ENOTFOUND for an outsider).
func (s *Reflections) Board(ctx context.Context, actor *furusato.Actor, id int64) (*ReflectionBoard, error) {
	return s.board(ctx, s.db, actor, id, policy.ReflectionRead)
}

// reflectionReader is what reading a board needs; both *store.DB and
// *store.Tx have it, so a write decides on what it reads in its
// transaction.
type reflectionReader interface {
	teamReader
	FindProject(context.Context, string, []furusato.ProjectStatus) (*furusato.Project, error)
	FindReflectionRound(context.Context, int64) (furusato.ReflectionRound, error)
	FindReflections(context.Context, int64) ([]*furusato.Reflection, error)
}

// board reads the board on q after deciding act.
func (s *Reflections) board(ctx context.Context, q reflectionReader, actor *furusato.Actor, id int64, act policy.Action) (*ReflectionBoard, error) {
	t, scope, err := loadTeam(ctx, q, actor, id, act)
	if err != nil {
		return nil, err
	}
	p, err := q.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	round, err := q.FindReflectionRound(ctx, id)
	if err != nil {
		return nil, err
	}
	all, err := q.FindReflections(ctx, id)
	if err != nil {
		return nil, err
	}
	// Who wrote what is taken from the reflections read, so that what
	// shows and what decides it agree even without one snapshot.
	round.Written = round.Written[:0]
	for _, r := range all {
		round.Written = append(round.Written, furusato.ReflectionMark{AuthorID: r.AuthorID, Side: r.Side})
	}
	b := &ReflectionBoard{Team: t, Project: p.Title, Round: round, Now: s.now()}
	b.Side, _ = policy.ReflectionSideOf(actor, scope)
	for _, r := range all {
		switch {
		case r.AuthorID == actor.User.ID:
			b.Mine = r
		case policy.ReflectionVisible(actor, scope, round, r, b.Now):
			b.Others = append(b.Others, r)
		case r.Side != b.Side:
			b.Waiting++
		}
	}
	if b.Side != "" && round.Open() && policy.Team(actor, policy.ReflectionWrite, scope) == nil {
		b.Locked = b.Mine != nil && (round.OtherSideWrote(b.Mine.Side) || b.Revealed())
		b.CanWrite = !b.Locked
	}
	return b, nil
}

// ReflectionInput is a reflection as typed: ratings by question (already
// read as numbers by the edge, -1 for what was not a number), texts by
// question, the yes/no answer ("yes", "no", "" for none) and the message.
type ReflectionInput struct {
	Ratings map[string]int
	Texts   map[string]string
	Again   string
	Message string
}

// Write saves the actor's own reflection on team id from in, for the side
// they write for (policy.ReflectionWrite): the first time, or again while
// no other side has written and the 14 days are not over (ECONFLICT
// after). EINVALID with field errors for bad input; ECONFLICT before the
// work has ended. Returns the board as it stands after the write (also
// with an input error, for the form to come back with what was typed).
func (s *Reflections) Write(ctx context.Context, actor *furusato.Actor, id int64, in ReflectionInput) (*ReflectionBoard, error) {
	var b *ReflectionBoard
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		b, err = s.board(ctx, tx, actor, id, policy.ReflectionWrite)
		if err != nil {
			return err
		}
		if !b.Open() {
			return furusato.Errorf(furusato.ECONFLICT, "Reflections open when the team's work ends.")
		}
		r := &furusato.Reflection{TeamID: id, AuthorID: actor.User.ID, Side: b.Side,
			Again: furusato.YesNo(normText(in.Again)), Message: prose(in.Message)}
		for _, q := range b.Side.Questions() {
			r.Answers = append(r.Answers, furusato.ReflectionAnswer{Question: q, Rating: in.Ratings[q], Text: prose(in.Texts[q])})
		}
		if b.Locked {
			return furusato.Errorf(furusato.ECONFLICT, "Your reflection can no longer be changed: the other side can read it now.")
		}
		r.Normalize()
		if err := r.Validate(); err != nil {
			return err
		}
		if err := tx.SaveReflection(ctx, r, b.Now); err != nil {
			return err
		}
		b.Mine = r
		return nil
	})
	return b, err
}

// loadTeam reads team id and its scope on q and decides act for the
// actor, as Teams.load does: ENOTFOUND for a missing team and for an
// outsider.
func loadTeam(ctx context.Context, q teamReader, actor *furusato.Actor, id int64, act policy.Action) (*furusato.Team, furusato.TeamScope, error) {
	if err := signedIn(actor); err != nil {
		return nil, furusato.TeamScope{}, err
	}
	t, err := q.FindTeam(ctx, id)
	if err != nil {
		return nil, furusato.TeamScope{}, err
	}
	scope, err := q.FindTeamScope(ctx, id)
	if err != nil {
		return nil, furusato.TeamScope{}, err
	}
	return t, scope, policy.Team(actor, act, scope)
}
