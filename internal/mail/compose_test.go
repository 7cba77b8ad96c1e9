package mail_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/mail"
)

// expires is 2026-11-24 14:00 in Japan (a Tuesday).
var expires = time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC)

func data() mail.Data {
	return mail.Data{
		Name:     "山田 花子",
		URL:      "https://furusato.example.jp/account/verify?token=abc&x=1",
		Expires:  expires,
		Inviter:  "佐藤 一郎",
		Target:   "飛騨ふるさと協議会",
		Role:     "コーディネーター",
		NewEmail: "hanako.new@example.jp",
	}
}

func TestCompose_EveryKindAndLanguage(t *testing.T) {
	for _, lang := range []string{"ja", "en", ""} {
		for _, k := range mail.Kinds {
			t.Run(string(k)+"/"+lang, func(t *testing.T) {
				d := data()
				m, err := mail.Compose(k, lang, "hanako@example.jp", d)
				if err != nil {
					t.Fatal(err)
				}
				if m.Kind != k || m.To != "hanako@example.jp" {
					t.Errorf("kind, to = %s, %s", m.Kind, m.To)
				}
				if strings.TrimSpace(m.Subject) == "" || strings.ContainsAny(m.Subject, "\r\n") {
					t.Errorf("subject = %q", m.Subject)
				}
				if !strings.Contains(m.Text, d.URL) {
					t.Errorf("text lacks the URL:\n%s", m.Text)
				}
				// In HTML the & of the query is escaped, as it must be.
				if !strings.Contains(m.HTML, `href="https://furusato.example.jp/account/verify?token=abc&amp;x=1"`) {
					t.Errorf("html lacks the link:\n%s", m.HTML)
				}
				for _, part := range []string{m.Subject, m.Text, strings.Replace(m.HTML, "<!DOCTYPE html>", "", 1)} {
					if i := strings.IndexAny(part, "！!"); i >= 0 {
						t.Errorf("exclamation mark in %q", part[max(0, i-40):])
					}
					if strings.Contains(part, "<no value>") {
						t.Errorf("missing data in %q", part)
					}
				}
				if !regexp.MustCompile(`^<[0-9a-f]{32}@furusato\.example\.jp>$`).MatchString(m.MessageID) {
					t.Errorf("message id = %q", m.MessageID)
				}
				switch {
				case k == mail.KindEmailChanged: // nothing expires; the new address is checked below
				case lang != "en":
					want := "2026年11月24日(火) 14:00（日本時間）"
					if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
						t.Errorf("expiry %q missing:\n%s", want, m.Text)
					}
					if !strings.Contains(m.Text, "山田 花子 様") || !strings.Contains(m.Subject, "ふるさと兼業") {
						t.Errorf("greeting or subject: %q\n%s", m.Subject, m.Text)
					}
				default:
					want := "Tue, 24 Nov 2026 14:00 (Japan time)"
					if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
						t.Errorf("expiry %q missing:\n%s", want, m.Text)
					}
				}
				if (k == mail.KindEmailChangeRequested || k == mail.KindEmailChanged) && (!strings.Contains(m.Text, d.NewEmail) || !strings.Contains(m.HTML, d.NewEmail)) {
					t.Errorf("%s does not name the new address:\n%s", k, m.Text)
				}
				if k == mail.KindInvitation && (!strings.Contains(m.Text, d.Target) || !strings.Contains(m.Subject, d.Target) || !strings.Contains(m.Text, d.Role) || !strings.Contains(m.Text, d.Inviter)) {
					t.Errorf("invitation lacks who, what or role: %q\n%s", m.Subject, m.Text)
				}
			})
		}
	}
}

func TestCompose_EscapesUserDataInHTML(t *testing.T) {
	d := data()
	d.Name = `<script>alert("x")</script>`
	d.Target = `<b>Org</b>`
	m, err := mail.Compose(mail.KindInvitation, "ja", "a@example.jp", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>Org") {
		t.Errorf("user data not escaped:\n%s", m.HTML)
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;") {
		t.Errorf("escaped name missing:\n%s", m.HTML)
	}
	// The plain text part shows it as typed.
	if !strings.Contains(m.Text, `<script>alert("x")</script> 様`) {
		t.Errorf("text:\n%s", m.Text)
	}
}

func TestCompose_NewlinesInDataDoNotReachTheSubject(t *testing.T) {
	d := data()
	d.Target = "協議会\r\nBcc: evil@example.com"
	m, err := mail.Compose(mail.KindInvitation, "en", "a@example.jp", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject = %q", m.Subject)
	}
}

func TestCompose_WithoutNameOrExpiry(t *testing.T) {
	m, err := mail.Compose(mail.KindAccountExists, "ja", "a@example.jp", mail.Data{URL: "https://x.example.jp/reset"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Text, "有効です") || !strings.HasPrefix(m.Text, "ふるさと兼業をご利用の方へ") {
		t.Errorf("text:\n%s", m.Text)
	}
}

func TestCompose_MessageIDsDiffer(t *testing.T) {
	a, _ := mail.Compose(mail.KindAccountExists, "ja", "a@example.jp", mail.Data{})
	b, _ := mail.Compose(mail.KindAccountExists, "ja", "a@example.jp", mail.Data{})
	if a.MessageID == b.MessageID || !strings.HasSuffix(a.MessageID, "@furusato>") {
		t.Errorf("message ids %q, %q", a.MessageID, b.MessageID)
	}
}

func TestCompose_UnknownKindLanguageOrRecipient(t *testing.T) {
	if _, err := mail.Compose("welcome", "ja", "a@example.jp", data()); err == nil {
		t.Error("unknown kind: no error")
	}
	if _, err := mail.Compose(mail.KindVerifyEmail, "fr", "a@example.jp", data()); err == nil {
		t.Error("unknown language: no error")
	}
	if _, err := mail.Compose(mail.KindVerifyEmail, "ja", " ", data()); err == nil {
		t.Error("no recipient: no error")
	}
	if _, err := mail.Compose(mail.KindVerifyEmail, "ja", "a@example.jp", mail.Data{URL: "https://x.example.jp/v"}); err == nil {
		t.Error("no expiry: no error")
	}
}
