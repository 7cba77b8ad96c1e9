package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// A move made from a status the project has left, or beaten by another
// move made at the same moment, is refused with 409 and the stable code
// "conflict"; only one of several moves made at once applies.
func TestAPIProjectMove_ConflictsAre409(t *testing.T) {
	s := newSite(t)
	coord, _ := s.token("coordinator.gifu@demo.furusato.example")
	admin, _ := s.token("admin@demo.furusato.example")
	p, err := s.db.FindProject(context.Background(), "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != furusato.StatusPublished {
		t.Fatalf("demo project is %s", p.Status)
	}
	path := "/api/v1/projects/" + strconv.FormatInt(p.ID, 10) + "/status"

	s.call("POST", path, `{"to":"closed","from":"bogus"}`, s.bearer(coord)...).want(t, "unknown from", 400, "invalid")

	// Four clients close it at once: one wins, three get 409.
	const clients = 4
	start := make(chan struct{})
	codes := make([]int, clients)
	bodies := make([]string, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := coord
			if i%2 == 1 {
				tok = admin
			}
			req := httptest.NewRequest("POST", siteURL+path, strings.NewReader(`{"to":"closed","from":"published"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			<-start
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, req)
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		}()
	}
	close(start)
	wg.Wait()
	won := 0
	for i, c := range codes {
		switch {
		case c == http.StatusOK:
			won++
		case c == http.StatusConflict && strings.Contains(bodies[i], `"code":"conflict"`):
		default:
			t.Errorf("client %d: %d %s", i, c, bodies[i])
		}
	}
	if won != 1 {
		t.Errorf("%d closes applied, want 1: %v", won, codes)
	}
	h, err := s.db.FindProjectHistory(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	closes := 0
	for _, e := range h {
		if e.Action == "closed" {
			closes++
		}
	}
	if closes != 1 {
		t.Errorf("%d closed rows in the history, want 1", closes)
	}

	// The project is closed now: a cancel made by someone who still sees it
	// published is refused, and changes nothing.
	r := s.call("POST", path, `{"to":"cancelled","from":"published","comment":"公開中のつもりで中止"}`, s.bearer(coord)...)
	r.want(t, "cancel from a status left", 409, "conflict")
	if got, _ := s.db.FindProject(context.Background(), p.Slug, furusato.ProjectStatuses); got.Status != furusato.StatusClosed {
		t.Errorf("after the refused cancel: %s", got.Status)
	}
	// From the status it has, the move applies.
	s.call("POST", path, `{"to":"cancelled","from":"closed","comment":"受け入れ先の事情で中止します"}`, s.bearer(coord)...).want(t, "cancel from closed", 200, "")
}
