package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The coordinator's confirmation pages of a team's project: start it
// (closing it first while it still takes entries), complete it, or end
// it early with a reason. Each POST carries the status the page showed,
// so a second click, or a second coordinator, gets a polite conflict
// rather than a second move.

// lifeStep is one of the three confirmation pages.
type lifeStep string

const (
	lifeStart    lifeStep = "start"
	lifeComplete lifeStep = "complete"
	lifeEndEarly lifeStep = "end-early"
)

// lifeConfirmPage is a confirmation page of the team's project life.
type lifeConfirmPage struct {
	ui.Base
	Problems    []problem
	Project     string
	Status      statusChip
	Intro       []string
	Action      string
	From        string // the project's status as shown
	AskReason   bool
	Reason      string
	ReasonError string
	Submit      string
	Danger      bool
	Back        string
}

// teamStartForm is GET /teams/{id}/start.
func (h *Handler) teamStartForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeStart, false)
}

// teamStartSave is POST /teams/{id}/start: from.
func (h *Handler) teamStartSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeStart, true)
}

// teamCompleteForm is GET /teams/{id}/complete.
func (h *Handler) teamCompleteForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeComplete, false)
}

// teamCompleteSave is POST /teams/{id}/complete: from.
func (h *Handler) teamCompleteSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeComplete, true)
}

// teamEndEarlyForm is GET /teams/{id}/end-early.
func (h *Handler) teamEndEarlyForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeEndEarly, false)
}

// teamEndEarlySave is POST /teams/{id}/end-early: from, reason.
func (h *Handler) teamEndEarlySave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.teamLife(w, r, l, lifeEndEarly, true)
}

func (h *Handler) teamLife(w http.ResponseWriter, r *http.Request, l *ui.Locale, step lifeStep, post bool) error {
	id := pathID(r)
	if id == 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	a := httpx.ActorFrom(r.Context())
	back := teamURL(id)
	life, err := h.svc.Teams.Life(r.Context(), a, id)
	if err != nil {
		return err
	}
	may, allowed := life.MayStart, life.CanStart
	if step != lifeStart {
		may, allowed = life.MayComplete, life.CanComplete
	}
	if !may {
		return furusato.Errorf(furusato.EFORBIDDEN, "Only the team's coordinator may do this.")
	}
	if !allowed && !post {
		// Not the coordinator's to do, or not now: the workspace says
		// where the project stands. A POST goes to the service, which
		// decides (and refuses) again.
		return backOnConflict(furusato.Errorf(furusato.ECONFLICT, "Not now."), back, "life.flash_not_now")
	}
	p := lifeConfirmPage{Base: h.base(r, l, l.T("life."+string(step)+".title")), Project: life.Project.Title,
		Status: statusOf(l, life.Project.Status), Action: back + "/" + string(step), From: string(life.Project.Status), Back: back,
		Submit: l.T("life." + string(step) + ".submit")}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	switch step {
	case lifeStart:
		if life.Project.Status == furusato.StatusPublished {
			p.Intro = append(p.Intro, l.T("life.start.close_first"))
		}
		if life.OpenEntries > 0 {
			p.Intro = append(p.Intro, l.T("life.start.open_entries", "N", life.OpenEntries))
		}
		p.Intro = append(p.Intro, l.T("life.start.intro"))
	case lifeComplete:
		p.Intro = []string{l.T("life.complete.intro")}
	case lifeEndEarly:
		p.Intro, p.AskReason, p.Danger = []string{l.T("life.end-early.intro")}, true, true
	}
	if !post {
		return h.render(w, http.StatusOK, "team_life_confirm", p)
	}
	ferr := parseForm(w, r)
	from := furusato.ProjectStatus(r.PostFormValue("from"))
	p.Reason = r.PostFormValue("reason")
	if err = ferr; err == nil {
		switch step {
		case lifeStart:
			err = h.svc.Teams.Start(r.Context(), a, id, from)
		case lifeComplete:
			err = h.svc.Teams.Complete(r.Context(), a, id, from, false, "")
		default:
			err = h.svc.Teams.Complete(r.Context(), a, id, from, true, p.Reason)
		}
	}
	if inputError(err) {
		key := furusato.ErrorFields(err)["reason"]
		if key == "" {
			key = furusato.ErrBadText
			if k := furusato.ErrorFields(err)[bodyField]; k != "" {
				key = k
			}
		}
		p.ReasonError = boundMessage(l, l.T("life.reason"), key, furusato.MaxReason)
		p.AskReason = true
		p.Problems, p.ErrorTitle = []problem{{Text: p.ReasonError, Anchor: "reason"}}, true
		return h.render(w, errorStatus(err), "team_life_confirm", p)
	} else if err != nil {
		return backOnConflict(err, back, "life.flash_conflict")
	}
	h.redirect(w, r, back, "life."+string(step)+".done")
	return nil
}
