package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/progress"
	"github.com/furusato/furusato/internal/store"
)

// runBackup runs `furusato backup [--force] FILE`.
func runBackup(ctx context.Context, args []string, out io.Writer) error {
	cfg, file, force, err := parseFileCommand("backup", args)
	if err != nil {
		return err
	}
	setupLog(cfg)
	if store.EngineOf(cfg.DatabaseURL) == store.Postgres {
		return fmt.Errorf("backup: the database is PostgreSQL: back it up with PostgreSQL's own tool, "+
			"which takes a consistent snapshot while the site runs (the password from PGPASSWORD or ~/.pgpass):\n"+
			"  pg_dump --format=custom --file=%s %s", shellArg(file), shellArg(withoutPassword(cfg.DatabaseURL)))
	}
	// A directory gets a new file named after the time, which suits cron.
	if st, err := os.Stat(file); (err == nil && st.IsDir()) || strings.HasSuffix(file, string(filepath.Separator)) {
		file = filepath.Join(file, "furusato-"+time.Now().UTC().Format("20060102T150405Z")+".db")
	}
	// Progress in MB on a terminal; nothing more than the lines below in a
	// cron job's mail.
	var bar *progress.Bar
	snap, err := store.BackupReporting(ctx, cfg.DatabaseURL, file, force, func(done, total int64) {
		if bar == nil {
			bar = progress.New(out, "backing up (MB)", int(total>>20))
		}
		bar.Set(int(done >> 20))
	})
	if bar != nil {
		bar.Clear() // the lines below say it all
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s: %s, migration version %d\n", snap.Path, size(snap.Size), snap.Version)
	printTables(out, snap.Tables)
	return nil
}

// runRestore runs `furusato restore [--force] FILE`.
func runRestore(ctx context.Context, args []string, out io.Writer) error {
	cfg, file, force, err := parseFileCommand("restore", args)
	if err != nil {
		return err
	}
	setupLog(cfg)
	if store.EngineOf(cfg.DatabaseURL) == store.Postgres {
		return fmt.Errorf("restore: the database is PostgreSQL: stop the site, then restore a pg_dump backup with PostgreSQL's own tool:\n"+
			"  pg_restore --clean --if-exists --no-owner --dbname=%s %s\n"+
			"then run `furusato migrate` when the backup comes from an older version of Furusato",
			shellArg(withoutPassword(cfg.DatabaseURL)), shellArg(file))
	}
	res, err := store.Restore(ctx, file, cfg.DatabaseURL, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s into %s: %s, migration version %d", file, res.Path, size(res.Size), res.Version)
	if res.FromVersion != res.Version {
		fmt.Fprintf(out, " (the backup had %d and was migrated)", res.FromVersion)
	}
	fmt.Fprintln(out)
	if res.Replaced != "" {
		fmt.Fprintf(out, "the database it replaced is kept as %s\n", res.Replaced)
	}
	printTables(out, res.Tables)
	return nil
}

// parseFileCommand parses the flags of backup or restore, which take one
// file and --force besides the common flags, in any order.
func parseFileCommand(name string, args []string) (cfg Config, file string, force bool, err error) {
	extra := func(fs *flag.FlagSet) {
		help := "backup: overwrite an existing FILE"
		if name == "restore" {
			help = "restore: replace a database that holds data (kept beside it); never one that is in use"
		}
		fs.BoolVar(&force, "force", false, help)
	}
	flags, files := splitArgs(name, args, extra)
	if cfg, err = parseConfigWith(name, flags, extra); err != nil {
		return cfg, "", false, err
	}
	if len(files) != 1 {
		return cfg, "", false, fmt.Errorf("%s: want one file: furusato %s [--force] [flags] FILE", name, name)
	}
	return cfg, files[0], force, nil
}

// splitArgs separates the flags of args from the other arguments, which
// the flag package would take only after the last flag.
func splitArgs(name string, args []string, extra func(fs *flag.FlagSet)) (flags, rest []string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	extra(fs)
	for _, o := range options {
		if o.flag == "demo" {
			fs.Bool(o.flag, false, "")
		} else {
			fs.String(o.flag, "", "")
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			// parseConfigWith reports it.
			return append(flags, args...), rest
		}
		left := fs.Args()
		flags = append(flags, args[:len(args)-len(left)]...)
		if len(left) == 0 {
			return flags, rest
		}
		rest, args = append(rest, left[0]), left[1:]
	}
}

// withoutPassword returns the database URL u without its password, if it
// has one, so that a message does not show it.
func withoutPassword(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "postgres://…"
	}
	if p.User != nil {
		p.User = url.User(p.User.Username())
	}
	if q := p.Query(); q.Has("password") {
		q.Del("password")
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// shellArg quotes s for a POSIX shell when it holds more than letters,
// digits and _./:@%,+=-.
func shellArg(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%,+=-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func printTables(w io.Writer, tables []store.TableRows) {
	width := 0
	for _, t := range tables {
		width = max(width, len(t.Table))
	}
	fmt.Fprintln(w, "rows per table:")
	for _, t := range tables {
		fmt.Fprintf(w, "  %-*s %d\n", width, t.Table, t.Rows)
	}
}

// size writes n bytes for people.
func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
