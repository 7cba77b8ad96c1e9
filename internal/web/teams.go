package web

import (
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The team workspace (issue 10): one page per team, built for a phone.
// Each section of it is a template in partials_team*.html, filled from
// the service's Workspace.

func teamURL(id int64) string { return "/teams/" + strconv.FormatInt(id, 10) }

// teamPage is GET /teams/{id}.
type teamPage struct {
	ui.Base
	Problems   []problem
	W          *service.Workspace
	ProjectURL string
	Members    []teamMemberRow
	Can        map[policy.Action]bool
	Charter    *charterSection   // the charter and agreement (teams_charter.go)
	Work       *teamWorkView     // milestones, thread, check-ins (team_work.go)
	Meetings   *teamMeetingsView // the meetings and the project's life (team_meetings.go)
	// the reflections section (teams_reflections.go); nil while the work goes on
	Reflections *teamReflections
	Warn        *teamWarnSection // the early warning (teams_warn.go); nil unless policy.TeamWarnings
}

// teamMemberRow is one member as listed: name and role in words.
type teamMemberRow struct {
	Name, Role, RoleText string
	Me                   bool
}

// teamShow is GET /teams/{id}: the workspace.
func (h *Handler) teamShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id := pathID(r)
	if id == 0 {
		h.notFound(w, r, l)
		return nil
	}
	ws, err := h.svc.Teams.Workspace(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := h.teamPage(r, l, ws)
	if p.Charter, err = h.teamCharterSection(r, l, ws); err != nil {
		return err
	}
	if p.Meetings, err = h.teamMeetingsView(r, l, id); err != nil {
		return err
	}
	if p.Reflections, err = h.teamReflectionsOf(r, l, ws); err != nil {
		return err
	}
	if p.Warn, err = h.teamWarnOf(r, l, ws, nil); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "team", p)
}

// teamPage fills the workspace page of ws for the request's actor.
func (h *Handler) teamPage(r *http.Request, l *ui.Locale, ws *service.Workspace) teamPage {
	p := teamPage{Base: h.base(r, l, ws.Project.Title), W: ws, ProjectURL: projectURL(ws.Project), Can: ws.Can}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	p.Work = teamWork(r, l, ws)
	a := actorOf(r)
	for _, m := range ws.Members {
		p.Members = append(p.Members, teamMemberRow{Name: m.Name, Role: teamRoleText(l, m.Role), RoleText: m.RoleText,
			Me: a.SignedIn() && m.UserID == a.User.ID})
	}
	return p
}

// teamRoleText is a team role in words.
func teamRoleText(l *ui.Locale, r furusato.TeamRole) string {
	return l.T("teams.role_" + string(r))
}
