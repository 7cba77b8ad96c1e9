package ui

import (
	"bytes"
	"strings"
	"testing"
)

// hostile is text that breaks markup, attributes and URLs if written raw.
const hostile = `<script>alert("x&y")</script>' + "javascript:1" ` + "\x00 ＜全角＞ 日本語"

// TestLayoutHTML_IsTheTemplatesMarkup writes the layout in Go around a
// fixed content and compares the bytes with layout.html's, for each kind
// of visitor and account, section, banner, flash and head, in both
// languages. (The web package's tests check every real page the same
// way: CheckLayout.)
func TestLayoutHTML_IsTheTemplatesMarkup(t *testing.T) {
	u, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := u.shared.Clone()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.New("c").Parse(`{{define "content"}}<h1>{{.Title}}</h1>{{end}}`); err != nil {
		t.Fatal(err)
	}
	variants := map[string]func(b *Base){
		"visitor":        func(b *Base) {},
		"visitor-signin": func(b *Base) { b.Nav = "signin" },
		"visitor-signup": func(b *Base) { b.Nav = "signup"; b.HeaderSearch = false },
		"member": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: "山田 花子"}
			b.Nav = "me"
		},
		"member-badge": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: "Hanako", Unread: 7}
			b.Nav = "notifications"
		},
		"member-badge-99": func(b *Base) { b.Account = Account{SignedIn: true, Name: "a", Unread: 99} },
		"member-badge-100": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: "a", Unread: 100}
			b.Nav = "account"
		},
		"member-unverified-terms": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: "b", Unverified: true, Terms: 3}
		},
		"manager": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: "Coordinator", Manage: true, Unread: 1}
			b.Nav = "manage"
		},
		"hostile": func(b *Base) {
			b.Account = Account{SignedIn: true, Name: hostile, Manage: true, Unread: -1}
			b.Title, b.Description, b.Query, b.Flash, b.Version = hostile, hostile, hostile, hostile, hostile
			b.Canonical, b.CSS, b.Icon = "javascript:alert(1)", "/a b/ü?q=1&r=<2>", "//x.example/%zz%"
			b.Switch = LangLink{URL: "/projects?q=" + hostile, Lang: hostile, Label: hostile}
			b.OG = &OpenGraph{Title: hostile, Description: hostile, URL: hostile, Type: hostile, SiteName: hostile, Image: hostile}
			b.Alternates = []Alternate{{Type: hostile, Href: hostile, Title: hostile}, {Type: "application/atom+xml", Href: "https://x.example/feed"}}
		},
		"error-flash": func(b *Base) { b.ErrorTitle, b.Flash = true, "保存できませんでした。" },
		"flash":       func(b *Base) { b.Flash = "保存しました。"; b.Nav = "organizations" },
		"head": func(b *Base) {
			b.Description, b.NoIndex, b.Canonical = "説明", true, "https://furusato.example/projects/1"
			b.OG = &OpenGraph{Title: "T", Description: "D", URL: "https://furusato.example/p", Type: "article", SiteName: "S"}
			b.Alternates = []Alternate{{Type: "application/atom+xml", Href: "/feed.atom", Title: "Feed"}, {Type: "application/ld+json", Href: "/vc/1.json"}}
			b.Demo, b.Version = true, ""
		},
		"og-image": func(b *Base) {
			b.OG = &OpenGraph{Title: "T", URL: "https://furusato.example/p", Type: "website", Image: "https://furusato.example/i.png"}
		},
	}
	for _, lang := range Langs {
		for name, set := range variants {
			l := u.Locale(lang)
			b := Base{L: l, Title: "題名", CSS: "/static/app.1234.css", Icon: "/static/favicon.svg",
				Switch: LangLink{URL: "/en/projects", Lang: "en", Label: "English"}, HeaderSearch: true,
				Nav: "projects", Version: "v1.2.3"}
			set(&b)
			var want bytes.Buffer
			if err := ref.ExecuteTemplate(&want, "layout", b); err != nil {
				t.Fatalf("%s/%s: %v", lang, name, err)
			}
			var got bytes.Buffer
			if err := u.execute(&got, ref, b); err != nil {
				t.Fatalf("%s/%s: %v", lang, name, err)
			}
			if got.String() != want.String() {
				t.Errorf("%s/%s: %s", lang, name, firstDiff(got.Bytes(), want.Bytes()))
			}
			if name == "hostile" && strings.Contains(got.String(), "<script>") {
				t.Errorf("%s/%s: unescaped script", lang, name)
			}
		}
	}
}

// TestLayoutBase_ByValueAndPointer: pages pass their data either way.
func TestLayoutBase_ByValueAndPointer(t *testing.T) {
	type page struct {
		Base
		X int
	}
	p := page{Base: Base{Title: "x"}}
	for _, d := range []any{p, &p} {
		lb, ok := d.(layoutBase)
		if !ok || lb.LayoutBase().Title != "x" {
			t.Errorf("%T: not laid out in Go", d)
		}
	}
}
