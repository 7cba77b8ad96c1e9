package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

func TestComposeNotice_EveryEventInEveryLanguage(t *testing.T) {
	for _, lang := range Langs {
		for _, kind := range furusato.NoticeKinds {
			ev := string(kind)
			m, err := ComposeNotice(lang, "a@example.jp", NoticeData{
				Event: ev, Name: "山田 花子", URL: "https://furusato.example.jp/me/entries/1",
				Settings: "https://furusato.example.jp/account/notifications",
				Params:   map[string]string{"project": "岐阜のクレソン", "participant": "田中", "stage": "screening", "message": "よろしく\nお願いします", "when": "2026年12月1日(火) 14:00〜15:00"},
			})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, ev, err)
			}
			if !strings.Contains(m.Subject, "岐阜のクレソン") || strings.Contains(m.Text, "<no value>") || strings.Contains(m.HTML, "<no value>") {
				t.Errorf("%s %s: subject %q text %q", lang, ev, m.Subject, m.Text)
			}
			if !strings.Contains(m.Text, "https://furusato.example.jp/me/entries/1") || !strings.Contains(m.HTML, "よろしく\nお願いします") {
				t.Errorf("%s %s: link or message missing:\n%s", lang, ev, m.Text)
			}
		}
	}
	m, _ := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "entry.stage", URL: "https://x.example/", Params: map[string]string{"stage": "offered"}})
	if !strings.Contains(m.Text, "「オファー中」") {
		t.Errorf("stage not in words: %s", m.Text)
	}
	// Stage names and system reasons come from the catalogue the pages use.
	m, _ = ComposeNotice("en", "a@example.jp", NoticeData{Event: "entry.stage", URL: "https://x.example/", Params: map[string]string{"stage": "matched"}})
	if !strings.Contains(m.Text, "Matched") {
		t.Errorf("en stage not in words: %s", m.Text)
	}
	m, _ = ComposeNotice("ja", "a@example.jp", NoticeData{Event: "entry.stage", URL: "https://x.example/", Params: map[string]string{"stage": "withdrawn", "reason": "entry.reason.account_deleted"}})
	if !strings.Contains(m.Text, "参加者が退会したため") {
		t.Errorf("system reason not in words: %s", m.Text)
	}
	if _, err := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "nope"}); err == nil {
		t.Error("unknown event composed")
	}
	if m, _ := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "interview.confirmed", URL: "https://x.example/", Calendar: "BEGIN:VCALENDAR"}); m.Calendar != "BEGIN:VCALENDAR" {
		t.Error("calendar not attached")
	}
}

func TestComposeDigest_ListsMessagesAndEscapesHTML(t *testing.T) {
	var ms []DigestMessage
	for i := 0; i < 25; i++ {
		ms = append(ms, DigestMessage{Author: "田中", At: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), Body: "<script>alert(1)</script>"})
	}
	m, err := ComposeDigest("ja", "a@example.jp", DigestData{Project: "岐阜のクレソン", URL: "https://x.example/me/entries/1", Messages: ms})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Subject, "25件") || !strings.Contains(m.Text, "ほかに5件") || !strings.Contains(m.Text, "2026年11月24日(火) 10:00") || !strings.Contains(m.Text, "時刻はすべて日本時間です") {
		t.Errorf("digest: %s\n%s", m.Subject, m.Text)
	}
	if strings.Contains(m.HTML, "<script>") {
		t.Error("message body not escaped in HTML")
	}
	if _, err := ComposeDigest("ja", "a@example.jp", DigestData{}); err == nil {
		t.Error("empty digest composed")
	}
}

// The reason of entry.closed is a code: each is worded in each language,
// and the code itself never reaches the reader.
func TestComposeNotice_EntryClosedWordsItsReason(t *testing.T) {
	cases := []struct {
		reason, stage string
		ja, en        [2]string // subject, text
	}{
		{"filled", "declined", [2]string{"選考結果のお知らせ", "募集人数に達したため、次のプロジェクトの募集を終了しました。今回のエントリーは見送り"}, [2]string{"The result of your entry", "every place of the project below has been filled, so your entry has not been successful"}},
		{"deadline", "declined", [2]string{"エントリーの受付が終了しました", "募集を終了しました。そのため、今回のエントリーはここで終了"}, [2]string{"Entries have closed", "no longer takes entries, so your entry ends here"}},
		{"cancelled", "declined", [2]string{"プロジェクトが中止になりました", "中止になりました。そのため"}, [2]string{"The project has been cancelled", "has been cancelled, so your entry ends here"}},
		{"cancelled", "matched", [2]string{"プロジェクトが中止になりました", "参画が決まっていた"}, [2]string{"The project has been cancelled", "which you had joined"}},
		{"completed", "declined", [2]string{"プロジェクトが完了しました", "完了しました。そのため"}, [2]string{"The project has been completed", "has been completed, so your entry"}},
	}
	for _, c := range cases {
		for lang, want := range map[string][2]string{"ja": c.ja, "en": c.en} {
			m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: "entry.closed", URL: "https://x.example/me/entries/1",
				Params: map[string]string{"project": "岐阜のクレソン", "reason": c.reason, "stage": c.stage, "message": "資金の都合で中止します"}})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Subject, want[0]) || !strings.Contains(m.Text, want[1]) || !strings.Contains(m.HTML, want[1]) {
				t.Errorf("%s %s/%s: subject %q\n%s", lang, c.reason, c.stage, m.Subject, m.Text)
			}
			for _, body := range []string{m.Text, m.HTML} {
				if strings.Contains(body, ": "+c.reason) || strings.Contains(body, "："+c.reason) || !strings.Contains(body, "資金の都合で中止します") {
					t.Errorf("%s %s: the code shows or the message is missing:\n%s", lang, c.reason, body)
				}
			}
		}
	}
}

// A reason the system records as a catalogue key is written in words.
func TestComposeNotice_SystemReasonInWords(t *testing.T) {
	for lang, want := range map[string]string{"ja": "参加者が退会したため", "en": "the participant deleted their account"} {
		m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: "entry.stage", URL: "https://x.example/",
			Params: map[string]string{"stage": "withdrawn", "reason": "entry.reason.account_deleted", "project": "岐阜のクレソン"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) || strings.Contains(m.Text, "entry.reason") {
			t.Errorf("%s: %s", lang, m.Text)
		}
	}
}
