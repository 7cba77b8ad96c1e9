package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// discardedMailJob runs a job queue on s whose mail always fails, enqueues
// one mail job for outbox id 5, waits until it is given up and returns
// the switch that makes the next try succeed and the number of successes.
func discardedMailJob(t *testing.T, s *site) (fail *atomic.Bool, delivered *atomic.Int32) {
	t.Helper()
	ctx := context.Background()
	fail, delivered = new(atomic.Bool), new(atomic.Int32)
	fail.Store(true)
	c, err := jobs.New(s.db.Writer(), jobs.Engine(s.db.Engine()),
		jobs.Config{MailAttempts: 1, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)},
		jobs.Services{Deliver: func(context.Context, int64) error {
			if fail.Load() {
				return errors.New("550 mailbox unavailable")
			}
			delivered.Add(1)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	s.db.SetJobs(c)
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Enqueue(ctx, jobs.SendMail{OutboxID: 5}) }); err != nil {
		t.Fatal(err)
	}
	testkit.EventuallyOK(t, 15*time.Second, func() error {
		js, err := c.Troubled(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(js) == 1 && js[0].Discarded() {
			return nil
		}
		return fmt.Errorf("the job was not given up: %+v", js)
	})
	return fail, delivered
}

func TestAdminJobs_AdminSeesTheDeadLetterListAndRetries(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	body := admin.adminGet("/admin/jobs", 200)
	mustContain(t, "empty list", body, "バックグラウンドジョブ", "確認が必要なジョブはありません。")

	fail, delivered := discardedMailJob(t, s)
	body = admin.adminGet("/admin/jobs", 200)
	mustContain(t, "list", body, "<caption", `<th scope="col">`, "<code>send_mail</code>", "<code>{&#34;outbox_id&#34;:5}</code>",
		"550 mailbox unavailable", "中止（自動では再試行しません）", "1 / 1回", `action="/admin/jobs/1/retry"`, "再実行")

	// Others may neither see nor retry it.
	visitor := s.adminSignIn(t, "")
	res, b := visitor.get("/admin/jobs")
	redirected(t, "visitor", res, b, "/account/signin?next="+url.QueryEscape("/admin/jobs"))
	for _, who := range []string{"participant@demo.furusato.example", "coordinator.gifu@demo.furusato.example", "staff.watercress@demo.furusato.example"} {
		other := s.adminSignIn(t, who)
		mustContain(t, who, other.adminGet("/admin/jobs", http.StatusForbidden), "このページを表示する権限がありません")
		res, b := other.post("/admin/jobs/1/retry", url.Values{})
		status(t, who+" retries", res, b, http.StatusForbidden)
	}
	if delivered.Load() != 0 {
		t.Fatal("a refused retry ran the job")
	}

	fail.Store(false)
	res, b = admin.post("/admin/jobs/1/retry", url.Values{})
	redirected(t, "retry", res, b, "/admin/jobs")
	mustContain(t, "flash", admin.adminGet("/admin/jobs", 200), "ジョブを再実行の待ち行列に戻しました。")
	testkit.Eventually(t, 10*time.Second, "the retried job ran", func() bool { return delivered.Load() == 1 })
	es, _, err := s.db.FindAudit(ctx, furusato.AuditFilter{Action: "job.retry"})
	if err != nil || len(es) != 1 || es[0].ObjectID != 1 || es[0].ObjectType != "job" {
		t.Fatalf("audit = %+v, %v", es, err)
	}
	for _, p := range []string{"/admin/jobs/999999/retry", "/admin/jobs/abc/retry"} {
		res, b := admin.post(p, url.Values{})
		status(t, p, res, b, http.StatusNotFound)
	}
}

// TestAdminJobs_RetryOfARunningJobIsAConflict: retrying a job while it
// runs is refused with ECONFLICT, which is now the 409 page (it was a
// logged 500: the admin pages mapped only 401 and 403).
func TestAdminJobs_RetryOfARunningJobIsAConflict(t *testing.T) {
	s := adminSite(t)
	ctx := context.Background()
	admin := s.adminSignIn(t, "admin@demo.furusato.example")
	running, release := make(chan struct{}, 1), make(chan struct{})
	c, err := jobs.New(s.db.Writer(), jobs.Engine(s.db.Engine()),
		jobs.Config{MailAttempts: 1, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)},
		jobs.Services{Deliver: func(context.Context, int64) error {
			select {
			case running <- struct{}{}:
			default:
			}
			<-release
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { close(release); _ = c.Stop(context.Background()) })
	s.db.SetJobs(c)
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Enqueue(ctx, jobs.SendMail{OutboxID: 5}) }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-running:
	case <-time.After(15 * time.Second):
		t.Fatal("the job did not start")
	}
	res, b := admin.post("/admin/jobs/1/retry", url.Values{})
	status(t, "retry while running", res, b, http.StatusConflict)
	// The jobs page names the job and says what to do, not the general line.
	mustContain(t, "retry while running", b, `class="error-summary"`, "ジョブ1は、いま実行中のため、やり直せません。実行が終わってから、このページを開き直してください。", "<title>エラー：")
	mustNotContain(t, "retry while running", b, "ほかの操作と重なりました")
}
