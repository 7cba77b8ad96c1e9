package service

import (
	"context"
	"fmt"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// A new message moves the header's 通知 badge of the thread's other people
// at once: each gets ONE unread in-app notice per thread, which the next
// message updates (count, author, time) instead of adding another. No
// e-mail here: the digest jobs still mail, grouped, later.

// entryMessageNotices tells the people of entry entryID's thread, except
// the author, of message m.
func (n *Notifier) entryMessageNotices(ctx context.Context, tx *store.Tx, entryID int64, m *furusato.Message) error {
	p, err := tx.EntryThreadPeople(ctx, entryID)
	if err != nil {
		return err
	}
	for _, id := range p.IDs {
		if id == m.AuthorID {
			continue
		}
		unread, err := tx.UnreadMessageCounts(ctx, id, []int64{entryID})
		if err != nil {
			return err
		}
		notice := furusato.Notice{UserID: id, Kind: furusato.NoticeMessage, EntryID: entryID, Link: entryPath(entryID, id == p.Participant),
			Params: threadParams(p.ProjectTitle, unread[entryID], m.AuthorName)}
		if err := tx.PutThreadNotice(ctx, &notice, n.now()); err != nil {
			return fmt.Errorf("message notice: %w", err)
		}
	}
	return nil
}

// teamMessageNotices tells the people of team teamID's thread, except the
// author, of message m.
func (n *Notifier) teamMessageNotices(ctx context.Context, tx *store.Tx, teamID int64, m *furusato.TeamMessage) error {
	p, err := tx.TeamThreadPeople(ctx, teamID)
	if err != nil {
		return err
	}
	for _, id := range p.IDs {
		if id == m.AuthorID {
			continue
		}
		unread, err := tx.UnreadTeamMessageCounts(ctx, id, []int64{teamID})
		if err != nil {
			return err
		}
		notice := furusato.Notice{UserID: id, Kind: furusato.NoticeTeamMessage, ProjectID: p.ProjectID, Link: ThreadPath(teamID),
			Params: threadParams(p.ProjectTitle, unread[teamID], m.AuthorName)}
		if err := tx.PutThreadNotice(ctx, &notice, n.now()); err != nil {
			return fmt.Errorf("team message notice: %w", err)
		}
	}
	return nil
}

// threadParams fill the texts of NoticeMessage and NoticeTeamMessage; the
// count is what the person has not read yet (at least this message).
func threadParams(project string, count int, author string) map[string]string {
	return map[string]string{furusato.ParamProject: project, "count": fmt.Sprint(max(count, 1)), "author": author}
}
