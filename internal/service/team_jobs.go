package service

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// The periodic work of the teams: e-mail digests of the team threads and
// the reminders of check-ins that are due.

// ThreadPath is the thread page of team id.
func ThreadPath(id int64) string { return TeamPath(id) + "/thread" }

// CheckInFormPath is the page where a participant writes a check-in in
// team id.
func CheckInFormPath(id int64) string { return TeamPath(id) + "/checkins/new" }

// SendTeamDigests e-mails each member the messages of their team threads
// that they have neither read nor been sent, by the rules of entry
// threads (DigestQuiet, DigestBusy, DigestWindow): one e-mail and one
// in-app notice (NoticeTeamMessage) per member and thread, never to the
// author, respecting the member's preference. The digest mark moves with a
// conditional update in the transaction of the mail, so a second run or
// node sends nothing twice. It returns how many digests were recorded.
func (s *Teams) SendTeamDigests(ctx context.Context) (int, error) {
	now := s.now()
	sent := 0
	for {
		due, err := s.db.FindTeamDigestCandidates(ctx, now.Add(-DigestWindow), now.Add(-DigestQuiet), now.Add(-DigestBusy), 200)
		if err != nil {
			return sent, err
		}
		done := 0
		for _, c := range due {
			ok, err := s.sendTeamDigest(ctx, c)
			if err != nil {
				return sent, fmt.Errorf("team digests: %w", err)
			}
			if ok {
				sent++
				done++
			}
		}
		if len(due) < 200 || done == 0 {
			return sent, nil
		}
	}
}

// sendTeamDigest sends the digest c describes, unless another run did.
func (s *Teams) sendTeamDigest(ctx context.Context, c store.TeamDigestCandidate) (bool, error) {
	sent := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ok, err := tx.AdvanceTeamDigest(ctx, c.TeamID, c.UserID, c.Last)
		if err != nil || !ok {
			return err
		}
		u, err := tx.FindUserByID(ctx, c.UserID)
		if err != nil {
			return err
		}
		if !u.DeletedAt.IsZero() {
			return nil
		}
		msgs, err := tx.FindTeamDigestMessages(ctx, c.TeamID, c.UserID, c.After, c.Last)
		if err != nil || len(msgs) == 0 {
			return err
		}
		sent = true
		link := ThreadPath(c.TeamID)
		last := msgs[len(msgs)-1]
		notice := furusato.Notice{
			Kind: furusato.NoticeTeamMessage, ProjectID: c.ProjectID, Link: link,
			Params: map[string]string{furusato.ParamProject: c.ProjectTitle, "count": fmt.Sprint(len(msgs)), "author": last.AuthorName},
		}
		return s.notify.mailOnly(ctx, tx, u, notice.Kind, func(unsubscribe string) (*mail.Message, error) {
			d := mail.DigestData{Name: u.DisplayName, URL: s.baseURL + link, Settings: s.baseURL + PrefsPath, Unsubscribe: unsubscribe, Project: c.ProjectTitle, Team: true,
				Contact: s.notify.contact}
			for _, m := range msgs {
				d.Messages = append(d.Messages, mail.DigestMessage{Author: m.AuthorName, At: m.CreatedAt, Body: m.Body})
			}
			return mail.ComposeDigest(u.MailLang(), u.Email, d)
		})
	})
	return sent, err
}

// MaxCheckInReminders bounds the reminders one run sends; the rest wait
// for the next run.
const MaxCheckInReminders = 500

// SendCheckInReminders tells each participant whose check-in is due
// (their last check-in, or the kickoff, plus one period of the team's
// cadence, at or before now) in the product and by e-mail
// (NoticeCheckInDue), once per period: the reminder is recorded with the
// due instant in the notice's transaction (store.ClaimCheckInReminder), so
// a second run or node sends nothing twice. Teams whose work has ended,
// and teams before their kickoff, get none. At most MaxCheckInReminders a
// run; it returns how many were sent.
func (s *Teams) SendCheckInReminders(ctx context.Context) (int, error) {
	now := s.now()
	f := store.CheckInDueFilter{
		Weekly:   now.Add(-7 * 24 * time.Hour),
		Biweekly: now.Add(-14 * 24 * time.Hour),
		Monthly:  now.Add(-28 * 24 * time.Hour), // the shortest calendar month
		Limit:    200,
	}
	sent := 0
	for sent < MaxCheckInReminders {
		due, err := s.db.FindCheckInDueCandidates(ctx, f)
		if err != nil {
			return sent, err
		}
		for _, c := range due {
			f.AfterTeam, f.AfterUser = c.TeamID, c.UserID
			at := furusato.CheckInDue(c.Cadence, c.LastCheckIn, c.KickoffAt)
			if at.IsZero() || at.After(now) {
				continue
			}
			ok, err := s.remind(ctx, c, at, now)
			if err != nil {
				return sent, fmt.Errorf("check-in reminders: %w", err)
			}
			if ok {
				if sent++; sent == MaxCheckInReminders {
					break
				}
			}
		}
		if len(due) < f.Limit {
			break
		}
	}
	return sent, nil
}

// remind sends c's reminder of the check-in due at due, unless one was.
func (s *Teams) remind(ctx context.Context, c store.CheckInDueCandidate, due, now time.Time) (bool, error) {
	sent := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ok, err := tx.ClaimCheckInReminder(ctx, c.TeamID, c.UserID, due, now)
		if err != nil || !ok {
			return err
		}
		sent = true
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: c.UserID, Kind: furusato.NoticeCheckInDue,
			ProjectID: c.ProjectID, Link: CheckInFormPath(c.TeamID),
			Params: map[string]string{furusato.ParamProject: c.ProjectTitle, "deadline": deadlineText(furusato.DateOf(due)),
				furusato.ParamDeadline: furusato.DateOf(due).String()}})
	})
	return sent, err
}
