package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// prefItem is one kind's checkbox on the preferences page.
type prefItem struct {
	Value string // the kind
	ID    string // the checkbox id
	Label string
	Email bool
}

// notificationPrefsPage is GET /account/notifications.
type notificationPrefsPage struct {
	ui.Base
	Problems []problem
	Error    string // beside the checkboxes: a kind that is none of them
	Items    []prefItem
}

// notificationPrefs is GET /account/notifications: which notices come by
// e-mail (every notice is kept in the centre anyway).
func (h *Handler) notificationPrefs(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.prefsPage(w, r, l, nil)
}

// prefsPage renders the preferences; checked, when not nil, is what the
// form sent with a kind that is none of the choices: the page keeps the
// boxes as sent and names the field and its choices.
func (h *Handler) prefsPage(w http.ResponseWriter, r *http.Request, l *ui.Locale, checked map[string]bool) error {
	prefs, err := h.svc.Notifier.Prefs(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	p := notificationPrefsPage{Base: h.base(r, l, l.T("notifications.prefs_title"))}
	p.NoIndex, p.Nav = true, "account"
	for i, pr := range prefs {
		p.Items = append(p.Items, prefItem{Value: string(pr.Kind), ID: "pref-" + strconv.Itoa(i),
			Label: l.T("notifications.pref." + noticeKey(pr.Kind)[len("notifications.kind."):]), Email: pr.Email})
	}
	if checked == nil {
		return h.render(w, http.StatusOK, "notification_prefs", p)
	}
	labels := make([]string, len(p.Items))
	for i := range p.Items {
		p.Items[i].Email = checked[p.Items[i].Value]
		labels[i] = p.Items[i].Label
	}
	pr := choiceProblem(l, l.T("notifications.prefs_legend"), labels...)
	pr.Anchor = "pref-0"
	p.Problems, p.Error, p.ErrorTitle = []problem{pr}, pr.Text, true
	return h.render(w, http.StatusBadRequest, "notification_prefs", p)
}

// notificationPrefsSave is POST /account/notifications: the checked kinds
// are e-mailed, the others not.
func (h *Handler) notificationPrefsSave(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	var kinds []furusato.NoticeKind
	mine := furusato.NoticeKindsOf(httpx.ActorFrom(r.Context()))
	checked, unknown := map[string]bool{}, false
	for _, v := range r.PostForm["email"] {
		kinds = append(kinds, furusato.NoticeKind(v))
		checked[v] = true
		unknown = unknown || !slices.Contains(mine, furusato.NoticeKind(v))
	}
	if unknown { // a stale or altered form (or a host's kind): say so beside the boxes, nothing saved
		return h.prefsPage(w, r, l, checked)
	}
	if err := h.svc.Notifier.SetPrefs(r.Context(), httpx.ActorFrom(r.Context()), kinds); err != nil {
		return err
	}
	h.redirect(w, r, "/account/notifications", "notifications.flash_prefs_saved")
	return nil
}
