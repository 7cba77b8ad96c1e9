package web

import (
	"net/http"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// unsubscribePage is GET /mail/unsubscribe/{token}, the link in the
// footer of a notice or digest mail: it asks before turning the kind off,
// since mail scanners open links. The page is in the person's language.
func (h *Handler) unsubscribePage(w http.ResponseWriter, r *http.Request, _ *ui.Locale) error {
	u, err := h.svc.Notifier.CheckUnsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return unsubscribeGone(err)
	}
	if u.Stopped { // opened again (a second look, a mail scanner): it is done
		return h.unsubscribed(w, r, u)
	}
	l := h.ui.Locale(u.Lang)
	kind := l.T("notifications.pref." + prefKey(u.Kind))
	p := formPage{Base: h.base(r, l, l.T("mailx.unsub_title")), Intro: []string{l.T("mailx.unsub_intro", "Kind", kind)},
		Form: &form{Action: r.URL.EscapedPath(), Submit: l.T("mailx.unsub_submit")}}
	p.NoIndex = true
	return h.render(w, http.StatusOK, "account_form", p)
}

// unsubscribe is POST /mail/unsubscribe/{token}: the page's button, and
// the one-click POST a mail client sends (RFC 8058, body
// List-Unsubscribe=One-Click, no cookies). It answers 200 with a page.
func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request, _ *ui.Locale) error {
	u, err := h.svc.Notifier.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return unsubscribeGone(err)
	}
	return h.unsubscribed(w, r, u)
}

// unsubscribed is the page that says u's e-mail is stopped.
func (h *Handler) unsubscribed(w http.ResponseWriter, r *http.Request, u service.Unsubscription) error {
	l := h.ui.Locale(u.Lang)
	kind := l.T("notifications.pref." + prefKey(u.Kind))
	p := formPage{Base: h.base(r, l, l.T("mailx.unsub_done_title")),
		Intro: []string{l.T("mailx.unsub_done", "Kind", kind), l.T("mailx.unsub_prefs")},
		Links: []link{{"/account/notifications", l.T("mailx.unsub_prefs_link")}}}
	p.NoIndex = true
	return h.render(w, http.StatusOK, "account_form", p)
}

func unsubscribeGone(err error) error {
	if furusato.ErrorCode(err) != furusato.ENOTFOUND {
		return err
	}
	return deadLink(err, "mailx.unsub_bad_title", "mailx.unsub_bad",
		link{"/account/notifications", "mailx.unsub_prefs_link"}, link{"/", "error.home"})
}

// prefKey is the catalogue suffix of kind: entry.new → entry_new.
func prefKey(k furusato.NoticeKind) string { return strings.ReplaceAll(string(k), ".", "_") }
