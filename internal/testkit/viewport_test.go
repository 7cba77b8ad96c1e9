package testkit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// A browser started with a phone's window size opens every tab that wide
// (Chromium opens a later window at least 500 px wide by itself), whether it
// is a process of its own or a context of a shared one; PageWidth names what
// sticks out of a page wider than the window.
func TestNewTab_PhoneWindowIsPhoneWide(t *testing.T) {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html lang="ja"><head><meta charset="utf-8">`+
				`<meta name="viewport" content="width=device-width, initial-scale=1"><title>幅</title></head>`+
				`<body><main><h1>幅</h1>`+body+`</main></body></html>`)
		}
	}
	mux.Handle("GET /{$}", page(`<p>岐阜県の柿。</p>`))
	mux.Handle("GET /wide", page(`<table id="wide"><tr><td style="min-width: 600px">広い表</td></tr></table>`))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	for _, shared := range []bool{false, true} {
		t.Run(fmt.Sprint("shared=", shared), func(t *testing.T) {
			if shared {
				useSharedBrowsers(t)
			}
			b := NewBrowser(t, WithWindowSize(375, 740))
			ctx := b.NewTab(t)
			b.Do(t, ctx, chromedp.Navigate(srv.URL+"/"))
			CheckWidth(t, ctx, 375)

			b.Do(t, ctx, chromedp.Navigate(srv.URL+"/wide"))
			w, wider, err := PageWidth(ctx, 375)
			if err != nil {
				t.Fatal(err)
			}
			// A phone widens the viewport of a page that does not fit it, so
			// innerWidth alone already tells; the table is named.
			if w <= 375 || !slices.Contains(wider, "table#wide") {
				t.Errorf("a page with a 600 px table: innerWidth %d, sticking out %q; want more than 375 and table#wide", w, wider)
			}
		})
	}
}
