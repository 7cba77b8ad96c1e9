package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/furusato/furusato/internal/mail"
)

func clearSMTPEnv(t *testing.T) {
	t.Helper()
	clearEnv(t)
	t.Setenv("FURUSATO_SMTP_PASSWORD_FILE", "")
	os.Unsetenv("FURUSATO_SMTP_PASSWORD_FILE")
}

func TestParseConfig_NoSMTPHostMeansNoSMTP(t *testing.T) {
	clearSMTPEnv(t)
	c, err := parseConfig("serve", []string{"--smtp-username", "u"})
	if err != nil || c.SMTP != nil {
		t.Errorf("SMTP = %+v, %v; want nil", c.SMTP, err)
	}
}

func TestParseConfig_SMTPFromEnv(t *testing.T) {
	clearSMTPEnv(t)
	for k, v := range map[string]string{
		"FURUSATO_BASE_URL":      "https://furusato.example.jp",
		"FURUSATO_SMTP_HOST":     "smtp.example.jp",
		"FURUSATO_SMTP_PORT":     "465",
		"FURUSATO_SMTP_USERNAME": "furusato",
		"FURUSATO_SMTP_PASSWORD": "s3cret",
		"FURUSATO_SMTP_TLS":      "TLS",
		"FURUSATO_MAIL_FROM":     "ふるさと兼業 事務局 <info@example.jp>",
	} {
		t.Setenv(k, v)
	}
	c, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := mail.SMTPConfig{Host: "smtp.example.jp", Port: 465, Username: "furusato", Password: "s3cret", TLS: "tls",
		From: "ふるさと兼業 事務局 <info@example.jp>", Timeout: c.SMTP.Timeout}
	if c.SMTP == nil || *c.SMTP != want {
		t.Errorf("SMTP = %+v, want %+v", c.SMTP, want)
	}
}

func TestParseConfig_SMTPFlagsAndDefaults(t *testing.T) {
	clearSMTPEnv(t)
	t.Setenv("FURUSATO_SMTP_HOST", "ignored.example.jp")
	c, err := parseConfig("serve", []string{"--smtp-host", "127.0.0.1", "--base-url", "https://furusato.example.jp"})
	if err != nil {
		t.Fatal(err)
	}
	s := c.SMTP
	if s == nil || s.Host != "127.0.0.1" || s.Port != 587 || s.TLS != "starttls" || s.Username != "" ||
		s.From != "ふるさと兼業 <noreply@furusato.example.jp>" {
		t.Errorf("SMTP = %+v", s)
	}
	c, err = parseConfig("serve", []string{"--smtp-host", "localhost", "--smtp-port", "25", "--smtp-tls", "none", "--mail-from", "noreply@example.jp"})
	if err != nil || c.SMTP.Port != 25 || c.SMTP.TLS != "none" || c.SMTP.From != "noreply@example.jp" {
		t.Errorf("SMTP = %+v, %v", c.SMTP, err)
	}
}

func TestParseConfig_SMTPPasswordFile(t *testing.T) {
	clearSMTPEnv(t)
	file := filepath.Join(t.TempDir(), "smtp-password")
	if err := os.WriteFile(file, []byte("from a file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FURUSATO_SMTP_HOST", "smtp.example.jp")
	t.Setenv("FURUSATO_SMTP_PASSWORD_FILE", file)
	c, err := parseConfig("serve", nil)
	if err != nil || c.SMTP.Password != "from a file" {
		t.Fatalf("password = %q, %v", c.SMTP.Password, err)
	}
	// Both at once is ambiguous.
	t.Setenv("FURUSATO_SMTP_PASSWORD", "another")
	if _, err := parseConfig("serve", nil); err == nil || !strings.Contains(err.Error(), "smtp-password") {
		t.Errorf("password and file: err = %v", err)
	}
	t.Setenv("FURUSATO_SMTP_PASSWORD", "")
	t.Setenv("FURUSATO_SMTP_PASSWORD_FILE", filepath.Join(t.TempDir(), "missing"))
	if _, err := parseConfig("serve", nil); err == nil {
		t.Error("missing password file: no error")
	}
}

func TestParseConfig_SMTPRejectsBadSettings(t *testing.T) {
	for _, args := range [][]string{
		{"--smtp-host", "smtp.example.jp", "--smtp-port", "abc"},
		{"--smtp-host", "smtp.example.jp", "--smtp-port", "70000"},
		{"--smtp-host", "smtp.example.jp", "--smtp-tls", "ssl3"},
		{"--smtp-host", "smtp.example.jp", "--mail-from", "not an address"},
	} {
		clearSMTPEnv(t)
		if _, err := parseConfig("serve", args); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
