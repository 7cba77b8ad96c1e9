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

// Interviews is the use cases of interviews (面談): the organisation or
// company proposes slots, the participant picks one, both get an
// iCalendar file and a reminder the day before; reschedule and cancel.
// Every decision is policy.Entry's, made on the entry as read in the same
// transaction as the write.
type Interviews struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
}

// NewInterviews returns Interviews over db.
func NewInterviews(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Interviews {
	return &Interviews{db: db, now: now, notify: notify, baseURL: baseURL}
}

// Now returns the service's clock reading.
func (s *Interviews) Now() time.Time { return s.now() }

// InterviewPlan is what the propose and reschedule forms need: the entry
// (project title, participant) and, for a reschedule, the interview.
type InterviewPlan struct {
	Entry     *furusato.InterviewEntry
	Interview *furusato.Interview // nil for a new proposal
}

// EntryInterviews is the interviews of one entry as the actor may see them.
type EntryInterviews struct {
	Entry      *furusato.InterviewEntry
	Interviews []*furusato.Interview // oldest first; Notes empty unless CanNotes
	CanPlan    bool                  // propose, reschedule, cancel (policy.InterviewPlan)
	CanPropose bool                  // CanPlan and the entry is at stage interview
	CanPick    bool                  // the participant (policy.InterviewPick)
	CanNotes   bool                  // policy.InterviewNotes
}

type interviewReader interface {
	FindInterviewEntry(ctx context.Context, id int64) (*furusato.InterviewEntry, error)
	FindInterview(ctx context.Context, id int64) (*furusato.Interview, error)
}

// entry reads entry id and checks act on it.
func (s *Interviews) entry(ctx context.Context, c interviewReader, actor *furusato.Actor, act policy.Action, id int64) (*furusato.InterviewEntry, error) {
	e, err := c.FindInterviewEntry(ctx, id)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Entry not found.")
	}
	if err != nil {
		return nil, err
	}
	if err := policy.Entry(actor, act, e.Scope); err != nil {
		return nil, err
	}
	return e, nil
}

// interview reads interview id and its entry, and checks act on the entry.
// An interview the actor may not see is ENOTFOUND, like a missing one.
func (s *Interviews) interview(ctx context.Context, c interviewReader, actor *furusato.Actor, act policy.Action, id int64) (*furusato.Interview, *furusato.InterviewEntry, error) {
	iv, err := c.FindInterview(ctx, id)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, nil, furusato.Errorf(furusato.ENOTFOUND, "Interview not found.")
	}
	if err != nil {
		return nil, nil, err
	}
	e, err := s.entry(ctx, c, actor, act, iv.EntryID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, nil, furusato.Errorf(furusato.ENOTFOUND, "Interview not found.")
	}
	if err != nil {
		return nil, nil, err
	}
	return iv, e, nil
}

// ForEntry returns the interviews of entry entryID (policy.EntryView), with
// what the actor may do with them. The private notes are left out unless
// the actor may read them (policy.InterviewNotes).
func (s *Interviews) ForEntry(ctx context.Context, actor *furusato.Actor, entryID int64) (*EntryInterviews, error) {
	e, err := s.entry(ctx, s.db, actor, policy.EntryView, entryID)
	if err != nil {
		return nil, err
	}
	ivs, err := s.db.FindInterviews(ctx, entryID)
	if err != nil {
		return nil, err
	}
	out := &EntryInterviews{Entry: e, Interviews: ivs,
		CanPlan:  policy.Entry(actor, policy.InterviewPlan, e.Scope) == nil,
		CanPick:  policy.Entry(actor, policy.InterviewPick, e.Scope) == nil,
		CanNotes: policy.Entry(actor, policy.InterviewNotes, e.Scope) == nil,
	}
	out.CanPropose = out.CanPlan && e.Stage == furusato.StageInterview
	if !out.CanNotes {
		for _, iv := range ivs {
			iv.Notes = ""
		}
	}
	return out, nil
}

// ForEntries returns the interviews of those of entries the actor may see,
// by entry, for list pages (two queries for the whole page); private notes
// are left out unless the actor may read them.
func (s *Interviews) ForEntries(ctx context.Context, actor *furusato.Actor, entries []*furusato.Entry) (map[int64][]*furusato.Interview, error) {
	var ids []int64
	notes := map[int64]bool{}
	for _, e := range entries {
		if policy.Entry(actor, policy.EntryView, e.Scope()) == nil {
			ids = append(ids, e.ID)
			notes[e.ID] = policy.Entry(actor, policy.InterviewNotes, e.Scope()) == nil
		}
	}
	by, err := s.db.FindInterviewsForEntries(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, ivs := range by {
		if !notes[id] {
			for _, iv := range ivs {
				iv.Notes = ""
			}
		}
	}
	return by, nil
}

// PlanNew returns what the proposal form for entry entryID needs
// (policy.InterviewPlan); ECONFLICT unless the entry is at stage interview.
func (s *Interviews) PlanNew(ctx context.Context, actor *furusato.Actor, entryID int64) (*InterviewPlan, error) {
	e, err := s.entry(ctx, s.db, actor, policy.InterviewPlan, entryID)
	if err != nil {
		return nil, err
	}
	if err := needInterviewStage(e); err != nil {
		return nil, err
	}
	return &InterviewPlan{Entry: e}, nil
}

// PlanReschedule returns what the reschedule form of interview id needs
// (policy.InterviewPlan); ECONFLICT when it is cancelled.
func (s *Interviews) PlanReschedule(ctx context.Context, actor *furusato.Actor, id int64) (*InterviewPlan, error) {
	iv, e, err := s.interview(ctx, s.db, actor, policy.InterviewPlan, id)
	if err != nil {
		return nil, err
	}
	if iv.Status == furusato.InterviewCancelled {
		return nil, furusato.Errorf(furusato.ECONFLICT, "The interview is cancelled.")
	}
	return &InterviewPlan{Entry: e, Interview: iv}, nil
}

func needInterviewStage(e *furusato.InterviewEntry) error {
	if e.Stage != furusato.StageInterview {
		return furusato.Errorf(furusato.ECONFLICT, "Move the entry to interview first.")
	}
	return nil
}

// errInterviewOpen refuses a second open proposal on one entry (a double
// submit, or a new proposal before the participant answered): change the
// open one instead (Reschedule). The database holds the rule too.
var errInterviewOpen = &furusato.Error{Code: furusato.ECONFLICT, Message: ErrInterviewOpen}

// ErrInterviewOpen is the message of the conflict of a second open proposal.
const ErrInterviewOpen = "An interview proposal for this entry is already waiting for an answer."

// IsInterviewOpen reports whether err is the refusal of a second open
// proposal on one entry.
func IsInterviewOpen(err error) bool {
	return furusato.ErrorCode(err) == furusato.ECONFLICT && furusato.ErrorMessage(err) == ErrInterviewOpen
}

// Propose proposes an interview on entry entryID (policy.InterviewPlan):
// EINVALID with Fields for bad input (furusato.InterviewProposal.Validate),
// ECONFLICT unless the entry is at stage interview ("move the entry to
// interview first") and when a proposal is already open (IsInterviewOpen;
// one open proposal per entry, held by a unique index). The participant
// is told (NoticeInterviewProposed).
func (s *Interviews) Propose(ctx context.Context, actor *furusato.Actor, entryID int64, in furusato.InterviewProposal) (*furusato.Interview, error) {
	now := s.now()
	in.Normalize()
	var iv *furusato.Interview
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		e, err := s.entry(ctx, tx, actor, policy.InterviewPlan, entryID)
		if err != nil {
			return err
		}
		slots, err := in.Validate(now)
		if err != nil {
			return err
		}
		if err := needInterviewStage(e); err != nil {
			return err
		}
		// Hold the entry at its stage: a withdraw or decline made meanwhile
		// waits, then cancels this interview with the others.
		if ok, err := tx.HoldInterviewEntry(ctx, entryID, furusato.StageInterview); err != nil {
			return err
		} else if !ok {
			return furusato.Errorf(furusato.ECONFLICT, "Move the entry to interview first.")
		}
		ivs, err := tx.FindInterviews(ctx, entryID)
		if err != nil {
			return err
		}
		for _, old := range ivs {
			if old.Status == furusato.InterviewProposed {
				return errInterviewOpen
			}
		}
		iv = &furusato.Interview{EntryID: entryID, Slots: slots, Online: in.Mode == furusato.InterviewOnline,
			Location: in.Location, Notes: in.Notes, CreatedBy: actorID(actor)}
		if err := tx.CreateInterview(ctx, iv, now); furusato.ErrorCode(err) == furusato.ECONFLICT {
			return errInterviewOpen // the unique index: another node wrote one first
		} else if err != nil {
			return err
		}
		return s.notify.Notify(ctx, tx, s.notice(e, iv, furusato.NoticeInterviewProposed, e.Scope.UserID, false, ""))
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// Reschedule replaces the slots, place and notes of interview id with new
// ones (policy.InterviewPlan): it goes back to proposed, its sequence is
// bumped, and the participant is told (NoticeInterviewProposed with
// Params["rescheduled"]; when it was confirmed, with a CANCEL calendar for
// the old time). ECONFLICT when it is cancelled or its entry is no longer
// under way.
func (s *Interviews) Reschedule(ctx context.Context, actor *furusato.Actor, id int64, in furusato.InterviewProposal) error {
	now := s.now()
	in.Normalize()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		iv, e, err := s.interview(ctx, tx, actor, policy.InterviewPlan, id)
		if err != nil {
			return err
		}
		slots, err := in.Validate(now)
		if err != nil {
			return err
		}
		if iv.Status == furusato.InterviewCancelled {
			return furusato.Errorf(furusato.ECONFLICT, "The interview is cancelled.")
		}
		if !e.Stage.Active() {
			return furusato.Errorf(furusato.ECONFLICT, "The entry is no longer under way.")
		}
		old := *iv
		iv.Slots, iv.Online, iv.Location, iv.Notes = slots, in.Mode == furusato.InterviewOnline, in.Location, in.Notes
		if err := tx.RescheduleInterview(ctx, iv, now); err != nil {
			return err
		}
		n := s.notice(e, iv, furusato.NoticeInterviewProposed, e.Scope.UserID, false, "")
		n.Params["rescheduled"] = "1"
		if old.Status == furusato.InterviewConfirmed {
			old.Status, old.Sequence = furusato.InterviewCancelled, iv.Sequence
			if n.Calendar, err = s.calendar(&old, e, now); err != nil {
				return err
			}
		}
		return s.notify.Notify(ctx, tx, n)
	})
}

// Cancel cancels interview id (policy.InterviewPlan) with an optional
// reason; both sides are told (NoticeInterviewCancelled), with a CANCEL
// calendar when it was confirmed. ECONFLICT when it is cancelled already.
func (s *Interviews) Cancel(ctx context.Context, actor *furusato.Actor, id int64, reason string) error {
	now := s.now()
	reason, err := interviewReason(reason)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		iv, e, err := s.interview(ctx, tx, actor, policy.InterviewPlan, id)
		if err != nil {
			return err
		}
		wasConfirmed := iv.Status == furusato.InterviewConfirmed
		ok, err := tx.CancelInterview(ctx, id, reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return furusato.Errorf(furusato.ECONFLICT, "The interview is cancelled already.")
		}
		iv.Status, iv.Sequence, iv.CancelReason = furusato.InterviewCancelled, iv.Sequence+1, reason
		return s.tellBoth(ctx, tx, e, iv, furusato.NoticeInterviewCancelled, wasConfirmed, reason, actorID(actor), now)
	})
}

// tellBoth sends kind about iv to the participant and to the hosts (but
// except), with the calendar of iv attached when withCalendar.
func (s *Interviews) tellBoth(ctx context.Context, tx *store.Tx, e *furusato.InterviewEntry, iv *furusato.Interview, kind furusato.NoticeKind, withCalendar bool, reason string, except int64, now time.Time) error {
	var cal string
	if withCalendar {
		var err error
		if cal, err = s.calendar(iv, e, now); err != nil {
			return err
		}
	}
	if e.Scope.UserID != except {
		n := s.notice(e, iv, kind, e.Scope.UserID, false, reason)
		n.Calendar = cal
		if err := s.notify.Notify(ctx, tx, n); err != nil {
			return err
		}
	}
	n := s.notice(e, iv, kind, 0, true, reason)
	n.Calendar = cal
	return s.notify.NotifyHosts(ctx, tx, e.Scope, n, except)
}

// notice builds a notice of kind about iv for user (the participant) or the
// hosts. Params: project, participant, when (the chosen slot, or every
// proposed one, in JST), slots (how many), place, online ("1" or ""),
// reason.
func (s *Interviews) notice(e *furusato.InterviewEntry, iv *furusato.Interview, kind furusato.NoticeKind, user int64, host bool, reason string) furusato.Notice {
	when, spans := slotTexts(iv.Chosen())(iv.Slots)
	online := ""
	if iv.Online {
		online = "1"
	}
	link := fmt.Sprintf("/me/entries/%d", e.Scope.EntryID)
	if host {
		link = fmt.Sprintf("/manage/entries/%d", e.Scope.EntryID)
	}
	return furusato.Notice{UserID: user, Kind: kind, EntryID: e.Scope.EntryID, ProjectID: e.Scope.ProjectID, Link: link,
		Params: map[string]string{
			furusato.ParamProject: e.ProjectTitle,
			"participant":         e.Participant,
			"when":                when,
			"slots":               fmt.Sprint(len(iv.Slots)),
			"place":               iv.Location,
			"online":              online,
			"reason":              reason,
			furusato.ParamSlots:   spans,
		}}
}

// slotTexts returns, for a chosen slot (ok) or else every proposed one,
// the Japanese text of the "when" param and the instants of
// furusato.ParamSlots.
func slotTexts(chosen furusato.InterviewSlot, ok bool) func([]furusato.InterviewSlot) (string, string) {
	return func(all []furusato.InterviewSlot) (string, string) {
		if ok {
			all = []furusato.InterviewSlot{chosen}
		}
		texts := make([]string, len(all))
		spans := make([][2]time.Time, len(all))
		for i, sl := range all {
			texts[i], spans[i] = SlotText(sl), [2]time.Time{sl.Start, sl.End()}
		}
		return strings.Join(texts, "、"), furusato.SlotsParam(spans...)
	}
}

// SlotText formats a slot in JST as 2026年11月24日(火) 14:00〜15:00, the way
// pages and e-mails show it; "" for a zero slot.
func SlotText(s furusato.InterviewSlot) string {
	if s.Start.IsZero() {
		return ""
	}
	st, en := s.Start.In(furusato.JST), s.End().In(furusato.JST)
	wd := [...]string{"日", "月", "火", "水", "木", "金", "土"}[st.Weekday()]
	day := fmt.Sprintf("%d年%d月%d日(%s) %d:%02d〜", st.Year(), st.Month(), st.Day(), wd, st.Hour(), st.Minute())
	if en.YearDay() != st.YearDay() || en.Year() != st.Year() {
		return day + fmt.Sprintf("%d月%d日 %d:%02d", en.Month(), en.Day(), en.Hour(), en.Minute())
	}
	return day + fmt.Sprintf("%d:%02d", en.Hour(), en.Minute())
}

// EntryOf returns the id of the entry of interview id, for anyone who may
// view that entry (policy.EntryView); ENOTFOUND otherwise.
func (s *Interviews) EntryOf(ctx context.Context, actor *furusato.Actor, id int64) (int64, error) {
	iv, _, err := s.interview(ctx, s.db, actor, policy.EntryView, id)
	if err != nil {
		return 0, err
	}
	return iv.EntryID, nil
}

// Get returns interview id for anyone who may view its entry
// (policy.EntryView), without its notes unless policy.InterviewNotes allows.
func (s *Interviews) Get(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.Interview, *furusato.InterviewEntry, error) {
	iv, e, err := s.interview(ctx, s.db, actor, policy.EntryView, id)
	if err != nil {
		return nil, nil, err
	}
	if policy.Entry(actor, policy.InterviewNotes, e.Scope) != nil {
		iv.Notes = ""
	}
	return iv, e, nil
}
