package service

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
)

// normalizeProfile NFKC-normalises and trims every text of p (so
// full-width digits and spaces become half-width), drops empty and
// repeated list entries and sorts nothing: the order the person gave is
// kept. It lives here, not in furusato, because NFKC needs x/text and the
// domain imports the standard library only.
func normalizeProfile(p *furusato.Profile) {
	p.NameKana = profileText(p.NameKana)
	p.ResidenceCity = profileText(p.ResidenceCity)
	p.Occupation = profileText(p.Occupation)
	p.Affiliation = profileText(p.Affiliation)
	p.Bio = strings.TrimSpace(strings.ReplaceAll(norm.NFKC.String(p.Bio), "\r\n", "\n"))
	p.Skills = profileList(p.Skills)
	p.InterestThemes = profileList(p.InterestThemes)
	p.Links = profileList(p.Links)
	seen := map[int]bool{}
	prefs := p.InterestPrefectures[:0:0]
	for _, c := range p.InterestPrefectures {
		if !seen[c] {
			seen[c] = true
			prefs = append(prefs, c)
		}
	}
	p.InterestPrefectures = prefs
}

func profileText(s string) string {
	return strings.Join(strings.Fields(furusato.StripBidi(norm.NFKC.String(s))), " ")
}

func profileList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = profileText(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
