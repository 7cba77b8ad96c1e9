package api

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// parsedFeed reads back what a feed reader needs.
type parsedFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID    string `xml:"id"`
		Title string `xml:"title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary   string `xml:"summary"`
		Author    string `xml:"author>name"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Category  []struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

func (fx *fixture) feed(t *testing.T, query string) parsedFeed {
	t.Helper()
	r := fx.get(t, "/feed.atom"+query)
	if r.status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", query, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var f parsedFeed
	if err := xml.Unmarshal(r.body, &f); err != nil {
		t.Fatalf("%s: parse: %v\n%s", query, err, r.body)
	}
	return f
}

func (f parsedFeed) link(rel string) string {
	for _, l := range f.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

func (f parsedFeed) titles() []string {
	var s []string
	for _, e := range f.Entries {
		s = append(s, e.Title)
	}
	return s
}

func TestFeed_NewestPublicProjects(t *testing.T) {
	fx := newFixture(t)
	f := fx.feed(t, "")
	// Newest first by publication; drafts and cancelled projects are absent.
	want := []string{"秋祭りを一緒につくる", "町工場の業務をデジタル化", "美濃和紙の魅力を伝える広報プロジェクト", "老舗ブランドの再構築", "離島ツアーの企画"}
	if got := f.titles(); !slices.Equal(got, want) {
		t.Errorf("titles %v, want %v", got, want)
	}
	if f.ID != testBaseURL+"/feed.atom" || f.link("self") != testBaseURL+"/feed.atom" || f.link("alternate") != testBaseURL+"/projects" {
		t.Errorf("id %q, links %+v", f.ID, f.Links)
	}
	if f.Updated != "2026-11-23T10:00:00+09:00" {
		t.Errorf("updated %q, want the newest entry's", f.Updated)
	}
	for _, e := range f.Entries {
		if _, err := time.Parse(time.RFC3339, e.Published); err != nil {
			t.Errorf("published %q: %v", e.Published, err)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("updated %q: %v", e.Updated, err)
		}
		if !strings.HasPrefix(e.ID, testBaseURL+"/projects/") || !strings.HasPrefix(e.Link.Href, testBaseURL+"/projects/") {
			t.Errorf("entry id %q, link %q: not absolute from BaseURL", e.ID, e.Link.Href)
		}
		if e.Summary == "" || e.Author == "" || len(e.Category) == 0 {
			t.Errorf("entry %+v lacks summary, author or categories", e)
		}
	}
	e := f.Entries[2]
	if e.ID != testBaseURL+"/projects/"+strconv.FormatInt(fx.ids["gifu-washi-pr"], 10) ||
		e.Link.Href != testBaseURL+"/projects/gifu-washi-pr" || e.Summary != "千三百年の和紙を、次の世代へ。" ||
		e.Author != "美濃和紙工房" || e.Published != "2026-11-14T10:00:00+09:00" ||
		len(e.Category) != 2 || e.Category[0].Term != "pr" || e.Category[0].Label != "PR・広報" {
		t.Errorf("entry %+v", e)
	}
}

func TestFeed_Filters(t *testing.T) {
	fx := newFixture(t)
	tests := []struct {
		query string
		want  int
		self  string
	}{
		{"?prefecture=gifu", 3, "/feed.atom?prefecture=gifu"},
		{"?theme=pr", 2, "/feed.atom?theme=pr"},
		{"?prefecture=okinawa,gifu&theme=pr", 2, "/feed.atom?prefecture=gifu%2Cokinawa&theme=pr"},
		{"?theme=pr&prefecture=gifu&prefecture=okinawa", 2, "/feed.atom?prefecture=gifu%2Cokinawa&theme=pr"},
		{"?prefecture=tokyo&theme=pr", 0, "/feed.atom?prefecture=tokyo&theme=pr"},
	}
	for _, tt := range tests {
		f := fx.feed(t, tt.query)
		if len(f.Entries) != tt.want {
			t.Errorf("%s: %d entries (%v), want %d", tt.query, len(f.Entries), f.titles(), tt.want)
		}
		if f.link("self") != testBaseURL+tt.self || f.ID != testBaseURL+tt.self {
			t.Errorf("%s: self %q, id %q, want %q", tt.query, f.link("self"), f.ID, testBaseURL+tt.self)
		}
		if f.Updated == "" {
			t.Errorf("%s: no updated", tt.query)
		}
	}
	if f := fx.feed(t, "?prefecture=gifu&theme=pr"); !strings.Contains(f.Title, "岐阜県") || !strings.Contains(f.Title, "PR・広報") {
		t.Errorf("title %q does not name the filter", f.Title)
	}
}

func TestFeed_BadFilterIs400Text(t *testing.T) {
	fx := newFixture(t)
	for _, q := range []string{"?prefecture=nowhere", "?theme=cooking", "?prefecture=gifu,nowhere", "?foo=bar", "?prefecture=%zz"} {
		r := fx.get(t, "/feed.atom"+q)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, r.status)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s: Content-Type %q, want text", q, ct)
		}
	}
	if r := do(t, fx.srv, http.MethodPost, "/feed.atom"); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", r.status)
	}
}
