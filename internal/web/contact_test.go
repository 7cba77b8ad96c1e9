package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The operator's configured contact stands under the text of the contact
// and operator pages, in both languages; unset, the pages are as before.
func TestSitePages_ShowTheConfiguredContact(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	if _, err := demo.Load(context.Background(), db, testNow); err != nil {
		t.Fatal(err)
	}
	c := furusato.Contact{Email: "info@furusato.example.jp", URL: "https://forms.example.jp/furusato"}
	svc, err := service.New(db, service.Config{BaseURL: testBaseURL, Now: func() time.Time { return testNow }, Argon: service.TestArgon, Contact: c})
	if err != nil {
		t.Fatal(err)
	}
	sessions := httpx.NewSessions(db.SessionStore(httpx.SessionOwner), false, svc.Auth)
	h, err := New(Config{BaseURL: testBaseURL + "/", Version: "test"}, ServicesOf(svc, sessions))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	s := &site{h: h, srv: httpx.Chain(mux, sessions.Middleware), db: db, auth: svc.Auth}
	b := s.browser(t, s.server(t))
	for _, slug := range []string{"contact", "operator"} {
		_, body := b.get("/pages/" + slug)
		mustContain(t, slug, body, "運営事務局の連絡先", `<a href="mailto:info@furusato.example.jp">info@furusato.example.jp</a>`,
			`<a href="https://forms.example.jp/furusato">お問い合わせフォームを開く</a>`)
		checkHeadings(t, slug, body)
	}
	_, body := b.get("/pages/faq")
	mustNotContain(t, "faq", body, "mailto:", "運営事務局の連絡先")
	b.get("/pages/contact?lang=en")
	_, body = b.get("/pages/contact")
	mustContain(t, "contact (en)", body, "How to reach the secretariat", "E-mail: <a href=\"mailto:info@furusato.example.jp\"", "Open the contact form")

	// Unset: as before.
	u := newSite(t)
	_, body = u.browser(t, u.server(t)).get("/pages/contact")
	mustNotContain(t, "unset", body, "mailto:", "運営事務局の連絡先")
}
