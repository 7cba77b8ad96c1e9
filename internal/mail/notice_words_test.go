package mail

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// noticeReasons are every reason a notice can carry: the codes of
// entry.closed, the catalogue keys the system records, a reason a person
// typed, and none.
var noticeReasons = []string{"", "filled", "deadline", "closed", "cancelled", "completed",
	furusato.ReasonFilled, furusato.ReasonProjectCancelled, furusato.ReasonProjectCompleted,
	furusato.ReasonAccountDeleted, furusato.ReasonProjectStarted, "typed"}

var noticeStages = []string{"submitted", "screening", "interview", "offered", "matched", "declined", "withdrawn"}

var (
	urlRE   = regexp.MustCompile(`https?://[^\s"<>）)]+`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	lowerRE = regexp.MustCompile(`[a-z]{2,}`)
	// codeRE finds codes in English: dotted or underscored identifiers,
	// and a label followed by nothing but one lower-case token.
	codeRE = regexp.MustCompile(`\b[a-z]+[._][a-z_.]+\b|(?m):\s*[a-z]+\s*$|\{\{|<no value>|error\.`)
	jaRE   = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}【】「」。、]`)
)

// readable is what a reader sees of a part: tags and URLs taken out.
func readable(s string) string {
	s = tagRE.ReplaceAllString(s, " ")
	s = strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
	return urlRE.ReplaceAllString(s, " ")
}

// TestComposeNotice_NoBareCodeInAnyKindReasonOrLanguage renders every kind
// for every reason, stage and recipient in both languages and fails on a
// code that would reach a person (「理由：filled」), on English in the
// Japanese mail and on Japanese in the English one.
func TestComposeNotice_NoBareCodeInAnyKindReasonOrLanguage(t *testing.T) {
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) // 9:00 JST
	slots := furusato.SlotsParam([2]time.Time{start, start.Add(time.Hour)}, [2]time.Time{start.Add(48 * time.Hour), start.Add(49 * time.Hour)})
	names := map[string][3]string{ // project, participant, typed reason
		"ja": {"岐阜のクレソン", "田中 一郎", "担当者の都合により中止します"},
		"en": {"Watercress farm", "Jane Doe", "The host is unavailable"},
	}
	n := 0
	for _, lang := range Langs {
		for _, kind := range furusato.NoticeKinds {
			stages := noticeStages[1:2] // the stage words only these kinds
			if kind == furusato.NoticeStageChanged || kind == furusato.NoticeEntriesClosed {
				stages = noticeStages
			}
			for _, reason := range noticeReasons {
				for _, stage := range stages {
					for _, host := range []string{"", "1"} {
						for _, online := range []string{"", "1"} {
							r := reason
							if r == "typed" {
								r = names[lang][2]
							}
							p := map[string]string{"project": names[lang][0], "participant": names[lang][1], "stage": stage, "reason": r,
								furusato.ParamSlots: slots, furusato.ParamDeadline: "2026-12-24", furusato.ParamHost: host, "online": online,
								"place": "https://meet.example.com/abc", "count": "2", "slots": "2", "reply_days": "7"}
							m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: string(kind), Name: names[lang][1],
								URL: "https://furusato.example.jp/me/entries/1", Settings: "https://furusato.example.jp/account/notifications",
								Unsubscribe: "https://furusato.example.jp/mail/unsubscribe/x.y", Params: p})
							if err != nil {
								t.Fatalf("%s %s: %v", lang, kind, err)
							}
							n++
							what := fmt.Sprintf("%s %s reason=%q stage=%s host=%s online=%s", lang, kind, reason, stage, host, online)
							checkReadable(t, what, lang, m)
						}
					}
				}
			}
		}
	}
	t.Logf("%d notice mails checked", n)
}

func checkReadable(t *testing.T, what, lang string, m *Message) {
	t.Helper()
	for part, s := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML} {
		s = readable(s)
		if lang == "ja" {
			if w := lowerRE.FindString(s); w != "" {
				t.Errorf("%s: %s has the English code %q:\n%s", what, part, w, s)
				return
			}
		} else if w := jaRE.FindString(s); w != "" {
			t.Errorf("%s: %s has Japanese %q:\n%s", what, part, w, s)
			return
		}
		if w := codeRE.FindString(s); w != "" {
			t.Errorf("%s: %s has the code %q:\n%s", what, part, w, s)
			return
		}
	}
}

// Digests read the same way in both languages.
func TestComposeDigest_NoBareCode(t *testing.T) {
	for _, lang := range Langs {
		for _, team := range []bool{false, true} {
			d := DigestData{Name: "Jane", URL: "https://furusato.example.jp/me/entries/1", Settings: "https://furusato.example.jp/account/notifications",
				Unsubscribe: "https://furusato.example.jp/mail/unsubscribe/x.y", Project: "Watercress", Team: team,
				Messages: []DigestMessage{{Author: "Taro", At: time.Date(2026, 12, 1, 0, 5, 0, 0, time.UTC), Body: "Hello"}}, More: 1}
			if lang == "ja" {
				d.Name, d.Project, d.Messages[0].Author, d.Messages[0].Body = "花子", "クレソン", "太郎", "よろしく"
			}
			m, err := ComposeDigest(lang, "a@example.jp", d)
			if err != nil {
				t.Fatal(err)
			}
			checkReadable(t, fmt.Sprintf("digest %s team=%v", lang, team), lang, m)
			if !strings.Contains(m.Text, "9:05") || strings.Contains(m.Text, "09:05") {
				t.Errorf("digest %s: time not written 9:05:\n%s", lang, m.Text)
			}
		}
	}
}

// The mails people asked for carry what they need: the meeting link of an
// online interview, the time in the subject, the receipt's next steps, a
// hosts' match that does not congratulate them, and the unsubscribe link.
func TestComposeNotice_ReadsWell(t *testing.T) {
	start := time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC) // 14:00 JST
	p := map[string]string{"project": "岐阜のクレソン", "participant": "田中", "online": "1", "place": "https://meet.example.com/abc",
		furusato.ParamSlots: furusato.SlotsParam([2]time.Time{start, start.Add(time.Hour)})}
	for _, ev := range []string{"interview.proposed", "interview.confirmed", "interview.reminder"} {
		for lang, want := range map[string][]string{"ja": {"場所：オンライン（https://meet.example.com/abc）", "2026年12月1日(火) 14:00〜15:00"},
			"en": {"Where: online (https://meet.example.com/abc)", "Tue, 1 Dec 2026, 14:00–15:00"}} {
			m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: ev, URL: "https://x.example/me/entries/1", Params: p})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				if !strings.Contains(m.Text, w) || !strings.Contains(m.HTML, w) {
					t.Errorf("%s %s: no %q:\n%s", lang, ev, w, m.Text)
				}
			}
			if ev != "interview.proposed" && !strings.Contains(m.Subject, want[1]) {
				t.Errorf("%s %s: the subject %q does not carry the time", lang, ev, m.Subject)
			}
		}
	}
	m, _ := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "entry.received", URL: "https://x.example/me/entries/1",
		Unsubscribe: "https://x.example/mail/unsubscribe/t", Params: map[string]string{"project": "岐阜のクレソン", "reply_days": "7"}})
	for _, w := range []string{"エントリーを受け付けました", "このあとの流れ", "7日以内", "https://x.example/mail/unsubscribe/t", "https://x.example/"} {
		if !strings.Contains(m.Subject+m.Text, w) {
			t.Errorf("receipt: no %q:\n%s\n%s", w, m.Subject, m.Text)
		}
	}
	if m.ListUnsubscribe != "https://x.example/mail/unsubscribe/t" {
		t.Errorf("receipt: ListUnsubscribe %q", m.ListUnsubscribe)
	}
	host, _ := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "entry.matched", URL: "https://x.example/",
		Params: map[string]string{"project": "岐阜のクレソン", "participant": "田中", furusato.ParamHost: "1"}})
	if strings.Contains(host.Text, "おめでとう") || !strings.Contains(host.Subject, "田中さん") || !strings.Contains(host.Text, "参加者にご連絡ください") {
		t.Errorf("hosts' match:\n%s\n%s", host.Subject, host.Text)
	}
	own, _ := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "entry.matched", URL: "https://x.example/",
		Params: map[string]string{"project": "岐阜のクレソン", "participant": "田中"}})
	if !strings.Contains(own.Text, "おめでとうございます") {
		t.Errorf("participant's match:\n%s", own.Text)
	}
}
