package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

const staleFlash = "プロジェクトの状態が変わっていたため、操作しませんでした。内容を確認してください。"

// Coordinators who move a project whose status changed meanwhile are
// sent back to its page with the polite conflict message, never a 500:
// several closing it at once (one wins), and one cancelling from a page
// that still showed it published.
func TestManageMove_StaleMovesGetTheConflictMessage(t *testing.T) {
	s, srv := newManageSite(t)
	ctx := context.Background()
	p, err := s.db.FindProject(ctx, "gifu-watercress-evangelist", nil)
	if err != nil || p.Status != furusato.StatusPublished {
		t.Fatalf("demo project: %+v %v", p, err)
	}
	page := manageURL(p.ID)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.get(page)
	status(t, "manage page", res, body, http.StatusOK)
	mustContain(t, "manage page", body, `<input type="hidden" name="from" value="published">`)

	// Four coordinators' browsers close it at the same moment.
	const clients = 4
	browsers := []*browser{coord}
	for len(browsers) < clients {
		who := gifuCoordinator
		if len(browsers)%2 == 1 {
			who = "admin@demo.furusato.example"
		}
		browsers = append(browsers, s.manageSignIn(t, srv, who))
	}
	start := make(chan struct{})
	codes, targets := make([]int, clients), make([]string, clients)
	var wg sync.WaitGroup
	for i, b := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"to": {"closed"}, "from": {"published"}}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+page+"/move", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			res, err := b.c.Do(req)
			if err != nil {
				codes[i] = -1
				return
			}
			res.Body.Close()
			codes[i], targets[i] = res.StatusCode, res.Header.Get("Location")
		}()
	}
	close(start)
	wg.Wait()
	closedFlash := 0
	for i, b := range browsers {
		if codes[i] != http.StatusSeeOther || targets[i] != page {
			t.Fatalf("browser %d: %d to %q, want 303 to %s", i, codes[i], targets[i], page)
		}
		_, body := b.get(page)
		switch {
		case strings.Contains(body, staleFlash):
		case strings.Contains(body, "募集を終了しました。"):
			closedFlash++
		default:
			t.Errorf("browser %d: neither the move's nor the conflict's message:\n%s", i, snippet(body[strings.Index(body, "<main"):]))
		}
	}
	if closedFlash != 1 {
		t.Errorf("%d browsers were told they closed it, want 1", closedFlash)
	}
	h, err := s.db.FindProjectHistory(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h[0].Action != "closed" || (len(h) > 1 && h[1].Action == "closed") {
		t.Errorf("history: %s, %s", h[0].Action, h[1].Action)
	}

	// A cancel confirmed on a page that still showed it published.
	res, body = coord.post(page+"/move", url.Values{"to": {"cancelled"}, "from": {"published"}, "confirm": {"1"}, "comment": {"公開中のつもりで中止"}})
	redirected(t, "stale cancel", res, body, page)
	_, body = coord.get(page)
	mustContain(t, "after the stale cancel", body, staleFlash)
	if got, _ := s.db.FindProject(ctx, p.Slug, furusato.ProjectStatuses); got.Status != furusato.StatusClosed {
		t.Errorf("the stale cancel applied: %s", got.Status)
	}
}

// Cancelling a project from its page: the confirmation says what happens
// to the entries, and the participant then finds, in their own words, the
// notice, the reason the system records and the coordinator's message.
func TestManageMove_CancelTellsTheParticipant(t *testing.T) {
	s, srv, _, e := newThreadSite(t)
	ctx := context.Background()
	page := manageURL(e.ProjectID)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := coord.post(page+"/move", url.Values{"to": {"cancelled"}, "from": {"published"}})
	status(t, "cancel confirmation", res, body, http.StatusOK)
	mustContain(t, "cancel confirmation", body, "選考中のエントリーは見送りとなり", `name="from" value="published"`,
		"エントリーしている方と参画が決まった方に、メッセージとしてお伝えします。")
	const reason = "受け入れ先の事情により、今年度の実施を見送ります。"
	res, body = coord.post(page+"/move", url.Values{"to": {"cancelled"}, "from": {"published"}, "confirm": {"1"}, "comment": {reason}})
	redirected(t, "cancel", res, body, page)

	part := s.manageSignIn(t, srv, participant)
	_, body = part.get("/notifications")
	mustContain(t, "notifications", body, "は中止になりました")
	mustNotContain(t, "notifications", body, "cancelled")
	res, body = part.get("/me/entries/" + strconv.FormatInt(e.ID, 10))
	status(t, "my entry", res, body, http.StatusOK)
	mustContain(t, "my entry", body, "プロジェクトが中止になったため、エントリーを終了しました", reason)
	mustNotContain(t, "my entry", body, "entry.reason.project_cancelled")

	// The coordinator can no longer move it.
	res, body = coord.post("/manage/entries/"+strconv.FormatInt(e.ID, 10)+"/move", url.Values{"to": {"screening"}})
	if res.StatusCode == http.StatusOK || res.StatusCode >= 500 {
		t.Errorf("moving the declined entry: %d\n%s", res.StatusCode, snippet(body))
	}
	if d, _ := s.db.FindEntry(ctx, e.ID); d.Stage != furusato.StageDeclined {
		t.Errorf("entry: %s", d.Stage)
	}
}
