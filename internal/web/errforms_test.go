package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// Hostile values every form must answer with a field error, never a 500
// or a lost form.
const (
	badUTF8 = "郡上\xffの町"
	withNUL = "郡上\x00の町"
	bidi    = "郡上\u202eの町"
)

// formCase is one bad submission of one form: the message beside the
// field names its label and the rule's bound, in both languages, the
// summary links to the field, and what was typed is still in the form.
type formCase struct {
	name   string
	who    string // a demo account, "" for a visitor
	path   string // where the form posts
	form   url.Values
	anchor string   // the id the summary links to
	ja, en string   // the message (or its start) beside the field
	kept   []string // what must still be in the form (HTML-unescaped)
}

func errformCases(t *testing.T, team, pick string) []formCase {
	long := strings.Repeat("字", 10000)
	entry := func(motivation, hours string) url.Values {
		return url.Values{"motivation": {motivation}, "contribution": {"写真が撮れます"}, "hours_per_week": {hours}, "questions": {""}}
	}
	checkIn := func(done, hours string) url.Values {
		return url.Values{"done": {done}, "next": {"ロゴ案を作ります"}, "blockers": {""}, "hours": {hours}}
	}
	signup := func(name string) url.Values {
		return url.Values{"display_name": {name}, "email": {"new@example.jp"}, "password": {"correct horse battery"}, "agree": {"1"}}
	}
	entryPath := "/projects/" + watercress + "/entry"
	return []formCase{
		{"sign-up name 10,000 characters", "", "/account/signup", signup(long), "display_name",
			"お名前は" + ui.Num(service.MaxDisplayRunes) + "文字以内で入力してください", "name can have at most " + ui.Num(service.MaxDisplayRunes) + " characters", []string{long}},
		{"sign-up name with NUL", "", "/account/signup", signup(withNUL), "display_name",
			"お名前に使用できない文字", "Name: remove the characters that cannot be used", []string{"郡上の町"}},
		{"entry motivation 10,000 characters", participant, entryPath + "/next", entry(long, ""), "motivation",
			"このプロジェクトに関わりたい理由は2,000文字以内で入力してください", "Why you want to join must be 2,000 characters or fewer", []string{long, "写真が撮れます"}},
		{"entry motivation invalid UTF-8", participant, entryPath + "/next", entry(badUTF8, ""), "motivation",
			"このプロジェクトに関わりたい理由に使用できない文字", "Why you want to join: remove the characters", []string{"郡上", "写真が撮れます"}},
		{"entry hours out of range", participant, entryPath + "/preview", entry("郡上の水が好きです", "100"), "hours_per_week",
			"1週間に関われる時間を1から40までの数字で入力してください", "hours you can give per week as a number from 1 to 40", []string{`value="100"`, "郡上の水が好きです"}},
		{"profile bio NUL", participant, "/account/profile", url.Values{"display_name": {"参加者 デモ"}, "occupation": {"デザイナー"}, "bio": {withNUL}}, "bio",
			"自己紹介に使用できない文字", "About you: remove the characters", []string{"郡上の町", `value="デザイナー"`}},
		{"profile occupation 10,000 characters", participant, "/account/profile", url.Values{"display_name": {"参加者 デモ"}, "occupation": {long}}, "occupation",
			"職業は50文字以内で入力してください", "Occupation", []string{long}},
		{"token name 10,000 characters", participant, "/account/tokens", url.Values{"name": {long}, "expires_days": {"90"}}, "token-name",
			"名前は100文字以内で入力してください", "name can be at most 100 characters", []string{long}},
		{"site page title empty", "admin@demo.furusato.example", "/admin/pages/terms", pageForm("1", "", "本文です。"), "title_ja",
			"題名（日本語）を入力してください", "Title (Japanese): please fill this in", []string{"本文です。"}},
		{"site page body 10,000 characters", "admin@demo.furusato.example", "/admin/pages/terms", pageForm("1", "利用規約", strings.Repeat("規", furusato.MaxPageBody+1)), "body_ja",
			"本文（日本語）は" + ui.Num(furusato.MaxPageBody) + "文字以内で入力してください", "use at most " + ui.Num(furusato.MaxPageBody) + " characters", []string{"利用規約"}},
		{"site page body bidi override", "admin@demo.furusato.example", "/admin/pages/terms", pageForm("1", "利用規約", bidi), "body_ja",
			"本文（日本語）に使用できない文字", "remove the characters that cannot be used", []string{"利用規約"}},
		{"organisation name 10,000 characters", "admin@demo.furusato.example", "/admin/organizations", url.Values{"slug": {"gujo-npo"}, "name": {long}, "kind": {"coordinator"}}, "name",
			"団体名は" + ui.Num(furusato.MaxOrgName) + "文字以内で入力してください", "Name: use at most " + ui.Num(furusato.MaxOrgName) + " characters", []string{long}},
		{"company city 10,000 characters", gifuCoordinator, "/admin/companies", url.Values{"name": {"郡上の工房"}, "prefecture": {"21"}, "city": {long}}, "city",
			"市区町村は" + ui.Num(furusato.MaxCity) + "文字以内で入力してください", "City or town: use at most " + ui.Num(furusato.MaxCity) + " characters", []string{long, "郡上の工房"}},
		{"company name NUL", gifuCoordinator, "/admin/companies", url.Values{"name": {withNUL}, "prefecture": {"21"}, "industry": {"農業"}}, "name",
			"企業名に使用できない文字", "Company: remove the characters", []string{"郡上の町", `value="農業"`}},
		{"team message 10,000 characters", participant, team + "/messages", url.Values{"body": {long}}, "message-body",
			"メッセージは" + ui.Num(furusato.MaxMessage) + "文字以内で入力してください", ui.Num(furusato.MaxMessage) + " characters", []string{long}},
		{"team message invalid UTF-8", participant, team + "/messages", url.Values{"body": {badUTF8}}, "message-body",
			"メッセージに使用できない文字", "Message: remove the characters", []string{"郡上"}},
		{"check-in hours out of range", participant, team + "/checkins", checkIn("畑を見学しました", "1000"), "checkin-hours",
			"前回の報告から使った時間は0〜400時間の範囲で、数字で入力してください", "Hours since your last check-in: enter a number from 0 to 400 hours", []string{"畑を見学しました", `value="1000"`}},
		{"check-in done 10,000 characters", participant, team + "/checkins", checkIn(long, "6"), "checkin-done",
			"前回からやったことは2,000文字以内で入力してください", "What you did since the last one: use at most 2,000 characters", []string{long}},
		{"check-in done NUL", participant, team + "/checkins", checkIn(withNUL, "6"), "checkin-done",
			"前回からやったことに使用できない文字", "What you did since the last one: remove the characters", []string{"郡上の町"}},
		{"notification preferences unknown kind", participant, "/account/notifications", url.Values{"email": {"entry.stage", "lottery"}}, "pref-0",
			"メールで受け取るお知らせは、次から選んでください：", "Send by e-mail: choose one of:", []string{`value="entry.stage" checked`}},
		{"check-in done bidi override", participant, team + "/checkins", checkIn(bidi, "6"), "checkin-done",
			"前回からやったことに使用できない文字", "What you did since the last one: remove the characters", []string{"郡上\u202eの町"}},
		{"interview pick not a time", participant, pick, url.Values{"slot": {"郡上"}}, pickAnchor(pick),
			"面談の日時は、次から選んでください：2026年11月24日(火) 14:00〜15:00", "Interview time: choose one of:", nil},
	}
}

// TestErrForms_EveryFormNamesFieldAndRule walks the forms with bad input,
// in Japanese and in English.
func TestErrForms_EveryFormNamesFieldAndRule(t *testing.T) {
	s, srv := newEntriesSite(t)
	_, team := matchedTeam(t, s, srv)
	for _, c := range errformCases(t, team, pickWithPastFirst(t, s)) {
		for _, lang := range []string{"ja", "en"} {
			t.Run(c.name+" "+lang, func(t *testing.T) {
				b := s.browser(t, srv.Server)
				if c.who != "" {
					b = s.manageSignIn(t, srv, c.who)
				}
				want := c.ja
				if lang == "en" {
					want = c.en
					inEnglish(t, b)
				}
				res, body := b.post(c.path, c.form)
				if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 400 or 422\n%s", res.StatusCode, snippet(body))
				}
				body = html.UnescapeString(body)
				summary := between(body, `class="error-summary"`, "</div>")
				if !strings.Contains(summary, `href="#`+c.anchor+`"`) {
					t.Errorf("the summary does not link to #%s:\n%s", c.anchor, summary)
				}
				if !strings.Contains(body, `id="`+c.anchor+`"`) {
					t.Errorf("the summary links to #%s, which is not on the page", c.anchor)
				}
				if !strings.Contains(strings.ToLower(summary), strings.ToLower(want)) {
					t.Errorf("the summary lacks %q:\n%s", want, summary)
				}
				if n := strings.Count(strings.ToLower(body), strings.ToLower(want)); n < 2 {
					t.Errorf("%q is not both in the summary and beside the field (%d)", want, n)
				}
				for _, k := range c.kept {
					if !strings.Contains(body, k) {
						t.Errorf("what was typed is lost: %.40q", k)
					}
				}
			})
		}
	}
}

// inEnglish switches b's pages to English.
func inEnglish(t *testing.T, b *browser) {
	t.Helper()
	res, _ := b.get("/?lang=en")
	if res.StatusCode == http.StatusSeeOther {
		b.get(res.Header.Get("Location"))
	}
	if _, body := b.get("/"); !strings.Contains(body, `lang="en"`) {
		t.Fatal("the page is not in English")
	}
}
