package web

import (
	"net/http"
	"regexp"
	"testing"
)

// chipRE is a status chip: its tone class, then an icon first, then text.
var chipRE = regexp.MustCompile(`<span class="chip chip-[a-z]+">(<svg class="icon"[^>]*>)?`)

// TestManage_StatusChipsHaveIcons: a project's status on the dashboard
// and on its page is text and an icon, never colour alone (ui.md), as the
// participants' chips are.
func TestManage_StatusChipsHaveIcons(t *testing.T) {
	s, srv := newManageSite(t)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	_, dash := coord.get("/manage")
	id := firstManageLink.FindStringSubmatch(dash)
	if id == nil {
		t.Fatal("no project on the dashboard")
	}
	res, page := coord.get(id[1])
	status(t, "project page", res, page, http.StatusOK)
	mustContain(t, "project page", page, `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5 8.2l2 2 4-4.2"`)
	for where, body := range map[string]string{"dashboard": dash, "project page": page} {
		chips := chipRE.FindAllStringSubmatch(body, -1)
		if len(chips) == 0 {
			t.Errorf("%s: no status chip", where)
		}
		for _, c := range chips {
			if c[1] == "" {
				t.Errorf("%s: a chip without an icon: %s", where, c[0])
			}
		}
	}
}

var firstManageLink = regexp.MustCompile(`<th scope="row"><a href="(/manage/projects/\d+)">`)
