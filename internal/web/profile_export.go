package web

import (
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// wordExport fills the labels and texts of the data export x in l's
// language, beside the codes the service wrote: stages, interview statuses
// and modes, reasons that are catalogue keys, notification texts and
// preference names, as the pages word them.
func wordExport(l *ui.Locale, x *service.DataExport) {
	x.Language = l.Lang
	stage := func(s string) string {
		if s == "" {
			return ""
		}
		return l.T("entries.stage." + s)
	}
	for i := range x.Entries {
		e := &x.Entries[i]
		e.StageLabel = stage(e.Stage)
		for j := range e.History {
			h := &e.History[j]
			h.FromLabel, h.ToLabel, h.Reason = stage(h.From), stage(h.To), reasonText(l, h.Reason)
		}
		for j := range e.Messages {
			m := &e.Messages[j]
			m.Body = messageBody(l, m.Body)
			if m.Author == "" {
				m.Author = l.T("messages.former_user")
			}
		}
		for j := range e.Interviews {
			iv := &e.Interviews[j]
			iv.StatusLabel = l.T("interview.status." + iv.Status)
			iv.ModeLabel = l.T("interview.onsite")
			if iv.Mode == "online" {
				iv.ModeLabel = l.T("interview.online")
			}
		}
	}
	for i := range x.Notifications {
		n := &x.Notifications[i]
		n.Text = noticeText(l, &furusato.Notice{Kind: furusato.NoticeKind(n.Kind), Params: n.Params})
	}
	for i := range x.NotificationPrefs {
		p := &x.NotificationPrefs[i]
		p.KindLabel = l.T("notifications.pref." + noticeKey(furusato.NoticeKind(p.Kind))[len("notifications.kind."):])
	}
}

// messageBody is the text a message shows: a deleted account's message
// says, in l's language, that it was removed.
func messageBody(l *ui.Locale, body string) string {
	if body == furusato.DeletedMessageBody {
		return l.T("messages.deleted_body")
	}
	return body
}
