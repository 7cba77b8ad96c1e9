package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// One entry as its organisation and company see it
// (GET /manage/entries/{id}): the entrant's profile and answers, the
// history, the private notes, the interviews and thread, and the move form
// with a polite message prefilled from the catalogue.

// moveChoice is one radio of the move form.
type moveChoice struct {
	ID, To, Label string
	Checked       bool
}

// hostEntryPage is GET /manage/entries/{id}.
type hostEntryPage struct {
	ui.Base
	Problems   []problem
	E          *furusato.Entry
	Name       string
	Stage      stageChip
	Created    string
	Profile    []link
	Answers    []link
	History    []eventRow
	Notes      []eventRow // At, Who, Reason (the body)
	NoteField  entryField
	Extras     entryExtras
	Moves      []moveChoice
	MovesError string
	Reason     entryField
	Letters    []letterChoice // send the template, the box, or nothing
	Templates  []moveLetter   // each move's template, for reference
	Message    entryField
	BoardURL   string
	ProjectURL string
}

// moveMessage is the polite message to the participant for a move to to,
// from the catalogue.
func moveMessage(l *ui.Locale, e *furusato.Entry, to furusato.Stage, sender string) string {
	name, title := "", ""
	if e.Participant != nil {
		name = e.Participant.DisplayName
	}
	if e.Project != nil {
		title = e.Project.Title
	}
	return l.T("entries.template."+string(to), "Name", name, "Title", title, "Sender", sender)
}

// senderLine is who signs a host's letter about e: 「山田 花子（コーディネーター）」,
// the writer's name with the side they write for (the entry's coordinator,
// its company's staff, or the site team).
func senderLine(l *ui.Locale, a *furusato.Actor, e *furusato.Entry) string {
	if a == nil || a.User == nil {
		return ""
	}
	role := "errs.sender.admin"
	for _, m := range a.Memberships {
		switch {
		case m.Role == furusato.RoleCoordinator && m.OrganizationID == e.OrganizationID:
			role = "errs.sender.coordinator"
		case m.Role == furusato.RoleCompanyStaff && m.CompanyID == e.CompanyID && role != "errs.sender.coordinator":
			role = "errs.sender.company"
		}
	}
	return l.T("errs.sender", "Name", a.User.DisplayName, "Role", l.T(role))
}

// moveForm is what the move form holds: the move chosen (none at first:
// no move is preselected, so no backward move is one click away), the
// reason, the letter choice and the text typed.
type moveForm struct {
	To                      furusato.Stage
	Reason, Letter, Message string
}

// hostEntryPage lays out d for its hosts with the move form as mv holds it
// (the letter defaults to the chosen move's template) and note typed.
func (h *Handler) hostEntryPage(r *http.Request, l *ui.Locale, d *service.EntryDetail, mv moveForm, note string) (hostEntryPage, error) {
	e := d.Entry
	title := l.T("entries.host_title")
	p := hostEntryPage{E: e, Stage: stageOf(l, e.Stage), Created: when(l, e.CreatedAt), Answers: answers(l, e),
		History: eventRows(l, d.Events), BoardURL: boardURL(e.ProjectID)}
	if e.Participant != nil {
		p.Name = e.Participant.DisplayName
		title = l.T("entries.host_title_of", "Name", p.Name)
	}
	if e.Project != nil {
		p.ProjectURL = manageURL(e.Project.ID)
	}
	p.Base = h.base(r, l, title)
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
	p.Profile = profileSummary(l, e.Participant, e.Profile)
	for _, n := range d.Notes {
		p.Notes = append(p.Notes, eventRow{At: when(l, n.CreatedAt), Who: n.AuthorName, Reason: n.Body})
	}
	p.NoteField = entryField{field: field{L: l, ID: "note", Name: "body", Label: l.T("entries.note_label"), Hint: l.T("entries.note_hint"), Value: note}, Rows: 4}
	if len(d.Moves) > 0 {
		for _, m := range d.Moves {
			label := l.T("entries.move." + string(m))
			p.Moves = append(p.Moves, moveChoice{ID: "to-" + string(m), To: string(m), Label: label, Checked: m == mv.To})
			if m != furusato.StageWithdrawn {
				p.Templates = append(p.Templates, moveLetter{Label: label, Text: moveMessage(l, e, m, senderLine(l, actorOf(r), e))})
			}
		}
		if mv.Letter == "" {
			mv.Letter = letterTemplate
		}
		p.Letters = letterChoices(l, mv.Letter)
		p.Reason = entryField{field: field{L: l, ID: "reason", Name: "reason", Label: l.T("entries.move_reason"), Hint: l.T("entries.move_reason_hint"), Value: mv.Reason, Optional: true}, Rows: 2}
		p.Message = entryField{field: field{L: l, ID: "message", Name: "message", Label: l.T("hosts.move.message_label"),
			Hint: l.T("hosts.move.message_hint"), Value: mv.Message, Optional: true}, Rows: 8}
	}
	x, err := h.extras(r, l, d)
	p.Extras = x
	return p, err
}

// hostDetail reads entry id for its hosts; the participant (who may read
// it, but not as a host: no notes) gets 404 here.
func (h *Handler) hostDetail(r *http.Request) (*service.EntryDetail, error) {
	d, err := h.svc.Entries.Get(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return nil, err
	}
	// The hosts' page of an entry is the policy's EntryMove: for anyone
	// else (its participant too) the policy answers ENOTFOUND.
	if err := policy.Entry(actorOf(r), policy.EntryMove, d.Entry.Scope()); err != nil {
		return nil, err
	}
	return d, nil
}

// hostEntry is GET /manage/entries/{id}.
func (h *Handler) hostEntry(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		d, err := h.hostDetail(r)
		if err != nil {
			return err
		}
		if err := h.svc.Notifier.ReadEntry(r.Context(), actorOf(r), d.Entry.ID); err != nil {
			return err
		}
		p, err := h.hostEntryPage(r, l, d, moveForm{To: furusato.Stage(r.URL.Query().Get("to"))}, "")
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, "entry_manage", p)
	})
}

// hostEntryNote is POST /manage/entries/{id}/notes: body.
func (h *Handler) hostEntryNote(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		ferr := parseForm(w, r)
		d, err := h.hostDetail(r)
		if err != nil {
			return err
		}
		body := r.PostFormValue("body")
		if err = ferr; err == nil {
			err = h.svc.Entries.AddNote(r.Context(), actorOf(r), d.Entry.ID, body)
		}
		if inputError(err) {
			p, perr := h.hostEntryPage(r, l, d, moveForm{}, body)
			if perr != nil {
				return perr
			}
			fields := furusato.ErrorFields(err)
			key := fields["body"]
			if key == "" {
				key = fields[bodyField]
			}
			if key == "" {
				key = "error.generic"
			}
			p.NoteField.Error = boundMessage(l, l.T("errforms.field.note"), key, furusato.MaxNote)
			p.Problems, p.ErrorTitle = []problem{{Text: p.NoteField.Error, Anchor: "note"}}, true
			return h.render(w, errorStatus(err), "entry_manage", p)
		} else if err != nil {
			return err
		}
		h.redirect(w, r, hostEntryURL(d.Entry.ID)+"#s-notes", "entries.flash.note_added")
		return nil
	})
}

// hostEntryMove is POST /manage/entries/{id}/move: to, reason, letter
// (template, own or none; a form without it sends the box as typed) and
// message. With template=1 (「定型文を下の欄に入れる」) the page comes
// back with the chosen move's template in the box, to edit, without
// script.
func (h *Handler) hostEntryMove(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		ferr := parseForm(w, r)
		d, err := h.hostDetail(r)
		if err != nil {
			return err
		}
		to := furusato.Stage(r.PostFormValue("to"))
		mv := moveForm{To: to, Reason: r.PostFormValue("reason"), Letter: r.PostFormValue("letter"), Message: r.PostFormValue("message")}
		if r.PostFormValue("template") == "1" && to.Valid() {
			mv.Letter, mv.Message = letterOwn, moveMessage(l, d.Entry, to, senderLine(l, actorOf(r), d.Entry))
			p, err := h.hostEntryPage(r, l, d, mv, "")
			if err != nil {
				return err
			}
			return h.render(w, http.StatusOK, "entry_manage", p)
		}
		message, other, ok := letterFor(l, d.Entry, d.Moves, to, mv.Letter, mv.Message, senderLine(l, actorOf(r), d.Entry))
		if ferr == nil && (other != "" || !ok) && to.Valid() {
			p, err := h.hostEntryPage(r, l, d, mv, "")
			if err != nil {
				return err
			}
			return h.moveLetterRefused(w, p, l, to, other)
		}
		if err = ferr; err == nil {
			err = h.svc.Entries.Move(r.Context(), actorOf(r), d.Entry.ID, to, mv.Reason, message)
		}
		if err == nil {
			h.redirect(w, r, hostEntryURL(d.Entry.ID), "entries.flash.moved")
			return nil
		}
		if inputError(err) {
			p, perr := h.hostEntryPage(r, l, d, mv, "")
			if perr != nil {
				return perr
			}
			fields := furusato.ErrorFields(err)
			if key, ok := fields["reason"]; ok {
				p.Reason.Error = boundMessage(l, p.Reason.Label, key, furusato.MaxReason)
				p.Problems = append(p.Problems, problem{Text: p.Reason.Error, Anchor: "reason"})
			}
			if key, ok := fields["message"]; ok {
				p.Message.Error = boundMessage(l, p.Message.Label, key, furusato.MaxMessage)
				p.Problems = append(p.Problems, problem{Text: p.Message.Error, Anchor: "message"})
			}
			if len(p.Problems) == 0 {
				p.Problems = wholeFormProblems(l, fields)
			}
			if len(p.Problems) == 0 {
				p.MovesError = l.T("entries.error.move_choose")
				p.Problems = append(p.Problems, problem{Text: p.MovesError, Anchor: "to-" + p.firstMove()})
			}
			p.ErrorTitle = true
			return h.render(w, errorStatus(err), "entry_manage", p)
		}
		return backOnConflict(err, hostEntryURL(d.Entry.ID), "entries.flash.stale")
	})
}

func (p hostEntryPage) firstMove() string {
	if len(p.Moves) > 0 {
		return p.Moves[0].To
	}
	return ""
}
