// Package mail composes the platform's e-mails (embedded templates, ja/en,
// plain text plus HTML) and sends them over SMTP. Messages are not sent from
// request handlers: the service writes them to the outbox table in the same
// transaction as the change that causes them, and a deliverer sends what
// the outbox holds (or, with no SMTP configured, admins read it there).
//
// It imports furusato and ui; never store or service.
package mail
