package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestNotificationPrefs_ByRole: a participant's preferences list no host
// kinds (a new entry, a team needing attention) and a form that sends one
// is refused beside the boxes; a coordinator sees them.
func TestNotificationPrefs_ByRole(t *testing.T) {
	s, srv, _, _ := newThreadSite(t)
	part := s.manageSignIn(t, srv, participant)
	_, body := part.get("/account/notifications")
	mustContain(t, "participant", body, `value="entry.stage"`, `value="message.new"`)
	mustNotContain(t, "participant", body, `value="entry.new"`, `value="team.flag"`, "新しいエントリー", "チームの注意")
	res, body := part.post("/account/notifications", url.Values{"email": {"entry.stage", "entry.new"}})
	status(t, "a host kind", res, body, http.StatusBadRequest)
	mustContain(t, "a host kind", body, `id="prefs-error"`, "メールで受け取るお知らせは、次から選んでください：", `value="entry.stage" checked`)
	mustNotContain(t, "a host kind", body, `value="entry.new"`)

	coord := s.manageSignIn(t, srv, gifuCoordinator)
	_, body = coord.get("/account/notifications")
	mustContain(t, "coordinator", body, `value="entry.new"`, `value="team.flag"`, "新しいエントリー（コーディネーター・企業の担当者）")
}
