package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// syncBuffer is a log sink that tests read while requests write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFail_EveryCodeHasOneStatusAndOnePage drives the one error mapping
// with each domain code, on GET and on POST: the status, the page (its
// title, in Japanese and English), where a visitor is sent, and that only
// what is not a domain refusal is logged as an error (a 4xx is the
// person's business, never a logged 500).
func TestFail_EveryCodeHasOneStatusAndOnePage(t *testing.T) {
	s := newSite(t)
	var errFor error
	mux := http.NewServeMux()
	mux.Handle("/fail-test/", s.h.page(func(w http.ResponseWriter, r *http.Request, l *ui.Locale) error { return errFor }))
	logs := &syncBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	cases := []struct {
		name     string
		err      error
		method   string
		status   int
		location string // for a redirect
		ja, en   string // a text of the page
		logged   bool
	}{
		{"not found", furusato.Errorf(furusato.ENOTFOUND, "x"), "GET", 404, "", "ページが見つかりません", "Page not found", false},
		{"not found on POST", furusato.Errorf(furusato.ENOTFOUND, "x"), "POST", 404, "", "ページが見つかりません", "Page not found", false},
		{"unauthorized GET", furusato.Errorf(furusato.EUNAUTHORIZED, "x"), "GET", 303, "/account/signin?next=" + url.QueryEscape("/fail-test/a"), "", "", false},
		{"unauthorized POST", furusato.Errorf(furusato.EUNAUTHORIZED, "x"), "POST", 303, "/account/signin", "", "", false},
		{"forbidden GET", furusato.Errorf(furusato.EFORBIDDEN, "x"), "GET", 403, "", "このページを表示する権限がありません", "You do not have permission to view this page", false},
		{"forbidden POST", furusato.Errorf(furusato.EFORBIDDEN, "x"), "POST", 403, "", "この操作はできません", "This cannot be done", false},
		{"conflict", furusato.Errorf(furusato.ECONFLICT, "x"), "POST", 409, "", "ほかの操作と重なりました", "Someone else changed this meanwhile", false},
		{"conflict sent back", backOnConflict(furusato.Errorf(furusato.ECONFLICT, "x"), "/me", "entries.flash.stale"), "POST", 303, "/me", "", "", false},
		{"not found marked for a conflict", backOnConflict(furusato.Errorf(furusato.ENOTFOUND, "x"), "/me", "entries.flash.stale"), "POST", 404, "", "ページが見つかりません", "Page not found", false},
		{"dead link", linkGone(furusato.Errorf(furusato.ENOTFOUND, "x")), "GET", 404, "", "このリンクは使えません", "This link", false},
		{"dead link taken meanwhile", linkGone(&furusato.Error{Code: furusato.ECONFLICT, Message: "x", Fields: map[string]string{"email": "error.taken"}}), "GET", 409, "",
			"このメールアドレスは、すでに別のアカウントで使われています", "This email address is already used by another account", false},
		{"dead link, internal", linkGone(errors.New("db down")), "GET", 500, "", "ページを表示できませんでした", "The page could not be shown", true},
		{"rate limited", furusato.Errorf(furusato.ERATELIMIT, "x"), "POST", 429, "", "しばらくお待ちください", "Please wait a moment", false},
		{"invalid", &furusato.Error{Code: furusato.EINVALID, Message: "x", Fields: map[string]string{"page": "error.page"}}, "GET", 400, "", "検索条件を確認してください", "Please check the search conditions", false},
		{"internal", furusato.Errorf(furusato.EINTERNAL, "x"), "GET", 500, "", "ページを表示できませんでした", "The page could not be shown", true},
		{"plain error", errors.New("disk on fire"), "POST", 500, "", "ページを表示できませんでした", "The page could not be shown", true},
	}
	for i, c := range cases {
		for _, lang := range []string{"ja", "en"} {
			errFor = c.err
			path := "/fail-test/" + string(rune('a'+i))
			if c.location != "" && strings.Contains(c.location, "next=") {
				path = "/fail-test/a"
			}
			req := httptest.NewRequest(c.method, path, nil)
			req.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
			before := strings.Count(logs.String(), "path="+path+" ")
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			res := rec.Result()
			body := rec.Body.String()
			if res.StatusCode != c.status {
				t.Errorf("%s (%s): status %d, want %d\n%s", c.name, lang, res.StatusCode, c.status, snippet(body))
				continue
			}
			if c.location != "" && res.Header.Get("Location") != c.location {
				t.Errorf("%s: Location %q, want %q", c.name, res.Header.Get("Location"), c.location)
			}
			want := c.ja
			if lang == "en" {
				want = c.en
			}
			if want != "" && !strings.Contains(body, want) {
				t.Errorf("%s (%s): the page lacks %q\n%s", c.name, lang, want, snippet(body))
			}
			if strings.Contains(body, "disk on fire") || (c.status != 400 && strings.Contains(body, "furusato error")) {
				t.Errorf("%s: the page shows the error's detail", c.name)
			}
			logged := strings.Count(logs.String(), "path="+path+" ") > before
			if logged != c.logged {
				t.Errorf("%s (%s): logged %v, want %v\n%s", c.name, lang, logged, c.logged, logs.String())
			}
		}
	}
}

// TestRefusals_EntrySidesAreNotFoundEverywhere: an entry's two sides each
// get "not found" for the other side's actions, on every route, because
// the policy says so (before, a host withdrawing or accepting for the
// participant got 403 while the same host picking an interview slot got
// 404, and the participant on the hosts' pages 404 by the handler's own
// conversion).
func TestRefusals_EntrySidesAreNotFoundEverywhere(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	for _, path := range []string{myEntryURL(id) + "/withdraw", myEntryURL(id) + "/accept"} {
		res, body := c.post(path, url.Values{})
		status(t, "host "+path, res, body, http.StatusNotFound) // was 403
	}
	for _, path := range []string{hostEntryURL(id), hostEntryURL(id) + "/interviews/new"} {
		res, body := p.get(path)
		status(t, "participant "+path, res, body, http.StatusNotFound)
	}
	res, body := p.post(hostEntryURL(id)+"/notes", url.Values{"body": {"x"}})
	status(t, "participant notes", res, body, http.StatusNotFound)
	// The entry itself is still the participant's to withdraw.
	res, body = p.post(myEntryURL(id)+"/withdraw", url.Values{})
	redirected(t, "participant withdraws", res, body, myEntryURL(id))
	// A repeated withdrawal (a double click) is done: back to the entry
	// with the same flash, not a 409 or 500 page.
	res, body = p.post(myEntryURL(id)+"/withdraw", url.Values{})
	redirected(t, "repeated withdrawal", res, body, myEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "after the repeated withdrawal", body, "エントリーを取り下げました")
}
