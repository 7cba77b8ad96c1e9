package web

import (
	"cmp"
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// Confirming an address is never a dead end: the confirmation mail can be
// sent again from the banner, the sign-in page and My page; a link opened
// a second time says the address is confirmed; and the page a person came
// from (next) rides through sign-up, the confirmation link and the first
// sign-in, so that they land back on the project.

// withNext returns path with next (a local path, or "") as its query.
func withNext(path, next string) string {
	if next == "" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// consentField is the sign-up form's box that agrees to the terms.
func consentField(l *ui.Locale, agreed bool) field {
	f := field{L: l, ID: "agree", Name: "agree", Type: "consent", Label: l.T("trust.consent_label")}
	if agreed {
		f.Value = "1"
	}
	return f
}

// alreadyVerified answers a confirmation link opened again once it worked.
func (h *Handler) alreadyVerified(w http.ResponseWriter, r *http.Request, l *ui.Locale, next string) error {
	p := formPage{Base: h.base(r, l, l.T("trust.verified_title")), Intro: []string{l.T("trust.verified_intro")}}
	if httpx.ActorFrom(r.Context()).SignedIn() {
		p.Intro = []string{l.T("trust.verified_intro_signed_in")}
		p.Links = []link{{cmp.Or(next, "/me"), l.T("trust.verified_continue")}}
	} else {
		p.Links = []link{{withNext("/account/signin", next), l.T("trust.verified_signin")}}
	}
	return h.renderForm(w, r, http.StatusOK, p)
}

// resendPage is the form that sends the confirmation mail again: a
// visitor types their address; a signed-in person has only the button.
func (h *Handler) resendPage(r *http.Request, l *ui.Locale, email, next string) formPage {
	f := &form{Action: "/account/verify/resend", Submit: l.T("trust.resend_submit")}
	if next != "" {
		f.Hidden = []hidden{{"next", next}}
	}
	p := formPage{Base: h.base(r, l, l.T("trust.resend_title")), Form: f}
	if a := httpx.ActorFrom(r.Context()); a.SignedIn() {
		p.Intro = []string{l.T("trust.resend_intro_signed_in", "Email", a.User.Email), l.T("trust.resend_spam")}
	} else {
		p.Intro = []string{l.T("trust.resend_intro"), l.T("trust.resend_spam")}
		f.Fields = []field{emailField(l, "email", "email", l.T("account.email"), email)}
		p.Links = []link{{withNext("/account/signin", next), l.T("account.to_signin")}}
	}
	return p
}

// resendForm is GET /account/verify/resend.
func (h *Handler) resendForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if a := httpx.ActorFrom(r.Context()); a.SignedIn() && a.User.Verified() {
		h.redirect(w, r, "/account", "trust.flash_already_verified")
		return nil
	}
	return h.renderForm(w, r, http.StatusOK, h.resendPage(r, l, "", localPath(r.URL.Query().Get("next"))))
}

// resend is POST /account/verify/resend: the same answer for a visitor
// whatever the address; throttled per account and per network.
func (h *Handler) resend(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	email, next := r.PostFormValue("email"), localPath(r.PostFormValue("next"))
	a := httpx.ActorFrom(r.Context())
	if err == nil {
		if a.SignedIn() {
			err = h.svc.Auth.ResendVerification(r.Context(), a, l.Lang, next)
		} else {
			err = h.svc.Auth.ResendVerificationTo(r.Context(), email, l.Lang, next, h.clientIP(r))
		}
	}
	switch {
	case furusato.ErrorCode(err) == furusato.ECONFLICT: // confirmed meanwhile
		h.redirect(w, r, "/account", "trust.flash_already_verified")
		return nil
	case formError(err):
		p := h.resendPage(r, l, email, next)
		p.Problems = applyErrors(l, err, nil, p.Form)
		return h.renderForm(w, r, errorStatus(err), p)
	case err != nil:
		return err
	case a.SignedIn():
		h.redirect(w, r, cmp.Or(next, "/me"), "trust.flash_resent_signed_in")
	default:
		h.redirect(w, r, withNext("/account/signin", next), "trust.flash_resent")
	}
	return nil
}
