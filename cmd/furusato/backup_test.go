package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// migratedWithUser makes a migrated SQLite database holding one account.
func migratedWithUser(t *testing.T, email string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "furusato.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, &furusato.User{Email: email, DisplayName: "山田 花子"}, "x", time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	return path
}

// countIn counts the rows q finds in the SQLite file at path.
func countIn(t *testing.T, path, q string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s in %s: %v", q, path, err)
	}
	return n
}

func TestRun_BackupAndRestore(t *testing.T) {
	path := migratedWithUser(t, "hanako@example.jp")
	out := filepath.Join(t.TempDir(), "backups", "furusato-1.db")

	// The file may stand before or after the flags.
	got, err := runCmd(t, "backup", out, "--database-url", path)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !regexp.MustCompile(`(?m)^backup written to `+regexp.QuoteMeta(out)+`: [0-9.]+ [kMG]?B, migration version \d+$`).MatchString(got) ||
		!regexp.MustCompile(`(?m)^  users +1$`).MatchString(got) || !regexp.MustCompile(`(?m)^  images +0$`).MatchString(got) {
		t.Errorf("backup printed:\n%s", got)
	}
	if n := countIn(t, out, `SELECT count(*) FROM users WHERE email = 'hanako@example.jp'`); n != 1 {
		t.Errorf("backup holds %d of the account", n)
	}
	before, _ := os.ReadFile(out)
	if _, err := runCmd(t, "backup", "--database-url", path, out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("backup over an existing file: %v, want a hint at --force", err)
	}
	if after, _ := os.ReadFile(out); string(before) != string(after) {
		t.Error("the refused backup changed the file")
	}
	if _, err := runCmd(t, "backup", "--database-url", path, out, "--force"); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	for _, args := range [][]string{{"backup"}, {"backup", "a.db", "b.db"}, {"restore"}} {
		if _, err := runCmd(t, append(args, "--database-url", path)...); err == nil || !strings.Contains(err.Error(), "want one file") {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	// A directory gets a file named after the time.
	dir := filepath.Join(t.TempDir(), "nightly") + string(filepath.Separator)
	got, err = runCmd(t, "backup", "--database-url", path, dir)
	if err != nil {
		t.Fatalf("backup into a directory: %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "furusato-*Z.db")); len(files) != 1 || !strings.Contains(got, files[0]) {
		t.Errorf("backup into %s: files %v; printed\n%s", dir, files, got)
	}
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, err := runCmd(t, "backup", "--database-url", missing, filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("backup of a missing database created it")
	}

	target := filepath.Join(t.TempDir(), "site", "furusato.db")
	got, err = runCmd(t, "restore", out, "--database-url", target)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.HasPrefix(got, "restored "+out+" into "+target+": ") || !regexp.MustCompile(`(?m)^  users +1$`).MatchString(got) {
		t.Errorf("restore printed:\n%s", got)
	}
	if n := countIn(t, target, `SELECT count(*) FROM users WHERE email = 'hanako@example.jp'`); n != 1 {
		t.Errorf("restored database holds %d of the account", n)
	}
	// Over a database with data: only with --force, which keeps the old one.
	other := migratedWithUser(t, "taro@example.jp")
	if _, err := runCmd(t, "restore", out, "--database-url", other); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over a database with data: %v, want a hint at --force", err)
	}
	if n := countIn(t, other, `SELECT count(*) FROM users WHERE email = 'taro@example.jp'`); n != 1 {
		t.Error("the refused restore changed the database")
	}
	got, err = runCmd(t, "restore", "--force", out, "--database-url", other)
	if err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	m := regexp.MustCompile(`(?m)^the database it replaced is kept as (\S+)$`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("restore --force printed:\n%s", got)
	}
	if n := countIn(t, m[1], `SELECT count(*) FROM users WHERE email = 'taro@example.jp'`); n != 1 {
		t.Errorf("the kept database lacks its account")
	}
	if n := countIn(t, other, `SELECT count(*) FROM users WHERE email = 'hanako@example.jp'`); n != 1 {
		t.Errorf("restore --force did not put the backup in place")
	}
	text := filepath.Join(t.TempDir(), "notes.txt")
	_ = os.WriteFile(text, []byte("memo"), 0o600)
	if _, err := runCmd(t, "restore", text, "--database-url", filepath.Join(t.TempDir(), "x.db")); err == nil || !strings.Contains(err.Error(), "not a Furusato SQLite database") {
		t.Errorf("restore of a text file: %v", err)
	}
}

// On PostgreSQL, backup and restore point to PostgreSQL's own tools and
// fail, without showing the password of the database URL.
func TestRun_BackupOnPostgresShowsPgDump(t *testing.T) {
	dbURL := "postgres://furusato:s3cret@db.example.jp:5432/furusato?sslmode=require"
	out := filepath.Join(t.TempDir(), "furusato.dump")
	_, backupErr := runCmd(t, "backup", "--database-url", dbURL, out)
	if backupErr == nil || !strings.Contains(backupErr.Error(), "pg_dump --format=custom --file="+out+" 'postgres://furusato@db.example.jp:5432/furusato?sslmode=require'") {
		t.Errorf("backup on PostgreSQL: %v", backupErr)
	}
	_, restoreErr := runCmd(t, "restore", "--database-url", dbURL, out)
	if restoreErr == nil || !strings.Contains(restoreErr.Error(), "pg_restore --clean --if-exists --no-owner --dbname='postgres://furusato@db.example.jp:5432/furusato?sslmode=require' "+out) ||
		!strings.Contains(restoreErr.Error(), "furusato migrate") {
		t.Errorf("restore on PostgreSQL: %v", restoreErr)
	}
	for _, err := range []error{backupErr, restoreErr} {
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the message shows the password: %v", err)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written: %v", err)
	}
}

// `furusato backup` run beside a `furusato serve` that is taking sign-ups
// writes a sound backup holding every sign-up answered before it began;
// `furusato restore` refuses the database serve holds open, and restores
// the backup to a new database with the same rows.
func TestServe_BackupWhileServing(t *testing.T) {
	t.Parallel() // a binary of its own, its own database and ports
	if testing.Short() {
		t.Skip("builds the binary and runs it")
	}
	bin := buildBinary(t)
	dbPath := filepath.Join(t.TempDir(), "furusato.db")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"FURUSATO_DATABASE_URL=" + dbPath, "FURUSATO_ADDR=127.0.0.1:0", "FURUSATO_BASE_URL=https://furusato.example.jp",
		"FURUSATO_TRUSTED_PROXIES=127.0.0.1",
	}
	p := startServe(t, bin, env)

	var signedUp atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				form := url.Values{"display_name": {fmt.Sprintf("利用者 %d-%d", w, i)}, "email": {fmt.Sprintf("u%d-%d@example.jp", w, i)},
					"password": {"kawa-no-nagare-2026-shizuka"}, "agree": {"1"}}
				req, _ := http.NewRequest(http.MethodPost, p.addr+"/account/signup", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", (w*100+i)%250+1))
				res, err := client.Do(req)
				if err != nil {
					t.Errorf("sign-up: %v", err)
					return
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Errorf("sign-up %d-%d: %d\n%s", w, i, res.StatusCode, p.logs.String())
					return
				}
				signedUp.Add(1)
			}
		})
	}
	stopWriters := func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}
	defer stopWriters()
	waitFor := func(n int64) {
		testkit.EventuallyOK(t, time.Minute, func() error {
			if got := signedUp.Load(); got < n {
				return fmt.Errorf("%d sign-ups, want %d", got, n)
			}
			return nil
		})
	}
	waitFor(10)

	out := filepath.Join(t.TempDir(), "furusato-backup.db")
	before := signedUp.Load()
	cmd := exec.Command(bin, "backup", out)
	cmd.Env = env
	printed, err := cmd.CombinedOutput()
	after := signedUp.Load()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, printed)
	}
	waitFor(after + 4)

	// The database serve holds open is never replaced, even with --force.
	cmd = exec.Command(bin, "restore", "--force", out)
	cmd.Env = env
	printed, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(printed), "stop furusato serve first") {
		t.Errorf("restore over the served database: %v\n%s", err, printed)
	}
	stopWriters()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-p.exited; err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
	total := signedUp.Load()

	users := countIn(t, out, `SELECT count(*) FROM users`)
	t.Logf("%d sign-ups before the backup, %d during it, %d in all; the backup holds %d accounts", before, after-before, total, users)
	if int64(users) < before || int64(users) > after {
		t.Errorf("backup holds %d accounts, want between %d and %d", users, before, after)
	}
	if n := countIn(t, dbPath, `SELECT count(*) FROM users`); int64(n) != total {
		t.Errorf("the served database holds %d accounts after the refused restore, want %d", n, total)
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	cmd = exec.Command(bin, "restore", out, "--database-url", restored)
	cmd.Env = env
	if printed, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, printed)
	}
	for _, table := range []string{"users", "outbox", "audit_log", "throttles", "goose_db_version"} {
		q := `SELECT count(*) FROM ` + table
		if a, b := countIn(t, out, q), countIn(t, restored, q); a != b {
			t.Errorf("%s: %d rows in the backup, %d restored", table, a, b)
		}
	}
	// Every account in the backup came with its address-check mail, written
	// in the same transaction.
	if n := countIn(t, restored, `SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.to_addr = u.email)`); n != 0 {
		t.Errorf("%d accounts without their mail", n)
	}
}
