package jobs

import "time"

// Args is what every job argument is: a kind and a JSON-encodable value.
// It is an alias so that it is the very type store.JobArgs is.
type Args = interface{ Kind() string }

// Job kinds, as stored in River's table and shown to admins.
const (
	KindSendMail           = "send_mail"
	KindCloseDue           = "close_due_entries"
	KindInterviewReminders = "interview_reminders"
	KindMessageDigests     = "message_digests"
	KindFavoriteDeadlines  = "favorite_deadlines"
	KindPurgeThrottles     = "purge_throttles"
	KindPurgeOutbox        = "purge_outbox"
	KindTeamDigests        = "team_digests"
	KindCheckInReminders   = "checkin_reminders"
	KindTeamFlags          = "team_flags"
)

// Attempts before River gives a job up (state "discarded", shown on
// /admin/jobs, where an admin may retry it). River waits attempt⁴ seconds
// (with jitter) between tries: mail is tried for about 11 hours
// (Config.MailAttempts may change it).
const (
	MailMaxAttempts     = 12
	PeriodicMaxAttempts = 3
)

// SendMail sends the outbox mail OutboxID. It carries only the id: the
// message (with its Message-ID fixed when it was composed) stays in the
// outbox row, which is also the record of whether it was sent.
type SendMail struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job.
func (SendMail) Kind() string { return KindSendMail }

// CloseDue closes the entries of projects past their deadline.
type CloseDue struct{}

// Kind names the job.
func (CloseDue) Kind() string { return KindCloseDue }

// InterviewReminders sends the reminders of tomorrow's interviews.
type InterviewReminders struct{}

// Kind names the job.
func (InterviewReminders) Kind() string { return KindInterviewReminders }

// MessageDigests sends the e-mail digests of new messages.
type MessageDigests struct{}

// Kind names the job.
func (MessageDigests) Kind() string { return KindMessageDigests }

// FavoriteDeadlines tells people that a favourite project's deadline is near.
type FavoriteDeadlines struct{}

// Kind names the job.
func (FavoriteDeadlines) Kind() string { return KindFavoriteDeadlines }

// PurgeThrottles deletes rate-limit counters whose window has passed.
type PurgeThrottles struct{}

// Kind names the job.
func (PurgeThrottles) Kind() string { return KindPurgeThrottles }

// PurgeOutbox deletes the outbox mail sent longer ago than the retention
// and blanks secret links still left in sent mail.
type PurgeOutbox struct{}

// Kind names the job.
func (PurgeOutbox) Kind() string { return KindPurgeOutbox }

// TeamFlags runs the early-warning rules over the teams at work and
// stores their flags (issue 10).
type TeamFlags struct{}

// Kind names the job.
func (TeamFlags) Kind() string { return KindTeamFlags }

// Periodic schedules: how often each periodic job is enqueued (by the
// leader node only, and unique per period, so several nodes never run
// one twice in a period).
const (
	CloseDueEvery           = 5 * time.Minute
	InterviewRemindersEvery = 10 * time.Minute
	MessageDigestsEvery     = time.Minute
	FavoriteDeadlinesEvery  = time.Hour
	PurgeThrottlesEvery     = 24 * time.Hour
	PurgeOutboxEvery        = 24 * time.Hour
	TeamDigestsEvery        = time.Minute
	CheckInRemindersEvery   = 15 * time.Minute
	TeamFlagsEvery          = 15 * time.Minute
)

// TeamDigests sends the e-mail digests of new team thread messages.
type TeamDigests struct{}

// Kind names the job.
func (TeamDigests) Kind() string { return KindTeamDigests }

// CheckInReminders reminds participants of a check-in that is due, once
// per period.
type CheckInReminders struct{}

// Kind names the job.
func (CheckInReminders) Kind() string { return KindCheckInReminders }
