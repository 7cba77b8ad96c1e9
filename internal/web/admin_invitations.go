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
	info, err := h.orgs().RevokeInvitation(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), h.clientIP(r))
	flash := "admin.flash_revoked"
	switch furusato.ErrorCode(err) {
	case "":
	case furusato.ECONFLICT:
		flash = "admin.revoke_too_late" // accepted or revoked meanwhile
	default:
		return err
	}
	var back string
	if info.Company != nil {
		back = "/admin/companies/" + info.Company.Slug + "/members"
	} else {
		back = "/admin/organizations/" + info.Organization.Slug + "/members"
	}
	h.redirect(w, r, back, flash)
	return nil
}
