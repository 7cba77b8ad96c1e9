package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The notification centre (/notifications) and the e-mail preferences
// (/account/notifications) of the signed-in person. URLs hold no user id:
// another person's notice id is 404.

// noticeItem is one notice as the centre lists it.
type noticeItem struct {
	ID   int64
	Text string // the catalogue message of its kind, filled with its params
	// Project and Participant are the params Text quotes, which an
	// English page marks as Japanese (ui.Locale.JaIn)
	Project, Participant string
	Time                 string
	Datetime             string
	Unread               bool
}

// notificationsPage is GET /notifications.
type notificationsPage struct {
	ui.Base
	Items  []noticeItem
	Unread int
	Range  rangeInfo
	Pager  pager
}

// noticeKey is the catalogue id of the text of kind: entry.new →
// notifications.kind.entry_new.
func noticeKey(kind furusato.NoticeKind) string {
	return "notifications.kind." + strings.ReplaceAll(string(kind), ".", "_")
}

// noticeText words notice n in l's language.
func noticeText(l *ui.Locale, n *furusato.Notice) string {
	p := l.NoticeParams(n.Params)
	stage := p["stage"]
	if stage != "" {
		stage = l.T("entries.stage." + stage)
	}
	count, _ := strconv.Atoi(p["count"])
	key := noticeKey(n.Kind)
	// Why entries closed is a code (filled, cancelled, completed) with
	// its own wording; deadline and anything unknown get the general one.
	if r := p["reason"]; n.Kind == furusato.NoticeEntriesClosed && reasonKey.MatchString(r) && known(key+"_"+r) {
		key += "_" + r
	}
	if n.Kind == furusato.NoticeStageChanged && p["reason"] == furusato.ReasonAccountDeleted {
		key = "notifications.kind.entry_account_deleted"
	} else if n.Kind == furusato.NoticeStageChanged && known(key+"_"+p["stage"]) {
		key += "_" + p["stage"] // declined, withdrawn: worded for what they mean to the reader
	}
	reason := p["reason"]
	if n.Kind == furusato.NoticeTeamMeeting && p["status"] == string(furusato.InterviewCancelled) {
		key = meetingCancelledKey(p)
		reason = shortReason(reason)
	}
	if p[furusato.ParamHost] != "" && known(key+"_host") {
		key += "_host" // a match is the hosts' to act on, not to be congratulated on
	}
	return l.T(key, "Project", p[furusato.ParamProject], "Participant", p["participant"], "Stage", stage, "Days", p["reply_days"],
		"When", p["when"], "Deadline", p["deadline"], "Author", p["author"], "Count", count, "Reason", reason)
}

// notificationList is GET /notifications: newest first, unread marked.
func (h *Handler) notificationList(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	q := r.URL.Query()
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	actor := httpx.ActorFrom(r.Context())
	list, total, err := h.svc.Notifier.List(r.Context(), actor, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	if len(list) == 0 && page > 1 {
		h.notFound(w, r, l)
		return nil
	}
	p := notificationsPage{Base: h.base(r, l, l.T("notifications.title")), Range: newRange(l, page, perPage, len(list), total),
		Pager: newPager(l, "/notifications", q, page, perPage, total)}
	p.NoIndex, p.Nav = true, "notifications"
	for _, n := range list {
		it := noticeItem{ID: n.ID, Text: noticeText(l, n), Time: when(l, n.CreatedAt),
			Datetime: n.CreatedAt.Format(time.RFC3339), Unread: n.ReadAt.IsZero()}
		np := l.NoticeParams(n.Params)
		it.Project, it.Participant = np[furusato.ParamProject], np["participant"]
		p.Items = append(p.Items, it)
	}
	p.Unread = p.Account.Unread
	return h.render(w, http.StatusOK, "notifications", p)
}

// safeLink keeps a notice's link on this site: a path, never another
// origin ("//host", "/\host") or a scheme.
func safeLink(link string) string {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/\\") {
		return "/notifications"
	}
	return link
}

// notificationOpen is GET /notifications/{id}: marks the notice read and
// goes where it points.
func (h *Handler) notificationOpen(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if pathID(r) == 0 {
		h.notFound(w, r, l)
		return nil
	}
	n, err := h.svc.Notifier.Open(r.Context(), httpx.ActorFrom(r.Context()), pathID(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, safeLink(n.Link), http.StatusSeeOther)
	return nil
}

// notificationRead is POST /notifications/{id}/read.
func (h *Handler) notificationRead(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if pathID(r) == 0 {
		h.notFound(w, r, l)
		return nil
	}
	if _, err := h.svc.Notifier.Open(r.Context(), httpx.ActorFrom(r.Context()), pathID(r)); err != nil {
		return err
	}
	h.redirect(w, r, "/notifications", "notifications.flash_read")
	return nil
}

// notificationReadAll is POST /notifications/read-all.
func (h *Handler) notificationReadAll(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if _, err := h.svc.Notifier.ReadAll(r.Context(), httpx.ActorFrom(r.Context())); err != nil {
		return err
	}
	h.redirect(w, r, "/notifications", "notifications.flash_read_all")
	return nil
}

// unreadCount is the header badge's number: never cached, 0 on failure
// (a page must not fail because of its badge).
func (h *Handler) unreadCount(r *http.Request, a *furusato.Actor) int {
	if !a.SignedIn() {
		return 0
	}
	n, err := h.svc.Notifier.Unread(r.Context(), a)
	if err != nil {
		httpx.LogError(r, err)
		return 0
	}
	return n
}
