package api

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

// prefectureJS is a prefecture as the API shows it.
type prefectureJS struct {
	Code   int    `json:"code"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// themeJS is a theme of the taxonomy.
type themeJS struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// regionList is the response of GET /api/v1/regions.
type regionList struct {
	Areas     []areaJS `json:"areas"`
	OpenTotal int      `json:"open_total"`
}

type areaJS struct {
	Slug        string             `json:"slug"`
	Name        string             `json:"name"`
	NameEn      string             `json:"name_en"`
	OpenCount   int                `json:"open_count"`
	Prefectures []prefectureCounts `json:"prefectures"`
}

type prefectureCounts struct {
	prefectureJS
	OpenCount int `json:"open_count"`
}

// themeList is the response of GET /api/v1/themes.
type themeList struct {
	Themes []themeCount `json:"themes"`
}

type themeCount struct {
	themeJS
	OpenCount int `json:"open_count"`
}

func prefectureOf(code int) prefectureJS {
	p, ok := furusato.PrefectureByCode(code)
	if !ok {
		return prefectureJS{Code: code}
	}
	return prefectureJS{Code: p.Code, Slug: p.Slug, Name: p.NameJa, NameEn: p.NameEn}
}

func themesOf(slugs []string) []themeJS {
	out := make([]themeJS, 0, len(slugs))
	for _, s := range slugs {
		if t, ok := furusato.ThemeBySlug(s); ok {
			out = append(out, themeJS{Slug: t.Slug, Name: t.NameJa, NameEn: t.NameEn})
		}
	}
	return out
}

// regionList serves GET /api/v1/regions: every area with its prefectures
// and the number of projects taking entries in each.
func (h *Handler) regionList(w http.ResponseWriter, r *http.Request) {
	cc, err := h.cat.Counts(r.Context())
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := regionList{Areas: make([]areaJS, len(furusato.Areas)), OpenTotal: cc.Open}
	for i, a := range furusato.Areas {
		aj := areaJS{Slug: a.Slug, Name: a.NameJa, NameEn: a.NameEn, Prefectures: []prefectureCounts{}}
		for _, p := range furusato.PrefecturesIn(a.Slug) {
			n := cc.ByPrefecture[p.Code]
			aj.OpenCount += n
			aj.Prefectures = append(aj.Prefectures, prefectureCounts{prefectureOf(p.Code), n})
		}
		out.Areas[i] = aj
	}
	writeOK(w, out)
}

// themeList serves GET /api/v1/themes: the taxonomy in display order with
// the number of projects taking entries in each.
func (h *Handler) themeList(w http.ResponseWriter, r *http.Request) {
	cc, err := h.cat.Counts(r.Context())
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := themeList{Themes: make([]themeCount, len(furusato.Themes))}
	for i, t := range furusato.Themes {
		out.Themes[i] = themeCount{themeJS{Slug: t.Slug, Name: t.NameJa, NameEn: t.NameEn}, cc.ByTheme[t.Slug]}
	}
	writeOK(w, out)
}
