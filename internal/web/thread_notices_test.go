package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
)

var navBadge = regexp.MustCompile(`<span class="nav-badge num">(\d+|99\+)</span>`)

// headerBadge returns the header's count of unread notices on the top
// page as b sees it ("" when there is no badge).
func headerBadge(t *testing.T, b *browser, who string) string {
	t.Helper()
	res, body := b.get("/")
	status(t, who, res, body, http.StatusOK)
	if m := navBadge.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func plusOne(t *testing.T, s string) string {
	t.Helper()
	n, _ := strconv.Atoi(s)
	return strconv.Itoa(n + 1)
}

func TestMessagePost_HeaderBadgeForRecipientsAtOnceUntilRead(t *testing.T) {
	s, srv, _, e := newThreadSite(t)
	id := strconv.FormatInt(e.ID, 10)
	part := s.manageSignIn(t, srv, participant)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	partBefore, coordBefore := headerBadge(t, part, "participant"), headerBadge(t, coord, "coordinator")

	for _, body := range []string{"面談の日程についてご相談です", "追記です"} {
		res, page := coord.post("/entries/"+id+"/messages", url.Values{"body": {body}})
		redirected(t, "coordinator posts", res, page, "/manage/entries/"+id+"#thread")
	}
	// The participant's badge moves by one (one notice per thread), at once.
	if got := headerBadge(t, part, "participant"); got != plusOne(t, partBefore) {
		t.Errorf("participant's badge %q, want %q", got, plusOne(t, partBefore))
	}
	if got := headerBadge(t, coord, "coordinator"); got != coordBefore {
		t.Errorf("the sender's badge moved: %q, was %q", got, coordBefore)
	}
	res, body := part.get("/notifications")
	status(t, "notifications", res, body, http.StatusOK)
	mustContain(t, "notifications", body, "のエントリーに新しいメッセージが2件届きました")

	// Opening the entry reads the thread and its notice: the badge is back.
	res, body = part.get("/me/entries/" + id)
	status(t, "my entry", res, body, http.StatusOK)
	if got := headerBadge(t, part, "participant"); got != partBefore {
		t.Errorf("participant's badge after reading %q, want %q", got, partBefore)
	}
}
