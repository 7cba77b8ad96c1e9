package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// completedRecord matches a team, has the participant write check-ins of
// 6 and 9 hours, completes the team's work (running the records' end
// hook as the completion does) and returns the participant's browser and
// their drafted record's id.
func completedRecord(t *testing.T, s *site, srv *testServer) (*browser, int64) {
	t.Helper()
	ctx := context.Background()
	p, teamPath := matchedTeam(t, s, srv)
	teamID, _ := strconv.ParseInt(strings.TrimPrefix(teamPath, "/teams/"), 10, 64)
	u, err := s.db.FindUserByEmail(ctx, participant)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for i, h := range []int{6, 9} {
			if err := tx.CreateCheckIn(ctx, &furusato.CheckIn{TeamID: teamID, AuthorID: u.ID, PeriodStart: testNow,
				PeriodEnd: testNow.Add(time.Duration(i+1) * time.Hour), Done: "済", Next: "次", Hours: h}, testNow); err != nil {
				return err
			}
		}
		if err := tx.EndTeam(ctx, teamID, false, "", testNow); err != nil {
			return err
		}
		team, err := tx.FindTeam(ctx, teamID)
		if err != nil {
			return err
		}
		return s.h.svc.Records.DraftOnEnd(ctx, tx, team, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	recs, err := s.db.FindUserRecords(ctx, u.ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("records after completion = %v, %v", recs, err)
	}
	return p, recs[0].ID
}

func TestRecords_ConfirmPublishVerifyRevoke(t *testing.T) {
	s, srv := newEntriesSite(t)
	p, id := completedRecord(t, s, srv)
	page := "/records/" + strconv.FormatInt(id, 10)
	credPath := "/ob3/credentials/" + strconv.FormatInt(id, 10)
	visitor := s.browser(t, srv.Server)

	_, body := p.get("/me")
	mustContain(t, "my page", body, "参加の記録", `href="`+page+`"`, "会社の確認待ち")
	res, body := p.get(page)
	status(t, "participant's draft", res, body, http.StatusOK)
	mustContain(t, "draft", body, "会社の確認待ち", "15時間")
	checkHeadings(t, page, body)

	// The company confirms: words need consent; what was typed comes back.
	staff := s.manageSignIn(t, srv, watercressStaff)
	_, body = staff.get("/me")
	mustContain(t, "staff's my page", body, "確認を待っている参加の記録", `href="`+page+`/confirm"`)
	res, body = staff.get(page + "/confirm")
	status(t, "confirm form", res, body, http.StatusOK)
	checkHeadings(t, page+"/confirm", body)
	mustContain(t, "confirm form", body, `value="15"`, "定例報告の合計は15時間")
	words := "最後まで丁寧に取り組んでくださいました。"
	res, body = staff.post(page+"/confirm", url.Values{"role": {"EC担当"}, "hours": {"16"}, "words": {words}})
	status(t, "words without consent", res, body, http.StatusBadRequest)
	mustContain(t, "consent error", body, "同意にチェックを入れてください", words, `value="EC担当"`, `value="16"`)
	res, body = staff.post(page+"/confirm", url.Values{"role": {"EC\x00担当"}, "hours": {"十六"}, "words": {strings.Repeat("あ", 10000)}, "consent": {"1"}})
	status(t, "hostile input", res, body, http.StatusBadRequest)
	mustContain(t, "hostile input", body, `aria-invalid="true"`, "役割に使用できない文字", `href="#role"`)
	res, body = staff.post(page+"/confirm", url.Values{"role": {"EC担当"}, "hours": {"16"}, "words": {"丁寧\x00でした"}, "consent": {"1"}})
	status(t, "NUL in words", res, body, http.StatusBadRequest)
	mustContain(t, "NUL in words", body, "会社からのことばに使用できない文字", `href="#words"`, `value="EC担当"`)
	// Each field error in words of the catalogue, never its key (a blank
	// role, hours out of range, a role too long).
	res, body = staff.post(page+"/confirm", url.Values{"role": {"  "}, "hours": {"10001"}})
	status(t, "blank role, too many hours", res, body, http.StatusBadRequest)
	mustContain(t, "blank role", body, "役割を入力してください。", "時間は0から10,000までの数字で入力してください。", `href="#role"`)
	res, body = staff.post(page+"/confirm", url.Values{"role": {strings.Repeat("役", 101)}, "hours": {"16"}})
	status(t, "long role", res, body, http.StatusBadRequest)
	mustContain(t, "long role", body, "役割は100文字以内で、1行で入力してください。")
	res, body = staff.post(page+"/confirm", url.Values{"role": {"EC担当"}, "hours": {"16"}, "words": {strings.Repeat("あ", 1001)}, "consent": {"1"}})
	status(t, "long words", res, body, http.StatusBadRequest)
	mustContain(t, "long words", body, "ことばは1,000文字以内で入力してください。", `href="#words"`)
	if strings.Contains(body, "error.") {
		t.Errorf("a message key on the page: %s", body)
	}
	for _, who := range []string{otherRegion, "supporter@demo.furusato.example"} {
		res, body = s.manageSignIn(t, srv, who).get(page + "/confirm")
		status(t, who+" on the confirm form", res, body, http.StatusNotFound)
	}
	res, body = p.post(page+"/confirm", url.Values{"role": {"私"}, "hours": {"100"}})
	status(t, "participant confirming", res, body, http.StatusForbidden)
	res, body = staff.post(page+"/confirm", url.Values{"role": {"EC担当"}, "hours": {"16"}, "words": {words}, "consent": {"1"}})
	redirected(t, "confirm", res, body, page)

	// Private by default: nobody else sees it, and no credential is served.
	res, _ = visitor.get(page)
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("visitor on a private record: %d", res.StatusCode)
	}
	res, body = s.manageSignIn(t, srv, otherRegion).get(page)
	status(t, "another region on a private record", res, body, http.StatusNotFound)
	res, body = visitor.get(credPath)
	status(t, "private credential", res, body, http.StatusNotFound)
	res, body = staff.post(page+"/public", url.Values{"public": {"1"}})
	status(t, "staff publishing", res, body, http.StatusForbidden)
	res, body = p.post(page+"/public", url.Values{"public": {"1"}})
	redirected(t, "publish", res, body, page)

	res, body = visitor.get(page)
	status(t, "public record", res, body, http.StatusOK)
	checkHeadings(t, page, body)
	mustContain(t, "public record", body, `<link rel="alternate" type="application/vc" href="`+testBaseURL+credPath+`">`,
		"有効", "EC担当", "16時間", words, "参加者 デモ", "ふるさと兼業 (Furusato)")
	res, body = visitor.get(page + "/certificate")
	status(t, "certificate", res, body, http.StatusOK)
	checkHeadings(t, page+"/certificate", body)
	mustContain(t, "certificate", body, "参加証明書", `class="certificate"`, testBaseURL+page)

	cred := fetchLD(t, visitor, credPath, "application/vc")
	fetchLD(t, visitor, "/ob3/issuer", "application/ld+json")
	fetchLD(t, visitor, "/ob3/status/1", "application/vc")
	v := testkit.VerifyCredential(t, testBaseURL, srv.URL, cred)
	if !v.Verified || v.Status == nil || v.Status.Revoked {
		t.Fatalf("the independent verifier on the issued credential: %+v status %+v", v, v.Status)
	}
	tampered := map[string]any{}
	b, _ := json.Marshal(cred)
	_ = json.Unmarshal([]byte(strings.Replace(string(b), `"EC担当"`, `"代表取締役"`, 1)), &tampered)
	if v := testkit.VerifyCredential(t, testBaseURL, srv.URL, tampered); v.Verified {
		t.Fatalf("a tampered credential verified: %+v", v)
	}

	// Revocation: admins only, with a reason; final.
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	res, body = coord.get("/admin" + page + "/revoke")
	status(t, "coordinator on the revoke form", res, body, http.StatusForbidden)
	admin := s.manageSignIn(t, srv, "admin@demo.furusato.example")
	res, body = admin.get("/admin" + page + "/revoke")
	status(t, "revoke form", res, body, http.StatusOK)
	checkHeadings(t, "/admin"+page+"/revoke", body)
	res, body = admin.post("/admin"+page+"/revoke", url.Values{"reason": {"  "}})
	status(t, "revoke without a reason", res, body, http.StatusBadRequest)
	mustContain(t, "revoke without a reason", body, `id="reason-error"`)
	reason := "記載の期間に誤りがありました。"
	res, body = admin.post("/admin"+page+"/revoke", url.Values{"reason": {reason}})
	redirected(t, "revoke", res, body, page)
	// A second revoke (a double click, the back button) tells the outcome:
	// it was the 409 page, 「ほかの操作と重なりました」.
	res, body = admin.post("/admin"+page+"/revoke", url.Values{"reason": {reason}})
	redirected(t, "second revoke", res, body, page)
	_, body = admin.get(page)
	mustContain(t, "second revoke", body, "この記録はすでに取り消されています。", reason)
	_, body = visitor.get(page)
	mustContain(t, "revoked record", body, "この記録は取り消されました", reason, "取り消し済み")
	v = testkit.VerifyCredential(t, testBaseURL, srv.URL, fetchLD(t, visitor, credPath, "application/vc"))
	if v.Status == nil || !v.Status.Verified || !v.Status.Revoked {
		t.Fatalf("the independent verifier after revocation: %+v status %+v", v, v.Status)
	}
}

// fetchLD GETs a verifier document as a verifier does and checks its
// media type and CORS header.
func fetchLD(t *testing.T, b *browser, path, media string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.srv.URL+path, nil)
	req.Header.Set("Accept", media)
	res, body := b.do(req)
	status(t, path, res, body, http.StatusOK)
	if got := res.Header.Get("Content-Type"); got != media {
		t.Errorf("%s: Content-Type %q, want %q", path, got, media)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%s: no CORS header", path)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if id, _ := doc["id"].(string); id != testBaseURL+path {
		t.Errorf("%s: id %q", path, id)
	}
	return doc
}

// TestRecords_AxeInChromium opens a public record's page and certificate
// in real Chromium, on a phone, under the real CSP: axe-core finds no
// serious violation, the page reports no error.
func TestRecords_AxeInChromium(t *testing.T) {
	s, srv := newEntriesSite(t)
	_, id := completedRecord(t, s, srv)
	ctx := context.Background()
	confirmRecordAsStaff(t, s, id, "ありがとうございました。\n次もぜひ。")
	u, _ := s.db.FindUserByEmail(ctx, participant)
	pa, err := s.db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.h.svc.Records.SetPublic(ctx, pa, id, true); err != nil {
		t.Fatal(err)
	}
	page := "/records/" + strconv.FormatInt(id, 10)
	b := testkit.NewBrowser(t, testkit.WithWindowSize(375, 740))
	for _, p := range []string{page, page + "/certificate", page + "?lang=en"} {
		tab := b.NewTab(t)
		b.Do(t, tab, chromedp.Navigate(srv.URL+p))
		testkit.CheckWidth(t, tab, 375)
		for _, v := range b.CheckA11y(t, tab) {
			if v.Serious() {
				t.Errorf("%s: %s (%s) %v", p, v.ID, v.Impact, v.Nodes)
			}
		}
		for _, e := range testkit.PageErrors(tab) {
			t.Errorf("%s: page error %q", p, e)
		}
	}
}

// confirmRecordAsStaff confirms record id as the watercress company's staff,
// with words as the company's words to the participant.
func confirmRecordAsStaff(t *testing.T, s *site, id int64, words string) {
	t.Helper()
	ctx := context.Background()
	staff, err := s.db.FindUserByEmail(ctx, watercressStaff)
	if err != nil {
		t.Fatal(err)
	}
	sa, err := s.db.ActorFor(ctx, staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.svc.Records.Confirm(ctx, sa, id, furusato.RecordConfirmation{Role: "EC担当", Hours: 15, Words: words, Consent: true}); err != nil {
		t.Fatal(err)
	}
}
