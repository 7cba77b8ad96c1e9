package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/testkit"
)

// fixTab is a Chromium tab on a phone signed in as br. The tabs share
// one cookie jar, so each sets br's cookies before it asks for a page.
type fixTab struct {
	t   *testing.T
	b   *testkit.Browser
	br  *browser
	ctx context.Context
	url string
}

func newFixTab(t *testing.T, b *testkit.Browser, srv *testServer, br *browser) *fixTab {
	t.Helper()
	return &fixTab{t: t, b: b, br: br, ctx: b.NewTab(t), url: srv.URL}
}

// signIn puts the session cookies of f's person into the browser.
func (f *fixTab) signIn() {
	f.t.Helper()
	u, _ := url.Parse(f.url)
	for _, c := range f.br.c.Jar.Cookies(u) {
		if _, err := chromedp.Call(f.ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: f.url}); err != nil {
			f.t.Fatal(err)
		}
	}
}

// open goes to path and checks the page with axe.
func (f *fixTab) open(path string) {
	f.t.Helper()
	f.signIn()
	f.b.Do(f.t, f.ctx, chromedp.Navigate(f.url+path))
	f.axe(path)
}

// axe fails the test on a serious or critical violation of the page.
func (f *fixTab) axe(what string) {
	f.t.Helper()
	for _, v := range f.b.CheckA11y(f.t, f.ctx) {
		if v.Serious() {
			f.t.Errorf("%s: %s (%s) %v", what, v.ID, v.Impact, v.Nodes)
		}
	}
}

// send runs js (which changes the form and presses its button) and waits
// for the page that answers, which holds waitFor (a CSS selector).
func (f *fixTab) send(what, js, waitFor string) {
	f.t.Helper()
	f.signIn()
	evalIn[string](f, `document.body.dataset.before = "1"`)
	f.b.Do(f.t, f.ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => {`+js+`}, 0)`))
	var err error
	for range 40 {
		time.Sleep(250 * time.Millisecond)
		if _, err = chromedp.Run(f.ctx, chromedp.Poll[bool](`!document.body.dataset.before && document.querySelector(`+strconv.Quote(waitFor)+`) !== null`,
			chromedp.WithPollingTimeout(time.Second))); err == nil {
			break
		}
	}
	if err != nil {
		f.t.Fatalf("%s: no answer holding %s: %v", what, waitFor, err)
	}
	f.axe(what)
}

// text is the text of the page's main.
func (f *fixTab) text() string {
	return evalIn[string](f, `document.querySelector('main').innerText`)
}

// evalIn is the value of the script expr in f's tab.
func evalIn[T any](f *fixTab, expr string) T {
	f.t.Helper()
	v, err := chromedp.Run(f.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		f.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// followSummary presses the first link of the error summary and checks
// that the focus lands on the element with id want, which is visible.
func (f *fixTab) followSummary(what, want string) {
	f.t.Helper()
	f.b.Do(f.t, f.ctx, chromedp.Click(`.error-summary a`))
	var got string
	for range 20 {
		if got = evalIn[string](f, `document.activeElement ? document.activeElement.id : ""`); got == want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	visible := evalIn[bool](f, `(() => { const e = document.getElementById(`+strconv.Quote(want)+`); if (!e) return false; const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })()`)
	if got != want || !visible {
		f.t.Errorf("%s: the summary link focused #%q (visible %v), want #%s", what, got, visible, want)
	}
}

// TestFixes_JourneysInChromium walks the fixed flows in Chromium on a
// phone, with axe-core on every page: a meeting cancelled with a hostile
// reason, then a good one, read by the participant on the workspace and
// in the notices, and the meeting cancelled by the team's end; an
// interview pick without a time; the admin choice errors, whose summary
// links now reach a visible control; and a 気になる button sending a value
// it never sends.
func TestFixes_JourneysInChromium(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, team := matchedTeam(t, s, srv)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	id := proposeMeeting(t, s, srv, team, [4]string{"2026", "11", "26", "14:00"})
	b := testkit.NewBrowser(t, testkit.WithWindowSize(390, 844))

	// The coordinator cancels: a bidi override is refused beside the field.
	c := newFixTab(t, b, srv, coord)
	c.open("/meetings/" + id + "/cancel")
	c.send("cancel with a hostile reason", `const f = document.querySelector('main form'); f.reason.value = "台風\u202eのため"; f.querySelector('button[type=submit]').click();`, ".error-summary")
	if !strings.Contains(c.text(), "中止の理由に使用できない文字") {
		t.Errorf("hostile reason: %s", c.text())
	}
	c.followSummary("hostile reason", "reason")
	c.send("cancel", `const f = document.querySelector('main form'); f.reason.value = "台風が近づいているため、日を改めます。"; f.querySelector('button[type=submit]').click();`, "#s-meetings")

	// The participant reads why, on the workspace and in the notices.
	pt := newFixTab(t, b, srv, p)
	pt.open(team)
	if txt := pt.text(); !strings.Contains(txt, "中止の理由") || !strings.Contains(txt, "台風が近づいているため、日を改めます。") {
		t.Errorf("workspace: no reason\n%s", txt)
	}
	pt.open("/notifications")
	if txt := pt.text(); !strings.Contains(txt, "ミーティングは中止になりました（理由：台風が近づいているため") {
		t.Errorf("notices: no reason\n%s", txt)
	}

	// An interview pick without a time: the summary reaches the first radio shown.
	pick := pickWithPastFirst(t, s)
	ivID, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(pick, "/me/interviews/"), "/pick"), 10, 64)
	iv, err := s.db.FindInterview(context.Background(), ivID)
	if err != nil {
		t.Fatal(err)
	}
	pt.open(myEntryURL(iv.EntryID))
	pt.send("pick without a time", `document.querySelector('form[action="`+pick+`"] button[type=submit]').click();`, ".error-summary")
	pt.followSummary("pick without a time", pickAnchor(pick))

	// 気になる with a value the button never sends: a flash, nothing saved.
	pt.open("/projects/" + watercress)
	pt.send("favourite with on=yes", `const f = document.querySelector('form[action$="/favorite"]'); f.on.value = "yes"; f.querySelector('button[type=submit]').click();`, ".flash")
	if txt := pt.text(); !strings.Contains(txt, "気になるリストを変更できませんでした。") || strings.Contains(txt, "気になるリストに追加しました") {
		t.Errorf("favourite on=yes: %s", txt)
	}

	// The admin's choice errors link to a visible control.
	admin := newFixTab(t, b, srv, s.manageSignIn(t, srv, "admin@demo.furusato.example"))
	admin.open("/admin/organizations/gifu-local-base/members")
	admin.send("invitation with a role not offered", `const f = document.querySelector('form[action$="/invitations"]'); f.email.value = "new.coord@example.jp"; f.role.value = "company_staff"; f.querySelector('button[type=submit]').click();`, ".error-summary")
	admin.followSummary("invitation role", "invite-submit")
	admin.send("removal with a role not offered", `const f = document.querySelector('form[action$="/members/remove"]'); f.role.value = "owner"; f.querySelector('button[type=submit]').click();`, ".error-summary")
	admin.followSummary("removal role", "members-table")
	staff, err := s.db.FindUserByEmail(context.Background(), watercressStaff)
	if err != nil {
		t.Fatal(err)
	}
	admin.open("/admin/users/" + adminID(staff.ID))
	admin.send("admin flag maybe", `const f = document.querySelector('form[action$="/admin"]'); f.admin.value = "maybe"; f.querySelector('button[type=submit]').click();`, ".error-summary")
	admin.followSummary("admin flag", "admin-flag-submit")

	// The team ends early with a meeting still ahead: it is cancelled, and
	// the workspace says why.
	pr := s.project(t, watercress)
	if _, err := s.db.Writer().ExecContext(context.Background(), `UPDATE projects SET status = 'published' WHERE id = $1`, pr.ID); err != nil {
		t.Fatal(err)
	}
	res, body := coord.post(team+"/start", url.Values{"from": {"published"}})
	redirected(t, "start", res, body, team)
	proposeMeeting(t, s, srv, team, [4]string{"2026", "12", "3", "10:00"})
	c.open(team + "/end-early")
	c.send("end early", `const f = document.querySelector('main form'); f.reason.value = "体制が変わったため"; f.querySelector('button[type=submit]').click();`, "#s-meetings")
	pt.open(team)
	if txt := pt.text(); !strings.Contains(txt, "チームの活動が終了したため、中止になりました。") {
		t.Errorf("workspace after the end: %s", txt)
	}
	pt.open("/notifications")
	if txt := pt.text(); !strings.Contains(txt, "チームの活動が終了したため、ミーティングは中止になりました") {
		t.Errorf("notices after the end: %s", txt)
	}
}
