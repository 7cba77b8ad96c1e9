package service

import (
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/store"
)

// Config is what the services need to know of the deployment.
type Config struct {
	BaseURL string           // public origin; links in e-mails start with it
	Now     func() time.Time // the clock; time.Now when nil
	Argon   ArgonParams      // password hashing cost; DefaultArgon when zero
	// Sender hands mail to SMTP; nil (no SMTP configured) keeps every mail
	// in the outbox, unsent, for admins to read.
	Sender mail.Sender
	// OutboxRetention is how long sent mail is kept; zero keeps it.
	OutboxRetention time.Duration
	// Warnings are the early warning's thresholds; the defaults
	// (furusato.DefaultWarningSettings) when zero.
	Warnings furusato.WarningSettings
	// Contact is the operator's e-mail address and contact form, for the
	// contact and operator pages and every mail's signature; zero: none.
	Contact furusato.Contact
}

// Services is every use case of the platform over one database, each built
// once by New, with its collaborators given through its constructor: the
// web pages, the API, the middleware and the background jobs of a process
// share these instances. The composition is here, not in the services:
// none builds or hands out another.
type Services struct {
	Catalogue    *Catalogue
	Auth         *Auth
	PersonalData *PersonalData
	Users        *Users
	Orgs         *Orgs
	AuditLog     *AuditLog
	Outbox       *Outbox
	Mailer       *Mailer
	APITokens    *APITokens
	Jobs         *Jobs
	Projects     *Projects
	Entries      *Entries
	Interviews   *Interviews
	Messages     *Messages
	Notifier     *Notifier
	Teams        *Teams
	Reflections  *Reflections
	Records      *Records
	Warnings     *Warnings
	Pages        *Pages
}

// New builds every service over db.
func New(db *store.DB, cfg Config) (*Services, error) {
	if db == nil {
		return nil, fmt.Errorf("service: no database")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Argon == (ArgonParams{}) {
		cfg.Argon = DefaultArgon
	}
	now, base := cfg.Now, strings.TrimRight(cfg.BaseURL, "/")
	auth, err := NewAuth(db, now, cfg.Argon, base)
	if err != nil {
		return nil, err
	}
	auth.contact = cfg.Contact
	notifier := NewNotifier(db, now, base)
	notifier.contact = cfg.Contact // the digests of Messages and Teams sign with it too
	orgs := NewOrgs(db, now, base)
	orgs.contact = cfg.Contact
	pages := NewPages(db, now)
	pages.contact = cfg.Contact
	interviews := NewInterviews(db, now, notifier, base)
	entries := NewEntries(db, now, notifier, interviews)
	mailer := NewMailer(db, cfg.Sender, now)
	mailer.Retention = cfg.OutboxRetention
	projects, teams := NewProjects(db, now, notifier, interviews), NewTeams(db, now, notifier, base)
	projects.teams, teams.projects = teams, projects
	reflections := NewReflections(db, now, notifier, base)
	records := NewRecords(db, now, notifier, base)
	// When the work ends, reflections open and records are drafted.
	teams.onEnd = append(teams.onEnd, reflections.Open, records.DraftOnEnd)
	return &Services{
		Catalogue:    NewCatalogue(db, now),
		Auth:         auth,
		PersonalData: NewPersonalData(db, now, entries),
		Users:        NewUsers(db, now, cfg.Argon),
		Orgs:         orgs,
		AuditLog:     NewAuditLog(db),
		Outbox:       NewOutbox(db),
		Mailer:       mailer,
		APITokens:    NewAPITokens(db, now),
		Jobs:         NewJobs(db, now),
		Projects:     projects,
		Entries:      entries,
		Interviews:   interviews,
		Messages:     NewMessages(db, now, notifier, base),
		Notifier:     notifier,
		Teams:        teams,
		Reflections:  reflections,
		Records:      records,
		Warnings:     NewWarnings(db, now, notifier, teams, cfg.Warnings),
		Pages:        pages,
	}, nil
}

// JobServices returns the use cases the background jobs call, from s:
// mail delivery (s.Mailer) and every periodic job, among them the tidying
// of the outbox: it deletes mail sent more than Config.OutboxRetention ago
// and blanks the links left in mail sent by older versions. `furusato
// serve` and the browser tests hand them to jobs.New.
func (s *Services) JobServices() jobs.Services {
	return jobs.Services{
		Deliver:                s.Mailer.Deliver,
		CloseDue:               s.Entries.CloseDue,
		SendInterviewReminders: s.remindAndStart,
		SendMessageDigests:     s.Messages.SendDigests,
		SendFavoriteDeadlines:  s.Notifier.SendFavoriteDeadlines,
		PurgeThrottles:         s.Jobs.PurgeThrottles,
		PurgeOutbox:            s.Mailer.PurgeSent,
		SendTeamDigests:        s.Teams.SendTeamDigests,
		SendCheckInReminders:   s.Teams.SendCheckInReminders,
		EvaluateTeamFlags:      s.Warnings.Evaluate,
	}
}
