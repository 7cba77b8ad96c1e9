package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Withdrawing an entry cannot be undone, so it asks on a page of its own
// (GET /me/entries/{id}/withdraw), with the optional reason and a danger
// button, as deleting an account does.

// withdrawPage is the confirmation page.
type withdrawPage struct {
	ui.Base
	Problems []problem
	ID       int64
	Project  string
	Stage    stageChip
	Reason   field
}

func (h *Handler) withdrawPageOf(r *http.Request, l *ui.Locale, d *service.EntryDetail) withdrawPage {
	e := d.Entry
	p := withdrawPage{Base: h.base(r, l, l.T("entries.withdraw_title")), ID: e.ID, Stage: stageOf(l, e.Stage)}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "me"
	if e.Project != nil {
		p.Project = e.Project.Title
	}
	p.Reason = field{L: l, ID: "reason", Name: "reason", Label: l.T("entries.withdraw_reason"), Hint: l.T("entries.withdraw_reason_hint"), Optional: true}
	return p
}

// myEntryWithdrawForm is GET /me/entries/{id}/withdraw. An entry that is
// no longer active (withdrawn already, declined, matched) goes back to its
// page, which says where it stands.
func (h *Handler) myEntryWithdrawForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		d, err := h.svc.Entries.Get(r.Context(), actorOf(r), pathID(r))
		if err != nil {
			return err
		}
		if d.Entry.UserID != actorOf(r).User.ID {
			return furusato.Errorf(furusato.ENOTFOUND, "Entry not found.") // the hosts' own page has no withdraw
		}
		if !d.Entry.Stage.Active() {
			http.Redirect(w, r, myEntryURL(d.Entry.ID), http.StatusSeeOther)
			return nil
		}
		return h.render(w, http.StatusOK, "my_withdraw", h.withdrawPageOf(r, l, d))
	})
}

// myEntryWithdraw is POST /me/entries/{id}/withdraw with an optional
// reason; a reason too long comes back on the confirmation page.
func (h *Handler) myEntryWithdraw(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.entries(w, r, l, func() error {
		err := parseForm(w, r)
		id, a := pathID(r), actorOf(r)
		reason := r.PostFormValue("reason")
		if err == nil {
			err = h.svc.Entries.Withdraw(r.Context(), a, id, reason)
		}
		if err == nil {
			h.redirect(w, r, myEntryURL(id), "entries.flash.withdrawn")
			return nil
		}
		if inputError(err) {
			d, gerr := h.svc.Entries.Get(r.Context(), a, id)
			if gerr != nil {
				return gerr
			}
			p := h.withdrawPageOf(r, l, d)
			p.Reason.Value = reason
			fields := furusato.ErrorFields(err)
			key := fields["reason"]
			if key == "" {
				key = fields[bodyField]
			}
			p.Reason.Error = boundMessage(l, p.Reason.Label, key, furusato.MaxReason)
			p.Problems, p.ErrorTitle = []problem{{Text: p.Reason.Error, Anchor: "reason"}}, true
			return h.render(w, errorStatus(err), "my_withdraw", p)
		}
		return backOnConflict(err, myEntryURL(id), "entries.flash.stale")
	})
}
