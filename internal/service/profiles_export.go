package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The data export's workflow sections: what the person did and received
// in the entry workflow, as they see it on their own pages. The *_label
// and text fields are left empty here: the edge fills them in the
// reader's language (codes stay beside them). Other people's private
// notes (on entries and interviews), addresses and IPs are never included.

// ExportFormat names the layout of DataExport; bumped when fields change
// meaning or go away.
const ExportFormat = "furusato-data-export/2"

// ExportProject names a project an entry or favourite refers to.
type ExportProject struct {
	Title string `json:"title"`
	Slug  string `json:"slug"`
}

// ExportEntry is one of the person's entries, with their answers, its
// history, its message thread and its interviews.
type ExportEntry struct {
	ID           int64              `json:"id"`
	Project      ExportProject      `json:"project"`
	Stage        string             `json:"stage"`
	StageLabel   string             `json:"stage_label"`
	Motivation   string             `json:"motivation"`
	Contribution string             `json:"contribution"`
	HoursPerWeek int                `json:"hours_per_week"`
	Questions    string             `json:"questions"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
	History      []ExportEntryEvent `json:"history"`
	Messages     []ExportMessage    `json:"messages"`
	Interviews   []ExportInterview  `json:"interviews"`
}

// ExportEntryEvent is one recorded change of an entry. By is "you",
// "host" (the project's coordinators or company staff, ByName as the
// entry page shows them) or "system" (deadline, places filled).
type ExportEntryEvent struct {
	At        time.Time `json:"at"`
	From      string    `json:"from,omitempty"` // "" for the creation
	FromLabel string    `json:"from_label,omitempty"`
	To        string    `json:"to"`
	ToLabel   string    `json:"to_label"`
	By        string    `json:"by"`
	ByName    string    `json:"by_name,omitempty"`
	Reason    string    `json:"reason"`
}

// ExportMessage is one message of an entry's thread, theirs or to them.
type ExportMessage struct {
	At     time.Time `json:"at"`
	ByYou  bool      `json:"by_you"`
	Author string    `json:"author"` // display name as the thread shows it
	Body   string    `json:"body"`
}

// ExportInterview is one interview of an entry, without the hosts'
// private notes. Times are JST, ISO 8601.
type ExportInterview struct {
	Status      string       `json:"status"`
	StatusLabel string       `json:"status_label"`
	Mode        string       `json:"mode"` // "online" or "on_site"
	ModeLabel   string       `json:"mode_label"`
	Place       string       `json:"place"` // meeting link or place
	Slots       []ExportSlot `json:"slots"`
	Confirmed   *ExportSlot  `json:"confirmed"` // null until a time is picked
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// ExportSlot is one interview time, JST, ISO 8601.
type ExportSlot struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// ExportFavorite is one project the person marked as 気になる.
type ExportFavorite struct {
	Project  ExportProject `json:"project"`
	MarkedAt time.Time     `json:"marked_at"`
}

// ExportNotification is one in-app notice the person got.
type ExportNotification struct {
	At      time.Time         `json:"at"`
	Kind    string            `json:"kind"`
	Text    string            `json:"text"`
	Project string            `json:"project,omitempty"`
	Link    string            `json:"link"`
	ReadAt  *time.Time        `json:"read_at"`
	Params  map[string]string `json:"-"` // for the edge's wording
}

// ExportNoticePref is the person's e-mail choice for one kind of notice.
type ExportNoticePref struct {
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Email     bool   `json:"email"`
}

// ExportAPIToken is one of the person's API tokens, never its secret or
// hash (Prefix is what the tokens page shows to tell them apart).
type ExportAPIToken struct {
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Scope      string     `json:"scope"` // read or write
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// jst is t in Japan time, as every time of the export is written.
func jst(t time.Time) time.Time { return t.In(furusato.JST) }

// jstOrNil is jst(t), or nil for a zero t ("never").
func jstOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	j := jst(t)
	return &j
}

func exportSlot(s furusato.InterviewSlot) ExportSlot {
	return ExportSlot{Start: jst(s.Start).Format(time.RFC3339), End: jst(s.End()).Format(time.RFC3339)}
}

// exportWorkflow fills the workflow sections of x for user id.
func (pd *PersonalData) exportWorkflow(ctx context.Context, id int64, x *DataExport) error {
	es, err := pd.db.FindUserEntries(ctx, id)
	if err != nil {
		return err
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	ivs, err := pd.db.FindInterviewsForEntries(ctx, ids)
	if err != nil {
		return err
	}
	x.Entries = make([]ExportEntry, 0, len(es))
	for _, e := range es {
		xe := ExportEntry{ID: e.ID, Project: ExportProject{Title: e.Project.Title, Slug: e.Project.Slug}, Stage: string(e.Stage),
			Motivation: e.Motivation, Contribution: e.Contribution, HoursPerWeek: e.HoursPerWeek, Questions: e.Questions,
			CreatedAt: jst(e.CreatedAt), UpdatedAt: jst(e.UpdatedAt),
			History: []ExportEntryEvent{}, Messages: []ExportMessage{}, Interviews: []ExportInterview{}}
		evs, err := pd.db.FindEntryEvents(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			xv := ExportEntryEvent{At: jst(ev.CreatedAt), From: string(ev.From), To: string(ev.To), Reason: ev.Reason}
			switch ev.ActorID {
			case 0:
				xv.By = "system"
			case id:
				xv.By = "you"
			default:
				xv.By, xv.ByName = "host", ev.ActorName
			}
			xe.History = append(xe.History, xv)
		}
		ms, err := pd.db.FindMessages(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			xe.Messages = append(xe.Messages, ExportMessage{At: jst(m.CreatedAt), ByYou: m.AuthorID == id, Author: m.AuthorName, Body: m.Body})
		}
		for _, iv := range ivs[e.ID] {
			xi := ExportInterview{Status: string(iv.Status), Mode: "on_site", Place: iv.Location, Slots: []ExportSlot{},
				CreatedAt: jst(iv.CreatedAt), UpdatedAt: jst(iv.UpdatedAt)}
			if iv.Online {
				xi.Mode = "online"
			}
			for _, s := range iv.Slots {
				xi.Slots = append(xi.Slots, exportSlot(s))
			}
			if s, ok := iv.Chosen(); ok {
				c := exportSlot(s)
				xi.Confirmed = &c
			}
			xe.Interviews = append(xe.Interviews, xi)
		}
		x.Entries = append(x.Entries, xe)
	}

	favs, err := pd.db.FindUserFavorites(ctx, id)
	if err != nil {
		return err
	}
	x.Favorites = make([]ExportFavorite, 0, len(favs))
	for _, f := range favs {
		x.Favorites = append(x.Favorites, ExportFavorite{Project: ExportProject{Title: f.Title, Slug: f.Slug}, MarkedAt: jst(f.CreatedAt)})
	}

	x.Notifications = []ExportNotification{}
	for offset := 0; ; offset += exportPage {
		ns, total, err := pd.db.FindNotifications(ctx, id, exportPage, offset)
		if err != nil {
			return err
		}
		for _, n := range ns {
			x.Notifications = append(x.Notifications, ExportNotification{At: jst(n.CreatedAt), Kind: string(n.Kind),
				Project: n.Params[furusato.ParamProject], Link: n.Link, ReadAt: jstOrNil(n.ReadAt), Params: n.Params})
		}
		if len(ns) == 0 || offset+len(ns) >= total {
			break
		}
	}

	prefs, err := pd.db.NoticePrefs(ctx, id)
	if err != nil {
		return err
	}
	x.NotificationPrefs = make([]ExportNoticePref, 0, len(prefs))
	for _, p := range prefs {
		x.NotificationPrefs = append(x.NotificationPrefs, ExportNoticePref{Kind: string(p.Kind), Email: p.Email})
	}

	ts, err := pd.db.FindAPITokens(ctx, id)
	if err != nil {
		return err
	}
	x.APITokens = make([]ExportAPIToken, 0, len(ts))
	for _, t := range ts {
		x.APITokens = append(x.APITokens, ExportAPIToken{Name: t.Name, Prefix: t.Prefix, Scope: string(t.Scope), CreatedAt: jst(t.CreatedAt),
			LastUsedAt: jstOrNil(t.LastUsedAt), ExpiresAt: jstOrNil(t.ExpiresAt), RevokedAt: jstOrNil(t.RevokedAt)})
	}
	return nil
}

// exportPage is how many notifications the export reads at a time.
const exportPage = 500

// auditSafeKeys are the keys of an audit entry's detail that name no
// other person; the detail of the person's own action on something other
// than their account keeps only these (an invitation's address goes).
var auditSafeKeys = map[string]bool{"name": true, "prefix": true, "role": true, "slug": true, "kind": true}

// exportAudit words audit entry e for user id: their own actions in full
// (with their IP), except other people's details; actions of others (or
// of nobody signed in, such as a failed sign-in) about their account
// without who did it or from where.
func exportAudit(id int64, at time.Time, actor int64, action, objectType string, objectID int64, ip string, detail json.RawMessage) ExportAudit {
	x := ExportAudit{At: jst(at), Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail}
	switch {
	case actor == id:
		x.By, x.IP = "you", ip
	case actor == 0 && ip == "":
		x.By = "system"
	default:
		x.By = "other"
	}
	if len(x.Detail) == 0 {
		x.Detail = json.RawMessage(`{}`)
	}
	if objectType == "user" && objectID == id {
		return x
	}
	var d map[string]any
	if json.Unmarshal(x.Detail, &d) != nil {
		x.Detail = json.RawMessage(`{}`)
		return x
	}
	for k := range d {
		if !auditSafeKeys[k] {
			delete(d, k)
		}
	}
	if b, err := json.Marshal(d); err == nil {
		x.Detail = b
	}
	return x
}
