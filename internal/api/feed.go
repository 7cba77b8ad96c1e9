package api

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

// feedSize is how many of the newest public projects the feed carries.
const feedSize = 30

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// feed serves GET /feed.atom: the newest public projects, optionally of
// some prefectures and themes.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	fq, err := parseFeedQuery(r.URL.Query())
	if err != nil {
		writeTextError(w, r, err)
		return
	}
	ps, _, err := h.cat.FindProjects(r.Context(), furusato.ProjectFilter{
		// By publication alone: the listing's newest puts open projects
		// first, which left a newly closed project out of the feed.
		Prefectures: fq.prefectures, Themes: fq.themes, Sort: furusato.SortPublished, Limit: feedSize,
	})
	if err != nil {
		writeTextError(w, r, err)
		return
	}

	query := fq.canonical()
	self := h.base + "/feed.atom" + query
	f := atomFeed{
		Lang:  "ja",
		ID:    self,
		Title: "ふるさと兼業 新着プロジェクト" + fq.titleSuffix(),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: h.base + "/projects" + query},
		},
		Author:  atomPerson{Name: "Furusato"},
		Entries: make([]atomEntry, len(ps)),
	}
	var updated time.Time
	for i, p := range ps {
		pub, upd := p.PublishedAt, p.UpdatedAt
		if pub.IsZero() {
			pub = p.CreatedAt
		}
		if upd.Before(pub) {
			upd = pub
		}
		if upd.After(updated) {
			updated = upd
		}
		e := atomEntry{
			// The id stays the same when a slug is changed.
			ID:        h.base + "/projects/" + strconv.FormatInt(p.ID, 10),
			Title:     atomText{Type: "text", Text: p.Title},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: h.projectURL(p.Slug)}},
			Published: rfc3339(pub),
			Updated:   rfc3339(upd),
			Author:    atomPerson{Name: p.Company.Name},
			Summary:   atomText{Type: "text", Text: p.CatchCopy},
		}
		for _, t := range themesOf(p.Themes) {
			e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Name})
		}
		f.Entries[i] = e
	}
	if updated.IsZero() {
		updated = h.cat.Now() // an empty feed still needs <updated>
	}
	f.Updated = rfc3339(updated)

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(f); err != nil {
		writeTextError(w, r, err)
		return
	}
	buf.WriteByte('\n')
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, _ = w.Write(buf.Bytes())
}

// canonical returns the filter as a query string ("" or "?…"), in a fixed
// order, so that one filter has one feed id.
func (fq feedQuery) canonical() string {
	v := url.Values{}
	var prefs []string
	for _, c := range slices.Sorted(slices.Values(fq.prefectures)) {
		p, _ := furusato.PrefectureByCode(c)
		prefs = append(prefs, p.Slug)
	}
	if len(prefs) > 0 {
		v.Set("prefecture", strings.Join(prefs, ","))
	}
	if len(fq.themes) > 0 {
		v.Set("theme", strings.Join(slices.Sorted(slices.Values(fq.themes)), ","))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// titleSuffix names the filter in the feed title: "（岐阜県、PR・広報）".
func (fq feedQuery) titleSuffix() string {
	var names []string
	for _, c := range fq.prefectures {
		p, _ := furusato.PrefectureByCode(c)
		names = append(names, p.NameJa)
	}
	for _, s := range fq.themes {
		t, _ := furusato.ThemeBySlug(s)
		names = append(names, t.NameJa)
	}
	if len(names) == 0 {
		return ""
	}
	return "（" + strings.Join(names, "、") + "）"
}

// writeTextError writes err as plain text with its status: feed readers
// show text, not JSON.
func writeTextError(w http.ResponseWriter, r *http.Request, err error) {
	httpx.LogError(r, err)
	http.Error(w, furusato.ErrorMessage(err), httpx.Status(err))
}
