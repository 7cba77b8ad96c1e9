package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
)

// defaultJobs is the background job settings when none is given.
var defaultJobs = jobs.Config{Workers: 10, RescueAfter: 5 * time.Minute, JobTimeout: time.Minute, PollInterval: time.Second}

// clearEnv unsets every FURUSATO_* setting for the test, so that the
// machine's environment cannot change the outcome; t.Setenv restores them.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, o := range options {
		t.Setenv(o.env, "")
		os.Unsetenv(o.env)
	}
}

func TestParseConfig_Defaults(t *testing.T) {
	clearEnv(t)
	c, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: "127.0.0.1:8080", DatabaseURL: "data/furusato.db", BaseURL: "http://127.0.0.1:8080",
		LogFormat: "text", LogLevel: "info", Jobs: defaultJobs, OutboxRetention: 30 * 24 * time.Hour,
		Warnings: furusato.DefaultWarningSettings, MemoryLimit: 144 << 20}
	c.proxies = nil
	if c != want {
		t.Errorf("defaults = %+v, want %+v", c, want)
	}
}

func TestParseConfig_EnvFallbacks(t *testing.T) {
	clearEnv(t)
	env := map[string]string{
		"FURUSATO_ADDR":             "0.0.0.0:9000",
		"FURUSATO_DATABASE_URL":     "postgres://u@db:5432/furusato?sslmode=disable",
		"FURUSATO_BASE_URL":         "https://furusato.example.jp/",
		"FURUSATO_TRUSTED_PROXIES":  "10.0.0.0/8, 192.0.2.1",
		"FURUSATO_DEMO":             "true",
		"FURUSATO_DEMO_PROJECTS":    "250",
		"FURUSATO_LOG_FORMAT":       "json",
		"FURUSATO_LOG_LEVEL":        "debug",
		"FURUSATO_JOB_WORKERS":      "4",
		"FURUSATO_JOB_RESCUE_AFTER": "10m",
		"FURUSATO_JOB_TIMEOUT":      "90s",
		"FURUSATO_JOB_POLL":         "500ms",
		"FURUSATO_OUTBOX_RETENTION": "7d",
		"FURUSATO_WARNINGS":         "silent-days=14, overdue-cadences=2",
		"FURUSATO_METRICS_ADDR":     "127.0.0.1:9090",
		"FURUSATO_METRICS_TOKEN":    "a-long-enough-metrics-token",
		"FURUSATO_MEMORY_LIMIT":     "1GiB",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	c, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: "0.0.0.0:9000", DatabaseURL: "postgres://u@db:5432/furusato?sslmode=disable",
		BaseURL: "https://furusato.example.jp", TrustedProxies: "10.0.0.0/8, 192.0.2.1", Demo: true,
		DemoProjects: 250, LogFormat: "json", LogLevel: "debug",
		Jobs:            jobs.Config{Workers: 4, RescueAfter: 10 * time.Minute, JobTimeout: 90 * time.Second, PollInterval: 500 * time.Millisecond},
		OutboxRetention: 7 * 24 * time.Hour, MetricsAddr: "127.0.0.1:9090", MetricsToken: "a-long-enough-metrics-token",
		Warnings:    furusato.WarningSettings{OverdueCadences: 2, LowHoursPercent: 50, LowHoursPeriods: 2, BlockerCheckIns: 2, SilentDays: 14, ConfirmDays: 7},
		MemoryLimit: 1 << 30}
	proxies := c.proxies
	c.proxies = nil
	if c != want {
		t.Errorf("from env = %+v, want %+v", c, want)
	}
	// The trusted proxies were parsed and are believed.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.1.2.3:443"
	r.Header.Set("X-Forwarded-For", "198.51.100.9")
	if ip := proxies.ClientIP(r); ip != "198.51.100.9" {
		t.Errorf("ClientIP behind a configured proxy = %q", ip)
	}
}

func TestParseConfig_DemoEnvValues(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "true": true, "TRUE": true, "0": false, "false": false, "": false} {
		clearEnv(t)
		t.Setenv("FURUSATO_DEMO", v)
		c, err := parseConfig("serve", nil)
		if err != nil {
			t.Errorf("FURUSATO_DEMO=%q: %v", v, err)
			continue
		}
		if c.Demo != want {
			t.Errorf("FURUSATO_DEMO=%q: Demo = %v, want %v", v, c.Demo, want)
		}
	}
}

func TestParseConfig_DemoFlagOverridesBadEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("FURUSATO_DEMO", "yes")
	c, err := parseConfig("serve", []string{"--demo"})
	if err != nil || !c.Demo {
		t.Errorf("--demo with FURUSATO_DEMO=yes: Demo %v, error %v", c.Demo, err)
	}
}

func TestParseConfig_FlagsOverrideEnv(t *testing.T) {
	clearEnv(t)
	t.Setenv("FURUSATO_ADDR", "0.0.0.0:9000")
	t.Setenv("FURUSATO_DATABASE_URL", "env.db")
	t.Setenv("FURUSATO_BASE_URL", "https://env.example.jp")
	t.Setenv("FURUSATO_TRUSTED_PROXIES", "this is not parsed when a flag overrides it")
	t.Setenv("FURUSATO_DEMO", "1")
	t.Setenv("FURUSATO_DEMO_PROJECTS", "-5")
	t.Setenv("FURUSATO_LOG_FORMAT", "xml")
	t.Setenv("FURUSATO_LOG_LEVEL", "debug")
	t.Setenv("FURUSATO_JOB_WORKERS", "0")
	c, err := parseConfig("serve", []string{
		"--addr", "127.0.0.1:0", "--database-url=flag.db", "--base-url", "https://flag.example.jp",
		"--trusted-proxies", "2001:db8::/32", "--demo=false", "--projects", "7",
		"--log-format", "json", "-log-level", "warn", "--job-workers", "2", "--outbox-retention", "0",
		"--warnings", "low-hours-percent=40,confirm-days=10", "--memory-limit", "0",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: "127.0.0.1:0", DatabaseURL: "flag.db", BaseURL: "https://flag.example.jp",
		TrustedProxies: "2001:db8::/32", DemoProjects: 7, LogFormat: "json", LogLevel: "warn",
		Jobs: jobs.Config{Workers: 2, RescueAfter: 5 * time.Minute, JobTimeout: time.Minute, PollInterval: time.Second}, OutboxRetention: 0,
		Warnings: furusato.WarningSettings{OverdueCadences: 1, LowHoursPercent: 40, LowHoursPeriods: 2, BlockerCheckIns: 2, SilentDays: 21, ConfirmDays: 10}}
	c.proxies = nil
	if c != want {
		t.Errorf("flags = %+v, want %+v", c, want)
	}
}

func TestParseConfig_Errors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // in the error
	}{
		{"base url without scheme", nil, []string{"--base-url", "furusato.example.jp"}, "base-url"},
		{"base url ftp", nil, []string{"--base-url", "ftp://furusato.example.jp"}, "base-url"},
		{"base url with path", nil, []string{"--base-url", "https://example.jp/furusato"}, "base-url"},
		{"base url with query", nil, []string{"--base-url", "https://example.jp?x=1"}, "base-url"},
		{"base url with user", nil, []string{"--base-url", "https://admin@example.jp"}, "base-url"},
		{"base url without host", nil, []string{"--base-url", "https://"}, "base-url"},
		{"base url from env", map[string]string{"FURUSATO_BASE_URL": "::bad"}, nil, "base-url"},
		{"base url with fragment", nil, []string{"--base-url", "https://example.jp#top"}, "base-url"},
		{"demo env not a bool", map[string]string{"FURUSATO_DEMO": "yes"}, nil, "FURUSATO_DEMO"},
		{"log format", nil, []string{"--log-format", "xml"}, "log-format"},
		{"log format from env", map[string]string{"FURUSATO_LOG_FORMAT": "logfmt"}, nil, "log-format"},
		{"log level", nil, []string{"--log-level", "loud"}, "log-level"},
		{"trusted proxies", nil, []string{"--trusted-proxies", "10.0.0.0/33"}, "trusted proxy"},
		{"trusted proxies from env", map[string]string{"FURUSATO_TRUSTED_PROXIES": "10.0.0.1, proxy.internal"}, nil, `"proxy.internal"`},
		{"negative projects", nil, []string{"--projects", "-1"}, "projects"},
		{"projects not a number", nil, []string{"--projects", "many"}, "projects"},
		{"projects with trailing junk", nil, []string{"--projects", "12abc"}, "projects"},
		{"projects from env", map[string]string{"FURUSATO_DEMO_PROJECTS": "-3"}, nil, "projects"},
		{"empty database url", nil, []string{"--database-url", ""}, "database-url"},
		{"extra argument", nil, []string{"now"}, `unexpected argument "now"`},
		{"no job workers", nil, []string{"--job-workers", "0"}, "job-workers"},
		{"job workers not a number", map[string]string{"FURUSATO_JOB_WORKERS": "many"}, nil, "job-workers"},
		{"job timeout not a duration", nil, []string{"--job-timeout", "60"}, "job-timeout"},
		{"job rescue not above the timeout", nil, []string{"--job-rescue-after", "1m"}, "job-rescue-after"},
		{"job poll too short", map[string]string{"FURUSATO_JOB_POLL": "1ms"}, nil, "job-poll"},
		{"unknown flag", nil, []string{"--port", "80"}, "port"},
		{"outbox retention not a period", nil, []string{"--outbox-retention", "a month"}, "outbox-retention"},
		{"outbox retention negative", map[string]string{"FURUSATO_OUTBOX_RETENTION": "-1d"}, nil, "outbox-retention"},
		{"outbox retention too short", nil, []string{"--outbox-retention", "5m"}, "outbox-retention"},
		{"warnings unknown name", nil, []string{"--warnings", "quiet-days=3"}, "warnings"},
		{"warnings not a number", map[string]string{"FURUSATO_WARNINGS": "silent-days=three"}, nil, "warnings"},
		{"warnings out of range", nil, []string{"--warnings", "low-hours-percent=0"}, "warnings"},
		{"metrics addr without port", nil, []string{"--metrics-addr", "127.0.0.1"}, "metrics-addr"},
		{"metrics addr is the site's", nil, []string{"--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.1:8080"}, "metrics-addr"},
		{"metrics token short", map[string]string{"FURUSATO_METRICS_TOKEN": "short"}, nil, "metrics-token"},
		{"metrics token and file", map[string]string{"FURUSATO_METRICS_TOKEN": "0123456789abcdef0", "FURUSATO_METRICS_TOKEN_FILE": "/nonexistent"}, nil, "metrics-token"},
		{"metrics token file missing", map[string]string{"FURUSATO_METRICS_TOKEN_FILE": "/nonexistent/token"}, nil, "metrics-token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			stderr := captureStderr(t)
			_, err := parseConfig("serve", tc.args)
			_ = stderr()
			if err == nil {
				t.Fatalf("parseConfig(%q) succeeded, want an error mentioning %q", tc.args, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

// captureStderr redirects os.Stderr (the flag package's usage output)
// until the returned function is called, which returns what was written.
func captureStderr(t *testing.T) func() string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = f
	restored := false
	restore := func() string {
		if !restored {
			os.Stderr = old
			restored = true
		}
		b, _ := os.ReadFile(f.Name())
		return string(b)
	}
	t.Cleanup(func() { restore(); f.Close() })
	return restore
}

// The operator's contact comes from flags or the environment; a value
// that is not a bare address or an absolute http(s) URL stops the start.
func TestParseConfig_Contact(t *testing.T) {
	clearEnv(t)
	t.Setenv("FURUSATO_CONTACT_EMAIL", "info@furusato.example.jp")
	c, err := parseConfig("serve", []string{"--contact-url", "https://forms.example.jp/furusato"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (furusato.Contact{Email: "info@furusato.example.jp", URL: "https://forms.example.jp/furusato"}); c.Contact != want {
		t.Errorf("contact = %+v, want %+v", c.Contact, want)
	}
	for _, args := range [][]string{{"--contact-email", "事務局 <info@example.jp>"}, {"--contact-url", "javascript:alert(1)"}, {"--contact-url", "/pages/contact"}} {
		if _, err := parseConfig("serve", args); err == nil || !strings.Contains(err.Error(), "contact") {
			t.Errorf("%q: err = %v", args, err)
		}
	}
}

// The memory limit takes a number of bytes or one with a binary unit, and
// refuses anything else with a message that says what it wants.
func TestParseConfig_MemoryLimit(t *testing.T) {
	clearEnv(t)
	for in, want := range map[string]int64{"0": 0, "1048576": 1 << 20, "160MiB": 160 << 20, "200MB": 200 << 20, " 1GiB ": 1 << 30, "512 KiB": 512 << 10} {
		c, err := parseConfig("serve", []string{"--memory-limit", in})
		if err != nil || c.MemoryLimit != want {
			t.Errorf("--memory-limit %q: %d, %v; want %d", in, c.MemoryLimit, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1MiB", "1.5GiB", "10TiB", "99999999999GiB"} {
		if _, err := parseConfig("serve", []string{"--memory-limit", in}); err == nil || !strings.Contains(err.Error(), "memory-limit: want a size") {
			t.Errorf("--memory-limit %q: %v, want a polite refusal", in, err)
		}
	}
}
