package web

import "testing"

// TestFilterBar_ReadsNaturally: the phone's filter bar shows 「絞り込み（2）」
// but a screen reader says 「絞り込み、2件の条件を指定中」, not 「かっこ 2」;
// with no filter it says the label alone. Both languages.
func TestFilterBar_ReadsNaturally(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	b := s.browser(t, srv)
	_, body := b.get("/projects?prefecture=gifu&remote=1")
	mustContain(t, "ja", body, `<a class="filter-bar" href="/projects/filters?prefecture=gifu&amp;remote=1">絞り込み<span aria-hidden="true">（2）</span><span class="vh">、2件の条件を指定中</span></a>`)
	_, body = b.get("/projects")
	mustContain(t, "ja, none", body, `<a class="filter-bar" href="/projects/filters">絞り込み<span aria-hidden="true">（0）</span></a>`)
	inEnglish(t, b)
	_, body = b.get("/projects?prefecture=gifu")
	mustContain(t, "en", body, `>Filters<span aria-hidden="true"> (1)</span><span class="vh">, 1 filter set</span></a>`)
	_, body = b.get("/projects?prefecture=gifu&remote=1")
	mustContain(t, "en", body, `>Filters<span aria-hidden="true"> (2)</span><span class="vh">, 2 filters set</span></a>`)
}
