package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// adminInvitationRevoke is POST /admin/invitations/{id}/revoke: the
// pending invitation stops working; back to the members page it was on.
// One already accepted or revoked is reported there as a flash.
func (h *Handler) adminInvitationRevoke(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	info, err := h.svc.Orgs.RevokeInvitation(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), h.clientIP(r))
	if info == nil { // refused before the policy's consent: nothing to go back to
		return err
	}
	var back string
	if info.Company != nil {
		back = "/admin/companies/" + info.Company.Slug + "/members"
	} else {
		back = "/admin/organizations/" + info.Organization.Slug + "/members"
	}
	// Revoked already (the second click of a double click, another tab):
	// what was asked for holds, so the page says it is revoked. Accepted
	// meanwhile: the members page says it was too late.
	if err != nil && furusato.ErrorFields(err)["invitation"] != "invite.revoked" {
		return backOnConflict(err, back, "admin.revoke_too_late")
	}
	h.redirect(w, r, back, "admin.flash_revoked")
	return nil
}
