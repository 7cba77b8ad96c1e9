package web

import (
	"net/http"
	"net/url"

	"golang.org/x/text/language"

	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// langCookie remembers the language a person chose with the switch link.
const langCookie = "lang"

// locale returns the language of the request: ?lang= sets the cookie and
// redirects to the same URL without the parameter (redirected is then
// true); otherwise the cookie, then Accept-Language, then Japanese.
func (h *Handler) locale(w http.ResponseWriter, r *http.Request) (l *ui.Locale, redirected bool) {
	httpx.AddVary(w.Header(), "Accept-Language", "Cookie")
	q := r.URL.Query()
	if _, ok := q["lang"]; ok {
		if lang := q.Get("lang"); validLang(lang) {
			http.SetCookie(w, &http.Cookie{
				Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 60 * 60,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: h.secure(),
			})
		}
		q.Del("lang")
		target := r.URL.EscapedPath()
		if localPath(target) == "" {
			target = "/" // never a value another origin could be read from
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil, true
	}
	return h.ui.Locale(h.langOf(r)), false
}

// langOf picks the language without side effects: cookie, then
// Accept-Language, then Japanese.
func (h *Handler) langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		_, i, conf := h.matcher.Match(parseAccept(al)...)
		if conf != language.No {
			return ui.Langs[i]
		}
	}
	return ui.DefaultLang
}

func parseAccept(al string) []language.Tag {
	tags, _, err := language.ParseAcceptLanguage(al)
	if err != nil {
		return nil
	}
	return tags
}

func validLang(s string) bool {
	for _, l := range ui.Langs {
		if s == l {
			return true
		}
	}
	return false
}

func (h *Handler) secure() bool {
	u, err := url.Parse(h.cfg.BaseURL)
	return err == nil && u.Scheme == "https"
}

// switchLink links to the current page in the other language.
func switchLink(r *http.Request, l *ui.Locale) ui.LangLink {
	other, label := ui.English, "English"
	if l.English() {
		other, label = ui.DefaultLang, "日本語"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	return ui.LangLink{URL: r.URL.EscapedPath() + "?" + q.Encode(), Lang: other, Label: label}
}
