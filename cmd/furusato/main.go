// Command furusato runs the Furusato platform: one binary with subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	_ "time/tzdata" // JST and friends on bare machines

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/progress"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "furusato:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		usage(out)
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		usage(out)
		return nil
	case "version":
		fmt.Fprintln(out, "furusato", version)
		return nil
	case "user":
		return runUser(ctx, rest, out)
	case "backup":
		return runBackup(ctx, rest, out)
	case "restore":
		return runRestore(ctx, rest, out)
	case "keys":
		return runKeys(ctx, rest, out)
	case "serve", "migrate", "demo":
	default:
		usage(os.Stderr)
		return fmt.Errorf("unknown command %q", cmd)
	}
	cfg, err := parseConfig(cmd, rest)
	if err != nil {
		return err
	}
	setupLog(cfg)
	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := migrate(ctx, db, out); err != nil {
		return err
	}
	switch cmd {
	case "migrate":
		fmt.Fprintln(out, "migrations applied")
		return nil
	case "demo":
		return loadDemo(ctx, db, cfg, out)
	}
	if cfg.Demo {
		if err := loadDemo(ctx, db, cfg, out); err != nil {
			return err
		}
	}
	// Fresh planner statistics make the selective index win (a search
	// match, a prefecture) over the broad one (status).
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	return serve(ctx, db, cfg)
}

// migrate applies the migrations and, after an upgrade that changed how
// search cuts text, rebuilds the search index, showing how far it is (one
// summary line when out is not a terminal).
func migrate(ctx context.Context, db *store.DB, out io.Writer) error {
	var bar *progress.Bar
	n := 0
	err := db.MigrateReporting(ctx, func(done, total int) {
		if bar == nil {
			bar = progress.New(out, "rebuilding the search index", total)
		}
		n = done
		bar.Set(done)
	})
	if bar != nil && n > 0 {
		bar.Finish(fmt.Sprintf("rebuilt the search index of %d projects in %s", n, bar.Elapsed()))
	}
	return err
}

func loadDemo(ctx context.Context, db *store.DB, cfg Config, out io.Writer) error {
	now := time.Now()
	res, err := demo.Load(ctx, db, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo data: %d organisations, %d companies, %d projects added\n", res.Organizations, res.Companies, res.Projects)
	if _, err := demo.LoadAccounts(ctx, db, now, service.DefaultArgon); err != nil {
		return err
	}
	if _, err := demo.LoadEntries(ctx, db, now, service.DefaultArgon, cfg.BaseURL); err != nil {
		return err
	}
	if _, err := demo.LoadTeams(ctx, db, now, service.DefaultArgon, cfg.BaseURL); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo accounts (password %q):\n", demo.Password)
	for _, a := range demo.Accounts() {
		fmt.Fprintf(out, "  %-44s %s\n", a.Email, a.Role)
	}
	if cfg.DemoProjects > 0 {
		bar := progress.New(out, "generating projects", cfg.DemoProjects)
		if err := demo.GenerateReporting(ctx, db, cfg.DemoProjects, now, func(done, _ int) { bar.Set(done) }); err != nil {
			return err
		}
		bar.Finish(fmt.Sprintf("generated %d projects in %s", cfg.DemoProjects, bar.Elapsed()))
	}
	if cfg.DemoEntries > 0 {
		hash, err := service.HashPassword(demo.Password, service.DefaultArgon)
		if err != nil {
			return err
		}
		bar := progress.New(out, "generating entries", cfg.DemoEntries)
		g := demo.EntryGen{Users: max(cfg.DemoEntries/10, 1), Entries: cfg.DemoEntries, PasswordHash: hash, Progress: func(done, _ int) { bar.Set(done) }}
		if err := demo.GenerateEntries(ctx, db, g, now); err != nil {
			return err
		}
		bar.Finish(fmt.Sprintf("generated %d entries in %s", cfg.DemoEntries, bar.Elapsed()))
		if err := demo.AgreeTerms(ctx, db, now); err != nil { // the generated participants
			return err
		}
	}
	return db.Analyze(ctx)
}

func serve(ctx context.Context, db *store.DB, cfg Config) error {
	// A node's heap is mostly short-lived page data around a listing index
	// that lives long: collecting at 50% growth instead of 100% keeps a
	// node at 100,000 projects near 150 MB at rest and under 250 MB at
	// peak for little CPU (the cached pages allocate little). GOGC, when
	// set, decides instead.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// A soft limit besides: under a burst of new searches the heap grows
	// faster than a collection at 50 % growth catches it, and the limit
	// makes the collector run sooner instead (never taking more than half
	// the CPU, so a live heap above the limit slows the node rather than
	// stopping it). Under the word-pair mix the Go runtime's memory sat at
	// the limit, so the node's peak RSS is about the limit plus SQLite's
	// caches and the binary: 144 MiB keeps it near 190 MB, and leaves room
	// above the caches' budgets (TestDefaultMemoryLimit_LeavesRoomForTheCaches).
	// GOMEMLIMIT, when set, decides instead.
	if os.Getenv("GOMEMLIMIT") == "" && cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
	// The demo banner shows while demo accounts exist, whether or not this
	// start loaded them: their password is public.
	demoAccounts, err := demo.AccountsExist(ctx, db)
	if err != nil {
		return err
	}
	sender, err := mailSender(cfg)
	if err != nil {
		return err
	}
	// One set of services for the pages, the API and the jobs of this node.
	svc, err := service.New(db, service.Config{BaseURL: cfg.BaseURL, Now: time.Now, Argon: service.DefaultArgon,
		Sender: sender, OutboxRetention: cfg.OutboxRetention, Warnings: cfg.Warnings, Contact: cfg.Contact})
	if err != nil {
		return err
	}
	// The credential signing key is made on the first start and kept in
	// the database, so every node signs with the same one.
	if _, err := svc.Records.EnsureKey(ctx); err != nil {
		return err
	}
	h, metrics, err := app.NewWithMetrics(db, svc, app.Options{BaseURL: cfg.BaseURL, Proxies: cfg.proxies, Demo: cfg.Demo || demoAccounts,
		Version: version, MetricsToken: cfg.MetricsToken})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	stopMetrics, err := serveMetrics(ctx, cfg.MetricsAddr, metrics)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopMetrics()
	stopJobs, err := startJobs(ctx, db, svc, sender != nil, cfg)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopJobs()
	slog.Info("listening", "addr", "http://"+ln.Addr().String(), "base_url", cfg.BaseURL, "engine", db.Engine(), "version", version)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// serveMetrics serves the Prometheus metrics on addr, apart from the site
// (an address the public does not reach); an empty addr serves nothing.
// The function it returns stops that server.
func serveMetrics(ctx context.Context, addr string, metrics http.Handler) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics-addr: %w", err)
	}
	srv := &http.Server{
		Handler:           withProfiles(metrics),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("metrics server", "err", err)
		}
	}()
	slog.Info("serving metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}

// mailSender returns the SMTP sender of cfg, or nil when no SMTP is
// configured (mail is then kept in the outbox).
func mailSender(cfg Config) (mail.Sender, error) {
	if cfg.SMTP == nil {
		slog.Info("mail is kept in the outbox (no SMTP configured)")
		return nil, nil
	}
	s, err := mail.NewSMTPSender(*cfg.SMTP)
	if err != nil {
		return nil, err
	}
	slog.Info("sending mail over SMTP", "host", cfg.SMTP.Host, "port", cfg.SMTP.Port, "tls", cfg.SMTP.TLS, "from", cfg.SMTP.From)
	return s, nil
}

// startJobs starts the background jobs (River) of this node, over the
// services svc that the site uses too: mail delivery and the periodic
// jobs. Every transaction of db enqueues its jobs from now on
// (store.DB.SetJobs), so no mail is only kept in the outbox while serve
// runs; when smtp is set, mail left unsent so far gets its job now. The
// function it returns stops the jobs, letting those running finish for up
// to 10 s (then they are cancelled and run again after a restart).
func startJobs(ctx context.Context, db *store.DB, svc *service.Services, smtp bool, cfg Config) (stop func(), err error) {
	client, err := jobs.New(db.Writer(), jobs.Engine(db.Engine()), cfg.Jobs, svc.JobServices())
	if err != nil {
		return nil, err
	}
	db.SetJobs(client)
	if smtp {
		// Mail kept while there was no SMTP, or queued without a job, goes now.
		if n, err := svc.Mailer.RequeueUnsent(ctx); err != nil {
			slog.Error("requeueing unsent mail", "err", err)
		} else if n > 0 {
			slog.Info("unsent mail has its jobs", "count", n)
		}
	}
	if err := client.Start(ctx); err != nil {
		db.SetJobs(nil)
		return nil, err
	}
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := client.Stop(sctx); err != nil {
			slog.Error("stopping background jobs", "err", err)
		}
		db.SetJobs(nil)
	}, nil
}

func setupLog(cfg Config) {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	o := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, o)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(os.Stderr, o)
	}
	slog.SetDefault(slog.New(h))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `furusato: the ふるさと兼業 platform

Usage:
  furusato serve [flags]     serve the site (migrates first); --demo loads demo data into an empty catalogue
  furusato migrate [flags]   apply database migrations and exit
  furusato demo [flags]      load the demo data (idempotent); --projects N also generates N projects
  furusato user create --email E --name N [--admin] [flags]
                             create an account (an admin with --admin); the password comes from
                             FURUSATO_PASSWORD or, when that is unset, one line on standard input
  furusato backup [--force] [flags] FILE
                             write a consistent snapshot of the SQLite database, images included, to
                             FILE while the site runs (an existing FILE only with --force; a directory
                             gets furusato-<UTC time>.db); on PostgreSQL it shows the pg_dump command
                             to use instead
  furusato restore [--force] [flags] FILE
                             put the backup FILE in place of the SQLite database (stop serve first;
                             a database that holds data is replaced only with --force and kept
                             beside it); an older backup is migrated
  furusato keys rotate [flags]
                             add a new credential signing key, which signs from now on; the old
                             keys stay published in /ob3/issuer, so what they signed still verifies
  furusato version           print the version
  furusato help              this text

Flags (each has an environment fallback):
`)
	for _, o := range options {
		fmt.Fprintf(w, "  --%-16s %-26s %s (default %q)\n", o.flag, o.env, o.help, o.def)
	}
}
