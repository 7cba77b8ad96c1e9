package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The account pages: sign up, confirm the address, sign in and out, reset
// a forgotten password, and the signed-in person's own account page. Every
// POST answers with a redirect and a flash message (POST-redirect-GET), or
// with the same form again, holding what was typed (never a password) and
// the errors beside the fields.

// visitorOnly serves fn to visitors; a signed-in person goes to their
// account page instead.
func (h *Handler) visitorOnly(fn pageFunc) http.Handler {
	return h.account(func(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
		if httpx.ActorFrom(r.Context()).SignedIn() {
			http.Redirect(w, r, "/account", http.StatusSeeOther)
			return nil
		}
		return fn(w, r, l)
	})
}

// signedIn serves fn to signed-in people; a visitor is sent to sign in
// (and back here afterwards, for a GET).
func (h *Handler) signedIn(fn pageFunc) http.Handler {
	return h.account(func(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
		if !httpx.ActorFrom(r.Context()).SignedIn() {
			return furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.") // fail sends them to sign in
		}
		return fn(w, r, l)
	})
}

// account serves an account page: never stored by any cache.
func (h *Handler) account(fn pageFunc) http.Handler {
	return h.page(func(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
		w.Header().Set("Cache-Control", "private, no-store")
		return fn(w, r, l)
	})
}

// redirect sends the person to target with a flash message for the next page.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, target, flash string) {
	if flash != "" {
		h.svc.Sessions.Flash(r.Context(), flash)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (h *Handler) clientIP(r *http.Request) string { return h.cfg.Proxies.ClientIP(r) }

func emailField(l *ui.Locale, id, name, label, value string) field {
	return field{L: l, ID: id, Name: name, Type: "email", Label: label, Value: value, Autocomplete: "email", Inputmode: "email"}
}

func passwordField(l *ui.Locale, id, name, label, autocomplete string) field {
	f := field{L: l, ID: id, Name: name, Type: "password", Label: label, Autocomplete: autocomplete}
	if autocomplete == "new-password" {
		f.Hint = l.T("account.password_hint", "Min", service.MinPasswordRunes)
	}
	return f
}

// renderForm renders a formPage with status.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, p formPage) error {
	p.NoIndex, p.HeaderSearch = true, false
	p.ErrorTitle = len(p.Problems) > 0
	return h.render(w, status, "account_form", p)
}

// --- sign up

// signupPage is the sign-up form; next (a local path, or "") is where
// the person came from, terms the version of the terms the form shows
// (0: the newest), agreed whether its box was ticked.
func (h *Handler) signupPage(r *http.Request, l *ui.Locale, name, email, next string, terms int, agreed bool) (formPage, error) {
	if terms == 0 {
		cur, err := h.svc.Pages.Current(r.Context(), furusato.PageTerms)
		if err != nil {
			return formPage{}, err
		}
		terms = cur.Version
	}
	f := &form{Action: "/account/signup", Submit: l.T("account.signup_submit"), Fields: []field{
		{L: l, ID: "display_name", Name: "display_name", Type: "text", Label: l.T("account.name"), Hint: l.T("account.name_hint", "MaxName", service.MaxDisplayRunes), Value: name, Autocomplete: "name"},
		emailField(l, "email", "email", l.T("account.email"), email),
		passwordField(l, "password", "password", l.T("account.password"), "new-password"),
		consentField(l, agreed),
	}, Hidden: []hidden{{"terms_version", strconv.Itoa(terms)}}}
	if next != "" {
		f.Hidden = append(f.Hidden, hidden{"next", next})
	}
	p := formPage{Base: h.base(r, l, l.T("account.signup_title")), Intro: []string{l.T("account.signup_intro")}, Form: f,
		Links: []link{{withNext("/account/signin", next), l.T("account.to_signin")}}}
	p.Nav = "signup"
	return p, nil
}

// signupForm is GET /account/signup.
func (h *Handler) signupForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	p, err := h.signupPage(r, l, "", "", localPath(r.URL.Query().Get("next")), 0, false)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, http.StatusOK, p)
}

// signup is POST /account/signup: the same answer whether the address has
// an account or not (the mail says which).
func (h *Handler) signup(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	name, email, next := r.PostFormValue("display_name"), r.PostFormValue("email"), localPath(r.PostFormValue("next"))
	agreed := r.PostFormValue("agree") == "1"
	in := service.SignUpRequest{Email: email, Name: name, Password: r.PostFormValue("password"), Lang: l.Lang, IP: h.clientIP(r), Next: next}
	if agreed {
		// The version the form showed; a form that did not say agreed to
		// the newest, which its links open.
		in.Terms = service.TermsShown
		if v, verr := strconv.Atoi(r.PostFormValue("terms_version")); verr == nil && v > 0 {
			in.Terms = v
		}
	}
	if err == nil {
		err = h.svc.Auth.Register(r.Context(), in)
	}
	if formError(err) {
		// After a change of the terms, the form shows the new version, unticked.
		p, perr := h.signupPage(r, l, name, email, next, 0, agreed && furusato.ErrorCode(err) != furusato.ECONFLICT)
		if perr != nil {
			return perr
		}
		p.Problems = applyErrors(l, err, nil, p.Form)
		return h.renderForm(w, r, errorStatus(err), p)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, withNext("/account/signin", next), "account.flash_signup")
	return nil
}

// --- confirm an address

// linkGone marks err, the answer to a mailed link of the account pages,
// so that fail shows the page of a link that does not work (any more).
func linkGone(err error) error {
	return deadLink(err, "account.link_title", "account.link_gone",
		link{"/account/password/forgot", "account.to_forgot"}, link{"/account/signin", "account.to_signin"}, link{"/", "error.home"})
}

// verifyGone is linkGone for the link of a confirmation mail (of the
// address given at sign-up, or of a new address): the page says which link
// it is and how to get a new one.
func verifyGone(err error) error {
	return deadLink(err, "errs.link.verify_title", "errs.link.verify",
		link{"/account/verify/resend", "trust.resend_title"}, link{"/account", "errs.link.to_account"}, link{"/", "error.home"})
}

// resetGone is linkGone for the link of a password reset mail.
func resetGone(err error) error {
	return deadLink(err, "errs.link.reset_title", "errs.link.reset",
		link{"/account/password/forgot", "account.to_forgot"}, link{"/account/signin", "account.to_signin"}, link{"/", "error.home"})
}

// verify is GET /account/verify/{token}: the link of the confirmation mail
// (of the address given at sign-up, or of a new address).
func (h *Handler) verify(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	next := localPath(r.URL.Query().Get("next"))
	changed, err := h.svc.Auth.VerifyEmail(r.Context(), r.PathValue("token"), h.clientIP(r))
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		if done, derr := h.svc.Auth.AlreadyVerified(r.Context(), r.PathValue("token")); derr != nil {
			return derr
		} else if done {
			return h.alreadyVerified(w, r, l, next)
		}
	}
	if err != nil {
		return verifyGone(err) // a new address taken meanwhile: the page says so (its field message)
	}
	target := withNext("/account/signin", next)
	if httpx.ActorFrom(r.Context()).SignedIn() {
		target = cmp.Or(next, "/account")
	}
	flash := "account.flash_verified"
	if changed {
		flash = "account.flash_email_changed"
	}
	h.redirect(w, r, target, flash)
	return nil
}

// --- sign in and out

func (h *Handler) signinPage(r *http.Request, l *ui.Locale, email, next string) formPage {
	f := &form{Action: "/account/signin", Submit: l.T("account.signin_submit"), Fields: []field{
		emailField(l, "email", "email", l.T("account.email"), email),
		passwordField(l, "password", "password", l.T("account.password"), "current-password"),
	}}
	if next = localPath(next); next != "" {
		f.Hidden = []hidden{{"next", next}}
	}
	p := formPage{Base: h.base(r, l, l.T("account.signin_title")), Form: f,
		Links: []link{{"/account/password/forgot", l.T("account.to_forgot")}, {withNext("/account/signup", next), l.T("account.to_signup")},
			{withNext("/account/verify/resend", next), l.T("trust.to_resend")}}}
	p.Nav = "signin"
	return p
}

// signinForm is GET /account/signin.
func (h *Handler) signinForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.renderForm(w, r, http.StatusOK, h.signinPage(r, l, "", r.URL.Query().Get("next")))
}

// signin is POST /account/signin: one answer for every wrong address or
// password.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	email, next := r.PostFormValue("email"), r.PostFormValue("next")
	var u *furusato.User
	if err == nil {
		u, err = h.svc.Auth.SignIn(r.Context(), email, r.PostFormValue("password"), h.clientIP(r))
	}
	if formError(err) {
		p := h.signinPage(r, l, email, next)
		p.Problems = applyErrors(l, err, nil, p.Form)
		return h.renderForm(w, r, errorStatus(err), p)
	} else if err != nil {
		return err
	}
	if err := h.svc.Sessions.SignIn(r.Context(), u); err != nil {
		return err
	}
	target := localPath(next)
	if target == "" {
		target = "/account"
	}
	if u.Lang != "" { // the person's language, on this device too
		h.setLangCookie(w, u.Lang)
	}
	h.redirect(w, r, target, "account.flash_signed_in")
	return nil
}

// signout is POST /account/signout.
func (h *Handler) signout(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if !httpx.ActorFrom(r.Context()).SignedIn() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	if err := h.svc.Sessions.SignOut(r.Context()); err != nil {
		return err
	}
	h.redirect(w, r, "/", "account.flash_signed_out")
	return nil
}

// --- forgotten password

func (h *Handler) forgotPage(r *http.Request, l *ui.Locale, email string) formPage {
	return formPage{Base: h.base(r, l, l.T("account.forgot_title")), Intro: []string{l.T("account.forgot_intro")},
		Form: &form{Action: "/account/password/forgot", Submit: l.T("account.forgot_submit"), Fields: []field{
			emailField(l, "email", "email", l.T("account.email"), email),
		}},
		Links: []link{{"/account/signin", l.T("account.to_signin")}}}
}

// forgotForm is GET /account/password/forgot.
func (h *Handler) forgotForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.renderForm(w, r, http.StatusOK, h.forgotPage(r, l, ""))
}

// forgot is POST /account/password/forgot: the same answer whether the
// address has an account or not.
func (h *Handler) forgot(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	email := r.PostFormValue("email")
	if err == nil {
		err = h.svc.Auth.RequestPasswordReset(r.Context(), email, l.Lang, h.clientIP(r))
	}
	if formError(err) {
		p := h.forgotPage(r, l, email)
		p.Problems = applyErrors(l, err, nil, p.Form)
		return h.renderForm(w, r, errorStatus(err), p)
	} else if err != nil {
		return err
	}
	target := "/account/signin"
	if httpx.ActorFrom(r.Context()).SignedIn() {
		target = "/account"
	}
	h.redirect(w, r, target, "account.flash_reset_sent")
	return nil
}

func (h *Handler) resetPage(r *http.Request, l *ui.Locale) formPage {
	return formPage{Base: h.base(r, l, l.T("account.reset_title")), Intro: []string{l.T("account.reset_intro")},
		Form: &form{Action: "/account/password/reset/" + url.PathEscape(r.PathValue("token")), Submit: l.T("account.reset_submit"), Fields: []field{
			passwordField(l, "password", "password", l.T("account.new_password"), "new-password"),
		}}}
}

// resetForm is GET /account/password/reset/{token}.
func (h *Handler) resetForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := h.svc.Auth.CheckResetToken(r.Context(), r.PathValue("token")); err != nil {
		return resetGone(err)
	}
	return h.renderForm(w, r, http.StatusOK, h.resetPage(r, l))
}

// reset is POST /account/password/reset/{token}: the new password signs
// the account out everywhere, this browser included.
func (h *Handler) reset(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	if err == nil {
		err = h.svc.Auth.ResetPassword(r.Context(), r.PathValue("token"), r.PostFormValue("password"), h.clientIP(r))
	}
	if formError(err) {
		p := h.resetPage(r, l)
		p.Problems = applyErrors(l, err, nil, p.Form)
		return h.renderForm(w, r, errorStatus(err), p)
	} else if err != nil {
		return resetGone(err)
	}
	if err := h.svc.Sessions.SignOut(r.Context()); err != nil {
		return err
	}
	h.redirect(w, r, "/account/signin", "account.flash_password_reset")
	return nil
}

// --- my account

// accountPage is the signed-in person's own account.
type accountPage struct {
	ui.Base
	Problems       []problem
	Name, Email    string
	Verified       bool
	Memberships    []accountMembership // the "memberships" section (admin_account.go)
	PasswordForm   *form
	EmailForm      *form
	EverywhereForm *form
	Lang           string // the account's language for mail, "ja" when none is set
	LangError      string // beside the language select
}

func (h *Handler) accountPage(r *http.Request, l *ui.Locale, newEmail string) accountPage {
	u := httpx.ActorFrom(r.Context()).User
	p := accountPage{Base: h.base(r, l, l.T("account.title")), Name: u.DisplayName, Email: u.Email, Verified: u.Verified(),
		PasswordForm: &form{Action: "/account/password", Submit: l.T("account.password_submit"), Fields: []field{
			passwordField(l, "current_password", "current_password", l.T("account.current_password"), "current-password"),
			passwordField(l, "new_password", "new_password", l.T("account.new_password"), "new-password"),
		}},
		EmailForm: &form{Action: "/account/email", Submit: l.T("account.email_submit"), Secondary: true, Fields: []field{
			emailField(l, "new_email", "new_email", l.T("account.new_email"), newEmail),
			passwordField(l, "email_password", "email_password", l.T("account.current_password"), "current-password"),
		}},
		EverywhereForm: &form{Action: "/account/signout-everywhere", Submit: l.T("account.everywhere_submit"), Secondary: true},
	}
	p.NoIndex, p.HeaderSearch, p.Nav, p.Lang = true, false, "account", u.MailLang()
	return p
}

// accountShow is GET /account.
func (h *Handler) accountShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	p := h.accountPage(r, l, "")
	var err error
	if p.Memberships, err = h.accountMemberships(r, l); err != nil { // the memberships section
		return err
	}
	return h.render(w, http.StatusOK, "account", p)
}

// accountErrors renders the account page again with err beside the fields
// of the form it came from.
func (h *Handler) accountErrors(w http.ResponseWriter, r *http.Request, l *ui.Locale, err error, newEmail string, which func(*accountPage) *form, rename map[string]string) error {
	p := h.accountPage(r, l, newEmail)
	var merr error
	if p.Memberships, merr = h.accountMemberships(r, l); merr != nil { // the memberships section
		return merr
	}
	p.Problems = applyErrors(l, err, rename, which(&p))
	p.ErrorTitle = true
	return h.render(w, errorStatus(err), "account", p)
}

// passwordChange is POST /account/password: other sessions are signed
// out; this one stays.
func (h *Handler) passwordChange(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	var epoch int64
	if err == nil {
		epoch, err = h.svc.Auth.ChangePassword(r.Context(), httpx.ActorFrom(r.Context()),
			r.PostFormValue("current_password"), r.PostFormValue("new_password"), h.clientIP(r))
	}
	if formError(err) {
		return h.accountErrors(w, r, l, err, "", func(p *accountPage) *form { return p.PasswordForm },
			map[string]string{"password": "new_password"})
	} else if err != nil {
		return err
	}
	if err := h.svc.Sessions.KeepEpoch(r.Context(), epoch); err != nil {
		return err
	}
	h.redirect(w, r, "/account", "account.flash_password_changed")
	return nil
}

// emailChange is POST /account/email: a confirmation mail goes to the new
// address; the change happens when its link is opened.
func (h *Handler) emailChange(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	newEmail := r.PostFormValue("new_email")
	if err == nil {
		err = h.svc.Auth.RequestEmailChange(r.Context(), httpx.ActorFrom(r.Context()), newEmail, r.PostFormValue("email_password"), l.Lang, h.clientIP(r))
	}
	if formError(err) {
		return h.accountErrors(w, r, l, err, newEmail, func(p *accountPage) *form { return p.EmailForm },
			map[string]string{"email": "new_email", "password": "email_password"})
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/account", "account.flash_email_sent")
	return nil
}

// signoutEverywhere is POST /account/signout-everywhere: every session of
// the account ends, this one included.
func (h *Handler) signoutEverywhere(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := h.svc.Auth.SignOutEverywhere(r.Context(), httpx.ActorFrom(r.Context()), h.clientIP(r)); err != nil {
		return err
	}
	if err := h.svc.Sessions.SignOut(r.Context()); err != nil {
		return err
	}
	h.redirect(w, r, "/account/signin", "account.flash_signed_out_everywhere")
	return nil
}
