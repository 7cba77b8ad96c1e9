// Package furusato holds the domain of the platform: the nouns every other
// package speaks, their enums and state machines, validation that needs no
// database, and the error type with stable codes (error.go).
//
// Its nouns, by file: regions and prefectures (region.go), themes
// (theme.go), users, roles, memberships, the Actor and token scopes
// (user.go), members and membership details (membership.go), organisations
// and companies (organization.go), invitations (invitation.go), profiles
// (profile.go), projects, their statuses, moves, supporters and the
// listing's ProjectFilter (project.go), a project's history and its typed
// actions (project_history.go), cover images (cover.go), entries, stages,
// their moves and favourites (entry.go), interviews (interview.go,
// interview_validate.go), messages (message.go), notices and their
// preferences (notification.go), API tokens (apitoken.go), the audit log
// and its typed actions (audit.go), outbox mail (outbox.go), the
// catalogue's counts (catalogue.go), dates in JST (date.go), text helpers
// (text.go) and secret links (secretlink.go).
//
// Types here carry no SQL and no HTTP: store reads and writes them, service
// hands them to the edges. A query filter that the edges fill (AuditFilter,
// OutboxFilter, UserFilter, ProjectFilter) is a noun here too; one that
// only the service builds stays in store (see store's package doc).
//
// It imports the standard library only (internal/deps_test.go checks it);
// every other package of ours may import it, and it imports none of them.
//
// Its checks (Validate) take values as the service normalised them:
// normalising what people type (NFKC, trimming, full-width digits) is the
// service's, for every noun, and happens nowhere else (see package
// service). ProjectUpdate is a typed change to a project, which both edges
// build.
package furusato
