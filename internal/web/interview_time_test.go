package web

import (
	"fmt"
	"net/http"
	"testing"
)

// TestInterviews_StartTimeOnAPhone: the start field opens a number pad and
// no suggestions (autocomplete="off"), and 「14時」 or 「1400」, typed where
// the pad has no colon, is taken as 14:00.
func TestInterviews_StartTimeOnAPhone(t *testing.T) {
	s, srv := newEntriesSite(t)
	id := interviewEntry(t, s)
	newPath := fmt.Sprintf("/manage/entries/%d/interviews/new", id)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.get(newPath)
	status(t, "form", res, body, http.StatusOK)
	mustContain(t, "form", body, `<input id="slot1-time" name="slot1-time" type="text" class="num" value="" inputmode="numeric" autocomplete="off" aria-describedby="slot1-time-hint">`)
	good := slotForm("online", "https://meet.example.jp/abc", [4]string{"2026", "11", "25", "14時"}, [4]string{"2026", "11", "26", "1400"})
	res, body = coord.post(newPath, good)
	redirected(t, "propose", res, body, fmt.Sprintf("/manage/entries/%d", id))
	_, body = coord.get(fmt.Sprintf("/manage/entries/%d", id))
	mustContain(t, "entry page", body, "11月25日(水) 14:00", "11月26日(木) 14:00")
}
