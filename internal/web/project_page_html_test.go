package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// projectTemplate is the project page's content as a template
// (testdata/project.tmpl, what project.html and its partials held).
func projectTemplate(t *testing.T) *template.Template {
	t.Helper()
	tm, err := template.New("").Funcs(template.FuncMap{
		"t": func(l *ui.Locale, id string, args ...any) string { return l.T(id, args...) },
	}).ParseFiles("testdata/project.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func samePage(t *testing.T, tm *template.Template, p projectPage, what string) {
	t.Helper()
	var want bytes.Buffer
	if err := tm.ExecuteTemplate(&want, "content", p); err != nil {
		t.Fatal(err)
	}
	if got := string(p.Body()); got != want.String() {
		i := 0
		for i < len(got) && i < len(want.String()) && got[i] == want.String()[i] {
			i++
		}
		lo := max(0, i-200)
		t.Fatalf("%s (%s): differs at byte %d:\n got …%q\nwant …%q", what, p.L.Lang, i,
			got[lo:min(len(got), i+200)], want.String()[lo:min(want.Len(), i+200)])
	}
}

// entryBoxes are the entry section's states: a preview (none), a visitor
// on an open and a closed project, a participant with and without the
// favourite, with an active entry, and refused for each reason (host
// staff and coordinators are refused as "closed" is).
func entryBoxes(pr *furusato.Project) []*entryBox {
	base := entryBox{EntryURL: entryFormURL(pr), FavURL: projectURL(pr) + "/favorite", SignIn: "/account/signin?next=" + projectURL(pr)}
	var bs []*entryBox
	add := func(f func(*entryBox)) {
		b := base
		f(&b)
		bs = append(bs, &b)
	}
	bs = append(bs, nil)
	add(func(b *entryBox) {})
	add(func(b *entryBox) { b.Closed = "deadline" })
	for _, fav := range []bool{false, true} {
		add(func(b *entryBox) { b.SignedIn, b.Favorite = true, fav })
		add(func(b *entryBox) { b.SignedIn, b.Favorite, b.Active = true, fav, "/my/entries/12" })
		for _, why := range []string{"deadline", "filled", "closed", "staff"} {
			add(func(b *entryBox) { b.SignedIn, b.Favorite, b.Closed = true, fav, why })
		}
	}
	return bs
}

// TestProjectPageHTML_IsTheTemplatesMarkup: the project page written in Go
// is, byte for byte, what html/template wrote from the former template, for
// every demo project and generated ones in both languages, open, closing
// soon and closed, in every state of the entry section, with and without
// cover and related projects, and for hostile and empty text.
func TestProjectPageHTML_IsTheTemplatesMarkup(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	if err := demo.Generate(ctx, s.db, 40, testNow); err != nil {
		t.Fatal(err)
	}
	tm := projectTemplate(t)
	ps, total, err := s.h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Limit: 100})
	if err != nil || total < 50 {
		t.Fatalf("%d projects, %v", total, err)
	}
	if total > 100 {
		more, _, err := s.h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Limit: 100, Offset: 100})
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, more...)
	}
	req := httptest.NewRequest("GET", "/projects/x", nil)
	n := 0
	for i, card := range ps {
		pr, err := s.h.svc.Catalogue.FindProject(ctx, card.Slug)
		if err != nil {
			t.Fatal(err)
		}
		related, err := s.h.svc.Catalogue.RelatedProjects(ctx, pr, 3)
		if err != nil {
			t.Fatal(err)
		}
		deadline := pr.Deadline.Start()
		for _, lang := range ui.Langs {
			l := s.h.ui.Locale(lang)
			// Open, closing soon, closed.
			for _, now := range []time.Time{testNow, deadline.Add(-36 * time.Hour), deadline.Add(48 * time.Hour)} {
				for j, e := range entryBoxes(pr) {
					if (i+j)%3 != 0 && now != testNow {
						continue // every state on today's page; a third of them on the others
					}
					p := s.h.newProjectPage(req, l, pr, now)
					p.Entry = e
					if j%2 == 0 {
						p.Related = cards(l, related, now, true)
					}
					if (i+j)%4 == 0 {
						p.Cover = newCoverImage(furusato.Cover{Key: "ab12cd34ef", Width: 1600, Height: 900}, 960, 640)
					}
					p.Canonical = testBaseURL + projectURL(pr)
					p.Share = shareOf(l, p.Canonical, pr.Title)
					samePage(t, tm, p, fmt.Sprintf("%s at %s, entry %d", pr.Slug, now.Format(time.DateOnly), j))
					n++
				}
			}
		}
	}
	t.Logf("%d pages", n)
}

var hostileTexts = []string{"<script>alert('x')</script> & \"q\" + 1", "\x00nul", "\u202eevil\u202c \u2066iso\u2069 \u200f",
	"bad \xff\xfe utf-8", strings.Repeat("長い", 3000), strings.Repeat("a", 6000), "&amp; already", "a\nb\r\nc\td",
	"{{.Title}}", "`back` ='eq'", "\ufeffBOM \ufdd0 \U0001F600 \u00a0nbsp \u2028ls", "javascript:alert(1)"}

var hostileURLs = []string{"/projects/abc-1", "/projects/a b", "/projects/日本", "javascript:alert(1)", "/p?x=1&y=2+3",
	"https://example.com/x?a=%E6%97%A5&b=c#frag", "/projects/%zz", "//evil.example", "/a\"b", "", "/a'b(c)",
	"HTTPS://EXAMPLE.COM/", "http://example.com/%4", "http://example.com/%41", "mailto:a@b.example", "data:text/html,x",
	"https://example.com/a<b>", "/x?next=/projects/y&on=1"}

// TestProjectPageHTML_HostileText: every text and address of the page
// hostile, and every optional field empty.
func TestProjectPageHTML_HostileText(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	tm := projectTemplate(t)
	ps, _, err := s.h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Limit: 5})
	if err != nil || len(ps) == 0 {
		t.Fatal(err)
	}
	orig, err := s.h.svc.Catalogue.FindProject(ctx, ps[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/projects/x", nil)
	for _, lang := range ui.Langs {
		l := s.h.ui.Locale(lang)
		for i, text := range hostileTexts {
			u := hostileURLs[i%len(hostileURLs)]
			pr := *orig
			co, org := *orig.Company, *orig.Organization
			pr.Company, pr.Organization = &co, &org
			pr.Title, pr.CatchCopy, pr.Background, pr.WhatYouDo, pr.Goal = text, text, text, text, text
			pr.Skills, pr.GoodFor, pr.Gains, pr.WorkPlace = []string{text, "", "デザイン"}, text, text, text
			pr.Supporters = []furusato.Supporter{{Name: text, Role: text, OrganizationName: text}, {Name: "山田", Role: text}}
			co.Name, co.City, co.Industry, co.Size, co.Description, co.Website = text, text, text, text, text, u
			org.Name = text
			pr.RewardNote, pr.WorkTimes, pr.InterviewNote, pr.HostIntro, pr.SupporterIntro = text, text, text, text, text
			pr.SelectionSteps = []string{text, "面談"}
			p := s.h.newProjectPage(req, l, &pr, testNow)
			p.Themes = []themeLink{{Name: text, URL: u}, {Name: "デザイン", URL: "/themes/design"}}
			p.Region, p.Deadline, p.DaysLeft, p.Reward, p.WorkStyle, p.Visits, p.Start, p.Travel = text, text, text, text, text, text, text, text
			p.Facts.Effort, p.Facts.Period, p.Facts.Places, p.Facts.Interview, p.Facts.Reply = text, text, text, text, text
			p.Company.Website, p.Company.Founded = u, text
			p.Org.URL = hostileURLs[(i+1)%len(hostileURLs)]
			p.Cover = &coverImage{Src: u, Srcset: u + " 320w", Sizes: text, Width: i, Height: -i}
			p.Entry = &entryBox{EntryURL: u, FavURL: hostileURLs[(i+2)%len(hostileURLs)], SignIn: hostileURLs[(i+3)%len(hostileURLs)], Active: []string{"", u}[i%2], SignedIn: i%3 == 0, Closed: []string{"", text}[i%3/2]}
			p.Share = shareLinks{LINE: u, X: hostileURLs[(i+4)%len(hostileURLs)], Facebook: hostileURLs[(i+5)%len(hostileURLs)]}
			p.Canonical = text
			p.Badge.Closed, p.Badge.ClosingSoon, p.Open = i%3 == 0, i%3 == 1, i%2 == 0
			samePage(t, tm, p, fmt.Sprintf("hostile %d", i))

			// Every optional field empty.
			pr = *orig
			pr.Skills, pr.GoodFor, pr.Gains, pr.WorkPlace, pr.Supporters = nil, "", "", "", nil
			pr.Company, pr.Organization = nil, nil
			pr.ProjectFacts = furusato.ProjectFacts{}
			pr.Places, pr.VisitsPerMonth, pr.HoursPerWeek = 0, 0, 0
			p = s.h.newProjectPage(req, l, &pr, testNow)
			p.Themes, p.Entry = nil, &entryBox{Closed: text, SignedIn: true}
			samePage(t, tm, p, fmt.Sprintf("empty %d", i))
			p.words = nil // the words worded on the spot, as without the handler's
			samePage(t, tm, p, fmt.Sprintf("empty, unworded %d", i))
		}
	}
}

// TestWriteURL_IsHTMLTemplates: an address is written as html/template
// writes it in an attribute, for plain and odd addresses and random bytes.
func TestWriteURL_IsHTMLTemplates(t *testing.T) {
	urls := append([]string{}, hostileURLs...)
	rnd := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09-._~!#$&*+,/:;=?@[]%'()<>\" \x00\x7f\xff日fF"
	for range 5000 {
		var b strings.Builder
		b.WriteString([]string{"/", "https://", "http://", "", "HTTP://", "//"}[rnd.IntN(6)])
		for range rnd.IntN(12) {
			b.WriteString(string([]rune(alphabet)[rnd.IntN(len([]rune(alphabet)))]))
		}
		urls = append(urls, b.String())
	}
	for _, u := range urls {
		var b bytes.Buffer
		ui.WriteURL(&b, u)
		if want := viaTemplate("href", u); b.String() != want {
			t.Fatalf("%q: got %q, html/template %q", u, b.String(), want)
		}
	}
}
