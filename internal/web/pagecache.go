package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

// DefaultPageCacheBytes is the page cache's budget per node. Pages are kept
// gzipped only (a list page of 28 KB takes some 5.5 KB), so 32 MB holds
// about 5,000 pages: every listing, search and project page a crowd of
// visitors reads at once, while a node stays well under 150 MB at rest.
const DefaultPageCacheBytes = 32 << 20

// pageOverhead is what one cached page costs besides its key and its
// gzipped body: the map slot, the list.Element, the cachedPage and its
// strings (ETag, content type).
const pageOverhead = 256

// maxPageKey bounds the path and query of a page that may be cached, so
// that no single key is large; longer addresses are served uncached.
const maxPageKey = 1024

// pageCache keeps whole pages as visitors without a session see them, keyed
// by language, JST date (a deadline badge changes at midnight), path and
// query, and valid for one catalogue version: every write to the catalogue
// bumps it, and the first request that sees a new version empties the
// cache. Nothing of a person is ever in it: only requests that carry no
// session and no flash message read or fill it (httpx.Sessions.Anonymous),
// and only a 200 that set no cookie and asked for no private caching is
// kept. The pages are bounded by bytes, least recently used first out.
type pageCache struct {
	mu        sync.Mutex
	budget    int64
	version   int64
	pages     map[string]*list.Element // of *cachedPage, in lru
	lru       list.List                // most recently used first
	size      int64
	hits      uint64
	misses    uint64
	evictions uint64
	building  map[string]*pageBuild // pages being built now, by key
}

// pageBuild is one page being built for the cache: visitors who miss the
// same page meanwhile wait for it (at most pageBuildWait) instead of each
// building it again.
type pageBuild struct {
	v    int64
	done chan struct{} // closed when the build ended, kept or not
}

// pageBuildWait is the longest a visitor waits for another request's build
// of the same page; after it, it builds the page itself.
var pageBuildWait = time.Second

// cachedPage is one page, gzipped, with what its headers need.
type cachedPage struct {
	key         string
	gz          []byte
	plainLen    int
	etag        string // weak: the plain and gzipped bodies share it
	contentType string
	cost        int64
}

func newPageCache(budget int64) *pageCache {
	return &pageCache{budget: budget, pages: map[string]*list.Element{}, building: map[string]*pageBuild{}}
}

// startBuild returns the build of key at version v under way, or registers
// a new one that the caller leads (and ends with endBuild).
func (c *pageCache) startBuild(v int64, key string) (b *pageBuild, lead bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b := c.building[key]; b != nil && b.v == v {
		return b, false
	}
	b = &pageBuild{v: v, done: make(chan struct{})}
	c.building[key] = b // a build of another version is no longer waited for
	return b, true
}

// endBuild ends the build b of key: those waiting for it look again.
func (c *pageCache) endBuild(key string, b *pageBuild) {
	c.mu.Lock()
	if c.building[key] == b {
		delete(c.building, key)
	}
	c.mu.Unlock()
	close(b.done)
}

// waitFor waits until b ended, pageBuildWait passed or r was cancelled,
// and returns the page it kept, if any.
func (c *pageCache) waitFor(r *http.Request, key string, b *pageBuild) *cachedPage {
	t := time.NewTimer(pageBuildWait)
	defer t.Stop()
	select {
	case <-b.done:
	case <-t.C:
		return nil
	case <-r.Context().Done():
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != b.v {
		return nil
	}
	e, ok := c.pages[key]
	if !ok {
		return nil // not kept (not a 200, say): built again below
	}
	c.hits++
	c.lru.MoveToFront(e)
	return e.Value.(*cachedPage)
}

// get returns the page under key at version v, or nil.
func (c *pageCache) get(v int64, key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version {
		if v < c.version {
			c.misses++
			return nil // a reading older than the cache's: build afresh
		}
		c.version = v
		c.pages, c.size = map[string]*list.Element{}, 0
		c.lru.Init()
	}
	e, ok := c.pages[key]
	if !ok {
		c.misses++
		return nil
	}
	c.hits++
	c.lru.MoveToFront(e)
	return e.Value.(*cachedPage)
}

// put keeps p as version v's, evicting the least recently used pages to
// make room; a page of another version, or over an eighth of the budget,
// is not kept.
func (c *pageCache) put(v int64, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version || p.cost > c.budget/8 {
		return
	}
	if _, ok := c.pages[p.key]; ok {
		return
	}
	for c.size+p.cost > c.budget {
		e := c.lru.Back()
		old := c.lru.Remove(e).(*cachedPage)
		delete(c.pages, old.key)
		c.size -= old.cost
		c.evictions++
	}
	c.pages[p.key] = c.lru.PushFront(p)
	c.size += p.cost
}

func (c *pageCache) stats() service.CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return service.CacheStats{Bytes: c.size, Budget: c.budget, Entries: len(c.pages), Evictions: c.evictions, Hits: c.hits, Misses: c.misses}
}

// PageCacheStats returns the page cache's size, budget and counters, for
// /metrics.
func (h *Handler) PageCacheStats() service.CacheStats { return h.pages.stats() }

// gzipPages are the writers that compress pages as they are kept, at the
// fastest level: a crowd of new searches pays it on every page it builds,
// where it was an eighth of the CPU of the cold word-pair mix. On a search
// page of 32 KB (6 December 2026) level 1 took 0.30 ms for 6,436 bytes,
// the default (6) 0.51 ms for 5,684, and the best 2.8 times the default for
// 0.4 % fewer bytes than it.
var gzipPages = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

func newCachedPage(key string, body []byte, contentType string) *cachedPage {
	var gz bytes.Buffer
	zw := gzipPages.Get().(*gzip.Writer)
	zw.Reset(&gz)
	_, _ = zw.Write(body)
	_ = zw.Close()
	gzipPages.Put(zw)
	sum := fnv.New64a()
	_, _ = sum.Write(body)
	p := &cachedPage{key: key, gz: bytes.Clone(gz.Bytes()), plainLen: len(body),
		etag: fmt.Sprintf(`W/"%016x"`, sum.Sum64()), contentType: contentType}
	k, n := int64(len(key)), int64(len(p.gz))
	p.cost = k + k/8 + n + n/8 + pageOverhead
	return p
}

// pageKey returns the cache key of r, or false when r may not share a
// page with other visitors: not a GET or HEAD, a request with a session or
// a flash message, a language switch, or an address too long to keep.
func (h *Handler) pageKey(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	if len(r.URL.Path)+len(r.URL.RawQuery) > maxPageKey || !h.svc.Sessions.Anonymous(r.Context()) {
		return "", false
	}
	if strings.Contains(r.URL.RawQuery, "lang=") {
		return "", false // the switch sets a cookie and redirects
	}
	return h.langOf(r) + " " + h.svc.Catalogue.Today().String() + " " + r.URL.Path + "?" + r.URL.RawQuery, true
}

// cached serves next's pages to visitors without a session from the page
// cache, building and keeping them on a miss. Everyone else gets next
// directly, at no cost beyond one context look-up.
func (h *Handler) cached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := h.pageKey(r)
		if !ok || h.pages.budget < 0 {
			next.ServeHTTP(w, r)
			return
		}
		v, settled, err := h.svc.Catalogue.PageVersion(r.Context())
		if err != nil {
			httpx.LogError(r, err)
			next.ServeHTTP(w, r) // the page itself says what is wrong
			return
		}
		if p := h.pages.get(v, key); p != nil {
			httpx.AddVary(w.Header(), "Accept-Language", "Cookie")
			servePage(w, r, p)
			return
		}
		// A crowd missing the same new page builds it once: the others wait
		// for that build (bounded) and are served what it kept.
		b, lead := h.pages.startBuild(v, key)
		if !lead {
			if p := h.pages.waitFor(r, key, b); p != nil {
				httpx.AddVary(w.Header(), "Accept-Language", "Cookie")
				servePage(w, r, p)
				return
			}
			b = nil // build it alone
		}
		ended := false
		end := func() {
			if b != nil && !ended {
				ended = true
				h.pages.endBuild(key, b)
			}
		}
		defer end() // also when next panics: the waiters look again
		cw := &captureWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(cw, r)
		hd := w.Header()
		if cw.status != http.StatusOK || !settled || hd.Get("Set-Cookie") != "" || hd.Get("Cache-Control") != "" ||
			hd.Get("Content-Encoding") != "" || !h.svc.Sessions.Anonymous(r.Context()) {
			end()
			w.WriteHeader(cw.status)
			_, _ = w.Write(cw.buf.Bytes())
			return
		}
		p := newCachedPage(key, cw.buf.Bytes(), hd.Get("Content-Type"))
		h.pages.put(v, p)
		end()
		servePage(w, r, p)
	})
}

// servePage answers r with p: 304 when the client holds it already,
// gzipped when the client takes gzip (the gzip middleware then passes it
// through), plain otherwise. Browsers may keep it but ask again each time
// (no-cache), which costs a 304 when nothing changed.
func servePage(w http.ResponseWriter, r *http.Request, p *cachedPage) {
	hd := w.Header()
	hd.Set("ETag", p.etag)
	hd.Set("Cache-Control", "no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", p.contentType)
	if httpx.AcceptsGzip(r) {
		hd.Set("Content-Encoding", "gzip")
		hd.Set("Content-Length", fmt.Sprint(len(p.gz)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(p.gz)
		}
		return
	}
	hd.Set("Content-Length", fmt.Sprint(p.plainLen))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(p.gz))
	if err != nil {
		return // cannot happen: we wrote it
	}
	_, _ = io.Copy(w, zr)
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 §13.1.2).
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// captureWriter holds a page's status and body, so that the page can be
// kept before it is sent; headers go to the real writer's map directly.
type captureWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *captureWriter) WriteHeader(status int) { w.status = status }

func (w *captureWriter) Write(b []byte) (int, error) { return w.buf.Write(b) }
