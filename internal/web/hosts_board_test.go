package web

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// The CSV link of a filtered board exports what the board shows
// (manage.md D14).
func TestEntryBoardCSV_FollowsTheFilter(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	enter(t, p, watercress)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	board := boardURL(s.project(t, watercress).ID)
	_, body := c.get(board + "?stage=declined")
	csv := board + ".csv?stage=declined"
	mustContain(t, "filtered board", html.UnescapeString(body), `href="`+csv+`"`)
	res, body := c.get(csv)
	status(t, "filtered csv", res, body, http.StatusOK)
	if strings.Contains(body, "参加者 デモ") {
		t.Errorf("the declined export lists a submitted entry")
	}
	_, body = c.get(board + ".csv?stage=submitted")
	mustContain(t, "submitted csv", body, "参加者 デモ")
}
