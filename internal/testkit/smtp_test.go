package testkit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/testkit"
)

func TestSMTP_CapturesAJapaneseMessage(t *testing.T) {
	srv := testkit.StartSMTP(t)
	host, port := srv.Addr()
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, From: "ふるさと兼業 <noreply@example.jp>"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.Compose(mail.KindResetPassword, "ja", "hanako@example.jp", mail.Data{
		Name: "山田 花子", URL: "https://furusato.example.jp/account/password/reset?token=abc",
		Expires: time.Date(2026, 11, 24, 5, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	if got.From != "noreply@example.jp" || len(got.To) != 1 || got.To[0] != "hanako@example.jp" {
		t.Errorf("envelope %q → %q", got.From, got.To)
	}
	if got.Subject != m.Subject {
		t.Errorf("subject = %q, want %q", got.Subject, m.Subject)
	}
	if got.MessageID != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", got.MessageID, m.MessageID)
	}
	if !strings.Contains(got.Text, m.Text[:40]) || !strings.Contains(got.Text, "https://furusato.example.jp/account/password/reset?token=abc") {
		t.Errorf("text part:\n%s", got.Text)
	}
	if !strings.Contains(got.HTML, "パスワードを再設定する") {
		t.Errorf("html part:\n%s", got.HTML)
	}
	if got.Header.Get("Date") == "" {
		t.Error("no Date header")
	}
	// The headers are 7-bit: Japanese travels as encoded words.
	head, _, _ := strings.Cut(string(got.Data), "\r\n\r\n")
	for _, r := range head {
		if r > 127 {
			t.Fatalf("raw header has non-ASCII:\n%s", head)
		}
	}
	if !strings.Contains(got.Header.Get("From"), "noreply@example.jp") || !strings.Contains(strings.ToUpper(got.Header.Get("From")), "=?UTF-8?") {
		t.Errorf("From = %q", got.Header.Get("From"))
	}
}

func TestSMTP_WaitForCountsEveryMessage(t *testing.T) {
	srv := testkit.StartSMTP(t)
	host, port := srv.Addr()
	sender, err := mail.NewSMTPSender(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, From: "noreply@example.jp"})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		m, _ := mail.Compose(mail.KindAccountExists, "en", "a@example.jp", mail.Data{URL: "https://x.example.jp/reset"})
		if err := sender.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.WaitFor(t, 2, 5*time.Second); len(got) != 2 || got[0].MessageID == got[1].MessageID {
		t.Errorf("got %d messages", len(got))
	}
}
