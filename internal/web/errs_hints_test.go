package web

import (
	"html"
	"net/http"
	"regexp"
	"testing"
)

// hintNumber finds a bound written without its thousands separator
// (「4000文字」, "Up to 2000").
var hintNumber = regexp.MustCompile(`\d{4,}(文字| characters)`)

// TestTeamsHints_NumbersHaveSeparators: the charter, the expectations and
// the agreement write their limits as 2,000 (ja and en), as the rule
// sentences do.
func TestTeamsHints_NumbersHaveSeparators(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.post(team+"/charter/edit", charterForm("クレソンを広める", 0))
	redirected(t, "charter", res, body, team+"/charter")
	pages := []struct {
		who  *browser
		path string
		ja   []string
		en   []string
	}{
		{c, team + "/charter/edit", []string{"2,000文字以内です", "500文字以内です"}, []string{"Up to 2,000 characters", "Up to 500 characters"}},
		{p, team + "/charter", []string{"1,000文字以内です"}, []string{"Up to 1,000 characters"}},
		{c, team + "/agreement/issue", []string{"4,000文字以内です"}, []string{"Up to 4,000 characters"}},
	}
	for _, lang := range []string{"ja", "en"} {
		if lang == "en" {
			inEnglish(t, c)
			inEnglish(t, p)
		}
		for _, pg := range pages {
			res, body := pg.who.get(pg.path)
			status(t, lang+" "+pg.path, res, body, http.StatusOK)
			body = html.UnescapeString(body)
			want := pg.ja
			if lang == "en" {
				want = pg.en
			}
			mustContain(t, lang+" "+pg.path, body, want...)
			if m := hintNumber.FindString(body); m != "" {
				t.Errorf("%s %s: %q has no thousands separator", lang, pg.path, m)
			}
		}
	}
}
