package web

import (
	"html"
	"net/http"
	"testing"
)

// TestHostLetters_EndWithTheSendersLine: the hosts' message templates end
// with who sends them, 「○○（コーディネーター）」, as Japanese business
// letters do (review §1.4): the coordinator's and the company staff's own.
func TestHostLetters_EndWithTheSendersLine(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	for _, c := range []struct{ who, ja, en string }{
		{gifuCoordinator, "よろしくお願いいたします。\n\n岐阜 コーディネーター（コーディネーター）", "\n\n岐阜 コーディネーター (coordinator)"},
		{watercressStaff, "よろしくお願いいたします。\n\nクレソン農園 スタッフ（受け入れ企業の担当者）", "\n\nクレソン農園 スタッフ (host company)"},
	} {
		b := s.manageSignIn(t, srv, c.who)
		res, body := b.get(hostEntryURL(id))
		status(t, c.who, res, body, http.StatusOK)
		mustContain(t, c.who+" ja", html.UnescapeString(body), c.ja)
		inEnglish(t, b)
		_, body = b.get(hostEntryURL(id))
		mustContain(t, c.who+" en", html.UnescapeString(body), c.en)
	}
}
