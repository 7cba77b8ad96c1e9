package web

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// languageSave is POST /account/language: the language the person's mail
// is written in. The pages follow it too (the language cookie), so that
// the choice reads the same everywhere.
func (h *Handler) languageSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	lang := r.PostFormValue("lang")
	if err == nil {
		err = h.svc.Auth.SetLanguage(r.Context(), httpx.ActorFrom(r.Context()), lang)
	}
	if formError(err) {
		p := h.accountPage(r, l, "")
		var merr error
		if p.Memberships, merr = h.accountMemberships(r, l); merr != nil {
			return merr
		}
		key := furusato.ErrorFields(err)["lang"]
		if key == "" {
			key = "mailx.error.lang"
		}
		p.LangError = l.T(key)
		p.Problems = []problem{{Text: p.LangError, Anchor: "lang"}}
		p.ErrorTitle = true
		return h.render(w, errorStatus(err), "account", p)
	} else if err != nil {
		return err
	}
	h.setLangCookie(w, lang)
	h.redirect(w, r, "/account", "mailx.flash_lang_saved")
	return nil
}

// setLangCookie makes lang the language of the pages on this browser, as
// the switch link does.
func (h *Handler) setLangCookie(w http.ResponseWriter, lang string) {
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 60 * 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.secure(),
	})
}
