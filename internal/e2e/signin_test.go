package e2e

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
)

// signedIn signs the journey's browser in as the demo account email, for
// journeys about something else. The sign-in form is posted from Go as the
// browser posts it (the real sign-in, its throttle and session), the page
// it leads to (/account, which takes the flash) is read, and the browser
// is given the cookies that set, as the browser kept them. Opening,
// typing into and checking those two pages took seconds a person, ten
// times and more a journey; the sign-in journeys (TestAuthJourney, the
// account journeys, j.signIn) still walk them in Chromium.
func (j *journey) signedIn(email string) {
	j.t.Helper()
	base, err := url.Parse(j.s.URL + "/")
	if err != nil {
		j.t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		j.t.Fatal(err)
	}
	had, err := chromedp.Call(j.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base.String()}})
	if err != nil {
		j.t.Fatalf("reading cookies: %v", err)
	}
	for _, c := range had.Cookies {
		jar.SetCookies(base, []*http.Cookie{{Name: c.Name, Value: c.Value, Path: c.Path}})
	}
	set := &setCookies{next: http.DefaultTransport, by: map[string]*http.Cookie{}}
	client := &http.Client{Jar: jar, Transport: set, Timeout: 2 * time.Minute}
	res, err := client.PostForm(j.s.URL+"/account/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if err != nil {
		j.t.Fatalf("signing in as %s: %v", email, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/account" {
		j.t.Fatalf("signing in as %s led to %s (%d):\n%s", email, res.Request.URL, res.StatusCode, body)
	}
	for _, c := range set.all() {
		if c.MaxAge < 0 {
			if _, err := chromedp.Call(j.ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: c.Name, URL: base.String()}); err != nil {
				j.t.Fatalf("deleting cookie %s: %v", c.Name, err)
			}
			continue
		}
		p := network.SetCookieParams{Name: c.Name, Value: c.Value, URL: base.String(), Path: c.Path,
			Secure: &c.Secure, HTTPOnly: &c.HttpOnly}
		switch c.SameSite {
		case http.SameSiteLaxMode:
			p.SameSite = network.CookieSameSiteLax
		case http.SameSiteStrictMode:
			p.SameSite = network.CookieSameSiteStrict
		case http.SameSiteNoneMode:
			p.SameSite = network.CookieSameSiteNone
		}
		switch {
		case c.MaxAge > 0:
			p.Expires = epoch(time.Now().Add(time.Duration(c.MaxAge) * time.Second))
		case !c.Expires.IsZero():
			p.Expires = epoch(c.Expires)
		}
		if _, err := chromedp.Call(j.ctx, network.SetCookie, p); err != nil {
			j.t.Fatalf("setting cookie %s: %v", c.Name, err)
		}
	}
}

// setCookies is a transport that keeps the last Set-Cookie of each name.
type setCookies struct {
	next http.RoundTripper
	mu   sync.Mutex
	by   map[string]*http.Cookie
}

func (s *setCookies) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := s.next.RoundTrip(r)
	if err == nil {
		s.mu.Lock()
		for _, c := range res.Cookies() {
			s.by[c.Name] = c
		}
		s.mu.Unlock()
	}
	return res, err
}

func (s *setCookies) all() []*http.Cookie {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cs []*http.Cookie
	for _, c := range s.by {
		cs = append(cs, c)
	}
	return cs
}

// epoch is t in DevTools' seconds since 1970.
func epoch(t time.Time) cdp.TimeSinceEpoch {
	return cdp.TimeSinceEpoch(float64(t.UnixNano()) / 1e9)
}
