package web

import (
	"regexp"
	"testing"
)

var labelledSection = regexp.MustCompile(`<section[^>]*aria-labelledby=`)

// TestHome_FewLandmarks: a labelled section is a region landmark, and the
// home page's thirteen cluttered landmark navigation (experience review
// §4.1): its sections are headed, not labelled. Every <search> also says
// role="search", for screen readers older than the element.
func TestHome_FewLandmarks(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	_, body := s.browser(t, srv).get("/")
	if m := labelledSection.FindAllString(body, -1); len(m) != 0 {
		t.Errorf("the home page has %d labelled sections: %q", len(m), m)
	}
	mustContain(t, "home", body, `<h2 id="newest-title">`, `<search class="site-search" role="search">`)
	mustNotContain(t, "home", body, "<search>", `<search class="site-search">`)
	b := s.browser(t, srv)
	for _, path := range []string{"/projects", "/no-such-page"} {
		_, body = b.get(path)
		mustNotContain(t, path, body, "<search>", `<search class="site-search">`, `<search class="keyword-search">`, `<search class="error-search">`)
	}
}
