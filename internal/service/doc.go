// Package service holds the use cases of the platform: it opens
// transactions, asks the policy, applies the rules and returns domain
// errors. It knows nothing of HTTP.
//
// It takes typed values (furusato.ProjectUpdate, furusato.Entry, …) and
// is the one layer that normalises what people type, for every noun: free
// text as written (NFC, trimmed, line ends LF, bidirectional controls out
// of one-line values: prose, proseLine); NFKC only for what is read or
// matched rather than shown (normText: numbers, slugs, choices; e-mail
// addresses, NormalizeEmail; search keys). The edges
// pass text as typed and read their own syntax (numbers with full-width
// digits, dates from parts, ids) with ReadNumber, ReadDate and ReadID, so
// that normalising stays here; what they cannot read is their field error.
//
// Each service is a type named after what it holds, built by its New
// function with its collaborators (another service it calls) as
// arguments; none builds another service inside a method or hands one
// out. New builds them all once, over one database, as Services: the web
// pages, the API, the middleware and the background jobs of a process
// share those instances.
//
//   - Catalogue: the public reads: projects (listing, filter, search, the
//     in-memory listing index and the id-list cache), regions, themes and
//     organisations.
//   - Auth: signing up and in, confirming and changing the e-mail address,
//     resetting and changing the password, signing out everywhere, the
//     Actor of a session.
//   - PersonalData: what is held about the signed-in person, at their
//     request: the profile, the data export, deleting the account.
//   - Users: accounts as a whole: creating one (`furusato user create`, the
//     demo), the admins' user list and view and the admin flag, one's own
//     memberships and coordinated organisations.
//   - Orgs: organisations, companies, their members and invitations.
//   - AuditLog: the admins' view of the audit log.
//   - Outbox: the admins' view of the mail outbox (secrets blanked).
//   - Mailer: delivering outbox mail (the SendMail job) and tidying the
//     outbox; QueueMail puts mail in it, in the caller's transaction.
//   - APITokens: personal access tokens and authenticating requests with
//     them.
//   - Jobs: the admins' view of troubled background jobs, retrying one,
//     purging old rate-limit counters.
//   - Projects: creating, editing and moving projects, covers, history and
//     the management dashboard; closing a project's entries when it ends.
//   - Entries: entries and favourites, the boards of hosts, moves between
//     stages, closing entries whose deadline passed.
//   - Interviews: proposing, picking, rescheduling and cancelling
//     interviews, their calendar files and reminders.
//   - Messages: an entry's message thread, unread counts, e-mail digests.
//   - Notifier: in-app notices, the e-mail they send, preferences, the
//     favourites' deadline reminders.
//
// It imports furusato, policy, store, search, jobs and mail.
package service
