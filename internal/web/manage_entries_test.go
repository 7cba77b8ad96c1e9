package web

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// submitAs enters project slug as the demo account email through the
// service, and returns the entry.
func (s *site) submitAs(t *testing.T, email, slug string) *furusato.Entry {
	t.Helper()
	ctx := context.Background()
	a := actorFor(t, s, email)
	e, err := s.h.svc.Entries.Submit(ctx, a, s.project(t, slug).ID,
		furusato.Entry{Motivation: "清流の町が好きです。", Contribution: "SNSでの発信が得意です。", HoursPerWeek: 10})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// waitingHeading is the dashboard's waiting-entries heading with its count.
var waitingHeading = regexp.MustCompile(`<h2 id="waiting">対応が必要なエントリー <span class="num">\((\d+)\)</span></h2>`)

func waitingCount(t *testing.T, who, body string) int {
	t.Helper()
	m := waitingHeading.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no waiting-entries heading\n%s", who, snippet(body))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestManageDashboard_ListsTheNewEntriesOfTheHostsOnly(t *testing.T) {
	s, srv := newEntriesSite(t)
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	_, body := coord.get("/manage")
	if n := waitingCount(t, "before", body); n != 0 {
		t.Errorf("before any entry: %d waiting", n)
	}
	mustContain(t, "before", body, "いま対応が必要なエントリーはありません。")

	e := s.submitAs(t, participant, watercress)
	link := `href="` + hostEntryURL(e.ID) + `"`
	title := s.project(t, watercress).Title
	_, body = coord.get("/manage")
	if n := waitingCount(t, "Gifu coordinator", body); n != 1 {
		t.Errorf("Gifu coordinator: %d waiting, want 1", n)
	}
	mustContain(t, "Gifu coordinator", body, link, "参加者 デモ", title, "エントリー済み", `class="chip chip-blue"`,
		"2026年11月20日(金)", "待っている期間の長い順")
	mustNotContain(t, "Gifu coordinator", body, "いま対応が必要なエントリーはありません。", "manage.waiting")
	// Above the projects.
	if w, p := strings.Index(body, `id="waiting"`), strings.Index(body, `id="s-0"`); w < 0 || p < 0 || w > p {
		t.Errorf("the waiting entries are not above the projects (%d, %d)", w, p)
	}
	checkHeadings(t, "/manage", body)
	// The link opens the entry for the coordinator.
	res, page := coord.get(hostEntryURL(e.ID))
	status(t, "the entry", res, page, 200)

	_, body = s.manageSignIn(t, srv, watercressStaff).get("/manage")
	mustContain(t, "the company's staff", body, link)

	_, body = s.manageSignIn(t, srv, otherRegion).get("/manage")
	if n := waitingCount(t, "Hokkaido coordinator", body); n != 0 {
		t.Errorf("Hokkaido coordinator: %d waiting", n)
	}
	mustNotContain(t, "Hokkaido coordinator", body, link, "参加者 デモ")

	// Once screened, the entry no longer waits.
	if err := s.h.svc.Entries.Move(context.Background(), actorFor(t, s, gifuCoordinator), e.ID, furusato.StageScreening, "", ""); err != nil {
		t.Fatal(err)
	}
	_, body = coord.get("/manage")
	mustNotContain(t, "after screening", body, link)

	// An offer made today does not wait yet; one left unanswered for 20 days does.
	if err := s.h.svc.Entries.Move(context.Background(), actorFor(t, s, gifuCoordinator), e.ID, furusato.StageOffered, "", ""); err != nil {
		t.Fatal(err)
	}
	p := s.project(t, watercress)
	old := &furusato.Entry{ProjectID: p.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
		Motivation: "動機", Contribution: "貢献", HoursPerWeek: 5}
	if err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		u := &furusato.User{Email: "offered@example.jp", DisplayName: "返事 待ち"}
		if err := tx.CreateUser(context.Background(), u, "", testNow); err != nil {
			return err
		}
		old.UserID = u.ID
		if err := tx.CreateEntry(context.Background(), old, testNow.AddDate(0, 0, -30)); err != nil {
			return err
		}
		return tx.MoveEntry(context.Background(), old.ID, furusato.StageSubmitted, furusato.StageOffered, testNow.AddDate(0, 0, -20))
	}); err != nil {
		t.Fatal(err)
	}
	_, body = coord.get("/manage")
	if n := waitingCount(t, "offers", body); n != 1 {
		t.Errorf("offers: %d waiting, want 1", n)
	}
	mustContain(t, "offers", body, `href="`+hostEntryURL(old.ID)+`"`, "返事 待ち", "オファー中", "2026年10月31日(土)にオファー", "2026年10月21日(水)")
	mustNotContain(t, "offers", body, link)

	coord.get("/manage?lang=en") // sets the language and redirects
	_, body = coord.get("/manage")
	mustContain(t, "in English", body, `Entries waiting for you <span class="num">(1)</span>`, "Offered on Sat, 31 Oct 2026", "Wed, 21 Oct 2026")
	mustNotContain(t, "in English", body, "manage.waiting", "にオファー")
}

func TestManageDashboard_TwentyRowsThenTheProjectsBoards(t *testing.T) {
	s, srv := newEntriesSite(t)
	ctx := context.Background()
	p := s.project(t, watercress)
	// 21 entries; the first entered just after midnight JST (the day
	// before in UTC).
	first := time.Date(2026, 11, 18, 15, 30, 0, 0, time.UTC)
	var ids []int64
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for i := range 21 {
			u := &furusato.User{Email: fmt.Sprintf("waiting%d@example.jp", i), DisplayName: fmt.Sprintf("待機 %02d", i)}
			if err := tx.CreateUser(ctx, u, "", testNow); err != nil {
				return err
			}
			e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
				Motivation: "動機", Contribution: "貢献", HoursPerWeek: 5}
			if err := tx.CreateEntry(ctx, e, first.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
			ids = append(ids, e.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, body := s.manageSignIn(t, srv, gifuCoordinator).get("/manage")
	if n := waitingCount(t, "Gifu coordinator", body); n != 21 {
		t.Errorf("%d waiting, want 21", n)
	}
	section := between(body, `<h2 id="waiting"`, "</section>")
	if n := strings.Count(section, `<th scope="row">`); n != 20 {
		t.Errorf("%d rows, want 20", n)
	}
	// Oldest first: the first entry heads the list, the newest is left out.
	if i, j := strings.Index(section, "待機 00"), strings.Index(section, "待機 01"); i < 0 || j < i {
		t.Errorf("not oldest first (%d, %d)", i, j)
	}
	mustContain(t, "first row", between(section, "待機 00", "</tr>"), "2026年11月19日(木)")
	mustNotContain(t, "the list", section, "待機 20", `href="`+hostEntryURL(ids[20])+`"`)
	mustContain(t, "more", section, "ほかに1件あります。", `href="`+boardURL(p.ID)+`?stage=submitted"`, p.Title+"のエントリー一覧")
}

// actorFor is the actor of demo account email.
func actorFor(t *testing.T, s *site, email string) *furusato.Actor {
	t.Helper()
	u, err := s.db.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.db.ActorFor(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestManageDashboard_AxeWithWaitingEntries opens the Gifu coordinator's
// dashboard with more waiting entries than it lists, in real Chromium:
// axe-core must find no serious or critical violation.
func TestManageDashboard_AxeWithWaitingEntries(t *testing.T) {
	s, srv := newEntriesSite(t)
	s.submitAs(t, participant, watercress)
	p := s.project(t, "gifu-watercress-evangelist")
	if err := s.db.Tx(context.Background(), func(tx *store.Tx) error {
		for i := range 21 {
			u := &furusato.User{Email: fmt.Sprintf("axe%d@example.jp", i), DisplayName: fmt.Sprintf("確認 %02d", i)}
			if err := tx.CreateUser(context.Background(), u, "", testNow); err != nil {
				return err
			}
			e := &furusato.Entry{ProjectID: p.ID, UserID: u.ID, CompanyID: p.CompanyID, OrganizationID: p.OrganizationID,
				Motivation: "動機", Contribution: "貢献", HoursPerWeek: 5}
			if err := tx.CreateEntry(context.Background(), e, testNow.Add(-time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct{ w, h int }{{375, 740}, {1280, 900}} {
		b := testkit.NewBrowser(t, testkit.WithWindowSize(size.w, size.h))
		ctx := b.NewTab(t)
		b.Do(t, ctx, chromedp.Navigate(srv.URL+"/account/signin"),
			chromedp.SendKeys(chromedp.CSS("#email"), gifuCoordinator),
			chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitNotPresent(chromedp.CSS("#password")),
			chromedp.Navigate(srv.URL+"/manage"),
			chromedp.WaitVisible(chromedp.CSS("#waiting")))
		testkit.CheckWidth(t, ctx, size.w)
		for _, v := range b.CheckA11y(t, ctx) {
			if v.Serious() {
				t.Errorf("%dpx: %s (%s) %v", size.w, v.ID, v.Impact, v.Nodes)
			} else {
				t.Logf("%dpx: minor %s: %s", size.w, v.ID, v.Help)
			}
		}
		for _, e := range testkit.PageErrors(ctx) {
			t.Errorf("%dpx: page error %q", size.w, e)
		}
	}
}
