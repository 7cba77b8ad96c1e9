package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

// The team after the match through the API, for people with a personal
// access token: their teams, a team's summary (what the workspace shows)
// and its check-ins, and writing one's own check-in. Every decision is
// service.Teams' (and so policy.Team's): outsiders get 404 as for a team
// that does not exist; members refused an action 403.

// checkInParams are the query parameters of a team's check-in list.
var checkInParams = []string{"before", "limit"}

// teamProjectJS names the project of a team.
type teamProjectJS = entryProjectJS

// personJS names a person.
type personJS struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
}

// teamJS is a team as listed.
type teamJS struct {
	ID             int64         `json:"id"`
	Project        teamProjectJS `json:"project"`
	Cadence        string        `json:"cadence"`
	KickoffAt      *string       `json:"kickoff_at"`
	EndedAt        *string       `json:"ended_at"`
	EndedEarly     bool          `json:"ended_early"`
	UnreadMessages int           `json:"unread_messages"`
	URL            string        `json:"url"`
}

// myTeamsJS is the response of GET /api/v1/me/teams.
type myTeamsJS struct {
	Teams []teamJS `json:"teams"`
}

// memberJS is one member of a team in one role.
type memberJS struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	RoleText    string `json:"role_text"`
}

// milestoneJS is one milestone.
type milestoneJS struct {
	ID      int64     `json:"id"`
	Title   string    `json:"title"`
	Due     string    `json:"due"`
	Status  string    `json:"status"`
	Overdue bool      `json:"overdue"`
	Owner   *personJS `json:"owner"`
}

// commentJS is one comment on a check-in.
type commentJS struct {
	ID        int64     `json:"id"`
	Author    *personJS `json:"author"`
	Role      string    `json:"role"`
	Body      string    `json:"body"`
	CreatedAt string    `json:"created_at"`
}

// checkInJS is one check-in.
type checkInJS struct {
	ID          int64       `json:"id"`
	Author      personJS    `json:"author"`
	Seq         int         `json:"seq"`
	PeriodStart string      `json:"period_start"`
	PeriodEnd   string      `json:"period_end"`
	Done        string      `json:"done"`
	Next        string      `json:"next"`
	Blockers    string      `json:"blockers"`
	Hours       int         `json:"hours"`
	CreatedAt   string      `json:"created_at"`
	Comments    []commentJS `json:"comments"`
	URL         string      `json:"url"`
}

// teamDetailJS is the response of GET /api/v1/teams/{id}.
type teamDetailJS struct {
	teamJS
	CharterVersion   int           `json:"charter_version"`
	AgreementVersion int           `json:"agreement_version"`
	Members          []memberJS    `json:"members"`
	Milestones       []milestoneJS `json:"milestones"`
	LatestCheckIn    *checkInJS    `json:"latest_checkin"`
	NextCheckInDue   *string       `json:"next_checkin_due"`
	CheckInDueNow    bool          `json:"checkin_due_now"`
}

// checkInsJS is the response of GET /api/v1/teams/{id}/checkins.
type checkInsJS struct {
	CheckIns []checkInJS `json:"checkins"`
	Older    *string     `json:"older"` // the API URL of the next (older) page, null for none
}

// checkInCreateJS is the body of POST /api/v1/teams/{id}/checkins.
type checkInCreateJS struct {
	Done     string `json:"done"`
	Next     string `json:"next"`
	Blockers string `json:"blockers"`
	Hours    *int   `json:"hours"`
}

func timeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc3339(t)
	return &s
}

func (h *Handler) teamOf(t *furusato.Team, p *furusato.Project, unread int) teamJS {
	out := teamJS{ID: t.ID, Project: teamProjectJS{ID: t.ProjectID}, Cadence: string(t.Cadence), KickoffAt: timeOrNil(t.KickoffAt),
		EndedAt: timeOrNil(t.EndedAt), EndedEarly: t.EndedEarly, UnreadMessages: unread, URL: h.base + service.TeamPath(t.ID)}
	if p != nil {
		out.Project.Slug, out.Project.Title = p.Slug, p.Title
	}
	return out
}

func (h *Handler) checkInOf(c *furusato.CheckIn, comments []*furusato.CheckInComment) checkInJS {
	out := checkInJS{ID: c.ID, Author: personJS{ID: c.AuthorID, DisplayName: c.AuthorName}, Seq: c.Seq,
		PeriodStart: rfc3339(c.PeriodStart), PeriodEnd: rfc3339(c.PeriodEnd), Done: c.Done, Next: c.Next, Blockers: c.Blockers,
		Hours: c.Hours, CreatedAt: rfc3339(c.CreatedAt), Comments: []commentJS{}, URL: h.base + service.CheckInPath(c.TeamID, c.ID)}
	for _, cm := range comments {
		cj := commentJS{ID: cm.ID, Role: string(cm.Role), Body: cm.Body, CreatedAt: rfc3339(cm.CreatedAt)}
		if cm.AuthorID != 0 {
			cj.Author = &personJS{ID: cm.AuthorID, DisplayName: cm.AuthorName}
		}
		out.Comments = append(out.Comments, cj)
	}
	return out
}

// teamID reads a team id from the path; anything else is ENOTFOUND.
func teamID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "Team not found.")
	}
	return id, nil
}

// myTeams serves GET /api/v1/me/teams: the teams the token's owner is a
// participant of, newest first.
func (h *Handler) myTeams(w http.ResponseWriter, r *http.Request) {
	a := httpx.ActorFrom(r.Context())
	ts, err := h.teams.Mine(r.Context(), a)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.Team.ID
	}
	unread, err := h.teams.UnreadTeamCounts(r.Context(), a, ids)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := myTeamsJS{Teams: make([]teamJS, len(ts))}
	for i, t := range ts {
		out.Teams[i] = h.teamOf(t.Team, &furusato.Project{Title: t.Project}, unread[t.Team.ID])
	}
	writeNoStore(w, http.StatusOK, out)
}

// teamShow serves GET /api/v1/teams/{id}: what the workspace shows.
func (h *Handler) teamShow(w http.ResponseWriter, r *http.Request) {
	id, err := teamID(r)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	ws, err := h.teams.Workspace(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	wk := ws.Work
	out := teamDetailJS{teamJS: h.teamOf(ws.Team, ws.Project, wk.Unread), CharterVersion: ws.Team.CharterVersion,
		AgreementVersion: ws.Team.AgreementVersion, Members: []memberJS{}, Milestones: []milestoneJS{},
		NextCheckInDue: timeOrNil(wk.CheckInDue), CheckInDueNow: wk.DueNow}
	for _, m := range ws.Members {
		out.Members = append(out.Members, memberJS{ID: m.UserID, DisplayName: m.Name, Role: string(m.Role), RoleText: m.RoleText})
	}
	for _, m := range wk.Milestones {
		mj := milestoneJS{ID: m.ID, Title: m.Title, Due: m.Due.String(), Status: string(m.Status), Overdue: m.Overdue(wk.Today)}
		if m.OwnerID != 0 {
			mj.Owner = &personJS{ID: m.OwnerID, DisplayName: m.OwnerName}
		}
		out.Milestones = append(out.Milestones, mj)
	}
	if wk.Latest != nil {
		c := h.checkInOf(wk.Latest, nil)
		out.LatestCheckIn = &c
	}
	writeNoStore(w, http.StatusOK, out)
}

// Limits of GET /api/v1/teams/{id}/checkins.
const (
	defaultCheckInLimit = service.CheckInPage
	maxCheckInLimit     = 100
)

// teamCheckIns serves GET /api/v1/teams/{id}/checkins: the team's
// check-ins, newest first, with comments; ?before= pages older ones.
func (h *Handler) teamCheckIns(w http.ResponseWriter, r *http.Request) {
	id, err := teamID(r)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	q := r.URL.Query()
	var fields furusato.FieldErrors
	var before int64
	limit := defaultCheckInLimit
	if s := q.Get("before"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err != nil || n <= 0 {
			fields.Add("before", errInvalid)
		} else {
			before = n
		}
	}
	if s := q.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > maxCheckInLimit {
			fields.Add("limit", errRange, "Min", 1, "Max", maxCheckInLimit)
		} else {
			limit = n
		}
	}
	if len(fields.Fields) > 0 {
		httpx.WriteJSONError(w, r, invalidWith("Invalid query parameter", fields))
		return
	}
	tl, err := h.teams.CheckIns(r.Context(), httpx.ActorFrom(r.Context()), id, before, limit)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := checkInsJS{CheckIns: make([]checkInJS, len(tl.CheckIns))}
	for i, c := range tl.CheckIns {
		out.CheckIns[i] = h.checkInOf(c, tl.Comments[c.ID])
	}
	if tl.Older != 0 {
		u := h.base + "/api/v1/teams/" + strconv.FormatInt(id, 10) + "/checkins?before=" + strconv.FormatInt(tl.Older, 10) + "&limit=" + strconv.Itoa(limit)
		out.Older = &u
	}
	writeNoStore(w, http.StatusOK, out)
}

// checkInCreate serves POST /api/v1/teams/{id}/checkins: the token
// owner's next check-in in the team (participants only).
func (h *Handler) checkInCreate(w http.ResponseWriter, r *http.Request) {
	id, err := teamID(r)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	var in checkInCreateJS
	if err := decodeBody(w, r, &in); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	hours := ""
	if in.Hours != nil {
		hours = strconv.Itoa(*in.Hours)
	}
	c, err := h.teams.WriteCheckIn(r.Context(), httpx.ActorFrom(r.Context()), id,
		service.CheckInInput{Done: in.Done, Next: in.Next, Blockers: in.Blockers, Hours: hours})
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	writeNoStore(w, http.StatusCreated, h.checkInOf(c, nil))
}
