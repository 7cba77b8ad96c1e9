package web

import (
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The invitation pages: the link of an invitation mail shows what it
// invites to; a visitor is offered to sign in or sign up (and come back),
// a signed-in person a button to accept. Only the invited address, once
// confirmed, may accept (service.Orgs.AcceptInvitation).

type invitePage struct {
	ui.Base
	Problems []problem
	Facts    []fact
	Intro    []string
	Accept   *form
	Links    []link
}

type fact struct{ Term, Desc string }

// invitePath is the path of the invitation page of the request.
func invitePath(r *http.Request) string {
	return "/invitations/" + url.PathEscape(r.PathValue("token"))
}

// inviteStateKey words an invitation that cannot be accepted.
var inviteStateKey = map[string]string{
	service.InvitationAccepted: "invite.accepted",
	service.InvitationRevoked:  "invite.revoked",
	service.InvitationExpired:  "invite.expired",
}

func (h *Handler) invitePage(r *http.Request, l *ui.Locale, info *service.InvitationInfo) invitePage {
	inv := info.Invitation
	p := invitePage{Base: h.base(r, l, l.T("invite.title", "Name", info.TargetName())),
		Facts: []fact{
			{l.T("invite.target"), info.TargetName()},
			{l.T("invite.role"), roleLabel(l, inv.Role)},
			{l.T("invite.email"), inv.Email},
			{l.T("invite.expires"), when(l, inv.ExpiresAt)},
		}}
	p.NoIndex, p.HeaderSearch = true, false
	path := invitePath(r)
	a := httpx.ActorFrom(r.Context())
	switch {
	case info.State != service.InvitationPending:
		p.Intro = []string{l.T(inviteStateKey[info.State])}
		p.Links = []link{{"/", l.T("error.home")}}
	case !a.SignedIn():
		p.Intro = []string{l.T("invite.signin_intro")}
		next := "?next=" + url.QueryEscape(path)
		p.Links = []link{{"/account/signin" + next, l.T("invite.to_signin")}, {"/account/signup" + next, l.T("invite.to_signup")}}
	case a.User.Email != inv.Email:
		p.Intro = []string{l.T("invite.other_email")}
	case !a.User.Verified():
		p.Intro = []string{l.T("invite.unverified")}
		p.Links = []link{{"/account", l.T("account.unverified_link")}}
	default:
		p.Intro = []string{l.T("invite.accept_intro")}
		p.Accept = &form{Action: path + "/accept", Submit: l.T("invite.accept_submit")}
	}
	return p
}

// inviteShow is GET /invitations/{token}.
func (h *Handler) inviteShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	info, err := h.svc.Orgs.Invitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return inviteGone(err)
	}
	return h.render(w, http.StatusOK, "invite", h.invitePage(r, l, info))
}

// inviteGone marks err so that an invitation link that names nothing gets
// its own page.
func inviteGone(err error) error {
	return deadLink(err, "invite.gone_title", "errs.link.invitation", link{"/", "error.home"})
}

// inviteAccept is POST /invitations/{token}/accept.
func (h *Handler) inviteAccept(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	_, err := h.svc.Orgs.AcceptInvitation(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("token"), h.clientIP(r))
	if inputError(err) { // used, revoked, expired; for another address; unconfirmed: the page says which
		shown, serr := h.svc.Orgs.Invitation(r.Context(), r.PathValue("token"))
		if serr != nil {
			return serr
		}
		p := h.invitePage(r, l, shown)
		p.Problems = []problem{{Text: l.T(furusato.ErrorFields(err)["invitation"])}}
		p.ErrorTitle = true
		return h.render(w, errorStatus(err), "invite", p)
	} else if err != nil {
		return inviteGone(err)
	}
	h.svc.Sessions.Flash(r.Context(), "invite.flash_accepted")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
