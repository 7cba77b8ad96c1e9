package e2e

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowestFirst names the journeys that took longest (go test -json, this
// 2-core machine), slowest first. They start before the others: go test
// starts parallel tests in whatever order their goroutines wake, and a
// package that starts a five-minute journey last ends with it running
// alone. The others follow in the order they come.
var slowestFirst = []string{
	"TestTeamJourney_MatchToIntervention",
	"TestWorkflowJourney_MessagesNotesInterviewChangesWithdraw",
	"TestWorkflowJourney_FavouriteEnterInterviewOfferAccept",
	"TestTeamJourney_CompletionToVerifiedRecord",
	"TestJourneyA_AdminOrganisationAndCompany",
	"TestAdminJourney",
	"TestJourneyB_BoardCSVFollowsFilter",
	"TestSitePagesAdminJourney",
	"TestJourneyA_PasswordChange",
	"TestJourneyB_TeamEndEarlyWithReason",
	"TestJourneyB_TeamMeetingCancelWithReason",
	"TestJourneyA_SignOutEverywhere",
	"TestImagesJourney_CoordinatorUploadsACoverThePublicPageShowsIt",
	"TestTeamWorkJourney",
	"TestJourneyA_AdminRevokesARecord",
	"TestResendJourney",
	"TestFirstVisitOnPhone",
	"TestManageJourney_CoordinatorCreatesEditsAndPublishes",
}

// gate lets journeysAtOnce journeys (or -parallel's number) run at a time,
// the waiting one that comes first in slowestFirst before the others. Go's
// own limit is lifted in TestMain, so a test that calls parallel waits here.
var gate = &journeyGate{held: map[string]bool{}}

// settle is how long the gate waits after the first journey asks, before
// it lets any in: the parallel journeys all ask within milliseconds of the
// sequential ones ending, and the slowest must not lose to the first come.
const settle = 100 * time.Millisecond

type journeyGate struct {
	mu      sync.Mutex
	free    int             // slots not held
	open    bool            // settle has passed
	asked   bool            // a journey has asked
	seq     int             // tickets handed out
	waiting []*ticket       // in no order; dispatch picks
	held    map[string]bool // by test name
}

type ticket struct {
	rank, seq int
	name      string
	ready     chan struct{}
}

// enter waits for a slot for t and gives it back at t's cleanup. A
// subtest's slot frees its parent's: parallel subtests start only once
// their parent's function has returned, and the parent then only waits.
func (g *journeyGate) enter(t *testing.T) {
	t.Helper()
	name := t.Name()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		g.leave(name[:i])
	}
	top, _, _ := strings.Cut(name, "/")
	rank := slices.Index(slowestFirst, top)
	if rank < 0 {
		rank = len(slowestFirst)
	}
	g.mu.Lock()
	if g.held[name] {
		g.mu.Unlock()
		return
	}
	tk := &ticket{rank: rank, seq: g.seq, name: name, ready: make(chan struct{})}
	g.seq++
	g.waiting = append(g.waiting, tk)
	if !g.asked {
		g.asked = true
		time.AfterFunc(settle, func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.open = true
			g.dispatch()
		})
	}
	g.dispatch()
	g.mu.Unlock()
	start := time.Now()
	<-tk.ready
	t.Cleanup(func() { g.leave(name) })
	if w := time.Since(start); w > time.Second {
		t.Logf("e2e: waited %v for a journey slot", w.Round(time.Second))
	}
}

// leave gives back name's slot, if it holds one.
func (g *journeyGate) leave(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.held[name] {
		return
	}
	delete(g.held, name)
	g.free++
	g.dispatch()
}

// dispatch lets in the first waiting journeys by rank, then by arrival,
// while slots are free. g.mu is held.
func (g *journeyGate) dispatch() {
	for g.open && g.free > 0 && len(g.waiting) > 0 {
		i := 0
		for k, tk := range g.waiting {
			if w := g.waiting[i]; tk.rank < w.rank || tk.rank == w.rank && tk.seq < w.seq {
				i = k
			}
		}
		tk := g.waiting[i]
		g.waiting = slices.Delete(g.waiting, i, i+1)
		g.free--
		g.held[tk.name] = true
		close(tk.ready)
	}
}
