package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Every mail, in every language and both parts, signs off with the site's
// contact page (people cannot reply to the sending address) and says that
// replies are not read.
func TestSignature_EveryMailLinksTheContactPage(t *testing.T) {
	const contact = "https://furusato.example.jp/pages/contact"
	noReply := map[string]string{"ja": "送信専用のアドレス", "en": "does not receive replies"}
	for _, lang := range Langs {
		var all []*Message
		for _, k := range Kinds {
			m, err := Compose(k, lang, "a@example.jp", Data{Name: "山田 花子", URL: "https://furusato.example.jp/account/verify?token=abc",
				Expires: time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC), Inviter: "佐藤", Target: "協議会", Role: "coordinator", NewEmail: "b@example.jp"})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, k, err)
			}
			all = append(all, m)
		}
		for _, kind := range furusato.NoticeKinds {
			m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: string(kind), URL: "https://furusato.example.jp/me/entries/1",
				Settings: "https://furusato.example.jp/account/notifications", Params: map[string]string{"project": "岐阜のクレソン", "stage": "screening"}})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, kind, err)
			}
			all = append(all, m)
		}
		m, err := ComposeDigest(lang, "a@example.jp", DigestData{Project: "岐阜のクレソン", URL: "https://furusato.example.jp/me/entries/1",
			Messages: []DigestMessage{{Author: "田中", At: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), Body: "よろしく"}}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
		for _, m := range all {
			if !strings.Contains(m.Text, "\n"+contact+"\n") || !strings.Contains(m.HTML, `<a href="`+contact+`"`) {
				t.Errorf("%s %s: no link to the contact page:\n%s", lang, m.Kind, m.Text)
			}
			if !strings.Contains(m.Text, noReply[lang]) || !strings.Contains(m.HTML, noReply[lang]) {
				t.Errorf("%s %s: no no-reply note", lang, m.Kind)
			}
			// The old line sent people to the thread instead.
			for _, old := range []string{"メッセージから担当のコーディネーター", "ask your coordinator through the messages"} {
				if strings.Contains(m.Text, old) || strings.Contains(m.HTML, old) {
					t.Errorf("%s %s: old contact line", lang, m.Kind)
				}
			}
		}
	}
	// Without a site address there is no half link.
	m, err := ComposeNotice("ja", "a@example.jp", NoticeData{Event: "message.new", URL: "/me/entries/1", Params: map[string]string{"project": "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Text, "pages/contact") || strings.Contains(m.HTML, "pages/contact") {
		t.Errorf("a contact link without the site:\n%s", m.Text)
	}
}

// The operator's contact, when configured, stands beside the contact page
// link in every mail's signature, in both parts and both languages.
func TestSignature_ShowsTheConfiguredContact(t *testing.T) {
	c := furusato.Contact{Email: "info@furusato.example.jp", URL: "https://forms.example.jp/furusato"}
	for _, lang := range Langs {
		var all []*Message
		for _, k := range Kinds {
			m, err := Compose(k, lang, "a@example.jp", Data{URL: "https://furusato.example.jp/account/verify?token=abc",
				Expires: time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC), Inviter: "佐藤", Target: "協議会", Role: "coordinator", Contact: c})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, k, err)
			}
			all = append(all, m)
		}
		m, err := ComposeNotice(lang, "a@example.jp", NoticeData{Event: "message.new", URL: "https://furusato.example.jp/me/entries/1",
			Params: map[string]string{"project": "岐阜のクレソン"}, Contact: c})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
		m, err = ComposeDigest(lang, "a@example.jp", DigestData{Project: "岐阜のクレソン", URL: "https://furusato.example.jp/me/entries/1",
			Messages: []DigestMessage{{Author: "田中", At: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC), Body: "よろしく"}}, Contact: c})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
		for _, m := range all {
			if !strings.Contains(m.Text, c.Email+"\n") || !strings.Contains(m.Text, c.URL+"\n") {
				t.Errorf("%s %s: text lacks the contact:\n%s", lang, m.Kind, m.Text)
			}
			if !strings.Contains(m.HTML, `<a href="mailto:`+c.Email+`"`) || !strings.Contains(m.HTML, `<a href="`+c.URL+`"`) {
				t.Errorf("%s %s: HTML lacks the contact", lang, m.Kind)
			}
		}
	}
	// Absent: no line for it.
	m, _ := Compose(KindVerifyEmail, "ja", "a@example.jp", Data{URL: "https://furusato.example.jp/x", Expires: time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC)})
	if strings.Contains(m.Text, "mailto:") || strings.Contains(m.HTML, "mailto:") || strings.Contains(m.Text, "フォーム") {
		t.Errorf("a contact line without a contact:\n%s", m.Text)
	}
}
