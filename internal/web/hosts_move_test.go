package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var screeningLetter = regexp.MustCompile(`(?s)<dt>書類選考に進める</dt><dd class="text">(.*?)</dd>`)

// The move form preselects no move; its letter follows the move chosen,
// without script; the letter of another move, sent from a page left open,
// is refused beside the box, and nothing moves (manage.md D1).
func TestHostEntryMove_LetterFollowsTheChosenMove(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.get(hostEntryURL(id))
	status(t, "host entry", res, body, http.StatusOK)
	if regexp.MustCompile(`name="to" value="[a-z]+" checked`).MatchString(body) {
		t.Error("a move is preselected")
	}
	mustContain(t, "host entry", body, `id="letter-template" name="letter" value="template" checked`, `name="message" rows="8" aria-describedby="message-hint"></textarea>`)
	m := screeningLetter.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no screening template on the page")
	}
	screening := html.UnescapeString(m[1])

	// The old page's submit: declined with the screening letter in the box.
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"declined"}, "message": {screening}})
	status(t, "declined with the screening letter", res, body, http.StatusBadRequest)
	mustContain(t, "wrong letter", html.UnescapeString(body), "この文面は「書類選考に進める」の定型文です", `href="#message"`)
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"declined"}, "letter": {"own"}, "message": {" "}})
	status(t, "own letter left empty", res, body, http.StatusBadRequest)
	mustContain(t, "empty letter", html.UnescapeString(body), "送る文面を入力するか、「変更後の選考状況の定型文を送る」を選んでください")
	_, body = p.get(myEntryURL(id))
	mustContain(t, "nothing moved", body, "エントリー済み")

	// The default letter is the chosen move's, composed when sent.
	res, body = c.post(hostEntryURL(id)+"/move", url.Values{"to": {"declined"}, "letter": {"template"}, "message": {screening}})
	redirected(t, "declined with its template", res, body, hostEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "participant", body, "今回はご希望に沿えない結果")
	if strings.Contains(body, "これから書類選考を行います") {
		t.Error("the participant got the screening letter with a decline")
	}
}
