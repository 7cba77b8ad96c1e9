package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
)

// Config is everything the binary is told, parsed once from flags with
// FURUSATO_* environment fallbacks and passed down as a value.
type Config struct {
	Addr           string
	DatabaseURL    string
	BaseURL        string
	TrustedProxies string
	Demo           bool
	DemoProjects   int
	DemoEntries    int
	LogFormat      string
	LogLevel       string
	// SMTP is how mail leaves; nil when no SMTP host is set, and then mail
	// stays in the outbox for admins to read.
	SMTP *mail.SMTPConfig
	// Jobs tunes the background jobs (River) that serve runs.
	Jobs jobs.Config
	// OutboxRetention is how long sent mail stays in the outbox; zero keeps
	// it for ever.
	OutboxRetention time.Duration
	// Warnings are the early warning's thresholds (issue 10).
	Warnings furusato.WarningSettings
	// MetricsAddr is where /metrics is served apart from the site; empty:
	// not served there.
	MetricsAddr string
	// MetricsToken, when set, also serves /metrics on the site to requests
	// with this bearer token.
	MetricsToken string
	// Contact is the operator's e-mail address and contact form, shown on
	// the contact and operator pages and in every mail's signature.
	Contact furusato.Contact
	// MemoryLimit is serve's soft limit of the Go runtime's memory in bytes
	// (debug.SetMemoryLimit); 0 sets none. GOMEMLIMIT, when set, decides
	// instead.
	MemoryLimit int64

	proxies *httpx.Proxies
}

// option documents one setting for `furusato help`.
type option struct {
	flag, env, def, help string
}

var options = []option{
	{"addr", "FURUSATO_ADDR", "127.0.0.1:8080", "address to listen on"},
	{"database-url", "FURUSATO_DATABASE_URL", "data/furusato.db", "SQLite file path, or postgres://user@host:5432/db?sslmode=disable"},
	{"base-url", "FURUSATO_BASE_URL", "http://127.0.0.1:8080", "public origin; absolute URLs in the API, feed, OGP tags and e-mails are built from it; https makes the cookies __Host- and Secure and sends Strict-Transport-Security"},
	{"trusted-proxies", "FURUSATO_TRUSTED_PROXIES", "", "comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed"},
	{"demo", "FURUSATO_DEMO", "false", "serve: load the demo data first (idempotent: adds only what is missing) and show the demo banner"},
	{"projects", "FURUSATO_DEMO_PROJECTS", "0", "demo: also generate this many projects (for load tests and benchmarks)"},
	{"entries", "FURUSATO_DEMO_ENTRIES", "0", "demo: also generate this many entries on the generated projects, by one generated participant per ten entries, who sign in with the demo password"},
	{"log-format", "FURUSATO_LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "FURUSATO_LOG_LEVEL", "info", "log level: debug, info, warn, error"},
	{"smtp-host", "FURUSATO_SMTP_HOST", "", "SMTP server for outgoing mail; empty: no mail is sent, it stays in the outbox for admins"},
	{"smtp-port", "FURUSATO_SMTP_PORT", "587", "SMTP port"},
	{"smtp-username", "FURUSATO_SMTP_USERNAME", "", "SMTP user name; empty: no authentication"},
	{"smtp-password", "FURUSATO_SMTP_PASSWORD", "", "SMTP password; prefer the environment, or FURUSATO_SMTP_PASSWORD_FILE naming a file that holds it"},
	{"smtp-tls", "FURUSATO_SMTP_TLS", "starttls", "SMTP encryption: starttls (port 587), tls (implicit, port 465) or none (a local relay only)"},
	{"mail-from", "FURUSATO_MAIL_FROM", "", "sender of e-mails, e.g. 'ふるさと兼業 <noreply@example.jp>'; empty: ふるさと兼業 <noreply@host of base-url>"},
	{"job-workers", "FURUSATO_JOB_WORKERS", "10", "serve: background jobs (e-mail, reminders, digests, deadline closing) this node works at once"},
	{"job-timeout", "FURUSATO_JOB_TIMEOUT", "1m", "serve: longest run of one background job, e.g. one e-mail hand-over to SMTP; below job-rescue-after"},
	{"job-rescue-after", "FURUSATO_JOB_RESCUE_AFTER", "5m", "serve: a job running this long is taken for stuck (its node died) and run again"},
	{"job-poll", "FURUSATO_JOB_POLL", "1s", "serve: how often each node looks for new background jobs"},
	{"outbox-retention", "FURUSATO_OUTBOX_RETENTION", "30d", "serve: how long sent mail stays in the outbox (for admins to see what went out), e.g. 30d or 72h; 0 keeps it for ever. Links with secrets are blanked once sent"},
	{"warnings", "FURUSATO_WARNINGS", furusato.DefaultWarningSettings.String(), "serve: thresholds of the early warning on teams, as name=number pairs; names left out keep their default: a check-in overdue by more than overdue-cadences periods, hours below low-hours-percent of the charter for low-hours-periods check-ins, blockers in blocker-checkins check-ins in a row, the team thread silent for silent-days, the charter unconfirmed confirm-days after kickoff"},
	{"metrics-addr", "FURUSATO_METRICS_ADDR", "", "serve: address for Prometheus /metrics apart from the site, e.g. 127.0.0.1:9090; empty: not served there"},
	{"contact-email", "FURUSATO_CONTACT_EMAIL", "", "the operator's contact address (info@example.jp), shown on the contact and operator pages and in every e-mail's signature; empty: none"},
	{"contact-url", "FURUSATO_CONTACT_URL", "", "the operator's contact form (an absolute http(s) URL), shown like contact-email; empty: none"},
	{"memory-limit", "FURUSATO_MEMORY_LIMIT", "144MiB", "serve: soft limit of the Go heap and runtime (the garbage collector works harder as it nears it, never more than half the CPU), e.g. 144MiB, 1GiB or a number of bytes; 0: none. It leaves room for the caches' budgets (page 32 MB, listing 16 MB, word 16 MB, card 4 MB); SQLite's page caches (about 3 MB a connection, nine connections) and the binary count in the node's RSS besides it. GOMEMLIMIT, when set, decides instead"},
	{"metrics-token", "FURUSATO_METRICS_TOKEN", "", "serve: also serve /metrics on the site to 'Authorization: Bearer <token>' (16+ characters; or FURUSATO_METRICS_TOKEN_FILE naming a file that holds it); empty: the site has no /metrics"},
}

func envOr(env, def string) string {
	if v, ok := os.LookupEnv(env); ok {
		return v
	}
	return def
}

// parseConfig reads flags for a subcommand, with environment fallbacks.
func parseConfig(name string, args []string) (Config, error) {
	return parseConfigWith(name, args, nil)
}

// parseConfigWith is parseConfig for a subcommand with flags of its own,
// which extra (when not nil) defines on the flag set before parsing.
func parseConfigWith(name string, args []string, extra func(fs *flag.FlagSet)) (Config, error) {
	var c Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { usage(os.Stderr) }
	if extra != nil {
		extra(fs)
	}
	str := map[string]*string{}
	for _, o := range options {
		if o.flag == "demo" {
			continue
		}
		str[o.flag] = fs.String(o.flag, envOr(o.env, o.def), o.help)
	}
	envDemo := envOr("FURUSATO_DEMO", "false")
	demoDefault, demoErr := strconv.ParseBool(envDemo)
	if envDemo == "" {
		demoDefault, demoErr = false, nil
	}
	demo := fs.Bool("demo", demoDefault, "load demo data")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	demoFlag := false
	fs.Visit(func(f *flag.Flag) { demoFlag = demoFlag || f.Name == "demo" })
	if demoErr != nil && !demoFlag {
		return c, fmt.Errorf("demo: want true or false, got FURUSATO_DEMO=%q", envDemo)
	}
	c.Addr, c.DatabaseURL, c.BaseURL = *str["addr"], *str["database-url"], strings.TrimRight(*str["base-url"], "/")
	c.TrustedProxies, c.LogFormat, c.LogLevel = *str["trusted-proxies"], *str["log-format"], *str["log-level"]
	c.Demo = *demo
	n, err := strconv.Atoi(strings.TrimSpace(*str["projects"]))
	if err != nil || n < 0 {
		return c, fmt.Errorf("projects: want a number ≥ 0, got %q", *str["projects"])
	}
	c.DemoProjects = n
	if c.DemoEntries, err = strconv.Atoi(strings.TrimSpace(*str["entries"])); err != nil || c.DemoEntries < 0 {
		return c, fmt.Errorf("entries: want a number ≥ 0, got %q", *str["entries"])
	}
	if c.SMTP, err = parseSMTP(str, c.BaseURL); err != nil {
		return c, err
	}
	if c.Jobs, err = parseJobs(str); err != nil {
		return c, err
	}
	if c.OutboxRetention, err = parseRetention(*str["outbox-retention"]); err != nil {
		return c, err
	}
	if c.Warnings, err = furusato.ParseWarningSettings(*str["warnings"]); err != nil {
		return c, fmt.Errorf("warnings: %w", err)
	}
	c.Contact = furusato.Contact{Email: strings.TrimSpace(*str["contact-email"]), URL: strings.TrimSpace(*str["contact-url"])}
	if err := c.Contact.Validate(); err != nil {
		return c, err
	}
	c.MetricsAddr = strings.TrimSpace(*str["metrics-addr"])
	if c.MemoryLimit, err = parseBytes(*str["memory-limit"]); err != nil {
		return c, fmt.Errorf("memory-limit: %w", err)
	}
	if c.MetricsToken, err = secretOption(*str["metrics-token"], "FURUSATO_METRICS_TOKEN_FILE", "metrics-token"); err != nil {
		return c, err
	}
	return c, c.validate()
}

// parseSMTP builds the SMTP settings from the parsed flags; nil when no
// host is set. The password may come from the file that
// FURUSATO_SMTP_PASSWORD_FILE names (one line; a final newline is dropped).
func parseSMTP(str map[string]*string, baseURL string) (*mail.SMTPConfig, error) {
	port, err := strconv.Atoi(strings.TrimSpace(*str["smtp-port"]))
	if err != nil {
		return nil, fmt.Errorf("smtp-port: want a number, got %q", *str["smtp-port"])
	}
	password := *str["smtp-password"]
	if file := os.Getenv("FURUSATO_SMTP_PASSWORD_FILE"); file != "" {
		if password != "" {
			return nil, errors.New("smtp-password: set either the password or FURUSATO_SMTP_PASSWORD_FILE, not both")
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("smtp-password: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	c := &mail.SMTPConfig{
		Host:     strings.TrimSpace(*str["smtp-host"]),
		Port:     port,
		Username: *str["smtp-username"],
		Password: password,
		TLS:      strings.ToLower(strings.TrimSpace(*str["smtp-tls"])),
		From:     strings.TrimSpace(*str["mail-from"]),
	}
	if c.From == "" {
		if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
			c.From = "ふるさと兼業 <noreply@" + u.Hostname() + ">"
		}
	}
	if c.Host == "" {
		return nil, nil
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return c, nil
}

// parseJobs builds the background job settings from the parsed flags.
func parseJobs(str map[string]*string) (jobs.Config, error) {
	var c jobs.Config
	n, err := strconv.Atoi(strings.TrimSpace(*str["job-workers"]))
	if err != nil || n < 1 {
		return c, fmt.Errorf("job-workers: want a number ≥ 1, got %q", *str["job-workers"])
	}
	c.Workers = n
	for _, d := range []struct {
		flag string
		dst  *time.Duration
	}{{"job-timeout", &c.JobTimeout}, {"job-rescue-after", &c.RescueAfter}, {"job-poll", &c.PollInterval}} {
		v, err := time.ParseDuration(strings.TrimSpace(*str[d.flag]))
		if err != nil || v <= 0 {
			return c, fmt.Errorf("%s: want a duration such as 30s or 5m, got %q", d.flag, *str[d.flag])
		}
		*d.dst = v
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

// parseRetention reads a period of days ("30d") or a Go duration ("72h");
// "0" is no limit. Anything else below an hour is refused.
func parseRetention(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	bad := fmt.Errorf("outbox-retention: want a period such as 30d or 72h, or 0 to keep sent mail, got %q", v)
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else if v == "0" {
		return 0, nil
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, bad
		}
	}
	if d != 0 && d < time.Hour {
		return 0, bad
	}
	return d, nil
}

// secretOption returns the secret value v, or the contents of the file
// that the environment variable fileEnv names (one line; a final newline
// is dropped); setting both is an error.
func secretOption(v, fileEnv, name string) (string, error) {
	file := os.Getenv(fileEnv)
	if file == "" {
		return v, nil
	}
	if v != "" {
		return "", fmt.Errorf("%s: set either the value or %s, not both", name, fileEnv)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

func (c *Config) validate() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") ||
		u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return fmt.Errorf("base-url: want an origin such as https://furusato.example.jp, got %q", c.BaseURL)
	}
	if c.DatabaseURL == "" {
		return errors.New("database-url: must not be empty")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log-format: want text or json, got %q", c.LogFormat)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("log-level: want debug, info, warn or error, got %q", c.LogLevel)
	}
	if c.proxies, err = httpx.ParseProxies(c.TrustedProxies); err != nil {
		return err
	}
	if c.MetricsAddr != "" {
		_, port, err := net.SplitHostPort(c.MetricsAddr)
		if err != nil {
			return fmt.Errorf("metrics-addr: want host:port such as 127.0.0.1:9090, got %q", c.MetricsAddr)
		}
		if c.MetricsAddr == c.Addr && port != "0" {
			return errors.New("metrics-addr: must differ from addr (the site's address)")
		}
	}
	if c.MetricsToken != "" && (len(c.MetricsToken) < 16 || strings.ContainsAny(c.MetricsToken, " \t\r\n")) {
		return errors.New("metrics-token: want at least 16 characters without spaces (for example from `openssl rand -hex 32`)")
	}
	return nil
}

// parseBytes parses a size: a number of bytes, or one with KiB, MiB or GiB
// (KB, MB and GB are taken as the same powers of two).
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num, mult := s, int64(1)
	for _, u := range []struct {
		suffixes []string
		mult     int64
	}{{[]string{"KiB", "KB", "K"}, 1 << 10}, {[]string{"MiB", "MB", "M"}, 1 << 20}, {[]string{"GiB", "GB", "G"}, 1 << 30}} {
		for _, suf := range u.suffixes {
			if n, ok := strings.CutSuffix(s, suf); ok && mult == 1 {
				num, mult = strings.TrimSpace(n), u.mult
			}
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("want a size such as 160MiB, 1GiB or a number of bytes (0 for none), got %q", s)
	}
	return n * mult, nil
}
