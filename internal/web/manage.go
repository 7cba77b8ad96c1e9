package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/ui"
)

// The project management pages of company staff, coordinators and admins:
// the dashboard, a project's management page with the moves the policy
// allows and its history, the form, the preview and the moves.

// managed wraps a management page: no caching; its refusals are answered by fail like every page's (a project
// the person may not see is ENOTFOUND from the policy, so drafts do not
// leak).
func (h *Handler) managed(w http.ResponseWriter, r *http.Request, l *ui.Locale, fn func() error) error {
	w.Header().Set("Cache-Control", "private, no-store")
	return fn()
}

func projectID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func manageURL(id int64) string { return "/manage/projects/" + strconv.FormatInt(id, 10) }

// statusChip is a project status as text with its tone and icon (ui.md
// "Status chips": never colour alone), shown by the stage-chip partial.
type statusChip struct{ Text, Tone, Icon string }

func statusOf(l *ui.Locale, s furusato.ProjectStatus) statusChip {
	c := statusChip{Text: l.T("manage.status." + string(s)), Tone: "grey", Icon: "clock"}
	switch s {
	case furusato.StatusInReview:
		c.Tone = "yellow"
	case furusato.StatusPublished:
		c.Tone, c.Icon = "green", "open"
	case furusato.StatusClosed:
		c.Tone, c.Icon = "blue", "stop"
	case furusato.StatusInProgress:
		c.Tone = "blue"
	case furusato.StatusCompleted:
		c.Icon = "open"
	case furusato.StatusCancelled:
		c.Icon = "stop"
	}
	return c
}

// manageRow is one project of a dashboard table.
type manageRow struct {
	URL, Title, Company, Deadline, Updated string
	Status                                 statusChip
}

type manageSection struct {
	ID, Caption string
	Total       int
	Rows        []manageRow
	Empty       string
}

type dashboardPage struct {
	ui.Base
	Teams    *attentionSection // teams needing attention (teams_warn.go); nil without a team dashboard
	Waiting  *waitingSection   // nil without the entry workflow
	Sections []manageSection
	New      []jaLink
}

// manageDashboard is GET /manage.
func (h *Handler) manageDashboard(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		actor := httpx.ActorFrom(r.Context())
		secs, err := h.svc.Projects.Dashboard(r.Context(), actor)
		// A supporter manages no project: their /manage is their teams.
		onlyTeams := furusato.ErrorCode(err) == furusato.ENOTFOUND && policy.Global(actor, policy.ManageOpen) == nil
		if err != nil && !onlyTeams {
			return err
		}
		p := dashboardPage{Base: h.base(r, l, l.T("manage.dashboard_title"))}
		p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
		if p.Teams, err = h.attentionOf(r, l); err != nil {
			return err
		}
		if !onlyTeams {
			if p.Waiting, err = h.waitingOf(r, l); err != nil {
				return err
			}
		}
		for i, s := range secs {
			key := "manage.section." + s.Key
			if s.Staff {
				key = "manage.section.staff_" + s.Key
			}
			ms := manageSection{ID: "s-" + strconv.Itoa(i), Caption: l.T(key), Total: s.Total, Empty: l.T("manage.section_empty")}
			for _, pr := range s.Projects {
				ms.Rows = append(ms.Rows, manageRow{URL: manageURL(pr.ID), Title: pr.Title, Company: pr.Company.Name,
					Deadline: l.Date(pr.Deadline), Updated: l.Date(pr.UpdatedAt), Status: statusOf(l, pr.Status)})
			}
			if s.Staff && len(ms.Rows) == 0 {
				continue // a company's dashboard shows the statuses it has
			}
			p.Sections = append(p.Sections, ms)
		}
		cos, err := h.svc.Projects.StaffCompanies(r.Context(), actor)
		if err != nil {
			return err
		}
		for _, co := range cos {
			p.New = append(p.New, jaLink{URL: "/manage/projects/new?company=" + co.Slug, Text: l.JaIn(l.T("manage.new_for", "Company", co.Name), co.Name)})
		}
		return h.render(w, http.StatusOK, "manage_dashboard", p)
	})
}

// moveButton is one status move the policy allows the person on a project.
type moveButton struct {
	To, Label string
	Comment   bool // the move needs a comment (send back) or a reason (cancel)
	Confirm   bool // the move asks for confirmation first (cancel)
	Primary   bool
}

type historyRow struct {
	At, Who, Action, Comment, Changes string
}

type manageProjectPage struct {
	ui.Base
	P       *furusato.Project
	Status  statusChip
	Facts   []link // Text is the term, URL the value (plain text)
	EditURL string
	Preview string
	Public  string
	NewURL  string // a new project for the same company, when allowed
	NewText string
	Moves   []moveButton
	History []historyRow
	Entries *link // the project's entry board with its counts (entries_board.go); nil when not allowed
}

// manageShow is GET /manage/projects/{id}.
func (h *Handler) manageShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		actor := httpx.ActorFrom(r.Context())
		pr, err := h.svc.Projects.Get(r.Context(), actor, projectID(r))
		if err != nil {
			return err
		}
		hist, err := h.svc.Projects.History(r.Context(), actor, pr.ID)
		if err != nil {
			return err
		}
		p := manageProjectPage{Base: h.base(r, l, pr.Title), P: pr, Status: statusOf(l, pr.Status),
			Preview: manageURL(pr.ID) + "/preview"}
		p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
		if policy.Project(actor, policy.ProjectEdit, pr) == nil {
			p.EditURL = manageURL(pr.ID) + "/edit"
		}
		if pr.Status.Public() {
			p.Public = projectURL(pr)
		}
		if co := pr.Company; co != nil && co.Slug != "" &&
			policy.Project(actor, policy.ProjectCreate, &furusato.Project{CompanyID: pr.CompanyID, OrganizationID: co.OrganizationID, Status: furusato.StatusDraft}) == nil {
			p.NewURL = "/manage/projects/new?company=" + co.Slug
			p.NewText = l.T("manage.new_for", "Company", co.Name)
		}
		p.Facts = []link{
			{Text: l.T("manage.fact.company"), URL: pr.Company.Name},
			{Text: l.T("manage.fact.organization"), URL: pr.Organization.Name},
			{Text: l.T("card.deadline"), URL: l.Date(pr.Deadline)},
			{Text: l.T("manage.fact.places"), URL: l.T("manage.places_value", "Count", pr.Places)},
			{Text: l.T("manage.fact.updated"), URL: l.Date(pr.UpdatedAt)},
		}
		p.Moves = moves(l, actor, pr)
		p.Entries = h.boardLinkOf(r, l, pr)
		for _, e := range hist {
			who := e.ActorName
			if who == "" {
				who = l.T("manage.history.system")
			}
			row := historyRow{At: l.Date(e.At) + " " + e.At.In(furusato.JST).Format("15:04"), Who: who,
				Action: l.T("manage.history." + string(e.Action)), Comment: e.Comment}
			var names []string
			for _, c := range e.Changes {
				if c == "cover" { // images.go's change has its own catalogue
					names = append(names, l.T("images.field.cover"))
					continue
				}
				names = append(names, l.T("manage.field."+c))
			}
			row.Changes = strings.Join(names, l.T("manage.list_sep"))
			p.History = append(p.History, row)
		}
		return h.render(w, http.StatusOK, "manage_project", p)
	})
}

// moves lists the moves the policy allows actor on p, in life order.
func moves(l *ui.Locale, actor *furusato.Actor, p *furusato.Project) []moveButton {
	var out []moveButton
	for _, to := range furusato.ProjectStatuses {
		if policy.Move(actor, p, to) != nil {
			continue
		}
		key := string(furusato.MoveName(p.Status, to))
		b := moveButton{To: string(to), Label: l.T("manage.move." + key)}
		b.Comment = key == "sent_back" || key == "cancelled"
		b.Confirm = key == "cancelled"
		b.Primary = key == "published" || key == "submitted"
		out = append(out, b)
	}
	return out
}

// confirmPage asks for a move's comment or confirmation (cancel), and
// shows a move's errors.
type confirmPage struct {
	ui.Base
	Problems []problem
	P        *furusato.Project
	Back     string
	Action   string
	To       string
	From     string // the status shown, posted back so a stale move is refused
	Intro    string
	Comment  *field // nil when the move takes no comment
	Text     string // the comment typed
	Submit   string
	Danger   bool
	EditURL  string // for a publication that failed validation
}

// manageMove is POST /manage/projects/{id}/move: to=STATUS, comment=…;
// a cancellation without confirm=1 shows its confirmation page first.
func (h *Handler) manageMove(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		ferr := parseForm(w, r)
		actor := httpx.ActorFrom(r.Context())
		id := projectID(r)
		pr, err := h.svc.Projects.Get(r.Context(), actor, id)
		if err != nil {
			return err
		}
		to := furusato.ProjectStatus(r.PostFormValue("to"))
		// The status the page showed: the move is made from it or not at
		// all (a form without it moves from the status read here).
		from := furusato.ProjectStatus(r.PostFormValue("from"))
		if !from.Valid() {
			from = pr.Status
		}
		stale := func() error {
			h.redirect(w, r, manageURL(id), "manage.flash_stale")
			return nil
		}
		if err := policy.Move(actor, pr, to); err != nil {
			// A move the status no longer allows: the page had gone stale.
			return backOnConflict(err, manageURL(id), "manage.flash_stale")
		}
		key := string(furusato.MoveName(pr.Status, to))
		comment := r.PostFormValue("comment")
		if key == "cancelled" && r.PostFormValue("confirm") != "1" {
			if from != pr.Status {
				return stale()
			}
			return h.render(w, http.StatusOK, "manage_confirm", h.confirm(r, l, pr, to, key, comment))
		}
		if err = ferr; err == nil {
			_, err = h.svc.Projects.MoveFrom(r.Context(), actor, id, from, to, comment)
		}
		if inputError(err) {
			p := h.confirm(r, l, pr, to, key, comment)
			p.ErrorTitle = true
			for name, k := range furusato.ErrorFields(err) {
				text := manageMessage(l, name, k)
				if name == "comment" && p.Comment != nil {
					p.Comment.Error = text
					p.Problems = append(p.Problems, problem{Text: text, Anchor: "comment"})
					continue
				}
				if name == bodyField {
					p.Problems = append(p.Problems, problem{Text: text})
					continue
				}
				p.Problems = append(p.Problems, problem{Text: l.T("manage.field."+name) + l.T("manage.colon") + text})
				p.EditURL = manageURL(id) + "/edit"
			}
			return h.render(w, errorStatus(err), "manage_confirm", p)
		} else if err != nil {
			// The project left the status shown, or another move came
			// first (two people at once): nothing was done.
			return backOnConflict(err, manageURL(id), "manage.flash_stale")
		}
		h.redirect(w, r, manageURL(id), "manage.flash."+key)
		return nil
	})
}

func (h *Handler) confirm(r *http.Request, l *ui.Locale, pr *furusato.Project, to furusato.ProjectStatus, key, comment string) confirmPage {
	p := confirmPage{Base: h.base(r, l, l.T("manage.confirm_title."+key)), P: pr, Back: manageURL(pr.ID),
		Action: manageURL(pr.ID) + "/move", To: string(to), From: string(pr.Status), Intro: l.T("manage.confirm_intro."+key, "Title", pr.Title),
		Text: comment, Submit: l.T("manage.move." + key), Danger: key == "cancelled"}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
	if key == "sent_back" || key == "cancelled" {
		p.Comment = &field{L: l, ID: "comment", Name: "comment", Label: l.T("manage.comment_label." + key), Hint: l.T("manage.comment_hint." + key)}
	}
	return p
}

// managePreview is GET /manage/projects/{id}/preview: the public page of
// the project as it would look, whatever its status, under a banner.
func (h *Handler) managePreview(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		pr, err := h.svc.Projects.Get(r.Context(), httpx.ActorFrom(r.Context()), projectID(r))
		if err != nil {
			return err
		}
		p := h.newProjectPage(r, l, pr, h.svc.Projects.Now())
		p.NoIndex, p.HeaderSearch = true, false
		// The layout's status banner carries the notice, above the page.
		p.Flash = l.T("manage.preview_banner", "Status", l.T("manage.status."+string(pr.Status)))
		return h.render(w, http.StatusOK, "project", p)
	})
}
