package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// adminPerPage is how many rows the audit log and the outbox show a page.
const adminPerPage = 50

// adminPage reads ?page= (1 when absent); EINVALID when it is not a page
// number.
func adminPage(r *http.Request) (int, error) {
	s := r.URL.Query().Get("page")
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > service.MaxPage {
		return 0, &furusato.Error{Code: furusato.EINVALID, Message: "Bad page.", Fields: map[string]string{"page": "error.page"}}
	}
	return n, nil
}

// adminPager is newPager for adminPerPage rows a page.
func adminPager(l *ui.Locale, path string, r *http.Request, page, total int) pager {
	return newPager(l, path, r.URL.Query(), page, adminPerPage, total)
}

type auditRow struct {
	At, Actor, Action, Object, IP, Detail string
}

type auditPage struct {
	ui.Base
	Action  furusato.AuditAction
	Actions []choice
	Rows    []auditRow
	Range   string
	Pager   pager
}

// auditLabel words an audit action through the catalogue: the key is
// "audit." and the action with its dot as an underscore.
func auditLabel(l *ui.Locale, a furusato.AuditAction) string {
	return l.T("audit." + strings.ReplaceAll(string(a), ".", "_"))
}

// adminAudit is GET /admin/audit: the audit log, newest first, by action.
func (h *Handler) adminAudit(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	page, err := adminPage(r)
	if err != nil {
		return err
	}
	action := furusato.AuditAction(strings.TrimSpace(r.URL.Query().Get("action")))
	if action != "" && !action.Valid() {
		return &furusato.Error{Code: furusato.EINVALID, Message: "Unknown audit action.", Fields: map[string]string{"action": "admin.audit_unknown_action"}}
	}
	es, total, err := h.svc.AuditLog.List(r.Context(), httpx.ActorFrom(r.Context()),
		furusato.AuditFilter{Action: action, Limit: adminPerPage, Offset: (page - 1) * adminPerPage})
	if err != nil {
		return err
	}
	p := auditPage{Base: h.adminBase(r, l, l.T("admin.audit_title")), Action: action, Pager: adminPager(l, "/admin/audit", r, page, total)}
	p.Actions = append(p.Actions, choice{"", l.T("admin.audit_all"), action == ""})
	for _, a := range furusato.AuditActions {
		p.Actions = append(p.Actions, choice{string(a), auditLabel(l, a), a == action})
	}
	for _, e := range es {
		row := auditRow{At: when(l, e.At), Action: string(e.Action), IP: e.IP, Detail: string(e.Detail)}
		if e.ActorID != 0 {
			row.Actor = "#" + strconv.FormatInt(e.ActorID, 10)
		}
		if e.ObjectType != "" {
			row.Object = e.ObjectType
			if e.ObjectID != 0 {
				row.Object += " #" + strconv.FormatInt(e.ObjectID, 10)
			}
		}
		if row.Detail == "{}" {
			row.Detail = ""
		}
		p.Rows = append(p.Rows, row)
	}
	if len(es) > 0 {
		from := (page-1)*adminPerPage + 1
		p.Range = l.T("admin.range", "Total", num(total), "From", num(from), "To", num(from+len(es)-1), "Count", total)
	}
	return h.render(w, http.StatusOK, "admin_audit", p)
}

func num(n int) string { return ui.Num(n) }

type mailRow struct {
	URL, To, Subject, Kind, Created, Status string
}

type outboxPage struct {
	ui.Base
	Rows  []mailRow
	Range string
	Pager pager
}

// mailStatus words where a mail stands.
func mailStatus(l *ui.Locale, m *furusato.OutboxMail) string {
	switch {
	case !m.SentAt.IsZero():
		return l.T("admin.mail_sent", "At", when(l, m.SentAt))
	case m.GaveUp():
		return l.T("admin.mail_gave_up")
	case m.LastError != "":
		return l.T("admin.mail_retry", "Count", m.Attempts)
	}
	return l.T("admin.mail_waiting")
}

// adminOutbox is GET /admin/outbox: the mail outbox, newest first.
func (h *Handler) adminOutbox(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	page, err := adminPage(r)
	if err != nil {
		return err
	}
	ms, total, err := h.svc.Outbox.List(r.Context(), httpx.ActorFrom(r.Context()),
		furusato.OutboxFilter{Limit: adminPerPage, Offset: (page - 1) * adminPerPage})
	if err != nil {
		return err
	}
	p := outboxPage{Base: h.adminBase(r, l, l.T("admin.outbox_title")), Pager: adminPager(l, "/admin/outbox", r, page, total)}
	for _, m := range ms {
		p.Rows = append(p.Rows, mailRow{URL: "/admin/outbox/" + strconv.FormatInt(m.ID, 10), To: m.To, Subject: m.Subject, Kind: m.Kind,
			Created: when(l, m.CreatedAt), Status: mailStatus(l, m)})
	}
	if len(ms) > 0 {
		from := (page-1)*adminPerPage + 1
		p.Range = l.T("admin.range", "Total", num(total), "From", num(from), "To", num(from+len(ms)-1), "Count", total)
	}
	return h.render(w, http.StatusOK, "admin_outbox", p)
}

type mailPage struct {
	ui.Base
	To, Kind, Created, Status, LastError, Text string
}

// adminMail is GET /admin/outbox/{id}: one mail's subject and text body.
func (h *Handler) adminMail(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	m, err := h.svc.Outbox.Mail(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	p := mailPage{Base: h.adminBase(r, l, m.Subject), To: m.To, Kind: m.Kind, Created: when(l, m.CreatedAt), Status: mailStatus(l, m),
		LastError: m.LastError, Text: m.Text}
	return h.render(w, http.StatusOK, "admin_mail", p)
}
