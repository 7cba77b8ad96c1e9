package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// crashMails is how many mails the crash test queues.
const crashMails = 30

// A node killed with SIGKILL in the middle of a batch of mail loses
// nothing: after a restart every mail is handed to SMTP, each once except
// at most the one in flight at the kill, which goes twice with the same
// Message-ID; every outbox row ends sent, no job is left unfinished, and a
// periodic job ran once in effect. On SQLite, and on PostgreSQL when
// FURUSATO_TEST_POSTGRES_URL is set.
func TestServe_SIGKILLMidBatchLosesNoMail(t *testing.T) {
	t.Parallel() // a binary of its own, its own database and ports
	if testing.Short() {
		t.Skip("builds the binary and runs it for tens of seconds")
	}
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		crashTest(t, bin, testkit.SQLitePath(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		crashTest(t, bin, testkit.NewPostgresDatabase(t))
	})
}

func crashTest(t *testing.T, bin, dbURL string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	queued := queueCrashMails(t, db)

	srv := testkit.StartSMTP(t)
	srv.SetDelay(150 * time.Millisecond)
	host, port := srv.Addr()
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"FURUSATO_DATABASE_URL=" + dbURL, "FURUSATO_ADDR=127.0.0.1:0", "FURUSATO_BASE_URL=https://furusato.example.jp",
		"FURUSATO_SMTP_HOST=" + host, "FURUSATO_SMTP_PORT=" + strconv.Itoa(port), "FURUSATO_SMTP_TLS=none",
		// One worker: one mail in flight at a time, so at most one can go twice.
		"FURUSATO_JOB_WORKERS=1", "FURUSATO_JOB_POLL=100ms", "FURUSATO_JOB_TIMEOUT=1s", "FURUSATO_JOB_RESCUE_AFTER=2s",
	}
	start := time.Now()
	first := startServe(t, bin, env)
	srv.WaitFor(t, 5, 20*time.Second)
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited
	atKill := len(srv.Messages())
	if atKill >= crashMails {
		t.Fatalf("all %d mails went out before the kill", atKill)
	}

	second := startServe(t, bin, env)
	// The periodic purge is scheduled by the leader node; after a kill the
	// dead node's leadership must expire first, so wait for it too.
	admin, err := jobs.NewAdmin(db.Writer(), jobs.Engine(db.Engine()))
	if err != nil {
		t.Fatal(err)
	}
	testkit.EventuallyOK(t, 45*time.Second, func() error {
		seen := map[string]int{}
		for _, m := range srv.Messages() {
			seen[m.MessageID]++
		}
		missing := 0
		for _, id := range queued {
			if seen[id] == 0 {
				missing++
			}
		}
		unsent, _, err := db.FindOutbox(ctx, furusato.OutboxFilter{Unsent: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		unfinished, err := db.UnfinishedJobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		purges, err := admin.Count(ctx, jobs.KindPurgeThrottles)
		if err != nil {
			t.Fatal(err)
		}
		if missing == 0 && len(unsent) == 0 && unfinished == 0 && purges > 0 {
			return nil
		}
		return fmt.Errorf("after restart: %d mails not received, %d unsent, %d jobs unfinished, %d purge jobs\n%s", missing, len(unsent), unfinished, purges, second.logs.String())
	})
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-second.exited; err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, second.logs.String())
	}

	msgs := srv.Messages()
	byID := map[string][]testkit.CapturedMail{}
	for _, m := range msgs {
		byID[m.MessageID] = append(byID[m.MessageID], m)
	}
	twice := 0
	for _, id := range queued {
		switch copies := byID[id]; len(copies) {
		case 1:
		case 2:
			twice++
			if copies[0].Subject != copies[1].Subject || copies[0].Text != copies[1].Text || copies[1].MessageID != id {
				t.Errorf("the two copies of %s differ", id)
			}
		default:
			t.Errorf("%s received %d times", id, len(copies))
		}
	}
	t.Logf("%d of %d mails out at the kill, %d went twice; all out %s after the first start", atKill, crashMails, twice, time.Since(start).Round(time.Millisecond))
	if twice > 1 {
		t.Errorf("%d mails went twice, want at most the one in flight at the kill", twice)
	}
	if len(byID) != crashMails {
		t.Errorf("%d distinct Message-IDs received, want %d", len(byID), crashMails)
	}
	// The periodic purge ran once in effect: one job for the day, and the
	// stale counter is gone.
	if n, err := admin.Count(ctx, jobs.KindPurgeThrottles); n != 1 || err != nil {
		t.Errorf("%d purge jobs, %v; want 1", n, err)
	}
	var hits int
	err = db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		hits, err = tx.HitThrottle(ctx, "crash:stale", time.Hour, time.Now())
		return err
	})
	if err != nil || hits != 1 {
		t.Errorf("the stale throttle counted %d, %v: want 1 (purged, so a fresh window)", hits, err)
	}
}

// queueCrashMails writes crashMails mails to the outbox of db, with their
// jobs, and one stale rate-limit counter for the periodic purge; it
// returns the Message-IDs.
func queueCrashMails(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	ins, err := jobs.NewAdmin(db.Writer(), jobs.Engine(db.Engine()))
	if err != nil {
		t.Fatal(err)
	}
	db.SetJobs(ins)
	defer db.SetJobs(nil)
	now := time.Now()
	var ids []string
	err = db.Tx(ctx, func(tx *store.Tx) error {
		for i := range crashMails {
			m, err := mail.Compose(mail.KindVerifyEmail, "ja", fmt.Sprintf("user%d@example.jp", i), mail.Data{
				Name: "利用者", URL: fmt.Sprintf("https://furusato.example.jp/account/verify?token=t%d", i), Expires: now.Add(24 * time.Hour),
			})
			if err != nil {
				return err
			}
			if err := service.QueueMail(ctx, tx, m, now); err != nil {
				return err
			}
			ids = append(ids, m.MessageID)
		}
		// Ten days old: past service.ThrottleRetention.
		_, err := tx.HitThrottle(ctx, "crash:stale", time.Hour, now.Add(-240*time.Hour))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// serveProcess is a running `furusato serve`.
type serveProcess struct {
	addr   string // http://host:port
	cmd    *exec.Cmd
	logs   *syncBuffer
	exited chan error
}

// startServe starts bin serve with env and waits until it listens.
func startServe(t *testing.T, bin string, env []string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{cmd: cmd, logs: &syncBuffer{}, exited: make(chan error, 1)}
	listening := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=listening addr=(http://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(p.logs, sc.Text())
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case listening <- m[1]:
				default:
				}
			}
		}
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	select {
	case p.addr = <-listening:
	case err := <-p.exited:
		t.Fatalf("serve exited before listening: %v\n%s", err, p.logs.String())
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not listen within 15 s:\n%s", p.logs.String())
	}
	return p
}

// Mail that serve itself queues (here: the address check of a sign-up) is
// enqueued as a job and sent: serve always wires the job queue, so no mail
// is only kept in the outbox while SMTP is configured.
func TestServe_MailQueuedByARequestIsSent(t *testing.T) {
	t.Parallel() // a binary of its own, its own database and ports
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dbURL := testkit.SQLitePath(t)
	srv := testkit.StartSMTP(t)
	host, port := srv.Addr()
	p := startServe(t, bin, []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"FURUSATO_DATABASE_URL=" + dbURL, "FURUSATO_ADDR=127.0.0.1:0", "FURUSATO_BASE_URL=https://furusato.example.jp",
		"FURUSATO_SMTP_HOST=" + host, "FURUSATO_SMTP_PORT=" + strconv.Itoa(port), "FURUSATO_SMTP_TLS=none", "FURUSATO_JOB_POLL=100ms",
	})
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(p.addr+"/account/signup", url.Values{
		"display_name": {"川の 流れ"}, "email": {"kawa@example.jp"}, "password": {"kawa-no-nagare-2026-shizuka"}, "agree": {"1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d\n%s", res.StatusCode, p.logs.String())
	}
	got := srv.WaitFor(t, 1, 15*time.Second)
	if len(got[0].To) != 1 || got[0].To[0] != "kawa@example.jp" {
		t.Errorf("mail to %v", got[0].To)
	}
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testkit.EventuallyOK(t, 5*time.Second, func() error {
		all, _, err := db.FindOutbox(context.Background(), furusato.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 1 && !all[0].SentAt.IsZero() && all[0].MessageID == got[0].MessageID {
			return nil
		}
		return fmt.Errorf("outbox = %+v", all)
	})
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-p.exited; err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
}
