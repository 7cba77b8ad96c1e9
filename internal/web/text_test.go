package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// hostileText is what a form must refuse: invalid UTF-8 (PostgreSQL
// refuses it with an error; SQLite would store it and serve it back inside
// charset=utf-8 pages), NUL (PostgreSQL refuses it too), a C0 escape and a
// C1 control.
var hostileText = map[string]string{
	"invalid UTF-8": "前\xff\xfe後",
	"NUL":           "前\x00後",
	"ESC":           "前\x1b[31m後",
	"C1 NEL":        "前\u0085後",
}

// textForm is a form of the site with the fields hostile text goes into.
type textForm struct {
	who    string // the demo account that posts it; "" for a visitor
	path   string
	values url.Values
	fields []string // the text fields to poison, one at a time
	form   string   // what shows that the page is the form again
}

const adminEmail = "admin@demo.furusato.example"

// textForms lists the forms of the site that take text, with complete
// valid values, so that only the poisoned field is wrong. entryID is an
// entry of the participant at stage interview on the watercress project.
func textForms(t *testing.T, s *site, entryID int64) []textForm {
	t.Helper()
	org, err := s.h.svc.Orgs.Organization(context.Background(), "michishirube")
	if err != nil {
		t.Fatal(err)
	}
	orgForm := url.Values{"slug": {org.Slug}, "name": {org.Name}, "kind": {string(org.Kind)}, "description": {"説明"}, "website": {"https://example.jp/"}}
	for _, c := range org.Prefectures {
		orgForm.Add("prefecture", strconv.Itoa(c))
	}
	companyForm := url.Values{"slug": {"gujo-seiryu-farm"}, "name": {"郡上清流ファーム"}, "city": {"郡上市"}, "industry": {"農業"},
		"size": {"従業員6名"}, "description": {"説明"}, "website": {"https://example.jp/"}, "prefecture": {"21"}, "founded_year": {"2008"}}
	entry := url.Values{"motivation": {"飛騨が好きです。"}, "contribution": {"写真が撮れます。"}, "hours_per_week": {"10"}, "questions": {"交通費は？"}}
	slot := slotForm("onsite", "郡上市役所 2階", [4]string{"2026", "11", "30", "14:00"})
	const other = "/projects/hida-fanclub-relationship/entry"
	return []textForm{
		{"", "/account/signup", url.Values{"display_name": {"新しい人"}, "email": {"new@example.jp"}, "password": {"long enough password 1"}, "agree": {"1"}},
			[]string{"display_name", "email", "password"}, `action="/account/signup"`},
		{"", "/account/signin", url.Values{"email": {"new@example.jp"}, "password": {"long enough password 1"}},
			[]string{"email", "password"}, `action="/account/signin"`},
		{"", "/account/password/forgot", url.Values{"email": {"new@example.jp"}}, []string{"email"}, `action="/account/password/forgot"`},
		{participant, "/account/profile", url.Values{"display_name": {"参加者 デモ"}, "bio": {"よろしくお願いします。\r\n二行目"}, "occupation": {"会社員"},
			"residence_city": {"世田谷区"}, "skills": {"写真"}, "links": {"https://example.jp/"}},
			[]string{"display_name", "bio", "occupation", "residence_city", "skills", "links"}, `action="/account/profile"`},
		{participant, "/account/tokens", url.Values{"name": {"ci"}, "expires_days": {"30"}}, []string{"name"}, `action="/account/tokens"`},
		{participant, "/account/email", url.Values{"new_email": {"other@example.jp"}, "email_password": {"x"}}, []string{"new_email"}, `action="/account/email"`},
		{participant, other + "/next", entry, []string{"motivation", "contribution"}, `action="` + other},
		{participant, other + "/preview", entry, []string{"motivation", "contribution", "questions"}, `action="` + other},
		{participant, other, entry, []string{"motivation", "contribution", "questions"}, `action="` + other},
		{participant, fmt.Sprintf("/entries/%d/messages", entryID), url.Values{"body": {"よろしくお願いします。"}}, []string{"body"}, `id="message-body"`},
		{participant, fmt.Sprintf("/me/entries/%d/withdraw", entryID), url.Values{"reason": {"都合がつかなくなりました"}}, []string{"reason"}, `id="reason"`},
		{gifuCoordinator, fmt.Sprintf("/manage/entries/%d/notes", entryID), url.Values{"body": {"メモ"}}, []string{"body"}, `id="note"`},
		{gifuCoordinator, fmt.Sprintf("/manage/entries/%d/interviews/new", entryID), slot, []string{"location", "notes", "slot1-year"}, `id="location"`},
		{gifuCoordinator, "/manage/projects/new?company=gujo-seiryu-farm", manageForm("クレソンの新しい売り方"),
			[]string{"title", "catch_copy", "background", "what_you_do", "goal", "city", "skills"}, `action="/manage/projects/new?company=gujo-seiryu-farm"`},
		{gifuCoordinator, "/admin/companies/gujo-seiryu-farm/edit", companyForm, []string{"name", "city", "industry", "size", "description", "website"},
			`action="/admin/companies/gujo-seiryu-farm/edit"`},
		{adminEmail, "/admin/organizations/michishirube", orgForm, []string{"name", "description", "website"}, `action="/admin/organizations/michishirube"`},
	}
}

// TestForms_HostileTextRefusedAtTheEdge posts invalid UTF-8, NUL and
// control characters into every text field of the site's forms, on both
// engines: each comes back as its form (400) with the polite field
// message, never a 500, never stored, and the page echoes none of it.
func TestForms_HostileTextRefusedAtTheEdge(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s, srv := newEntriesSiteOn(t, db)
		entryID := interviewEntry(t, s)
		browsers := map[string]*browser{}
		as := func(who string) *browser {
			if browsers[who] == nil {
				if who == "" {
					browsers[who] = s.browser(t, srv.Server)
				} else {
					browsers[who] = s.manageSignIn(t, srv, who)
				}
			}
			return browsers[who]
		}
		for _, f := range textForms(t, s, entryID) {
			for _, name := range f.fields {
				for what, bad := range hostileText {
					v := url.Values{}
					for k, vs := range f.values {
						v[k] = append([]string(nil), vs...)
					}
					v.Set(name, bad)
					where := f.path + " " + name + " " + what
					res, body := as(f.who).post(f.path, v)
					if res.StatusCode != http.StatusBadRequest {
						t.Errorf("%s: status %d, want 400\n%s", where, res.StatusCode, snippet(body))
						continue
					}
					mustContain(t, where, body, f.form, "使用できない文字")
					if !utf8.ValidString(body) || strings.ContainsAny(body, "\x00\x1b\u0085") {
						t.Errorf("%s: the page echoes the hostile text", where)
					}
				}
			}
		}
		// Nothing was stored: the name, the profile and the thread are as before.
		ctx := context.Background()
		u, err := db.FindUserByEmail(ctx, participant)
		if err != nil {
			t.Fatal(err)
		}
		if u.DisplayName != "参加者 デモ" {
			t.Errorf("display name %q", u.DisplayName)
		}
		if _, err := db.FindUserByEmail(ctx, "new@example.jp"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("an account was made: %v", err)
		}
		msgs, err := db.FindMessages(ctx, entryID)
		if err != nil || len(msgs) != 0 {
			t.Errorf("messages %v, %v", msgs, err)
		}
		co, err := s.h.svc.Orgs.Company(ctx, "gujo-seiryu-farm")
		if err != nil || co.Name != "株式会社 郡上清流ファーム" {
			t.Errorf("company %+v, %v", co, err)
		}

		// A hostile field name is refused too, and the valid form still saves.
		res, body := as(participant).post("/account/tokens", url.Values{"name": {"ci"}, "expires_days": {"30"}, "x\xff": {"1"}})
		status(t, "hostile field name", res, body, http.StatusBadRequest)
		mustContain(t, "hostile field name", body, "使用できない文字")
		res, body = as(participant).post("/account/profile", url.Values{"display_name": {"参加者 デモ"}, "bio": {"一行目\r\n二行目\r三行目"}})
		redirected(t, "valid profile", res, body, "/account/profile")
		pf, err := db.FindProfile(ctx, u.ID)
		if err != nil || pf.Bio != "一行目\n二行目\n三行目" {
			t.Errorf("bio %q, %v: line ends are LF", pf.Bio, err)
		}
	})
}

// TestURLs_HostileTextIsNeverA500 sends invalid UTF-8 and NUL in query
// strings and paths, on both engines.
func TestURLs_HostileTextIsNeverA500(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		s, srv := newEntriesSiteOn(t, db)
		coord := s.manageSignIn(t, srv, gifuCoordinator)
		for _, c := range []struct {
			path string
			want int
			text string
		}{
			{"/projects?q=%FF%FE", 400, "キーワードに読み取れない文字"},
			{"/projects?q=a%00b", 400, "キーワードに読み取れない文字"},
			{"/projects?q=%1B", 400, "キーワードに読み取れない文字"},
			{"/projects?q=%E5%B2%90%E9%98%9C%E2%80%AEabc", 400, "キーワードに読み取れない文字"}, // a bidi override, echoed in the h1 it would reverse the rest
			{"/manage?q=%E2%81%A6x", 400, "キーワードに読み取れない文字"},
			{"/projects?prefecture=%FF", 400, "使用できない文字"},
			{"/projects/%FF%FE", 404, ""},
			{"/projects/a%00b", 404, ""},
			{"/organizations/%00", 404, ""},
			{"/regions/%FF", 404, ""},
			{"/manage?q=%00", 400, "キーワードに読み取れない文字"},
			{"/manage/projects/1/entries?q=%FF", 400, "キーワードに読み取れない文字"},
			{"/admin/companies/%FF/edit", 404, ""},
		} {
			res, body := coord.get(c.path)
			status(t, c.path, res, body, c.want)
			if c.text != "" {
				mustContain(t, c.path, body, c.text)
			}
			if !utf8.ValidString(body) || strings.Contains(body, "\x00") {
				t.Errorf("%s: the page echoes the hostile text", c.path)
			}
		}
	})
}

// TestForms_LongTextComesBackInItsForm: 10,000 Japanese characters (about
// 90 KB as a form body) in a field of 2,000 or 4,000 come back in the form,
// with the limit beside the field and the text kept; a body past the
// limit of every form comes back as the form with a message, not the
// error page.
func TestForms_LongTextComesBackInItsForm(t *testing.T) {
	s, srv := newEntriesSite(t)
	entryID := interviewEntry(t, s)
	me := s.manageSignIn(t, srv, participant)
	long := strings.Repeat("あ", 10000)
	if n := len(url.Values{"motivation": {long}}.Encode()); n < 90000 || n > maxFormBytes/2 {
		t.Fatalf("the body is %d bytes; the limit is %d", n, maxFormBytes)
	}
	path := "/projects/hida-fanclub-relationship/entry"
	res, body := me.post(path+"/next", url.Values{"motivation": {long}, "contribution": {"写真"}})
	status(t, "long motivation", res, body, http.StatusBadRequest)
	mustContain(t, "long motivation", body, `href="#motivation"`, "このプロジェクトに関わりたい理由は2,000文字以内", long)
	res, body = me.post(path, url.Values{"motivation": {long}, "contribution": {"写真"}, "hours_per_week": {"10"}})
	status(t, "long motivation sent", res, body, http.StatusBadRequest)
	mustContain(t, "long motivation sent", body, `href="#motivation"`, "このプロジェクトに関わりたい理由は2,000文字以内", long)

	res, body = me.post(fmt.Sprintf("/entries/%d/messages", entryID), url.Values{"body": {long}})
	status(t, "long message", res, body, http.StatusBadRequest)
	mustContain(t, "long message", body, `id="message-body"`, "4000", long)

	// Every project field at its limit fits.
	coord := s.manageSignIn(t, srv, gifuCoordinator)
	full := manageForm(strings.Repeat("題", furusato.MaxTitle))
	full.Set("catch_copy", strings.Repeat("惹", furusato.MaxCatchCopy))
	for _, k := range []string{"background", "what_you_do", "goal", "good_for", "gains"} {
		full.Set(k, strings.Repeat("文", furusato.MaxLongText))
	}
	res, body = coord.post("/manage/projects/new?company=gujo-seiryu-farm", full)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a project with every field at its limit: %d\n%s", res.StatusCode, snippet(body))
	}

	// Past the limit of every form: the form again, with a message.
	huge := strings.Repeat("あ", maxFormBytes/9+10)
	res, body = me.post(path+"/next", url.Values{"motivation": {huge}})
	status(t, "huge body", res, body, http.StatusBadRequest)
	mustContain(t, "huge body", body, `action="`+path, "送信された内容が大きすぎて")
}

// TestForms_WebsiteMustBeHTTP (L4): the company and organisation forms
// refuse a website that is not an absolute http(s) URL, beside the field.
func TestForms_WebsiteMustBeHTTP(t *testing.T) {
	s, srv := newEntriesSite(t)
	forms := textForms(t, s, 0)
	for _, f := range forms {
		if f.values.Get("website") == "" {
			continue
		}
		b := s.manageSignIn(t, srv, f.who)
		for _, w := range []string{"javascript:alert(document.domain)", "data:text/html,x", "//evil.example/", "ftp://example.jp/", "http://"} {
			v := url.Values{}
			for k, vs := range f.values {
				v[k] = vs
			}
			v.Set("website", w)
			res, body := b.post(f.path, v)
			status(t, f.path+" "+w, res, body, http.StatusBadRequest)
			mustContain(t, f.path+" "+w, body, `href="#website"`, "https:// または http:// で始まるアドレス")
		}
	}
}
