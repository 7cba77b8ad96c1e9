package app_test

import (
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// maxPageGzip is the HTML budget of ui.md §7 (Lighthouse-level): a page is
// at most 60 KB gzipped. The stylesheet's budget (30 KB, 8 KB gzipped) is
// checked in web (TestStatic_HashedImmutableAndGzip).
const maxPageGzip = 60 << 10

// TestPages_HTMLBudget checks the heaviest pages a first-time visitor sees
// on the way to an entry, as served (gzip through the middleware).
func TestPages_HTMLBudget(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	for _, path := range []string{"/", "/projects", "/projects?page=2", "/projects/" + demoProject, "/organizations",
		"/regions/gifu", "/account/signup", "/account/signin", "/pages/terms", "/pages/privacy", "/pages/faq"} {
		_, plain := get(t, h, path)
		res, gz := get(t, h, path, "Accept-Encoding", "gzip")
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: %d, Content-Encoding %q", path, res.StatusCode, res.Header.Get("Content-Encoding"))
			continue
		}
		t.Logf("%-28s %6d bytes, %5d gzipped", path, len(plain), len(gz))
		if len(gz) > maxPageGzip {
			t.Errorf("GET %s: %d bytes gzipped, over the %d budget", path, len(gz), maxPageGzip)
		}
	}
}
