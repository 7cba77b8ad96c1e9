package mail

import (
	"strings"
	"testing"
	"time"
)

func TestComposeNotice_EveryEventInEveryLanguage(t *testing.T) {
	for _, lang := range Langs {
		for _, ev := range noticeEvents {
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
	if !strings.Contains(m.Subject, "25件") || !strings.Contains(m.Text, "ほかに5件") || !strings.Contains(m.Text, "2026年11月24日(火) 10:00（日本時間）") {
		t.Errorf("digest: %s\n%s", m.Subject, m.Text)
	}
	if strings.Contains(m.HTML, "<script>") {
		t.Error("message body not escaped in HTML")
	}
	if _, err := ComposeDigest("ja", "a@example.jp", DigestData{}); err == nil {
		t.Error("empty digest composed")
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
