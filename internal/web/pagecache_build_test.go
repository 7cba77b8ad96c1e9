package web

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cachedVisit serves path through h's page cache in front of next, as a
// visitor without a session, and returns the status.
func cachedVisit(s *site, next http.Handler, path string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Language", "ja")
	rec := httptest.NewRecorder()
	s.h.svc.Sessions.Middleware(s.h.cached(next)).ServeHTTP(rec, req)
	return rec.Code
}

// A crowd of visitors missing the same new page builds it once: the others
// wait for that build and are served the page it kept.
func TestPageCache_ACrowdMissingAPageBuildsItOnce(t *testing.T) {
	s := newSite(t)
	var builds atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		builds.Add(1)
		time.Sleep(100 * time.Millisecond) // a page that takes a while
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<p>the page</p>"))
	})
	var wg sync.WaitGroup
	codes := make([]int, 12)
	for i := range codes {
		wg.Go(func() { codes[i] = cachedVisit(s, next, "/projects?q=crowd") })
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("visitor %d: status %d", i, c)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Fatalf("12 visitors at once built the page %d times, want once", n)
	}
	if st := s.h.PageCacheStats(); st.Entries != 1 {
		t.Fatalf("page cache after the crowd: %+v", st)
	}
}

// Waiting for another visitor's build is bounded: when it takes longer
// than pageBuildWait, the others build the page themselves; and a page
// that may not be kept (here a 404) is built by each, as before.
func TestPageCache_WaitingForABuildIsBounded(t *testing.T) {
	s := newSite(t)
	defer func(d time.Duration) { pageBuildWait = d }(pageBuildWait)
	pageBuildWait = 50 * time.Millisecond
	release := make(chan struct{})
	var builds atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if builds.Add(1) == 1 {
			<-release // the first build hangs
		}
		_, _ = w.Write([]byte("<p>the page</p>"))
	})
	first := make(chan int)
	go func() { first <- cachedVisit(s, next, "/projects?q=slow") }()
	for builds.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if c := cachedVisit(s, next, "/projects?q=slow"); c != http.StatusOK {
		t.Fatalf("second visitor: status %d", c)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the second visitor waited %s for a build that hangs", d)
	}
	close(release)
	if c := <-first; c != http.StatusOK {
		t.Fatalf("first visitor: status %d", c)
	}
	if n := builds.Load(); n != 2 {
		t.Fatalf("%d builds, want 2 (the hanging one and the one that stopped waiting)", n)
	}

	var missing atomic.Int32
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		missing.Add(1)
		time.Sleep(20 * time.Millisecond)
		http.NotFound(w, r)
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if c := cachedVisit(s, notFound, "/projects/none"); c != http.StatusNotFound {
				t.Errorf("status %d, want 404", c)
			}
		})
	}
	wg.Wait()
	if n := missing.Load(); n != 4 {
		t.Fatalf("a page that is not kept was built %d times for 4 visitors: the waiters must build it", n)
	}
}
