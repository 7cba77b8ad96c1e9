package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// offerTo enters p into the watercress project and has the Gifu
// coordinator make an offer; it returns the entry's id.
func offerTo(t *testing.T, s *site, srv *testServer, p *browser) int64 {
	t.Helper()
	id := enter(t, p, watercress)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body := c.post(hostEntryURL(id)+"/move", url.Values{"to": {"offered"}, "message": {""}})
	redirected(t, "offer", res, body, hostEntryURL(id))
	return id
}

// A second 「参画を決定する」 (a double click) tells the person they are
// matched, not that someone else took the place.
func TestEntries_AcceptTwiceSaysMatched(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := offerTo(t, s, srv, p)
	for i := range 2 {
		res, body := p.post(myEntryURL(id)+"/accept", nil)
		redirected(t, "accept "+strconv.Itoa(i), res, body, myEntryURL(id))
		_, body = p.get(myEntryURL(id))
		mustContain(t, "after accept "+strconv.Itoa(i), body, "参画を決定しました", "参画決定")
		mustNotContain(t, "after accept "+strconv.Itoa(i), body, "募集人数に達しました", "参画を決定できませんでした")
	}
}

// An offer withdrawn meanwhile (another tab) says the entry changed, not
// that the places were filled.
func TestEntries_AcceptAfterWithdrawSaysChanged(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := offerTo(t, s, srv, p)
	res, body := p.post(myEntryURL(id)+"/withdraw", url.Values{})
	redirected(t, "withdraw", res, body, myEntryURL(id))
	res, body = p.post(myEntryURL(id)+"/accept", nil)
	redirected(t, "stale accept", res, body, myEntryURL(id))
	_, body = p.get(myEntryURL(id))
	mustContain(t, "after the stale accept", body, "エントリーの状況が変わっていたため")
	mustNotContain(t, "after the stale accept", body, "募集人数に達しました")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("status %d", res.StatusCode)
	}
}

// Withdrawing asks on a page of its own: the entry page links to it, the
// page holds the reason and a danger button, and going back keeps the
// entry.
func TestEntries_WithdrawAsksOnItsOwnPage(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	page := myEntryURL(id) + "/withdraw"
	_, body := p.get(myEntryURL(id))
	mustContain(t, "entry page", body, `href="`+page+`"`)
	mustNotContain(t, "entry page", body, `action="`+page+`"`)
	res, body := p.get(page)
	status(t, "withdraw page", res, body, http.StatusOK)
	mustContain(t, "withdraw page", body, "<h1>エントリーを取り下げる</h1>", `action="`+page+`"`, `class="btn btn-danger"`,
		`id="reason"`, `href="`+myEntryURL(id)+`"`, "取り下げずにエントリーに戻る")
	checkHeadings(t, "withdraw page", body)
	c := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = c.get(page)
	status(t, "host on the withdraw page", res, body, http.StatusNotFound)
	res, body = p.post(page, url.Values{"reason": {strings.Repeat("長", 1001)}})
	status(t, "long reason", res, body, http.StatusBadRequest)
	mustContain(t, "long reason", body, "<h1>エントリーを取り下げる</h1>", `aria-invalid="true"`, `href="#reason"`)
	res, body = p.post(page, url.Values{"reason": {"都合がつかなくなりました"}})
	redirected(t, "withdraw", res, body, myEntryURL(id))
	res, body = p.get(page)
	redirected(t, "withdraw page of a withdrawn entry", res, body, myEntryURL(id))
}

// The entry of a project cancelled by its hosts names the project without
// linking to its page, which answers 404 once it is not public.
func TestEntries_CancelledProjectIsNamedNotLinked(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := enter(t, p, watercress)
	pr := s.project(t, watercress)
	if err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		return tx.SetProjectStatus(context.Background(), pr.ID, furusato.StatusPublished, furusato.StatusCancelled, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	_, body := p.get(myEntryURL(id))
	mustContain(t, "entry of a cancelled project", body, pr.Title, "公開を終了しました")
	mustNotContain(t, "entry of a cancelled project", body, `href="/projects/`+watercress+`"`)
}

// One entry over the limit of 24 hours is said at the top of the form, not
// on 志望動機, with when entering works again; the answers are kept.
func TestEntries_DailyLimitAtTheTopWithWhen(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	ctx := context.Background()
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for range service.EntriesPerDay {
			if _, err := tx.HitThrottle(ctx, "entry:"+strconv.FormatInt(u.ID, 10), 24*time.Hour, testNow.Add(-2*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	res, body := p.post("/projects/"+watercress+"/entry", url.Values{"motivation": {"清流の町が好きです。"},
		"contribution": {"SNSでの発信が得意です。"}, "hours_per_week": {"10"}})
	status(t, "11th entry", res, body, http.StatusTooManyRequests)
	want := when(s.h.ui.Locale("ja"), testNow.Add(22*time.Hour))
	mustContain(t, "11th entry", body, "いまはエントリーを送信できません", want+"から、もう一度送信できます", "清流の町が好きです。")
	mustNotContain(t, "11th entry", body, `aria-invalid="true"`, "明日以降")
}

// Opening the entry reads its notices: the header's badge goes.
func TestEntries_OpeningTheEntryReadsItsNotices(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	id := offerTo(t, s, srv, p)
	ctx := context.Background()
	u, _ := s.db.FindUserByEmail(ctx, participant)
	unread := func() int {
		ns, _, _ := s.db.FindNotifications(ctx, u.ID, 50, 0)
		n := 0
		for _, x := range ns {
			if x.EntryID == id && x.ReadAt.IsZero() {
				n++
			}
		}
		return n
	}
	if unread() == 0 {
		t.Fatal("the offer made no notice")
	}
	p.get(myEntryURL(id))
	if n := unread(); n != 0 {
		t.Errorf("%d notices about the entry still unread after opening it", n)
	}
}

// 気になる returns to where the button was: a local page the form names
// (a list with its card's anchor) is kept; another site is not.
func TestEntries_FavoriteReturnsWhereThePersonWas(t *testing.T) {
	s, srv := newEntriesSite(t)
	b := s.manageSignIn(t, srv, participant)
	res, body := b.post("/projects/"+watercress+"/favorite", url.Values{"on": {"1"}, "back": {"/projects?pref=21&page=2#p-" + watercress}})
	redirected(t, "from a list", res, body, "/projects?pref=21&page=2#p-"+watercress)
	res, body = b.post("/projects/"+watercress+"/favorite", url.Values{"on": {"0"}, "back": {"//evil.example/x"}})
	redirected(t, "foreign back", res, body, "/projects/"+watercress+"#s-entry")
}

// 「プロフィールを編集する」 from the entry form keeps the answers: they ride
// along the profile form, and saving it returns to the step with them.
func TestEntries_ProfileEditKeepsTheAnswers(t *testing.T) {
	s, srv := newEntriesSite(t)
	p := s.manageSignIn(t, srv, participant)
	_, body := p.get("/projects/" + watercress + "/entry")
	mustContain(t, "form", body, `formaction="/projects/`+watercress+`/entry/profile"`)
	res, body := p.post("/projects/"+watercress+"/entry/profile", url.Values{"motivation": {"清流の町が好きです。"},
		"contribution": {"写真が得意です。"}, "hours_per_week": {"12"}, "questions": {"現地訪問は月1回でもよいですか"}, "from": {"form"}})
	status(t, "profile from the entry", res, body, http.StatusOK)
	mustContain(t, "profile from the entry", body, `action="/account/profile"`, `name="entry_motivation" value="清流の町が好きです。"`, `name="entry_project" value="`+watercress+`"`)
	form := url.Values{"display_name": {"参加者 デモ"}, "bio": {"写真を撮ります"}}
	for _, n := range entryCarryNames {
		if m := regexp.MustCompile(`name="` + n + `" value="([^"]*)"`).FindStringSubmatch(body); m != nil {
			form.Set(n, html.UnescapeString(m[1]))
		}
	}
	res, body = p.post("/account/profile", form)
	status(t, "profile saved from the entry", res, body, http.StatusOK)
	mustContain(t, "back at the entry", body, "プロフィールを保存しました", "清流の町が好きです。", "写真が得意です。", "現地訪問は月1回でもよいですか", "写真を撮ります",
		`action="/projects/`+watercress+`/entry/next"`)
	// From the check page, back to the check page.
	form.Set("entry_from", "preview")
	res, body = p.post("/account/profile", form)
	status(t, "profile saved from the check page", res, body, http.StatusOK)
	mustContain(t, "back at the check page", body, "清流の町が好きです。", `action="/projects/`+watercress+`/entry"`, "エントリーする")
}
