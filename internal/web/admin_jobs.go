package web

import (
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// jobRow is one troubled background job on /admin/jobs: ids only, never
// personal data.
type jobRow struct {
	ID, Kind, Args, State, Attempts, LastError, Created, Attempted string
	RetryAction                                                    string // the retry form's action; "" when it cannot be retried now
}

type jobsPage struct {
	ui.Base
	Problems []problem
	Rows     []jobRow
}

// maxJobErrorRunes is how much of a job's last error the list shows.
const maxJobErrorRunes = 300

// adminJobs is GET /admin/jobs: the background jobs given up (the
// dead-letter list) and those waiting for a retry after an error, newest
// first, each with a retry button.
func (h *Handler) adminJobs(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.jobsPage(w, r, l, 0)
}

// jobsPage renders the jobs page; running, when not 0, is a job the admin
// asked to retry while it runs: the page names it (409).
func (h *Handler) jobsPage(w http.ResponseWriter, r *http.Request, l *ui.Locale, running int64) error {
	js, err := h.svc.Jobs.Troubled(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	p := jobsPage{Base: h.adminBase(r, l, l.T("jobs.title"))}
	for _, j := range js {
		p.Rows = append(p.Rows, newJobRow(l, j))
	}
	status := http.StatusOK
	if running != 0 {
		p.Problems = []problem{{Text: l.T("errs.job_running", "ID", running)}}
		p.ErrorTitle, status = true, http.StatusConflict
	}
	return h.render(w, status, "admin_jobs", p)
}

func newJobRow(l *ui.Locale, j *service.Job) jobRow {
	row := jobRow{
		ID: strconv.FormatInt(j.ID, 10), Kind: j.Kind, Args: j.Args,
		Attempts:    l.T("jobs.attempts_of", "Attempt", j.Attempt, "Max", j.MaxAttempts),
		Created:     when(l, j.CreatedAt),
		Attempted:   when(l, j.AttemptedAt),
		RetryAction: "/admin/jobs/" + strconv.FormatInt(j.ID, 10) + "/retry",
	}
	if e := []rune(j.LastError); len(e) > maxJobErrorRunes {
		row.LastError = string(e[:maxJobErrorRunes]) + "…"
	} else {
		row.LastError = j.LastError
	}
	switch {
	case j.Discarded():
		row.State = l.T("jobs.state_discarded")
	case j.State == "retryable":
		row.State = l.T("jobs.state_retryable", "At", when(l, j.ScheduledAt))
	default:
		row.State = j.State
	}
	return row
}

// adminJobRetry is POST /admin/jobs/{id}/retry: the job runs again at once
// (audited as job.retry).
func (h *Handler) adminJobRetry(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return furusato.Errorf(furusato.ENOTFOUND, "Not found.")
	}
	if err := h.svc.Jobs.Retry(r.Context(), httpx.ActorFrom(r.Context()), id, h.clientIP(r)); furusato.ErrorCode(err) == furusato.ECONFLICT {
		return h.jobsPage(w, r, l, id)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/jobs", "jobs.flash_retried")
	return nil
}
