package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/credential"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Journeys of the admin pages (helper jA): organisations and companies,
// removing a member, retrying a job, revoking a participation record.

const adminEmail = "admin@demo.furusato.example"

// jaRow is the XPath of the row of the table in main whose header cell
// is head.
func jaRow(head string) string {
	return `//main//table//tr[th[normalize-space()=` + xpathString(head) + `]]`
}

// jaCount counts the nodes of the XPath expression on the page.
func (j *journey) jaCount(xpath string) int {
	j.t.Helper()
	return evaluate[int](j, `document.evaluate(`+jsString("count("+xpath+")")+`, document, null, XPathResult.NUMBER_TYPE, null).numberValue`)
}

// jaFirstClick is firstClick for the form found by the XPath expression
// (rows whose forms share an action).
func (j *journey) jaFirstClick(xpath string) {
	j.t.Helper()
	j.do(chromedp.Evaluate[chromedp.Void](`(async () => {
		const f = document.evaluate(`+jsString(xpath)+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
		if (!f) throw new Error('no form ' + `+jsString(xpath)+`);
		const r = await fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f)), credentials: 'same-origin', redirect: 'manual'});
		if (r.type !== 'opaqueredirect' && r.status !== 200) throw new Error('first click answered ' + r.status);
	})()`, chromedp.EvalAwaitPromise))
}

// TestJourneyA_AdminOrganisationAndCompany: the admin registers a
// coordinating organisation for 奈良県 (a URL name with a space first: the
// field error, what was typed kept), edits it (a blank name first), then
// registers a company in 奈良県 (a founding year in words first), which
// is bound to the new organisation, and edits the company (a blank name
// first). The database holds each outcome. axe-core on every page.
func TestJourneyA_AdminOrganisationAndCompany(t *testing.T) {
	s := startSvcSite(t)
	ctx := context.Background()
	const orgName, orgSlug = "一般社団法人 やまと ふるさと舎", "yamato-furusato-sha"
	const coName, coSlug = "奥大和みそ蔵", "okuyamato-misogura"
	j := s.journey(t, testkit.NewBrowser(t))
	j.signInForm(adminEmail, demo.Password)

	// A new organisation: a mistake first.
	j.open("/admin")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="団体"]`)))
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="団体を登録する"]`)))
	if u := j.url().Path; u != "/admin/organizations/new" {
		t.Fatalf("the new organisation's form at %s", u)
	}
	j.do(sendKeys(field("slug"), "yamato furusato"),
		sendKeys(field("name"), orgName),
		chromedp.Click(field("kind-coordinator")),
		chromedp.Click(field("pref-29")), // 奈良県: no demo organisation covers it
		sendKeys(field("website"), "https://example.org/yamato"))
	j.submitInvalid("登録する")
	j.has("the slug's error", "#slug-error", "URL用の名前は、半角の英小文字・数字・ハイフン")
	j.has("the summary", `.error-summary a[href="#slug"]`, "URL用の名前")
	if v := j.value(field("name")); v != orgName {
		t.Errorf("the name typed came back as %q", v)
	}
	if !j.checked("#pref-29") || !j.checked("#kind-coordinator") {
		t.Errorf("the choices did not come back: 奈良県 %v, coordinator %v", j.checked("#pref-29"), j.checked("#kind-coordinator"))
	}
	if _, err := s.db.FindOrganizationBySlug(ctx, "yamato furusato"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
		t.Fatalf("a refused organisation was stored: %v", err)
	}
	j.typeInto(field("slug"), orgSlug)
	j.follow(chromedp.Click(button("登録する")))
	if u := j.url().Path; u != "/admin/organizations" {
		t.Fatalf("after registering at %s: %q", u, j.text(".error-summary"))
	}
	if got := j.flash(); got != "団体を登録しました。" {
		t.Errorf("flash %q", got)
	}
	if n := j.jaCount(jaRow(orgName)); n != 1 {
		t.Errorf("the list shows %s %d times", orgName, n)
	}
	org, err := s.db.FindOrganizationBySlug(ctx, orgSlug)
	if err != nil {
		t.Fatalf("the organisation was not stored: %v", err)
	}
	if org.Name != orgName || org.Kind != furusato.OrgCoordinator || len(org.Prefectures) != 1 || org.Prefectures[0] != 29 || org.Website != "https://example.org/yamato" {
		t.Errorf("stored organisation %+v", org)
	}

	// Editing it: a blank name first.
	j.follow(chromedp.Click(chromedp.Search(jaRow(orgName) + `//a[@href="/admin/organizations/` + orgSlug + `/edit"]`)))
	j.typeInto(field("name"), " ")
	j.submitInvalidCSS(`main form[action="/admin/organizations/` + orgSlug + `"] button[type="submit"]`)
	j.has("the name's error", "#name-error", "団体名を入力してください")
	if !j.checked("#pref-29") {
		t.Errorf("奈良県 is no longer ticked on the refused form")
	}
	j.typeInto(field("name"), "一般社団法人 やまと ふるさと舎（奈良）")
	j.follow(chromedp.Click(chromedp.CSS(`main form[action="/admin/organizations/` + orgSlug + `"] button[type="submit"]`)))
	if got := j.flash(); got != "団体を保存しました。" {
		t.Errorf("flash after editing %q", got)
	}
	if o, err := s.db.FindOrganizationBySlug(ctx, orgSlug); err != nil || o.Name != "一般社団法人 やまと ふるさと舎（奈良）" || len(o.Prefectures) != 1 {
		t.Errorf("after editing: %+v, %v", o, err)
	}

	// A new company in 奈良県: a founding year in words first.
	j = j.tab() // a few pages a tab: each has testkit.TabTimeout, long under load
	j.open("/admin")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="企業"]`)))
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="企業を登録する"]`)))
	j.do(sendKeys(field("slug"), coSlug),
		sendKeys(field("name"), coName),
		chromedp.SetValue(chromedp.Search(`//main//select[@id="prefecture"]`), "29"),
		sendKeys(field("city"), "吉野町"),
		sendKeys(field("industry"), "食品製造"),
		sendKeys(field("founded_year"), "昭和の初め"))
	j.submitInvalid("登録する")
	j.has("the founding year's error", "#founded_year-error", "創業年")
	if v := j.value(field("name")); v != coName {
		t.Errorf("the company's name came back as %q", v)
	}
	if v := j.value(field("founded_year")); v != "昭和の初め" {
		t.Errorf("the founding year came back as %q", v)
	}
	if v := j.value(chromedp.Search(`//main//select[@id="prefecture"]`)); v != "29" {
		t.Errorf("the prefecture came back as %q", v)
	}
	j.typeInto(field("founded_year"), "1952")
	j.follow(chromedp.Click(button("登録する")))
	if u := j.url().Path; u != "/admin/companies" {
		t.Fatalf("after registering the company at %s: %q", u, j.text(".error-summary"))
	}
	if got := j.flash(); got != "企業を登録しました。" {
		t.Errorf("flash %q", got)
	}
	row := jaRow(coName)
	if n := j.jaCount(row); n != 1 {
		t.Errorf("the list shows %s %d times", coName, n)
	}
	co, err := s.db.FindCompanyBySlug(ctx, coSlug)
	if err != nil {
		t.Fatalf("the company was not stored: %v", err)
	}
	if co.Name != coName || co.Prefecture != 29 || co.City != "吉野町" || co.FoundedYear != 1952 || co.OrganizationID != org.ID {
		t.Errorf("stored company %+v, want it in 奈良県 under organisation %d", co, org.ID)
	}

	// Editing the company: a blank name first.
	j.follow(chromedp.Click(chromedp.Search(row + `//a[@href="/admin/companies/` + coSlug + `/edit"]`)))
	edit := `main form[action="/admin/companies/` + coSlug + `/edit"] button[type="submit"]`
	j.typeInto(field("name"), " ")
	j.submitInvalidCSS(edit)
	j.has("the company name's error", "#name-error", "企業名を入力してください")
	if v := j.value(field("city")); v != "吉野町" {
		t.Errorf("the city came back as %q", v)
	}
	j.typeInto(field("name"), "奥大和みそ蔵 吉野本店")
	j.typeInto(field("size"), "12人")
	j.follow(chromedp.Click(chromedp.CSS(edit)))
	if u := j.url().Path; u != "/admin/companies/"+coSlug+"/edit" {
		t.Errorf("after saving at %s", u)
	}
	if got := j.flash(); got != "企業の情報を保存しました。" {
		t.Errorf("flash after editing the company %q", got)
	}
	if c, err := s.db.FindCompanyBySlug(ctx, coSlug); err != nil || c.Name != "奥大和みそ蔵 吉野本店" || c.Size != "12人" || c.FoundedYear != 1952 {
		t.Errorf("after editing: %+v, %v", c, err)
	}
	for _, a := range []furusato.AuditAction{furusato.AuditOrganizationCreate, furusato.AuditOrganizationUpdate, furusato.AuditCompanyCreate, furusato.AuditCompanyUpdate} {
		if es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: a}); err != nil || len(es) != 1 {
			t.Errorf("audit %s: %d entries, %v; want 1", a, len(es), err)
		}
	}
}

// TestJourneyA_CoordinatorRemovesAMember: the Gifu coordinator removes
// the watercress company's staff member on the company's members page;
// the person holds the role no more. Then, on the organisation's members
// page, the coordinator tries to leave: as its only coordinator they are
// refused with the message that says what to do, and stay. axe-core on
// every page.
func TestJourneyA_CoordinatorRemovesAMember(t *testing.T) {
	s := startSvcSite(t)
	ctx := context.Background()
	p, err := s.cat.FindProject(ctx, watercressSlug)
	if err != nil {
		t.Fatal(err)
	}
	staff, coord := s.jaActor(t, staffEmail), s.jaActor(t, coordinatorEmail)
	if !staff.StaffOf(p.Company.ID) {
		t.Fatalf("the demo staff member is not staff of %s", p.Company.Name)
	}
	orgs, err := s.svc.Users.Coordinating(ctx, coord)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("the Gifu coordinator coordinates %v, %v", orgs, err)
	}
	org := orgs[0]

	j := s.journey(t, testkit.NewBrowser(t))
	j.signInForm(coordinatorEmail, demo.Password)
	j.open("/admin/companies")
	j.follow(chromedp.Click(chromedp.Search(jaRow(p.Company.Name) + `//a[@href="/admin/companies/` + p.Company.Slug + `/members"]`)))
	row := jaRow(staff.User.DisplayName)
	if n := j.jaCount(row); n != 1 {
		t.Fatalf("the members page shows %s %d times", staff.User.DisplayName, n)
	}
	j.has("the remove button's name", "main table", "メンバーから外す（"+staff.User.DisplayName+"さん）")
	// A double click: the page of the second click tells the outcome (it
	// was a 404 page, 「ページが見つかりません」).
	j.jaFirstClick(row + `//form`)
	j.follow(chromedp.Click(chromedp.Search(row + `//button`)))
	if u := j.url().Path; u != "/admin/companies/"+p.Company.Slug+"/members" {
		t.Errorf("after removing at %s", u)
	}
	if got := j.flash(); got != "この方は、すでにメンバーではありません。" && got != "メンバーから外しました。この方の権限は、次にページを開いたときから無効になります。" {
		t.Errorf("flash after a double click on remove %q", got)
	}
	if n := j.jaCount(row); n != 0 {
		t.Errorf("the removed member is still listed")
	}
	if a := s.jaActor(t, staffEmail); a.StaffOf(p.Company.ID) {
		t.Errorf("the removed member is still staff of %s", p.Company.Name)
	}
	if es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: furusato.AuditMembershipRemove}); err != nil || len(es) != 1 {
		t.Errorf("membership removals audited: %d, %v", len(es), err)
	}

	// The only coordinator cannot leave the organisation.
	j.open("/admin/organizations/" + org.Slug + "/members")
	me := jaRow(coord.User.DisplayName)
	if n := j.jaCount(me); n != 1 {
		t.Fatalf("the organisation's members page shows %s %d times", coord.User.DisplayName, n)
	}
	j.follow(chromedp.Click(chromedp.Search(me + `//button`)))
	if u := j.url().Path; u != "/admin/organizations/"+org.Slug+"/members" {
		t.Errorf("after the refusal at %s", u)
	}
	if got := j.flash(); got != "この団体のコーディネーターはこの方だけのため、外せません。先にほかのコーディネーターを招待してから外してください。" {
		t.Errorf("the refusal says %q", got)
	}
	if n := j.jaCount(me); n != 1 {
		t.Errorf("the only coordinator left the list")
	}
	if a := s.jaActor(t, coordinatorEmail); !a.CoordinatorOf(org.ID) {
		t.Errorf("the only coordinator was removed")
	}
	if es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: furusato.AuditMembershipRemove}); err != nil || len(es) != 1 {
		t.Errorf("after the refusal, membership removals audited: %d, %v", len(es), err)
	}
}

// jaFailingJobs runs a job queue on s whose mail fails while fail is set,
// as `furusato serve` would, enqueues one mail job and waits until it is
// given up (one attempt). It returns the switch and the count of
// deliveries.
func jaFailingJobs(t *testing.T, s *svcSite) (fail *atomic.Bool, delivered *atomic.Int32) {
	t.Helper()
	ctx := context.Background()
	fail, delivered = new(atomic.Bool), new(atomic.Int32)
	fail.Store(true)
	c, err := jobs.New(s.db.Writer(), jobs.Engine(s.db.Engine()),
		jobs.Config{MailAttempts: 1, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)},
		jobs.Services{Deliver: func(context.Context, int64) error {
			if fail.Load() {
				return errors.New("550 mailbox unavailable")
			}
			delivered.Add(1)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	s.db.SetJobs(c)
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Enqueue(ctx, jobs.SendMail{OutboxID: 5}) }); err != nil {
		t.Fatal(err)
	}
	testkit.EventuallyOK(t, 30*time.Second, func() error {
		js, err := c.Troubled(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 1 && js[0].Discarded() {
			return nil
		}
		return fmt.Errorf("the job was not given up: %+v", js)
	})
	return fail, delivered
}

// TestJourneyA_AdminRetriesAFailedJob: a mail job was given up (the mail
// server refused it); the admin finds it on the jobs page from /admin,
// with its error, and once the cause is gone presses 再実行: the page
// says so, the job runs and succeeds, the retry is audited, and the list
// is empty again. axe-core on every page.
func TestJourneyA_AdminRetriesAFailedJob(t *testing.T) {
	s := startSvcSite(t)
	ctx := context.Background()
	fail, delivered := jaFailingJobs(t, s)

	j := s.journey(t, testkit.NewBrowser(t))
	j.signInForm(adminEmail, demo.Password)
	j.open("/admin")
	j.follow(chromedp.Click(chromedp.CSS(`main a[href="/admin/jobs"]`)))
	if h1 := j.page().H1s; len(h1) != 1 || h1[0] != "バックグラウンドジョブ" {
		t.Errorf("h1 %q", h1)
	}
	row := `//main//table//tr[td/code[normalize-space()="send_mail"]]`
	if n := j.jaCount(row); n != 1 {
		t.Fatalf("the jobs page lists %d mail jobs: %q", n, j.text("main"))
	}
	j.has("the job's row", "main table tbody", "550 mailbox unavailable")
	j.has("the job's row", "main table tbody", "中止（自動では再試行しません）")
	j.has("the retry button's name", "main table tbody button", "再実行")

	fail.Store(false) // the cause is gone
	j.follow(chromedp.Click(chromedp.Search(row + `//button`)))
	if u := j.url().Path; u != "/admin/jobs" {
		t.Errorf("after the retry at %s", u)
	}
	if got := j.flash(); got != "ジョブを再実行の待ち行列に戻しました。" {
		t.Errorf("flash %q", got)
	}
	testkit.Eventually(t, 30*time.Second, "the retried job ran", func() bool { return delivered.Load() == 1 })
	es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: furusato.AuditJobRetry})
	if err != nil || len(es) != 1 || es[0].ObjectType != "job" {
		t.Errorf("audit %+v, %v: want one job.retry", es, err)
	}
	j.open("/admin/jobs")
	j.has("the jobs page after the retry", "main", "確認が必要なジョブはありません。")
	if n := j.jaCount(row); n != 0 {
		t.Errorf("the job done is still listed")
	}
}

// jaRevoked reads the status list at the site's path and reports whether
// the bit of index is set, as a verifier would.
func jaRevoked(t *testing.T, base, path string, index int64) bool {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		CredentialSubject struct {
			EncodedList string `json:"encodedList"`
		} `json:"credentialSubject"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 {
		t.Fatalf("status list %s: %d, %v", path, res.StatusCode, err)
	}
	enc, ok := strings.CutPrefix(doc.CredentialSubject.EncodedList, "u")
	if !ok {
		t.Fatalf("status list %s: encodedList %.20q… is not multibase base64url", path, doc.CredentialSubject.EncodedList)
	}
	gz, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	bits, err := io.ReadAll(zr)
	if err != nil || int64(len(bits)) <= index/8 {
		t.Fatalf("status list %s: %d bytes, %v", path, len(bits), err)
	}
	return bits[index/8]&(0x80>>(index%8)) != 0
}

// TestJourneyA_AdminRevokesARecord: an issued, public participation
// record (set up through the services: the team completed, the company
// confirmed, the participant made it public). The admin opens it, follows
// 「この記録を取り消す（運営者）」, sends the form without a reason (the
// field error), then with one: the record says it was revoked and why,
// for a visitor too, the certificate says 取り消し済み, its bit is set on
// the signed status list and the participant is told. axe-core on every
// page.
func TestJourneyA_AdminRevokesARecord(t *testing.T) {
	s := startTeamSite(t)
	ctx := context.Background()
	team := s.inProgress(t)
	teamID, _ := strconv.ParseInt(strings.TrimPrefix(team, "/teams/"), 10, 64)
	if err := s.svc.Teams.Complete(ctx, s.actor(t, coordinatorEmail), teamID, "", false, ""); err != nil {
		t.Fatalf("complete: %v", err)
	}
	part := s.actor(t, participantEmail)
	recs, err := s.db.FindUserRecords(ctx, part.User.ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("records after completion: %v, %v", recs, err)
	}
	id := recs[0].ID
	if _, err := s.svc.Records.Confirm(ctx, s.actor(t, staffEmail), id, furusato.RecordConfirmation{
		Role: "パッケージと広報の企画", Hours: 22, Words: "丁寧な撮影と文章で、伝え方が変わりました。", Consent: true}); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if err := s.svc.Records.SetPublic(ctx, part, id, true); err != nil {
		t.Fatalf("public: %v", err)
	}
	record := "/records/" + strconv.FormatInt(id, 10)
	statusPath := fmt.Sprintf("/ob3/status/%d", id/credential.StatusListBits+1)
	if jaRevoked(t, s.URL, statusPath, id%credential.StatusListBits) {
		t.Fatalf("the record's bit is set before the revocation")
	}
	told := s.jaNotices(t, part.User.ID, record)
	b := testkit.NewBrowser(t)

	j := s.journey(t, b)
	j.signInForm(adminEmail, demo.Password)
	j.open(record)
	j.mustSee("the issued record", "main .chip", "有効")
	j.follow(chromedp.Click(chromedp.Search(`//main//a[normalize-space()="この記録を取り消す（運営者）"]`)))
	if u := j.url().Path; u != "/admin"+record+"/revoke" {
		t.Fatalf("the revoke link led to %s", u)
	}
	j.mustSee("the revoke form", "main", "取り消しは元に戻せません", "参加者 デモ", watercressTitle)
	const submit = `main form[action$="/revoke"] button[type="submit"]`
	j.jaRefused(submit, 400)
	if got := j.text("#reason-error"); got == "" {
		t.Errorf("no error beside the reason: %q", j.text(".error-summary"))
	}
	if got := j.attrs("#reason")["aria-invalid"]; got != "true" {
		t.Errorf("reason aria-invalid=%q", got)
	}
	if r, err := s.svc.Records.View(ctx, s.actor(t, adminEmail), id); err != nil || r.Record.Status != furusato.RecordIssued {
		t.Fatalf("after the refused form the record is %+v, %v", r, err)
	}
	const reason = "記載の期間に誤りがありました。"
	j.do(sendKeys(textarea("reason"), reason))
	// A double click: the page of the second click tells the outcome (it
	// was the 409 page, 「ほかの操作と重なりました」).
	j.firstClick(`main form[action$="/revoke"]`)
	j.follow(chromedp.Click(chromedp.CSS(submit)))
	if u := j.url().Path; u != record {
		t.Errorf("after revoking at %s", u)
	}
	if got := j.flash(); got != "この記録はすでに取り消されています。" && got != "記録を取り消しました。" {
		t.Errorf("flash after a double click on revoke %q", got)
	}
	j.mustSee("the revoked record", "main", "この記録は取り消されました", reason, "取り消し済み")
	if n := evaluate[int](j, `document.querySelectorAll('main a[href$="/revoke"]').length`); n != 0 {
		t.Errorf("the revoked record still offers to revoke it")
	}

	r, err := s.svc.Records.View(ctx, s.actor(t, adminEmail), id)
	if err != nil || r.Record.Status != furusato.RecordRevoked || r.Record.RevokeReason != reason {
		t.Fatalf("the stored record %+v, %v: want revoked for %q", r, err, reason)
	}
	if !jaRevoked(t, s.URL, statusPath, id%credential.StatusListBits) {
		t.Errorf("the record's bit is not set on the status list")
	}
	if n := s.jaNotices(t, part.User.ID, record); n != told+1 {
		t.Errorf("the participant has %d notices of the record, want %d (told of the revocation)", n, told+1)
	}

	// A visitor (the same browser, its cookies cleared).
	v := s.journey(t, b)
	v.open(record)
	v.mustSee("the revoked record, for a visitor", "main", "この記録は取り消されました", reason)
	v.click(record + "/certificate")
	v.mustSee("the certificate", "main", "取り消し済み", reason)
}

// jaNotices counts the notices of the user that link to link.
func (s *teamSite) jaNotices(t *testing.T, userID int64, link string) int {
	t.Helper()
	ns, _, err := s.db.FindNotifications(context.Background(), userID, 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Link == link && x.Kind == furusato.NoticeRecord {
			n++
		}
	}
	return n
}
