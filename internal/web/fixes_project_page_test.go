package web

import (
	"regexp"
	"strings"
	"testing"
)

// The project page in English marks the Japanese its hosts wrote (title,
// the coordinating organisation's name, the company's name and place) with
// lang="ja"; in Japanese nothing is marked again. Its themes link to their
// pages, and the only region among its sections is the entry box (the
// others are plain sections under their headings: ui.md's landmarks).
func TestProjectPage_JapaneseMarkedInEnglishThemesLinkedOneRegion(t *testing.T) {
	s := newSite(t)
	srv := s.server(t)
	path := "/projects/" + watercress
	ja := s.page(t, path, 200)
	b := s.browser(t, srv)
	inEnglish(t, b)
	_, en := b.get(path)

	main := func(body string) string { return between(body, `<article class="project">`, "</article>") }
	mustContain(t, "English page", main(en), `<h1 lang="ja">`, `<a href="/organizations/gifu-local-base" lang="ja">`,
		`<dt>Location</dt><dd lang="ja">`)
	mustNotContain(t, "Japanese page", main(ja), ` lang="ja"`)
	for name, body := range map[string]string{"Japanese": ja, "English": en} {
		mustContain(t, name+" page", body, `<ul class="tags"`, `<li><a href="/themes/`)
		got := regexp.MustCompile(`<section[^>]*aria-label[^>]*>`).FindAllString(main(body)+between(body, "</article>", "</main>"), -1)
		if len(got) != 1 || !strings.Contains(got[0], `aria-labelledby="s-entry"`) {
			t.Errorf("%s page: labelled sections %q, want the entry box alone", name, got)
		}
	}
}

// The organisations page in English marks the Japanese names.
func TestOrganizations_JapaneseNamesMarkedInEnglish(t *testing.T) {
	s := newSite(t)
	b := s.browser(t, s.server(t))
	_, ja := b.get("/organizations")
	mustNotContain(t, "Japanese page", ja, `gifu-local-base" lang="ja"`)
	inEnglish(t, b)
	_, en := b.get("/organizations")
	mustContain(t, "English page", en, `<a href="/organizations/gifu-local-base" lang="ja">`)
}
