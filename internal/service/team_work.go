package service

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// The team's day-to-day work (issue 10, items 4 and 5): milestones, the
// team thread and the check-ins (定例報告) with their comments. Every
// method decides its permission with policy.Team through load, in the
// transaction or snapshot it reads. Digests of the thread and check-in
// reminders are periodic jobs (team_jobs.go).

// TeamMessagesPerHour is how many messages one person may write in one
// team thread in an hour, as for an entry thread (MessagesPerHour).
const TeamMessagesPerHour = MessagesPerHour

// CheckInsPerDay is how many check-ins one participant may write in one
// team in a day: a correction or two, never a flood.
const CheckInsPerDay = 5

// CommentsPerHour is how many comments one person may write on one
// team's check-ins in an hour.
const CommentsPerHour = 30

// TeamRecentMessages is how many of the thread's last messages the
// workspace shows.
const TeamRecentMessages = 3

// CheckInPage is how many check-ins a page of the timeline holds.
const CheckInPage = 20

// TeamWork is the workspace's day-to-day part for one member: the open
// milestones, the thread's unread count and last messages, the latest
// check-in and, for a participant, when their next check-in is due.
type TeamWork struct {
	Milestones []*furusato.Milestone   // open ones, due soonest first
	Unread     int                     // thread messages by others the actor has not read
	Recent     []*furusato.TeamMessage // the thread's last messages, oldest first
	Latest     *furusato.CheckIn       // the team's newest check-in, nil for none
	// CheckInDue is when the actor's next check-in is due (participants
	// only; zero when the work has not started or has ended); DueNow says
	// it is due or overdue at Now.
	CheckInDue time.Time
	DueNow     bool
	Today      furusato.Date // the JST date the overdue marks are read against
}

// work reads the day-to-day part of team t for the actor, who may see it.
func (s *Teams) work(ctx context.Context, actor *furusato.Actor, t *furusato.Team, scope furusato.TeamScope) (*TeamWork, error) {
	now := s.now()
	w := &TeamWork{Today: furusato.DateOf(now)}
	all, err := s.db.FindMilestones(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		if m.Status == furusato.MilestoneOpen {
			w.Milestones = append(w.Milestones, m)
		}
	}
	unread, err := s.db.UnreadTeamMessageCounts(ctx, actor.User.ID, []int64{t.ID})
	if err != nil {
		return nil, err
	}
	w.Unread = unread[t.ID]
	if w.Recent, err = s.db.FindRecentTeamMessages(ctx, t.ID, TeamRecentMessages); err != nil {
		return nil, err
	}
	latest, err := s.db.FindCheckIns(ctx, t.ID, 0, 1)
	if err != nil {
		return nil, err
	}
	if len(latest) > 0 {
		w.Latest = latest[0]
	}
	if scope.Participant(actor.User.ID) && !t.Ended() {
		last, err := s.db.LastCheckInTimes(ctx, t.ID, []int64{actor.User.ID})
		if err != nil {
			return nil, err
		}
		w.CheckInDue = furusato.CheckInDue(t.Cadence, last[actor.User.ID], t.KickoffAt)
		w.DueNow = !w.CheckInDue.IsZero() && !w.CheckInDue.After(now)
	}
	return w, nil
}

// MilestoneInput is a milestone as a form or the API sends it: the due
// date in parts and the owner's user id as typed; From is the status the
// person saw (for an edit), Status the one they chose.
type MilestoneInput struct {
	Title                  string
	DueYear, DueMonth, Day string
	Owner                  string
	From, Status           string
}

// milestone reads in into m, the team's members deciding who may own it.
func milestoneFrom(in MilestoneInput, members []furusato.TeamMember, m *furusato.Milestone) error {
	var f furusato.FieldErrors
	if furusato.BadText(in.Title) {
		f.Add("title", furusato.ErrBadText)
	}
	m.Title = proseLine(furusato.CleanText(in.Title))
	due, ok := ReadDate(in.DueYear, in.DueMonth, in.Day)
	if !ok {
		f.Add("due", "error.date")
	}
	m.Due = due
	owner, ok := ReadID(in.Owner)
	m.OwnerName = ""
	if ok && owner != 0 {
		ok = false
		for _, mb := range members {
			if mb.UserID == owner {
				ok, m.OwnerName = true, mb.Name
			}
		}
	}
	if !ok {
		f.Add("owner", "error.invalid")
	}
	m.OwnerID = owner
	if in.Status != "" {
		m.Status = furusato.MilestoneStatus(in.Status)
	}
	m.Normalize()
	if err := m.Validate(); err != nil {
		f.Merge(err)
	}
	return f.Err()
}

// fieldsError is EINVALID naming the fields f, or nil for none.
func fieldsError(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return &furusato.Error{Code: furusato.EINVALID, Message: "Please check the highlighted fields.", Fields: f}
}

// Milestones returns the milestones of team id (open first, by due date)
// and its members, who may own one (policy.MilestoneEdit).
func (s *Teams) Milestones(ctx context.Context, actor *furusato.Actor, id int64) ([]*furusato.Milestone, []furusato.TeamMember, error) {
	if _, _, err := s.load(ctx, s.db, actor, id, policy.MilestoneEdit); err != nil {
		return nil, nil, err
	}
	ms, err := s.db.FindMilestones(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	members, err := s.db.FindTeamMembers(ctx, id)
	return ms, members, err
}

// AddMilestone adds an open milestone to team id (policy.MilestoneEdit:
// every member and admins). EINVALID with fields title, due, owner (a
// member of the team, or nobody).
func (s *Teams) AddMilestone(ctx context.Context, actor *furusato.Actor, id int64, in MilestoneInput) (*furusato.Milestone, error) {
	m := &furusato.Milestone{TeamID: id, Status: furusato.MilestoneOpen}
	in.Status = ""
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.load(ctx, tx, actor, id, policy.MilestoneEdit); err != nil {
			return err
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		if err := milestoneFrom(in, members, m); err != nil {
			return err
		}
		return tx.CreateMilestone(ctx, m, s.now())
	})
	return m, err
}

// EditMilestone changes milestone mid of team id: its title, due date and
// owner, and its status when in.Status differs from in.From, the status
// the person saw; the move is conditional on it, so someone who moved it
// meanwhile wins and this gets ECONFLICT (nothing of the edit is kept).
func (s *Teams) EditMilestone(ctx context.Context, actor *furusato.Actor, id, mid int64, in MilestoneInput) (*furusato.Milestone, error) {
	var m *furusato.Milestone
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.load(ctx, tx, actor, id, policy.MilestoneEdit); err != nil {
			return err
		}
		var err error
		if m, err = tx.FindMilestone(ctx, id, mid); err != nil {
			return err
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		read := m.Status
		from := furusato.MilestoneStatus(in.From)
		if in.From == "" {
			from = read
		}
		if err := milestoneFrom(in, members, m); err != nil {
			return err
		}
		if !from.Valid() {
			return fieldsError(map[string]string{"status": "error.invalid"})
		}
		if from != read {
			return furusato.Errorf(furusato.ECONFLICT, "Someone changed the milestone's status meanwhile.")
		}
		now := s.now()
		if err := tx.UpdateMilestone(ctx, m, now); err != nil {
			return err
		}
		if m.Status != from {
			if err := tx.MoveMilestone(ctx, id, mid, from, m.Status, now); err != nil {
				return err
			}
		}
		m.UpdatedAt = now.UTC().Truncate(time.Millisecond)
		return nil
	})
	return m, err
}

// MoveMilestone moves milestone mid of team id from status from (the one
// the person saw) to to (policy.MilestoneEdit); ECONFLICT when it is no
// longer in from.
func (s *Teams) MoveMilestone(ctx context.Context, actor *furusato.Actor, id, mid int64, from, to furusato.MilestoneStatus) error {
	if !furusato.CanMoveMilestone(from, to) {
		return fieldsError(map[string]string{"status": "error.invalid"})
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.load(ctx, tx, actor, id, policy.MilestoneEdit); err != nil {
			return err
		}
		return tx.MoveMilestone(ctx, id, mid, from, to, s.now())
	})
}

// Milestone returns milestone mid of team id and the team's members, for
// its edit form (policy.MilestoneEdit).
func (s *Teams) Milestone(ctx context.Context, actor *furusato.Actor, id, mid int64) (*furusato.Milestone, []furusato.TeamMember, error) {
	if _, _, err := s.load(ctx, s.db, actor, id, policy.MilestoneEdit); err != nil {
		return nil, nil, err
	}
	m, err := s.db.FindMilestone(ctx, id, mid)
	if err != nil {
		return nil, nil, err
	}
	members, err := s.db.FindTeamMembers(ctx, id)
	return m, members, err
}

// TeamThread is a team's thread as a member reads it.
type TeamThread struct {
	Team     *furusato.Team
	Project  string // the project's title
	Messages []*furusato.TeamMessage
}

// Thread returns team id's thread, oldest first, and marks it read for
// the actor (policy.TeamMessage).
func (s *Teams) Thread(ctx context.Context, actor *furusato.Actor, id int64) (*TeamThread, error) {
	th := &TeamThread{}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.TeamMessage)
		if err != nil {
			return err
		}
		th.Team = t
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		th.Project = p.Title
		if th.Messages, err = tx.FindTeamMessages(ctx, id); err != nil {
			return err
		}
		// Opening the thread reads what the header said about it.
		if err := tx.MarkThreadNoticesRead(ctx, actor.User.ID, furusato.NoticeTeamMessage, ThreadPath(id), s.now()); err != nil {
			return err
		}
		if n := len(th.Messages); n > 0 {
			return tx.MarkTeamThreadRead(ctx, id, actor.User.ID, th.Messages[n-1].ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return th, nil
}

// PostMessage adds body to team id's thread as the actor, who has then
// read the thread up to it (policy.TeamMessage). EINVALID (field "body")
// for an empty, long or unusable text; ERATELIMIT past
// TeamMessagesPerHour. The thread's other people see it at once in the
// header (one notice per thread, updated); SendTeamDigests mails them.
func (s *Teams) PostMessage(ctx context.Context, actor *furusato.Actor, id int64, body string) (*furusato.TeamMessage, error) {
	var m *furusato.TeamMessage
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, _, err := s.load(ctx, tx, actor, id, policy.TeamMessage); err != nil {
			return err
		}
		m = &furusato.TeamMessage{TeamID: id, AuthorID: actor.User.ID, Body: body, AuthorName: actor.User.DisplayName}
		if !furusato.BadText(body) {
			m.Body = prose(body)
		}
		m.Normalize()
		if err := m.Validate(); err != nil {
			return err
		}
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("team-message:%d:%d", actor.User.ID, id), time.Hour, s.now()); err != nil {
			return err
		} else if n > TeamMessagesPerHour {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many messages; please wait a while.", Fields: map[string]string{"body": "messages.error.too_many"}}
		}
		if err := tx.CreateTeamMessage(ctx, m, s.now()); err != nil {
			return err
		}
		if err := tx.MarkTeamThreadRead(ctx, id, actor.User.ID, m.ID); err != nil {
			return err
		}
		return s.notify.teamMessageNotices(ctx, tx, id, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// UnreadTeamCounts returns, for each of the teams ids that the actor may
// see, how many thread messages by others they have not read (teams with
// none left out). My page passes the person's teams.
func (s *Teams) UnreadTeamCounts(ctx context.Context, actor *furusato.Actor, ids []int64) (map[int64]int, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	var mine []int64
	for _, id := range ids {
		scope, err := s.db.FindTeamScope(ctx, id)
		if err != nil {
			return nil, err
		}
		if policy.Team(actor, policy.TeamMessage, scope) == nil {
			mine = append(mine, id)
		}
	}
	return s.db.UnreadTeamMessageCounts(ctx, actor.User.ID, mine)
}

// CheckInInput is a check-in as a form or the API sends it; Hours as
// typed (whole hours since the last check-in).
type CheckInInput struct {
	Done, Next, Blockers, Hours string
}

// CheckInStart is what the check-in form needs: the team, the period the
// check-in would cover and when it is due.
type CheckInStart struct {
	Team        *furusato.Team
	Project     string
	PeriodStart time.Time
	Due         time.Time // zero before the kickoff
}

// StartCheckIn returns what the actor's next check-in in team id would
// cover (policy.CheckInWrite: the team's participants). ECONFLICT once
// the team's work has ended.
func (s *Teams) StartCheckIn(ctx context.Context, actor *furusato.Actor, id int64) (*CheckInStart, error) {
	t, _, err := s.load(ctx, s.db, actor, id, policy.CheckInWrite)
	if err != nil {
		return nil, err
	}
	if t.Ended() {
		return nil, furusato.Errorf(furusato.ECONFLICT, "The team's work has ended; check-ins are closed.")
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	last, err := s.db.LastCheckInTimes(ctx, id, []int64{actor.User.ID})
	if err != nil {
		return nil, err
	}
	start, _ := furusato.CheckInPeriod(last[actor.User.ID], t.KickoffAt, t.CreatedAt, s.now())
	return &CheckInStart{Team: t, Project: p.Title, PeriodStart: start,
		Due: furusato.CheckInDue(t.Cadence, last[actor.User.ID], t.KickoffAt)}, nil
}

// WriteCheckIn adds the actor's next check-in to team id
// (policy.CheckInWrite: participants, for themselves). It covers the time
// since their last check-in (or the kickoff) and is numbered after it.
// EINVALID with fields done, next, blockers, hours; ECONFLICT once the
// team's work has ended; ERATELIMIT past CheckInsPerDay.
func (s *Teams) WriteCheckIn(ctx context.Context, actor *furusato.Actor, id int64, in CheckInInput) (*furusato.CheckIn, error) {
	c := &furusato.CheckIn{TeamID: id, AuthorName: actorName(actor)}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.CheckInWrite)
		if err != nil {
			return err
		}
		if t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "The team's work has ended; check-ins are closed.")
		}
		c.AuthorID = actor.User.ID
		var f furusato.FieldErrors
		for name, p := range map[string]struct {
			in  string
			out *string
		}{"done": {in.Done, &c.Done}, "next": {in.Next, &c.Next}, "blockers": {in.Blockers, &c.Blockers}} {
			if furusato.BadText(p.in) {
				f.Add(name, furusato.ErrBadText)
				*p.out = "x" // checked already
				continue
			}
			*p.out = prose(p.in)
		}
		hours, ok := ReadNumber(in.Hours, "時間", "h")
		switch {
		case furusato.BadText(in.Hours), !ok:
			f.Add("hours", "error.range", "Min", 0, "Max", furusato.MaxCheckInHours)
		case normText(in.Hours) == "":
			f.Add("hours", "error.required")
		}
		c.Hours = hours
		now := s.now()
		last, err := tx.LastCheckInTimes(ctx, id, []int64{actor.User.ID})
		if err != nil {
			return err
		}
		c.PeriodStart, c.PeriodEnd = furusato.CheckInPeriod(last[actor.User.ID], t.KickoffAt, t.CreatedAt, now)
		c.Normalize()
		f.Merge(c.Validate())
		if err := f.Err(); err != nil {
			return err
		}
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("checkin:%d:%d", actor.User.ID, id), 24*time.Hour, now); err != nil {
			return err
		} else if n > CheckInsPerDay {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many check-ins today; please wait until tomorrow.",
				Fields: map[string]string{"done": "work.error.too_many_checkins"}}
		}
		return tx.CreateCheckIn(ctx, c, now)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func actorName(a *furusato.Actor) string {
	if a.SignedIn() {
		return a.User.DisplayName
	}
	return ""
}

// CheckInTimeline is a page of a team's check-ins, newest first, with
// their comments.
type CheckInTimeline struct {
	Team     *furusato.Team
	Project  string
	CheckIns []*furusato.CheckIn
	Comments map[int64][]*furusato.CheckInComment // by check-in, oldest first
	Older    int64                                // the cursor of the next (older) page, 0 for none
	Can      map[policy.Action]bool               // CheckInWrite, CheckInComment for the actor
}

// CheckIns returns the page of team id's check-ins before the check-in
// id before (0 for the newest), at most limit (CheckInPage when 0), with
// comments (policy.TeamView).
func (s *Teams) CheckIns(ctx context.Context, actor *furusato.Actor, id, before int64, limit int) (*CheckInTimeline, error) {
	t, scope, err := s.load(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = CheckInPage
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	list, err := s.db.FindCheckIns(ctx, id, max(before, 0), limit+1)
	if err != nil {
		return nil, err
	}
	tl := &CheckInTimeline{Team: t, Project: p.Title, Can: map[policy.Action]bool{
		policy.CheckInWrite:   policy.Team(actor, policy.CheckInWrite, scope) == nil && !t.Ended(),
		policy.CheckInComment: policy.Team(actor, policy.CheckInComment, scope) == nil,
	}}
	if len(list) > limit {
		list = list[:limit]
		tl.Older = list[limit-1].ID
	}
	tl.CheckIns = list
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	if tl.Comments, err = s.db.FindCheckInComments(ctx, ids); err != nil {
		return nil, err
	}
	return tl, nil
}

// CheckInPath is the timeline of team id at check-in cid.
func CheckInPath(id, cid int64) string {
	return fmt.Sprintf("%s/checkins#checkin-%d", TeamPath(id), cid)
}

// Comment adds body as the actor's comment on check-in cid of team id
// (policy.CheckInComment: the supporters, the coordinators and admins)
// and tells the check-in's author (NoticeCheckInComment) in the same
// transaction. EINVALID (field "body"); ERATELIMIT past CommentsPerHour.
func (s *Teams) Comment(ctx context.Context, actor *furusato.Actor, id, cid int64, body string) (*furusato.CheckInComment, error) {
	cm := &furusato.CheckInComment{CheckInID: cid, Body: body, AuthorName: actorName(actor)}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.CheckInComment)
		if err != nil {
			return err
		}
		c, err := tx.FindCheckIn(ctx, id, cid)
		if err != nil {
			return err
		}
		if !furusato.BadText(body) {
			cm.Body = prose(body)
		}
		cm.Normalize()
		if err := cm.Validate(); err != nil {
			return err
		}
		now := s.now()
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("checkin-comment:%d:%d", actor.User.ID, id), time.Hour, now); err != nil {
			return err
		} else if n > CommentsPerHour {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many comments; please wait a while.", Fields: map[string]string{"body": "messages.error.too_many"}}
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		cm.AuthorID, cm.Role = actor.User.ID, commentRole(members, actor.User.ID)
		if err := tx.CreateCheckInComment(ctx, cm, now); err != nil {
			return err
		}
		if c.AuthorID == actor.User.ID {
			return nil
		}
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: c.AuthorID, Kind: furusato.NoticeCheckInComment,
			ProjectID: t.ProjectID, Link: CheckInPath(id, cid),
			Params: map[string]string{furusato.ParamProject: p.Title, "author": actorName(actor), "message": cm.Body}})
	})
	if err != nil {
		return nil, err
	}
	return cm, nil
}

// commentRole is the role a comment by user id is written in: coordinator
// before supporter; "" for an admin who is neither.
func commentRole(members []furusato.TeamMember, id int64) furusato.TeamRole {
	var role furusato.TeamRole
	for _, m := range members {
		if m.UserID != id {
			continue
		}
		switch m.Role {
		case furusato.TeamCoordinator:
			return m.Role
		case furusato.TeamSupporter:
			role = m.Role
		}
	}
	return role
}
