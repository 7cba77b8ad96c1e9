// Package policy makes every permission decision of the platform: may this
// Actor do this Action to that object? Pages, the API and the service all ask
// it, so a rule is written once and the same request gets the same answer on
// every edge.
//
// It is pure: no I/O, no clock, no database. The caller loads the object and
// the Actor (user, memberships and supporter assignments as read at the start
// of the request) and passes them in. It imports only the furusato domain
// package and the standard library.
//
// Every function returns nil when the action is allowed, or a
// *furusato.Error. The checks run in one order everywhere:
//
//  1. Can the actor see the object at all? If not: ENOTFOUND, with the same
//     message a missing object gets, so that a private draft cannot be told
//     from an ID that does not exist. Organisations and companies are public
//     (they have public pages), so this step only matters for projects.
//  2. Is the actor signed in? A visitor refused anything on an object they
//     can see gets EUNAUTHORIZED ("sign in"), never EFORBIDDEN: signing in
//     might help.
//  3. Does the request make sense for this object? An unknown target status
//     is EINVALID; a status move that the object's current status does not
//     allow is ECONFLICT (the object's state conflicts with the request,
//     which is also what a second, concurrent publish sees; HTTP 409).
//  4. May this actor do it? If not: EFORBIDDEN.
//
// Where a refusal looks like absence is decided here, once, and never by
// an edge: web and the API map each code to one status (ENOTFOUND 404,
// EUNAUTHORIZED a sign-in, EFORBIDDEN 403, ECONFLICT 409, ERATELIMIT 429)
// and never turn one code into another. The decision:
//
//   - Projects: one the actor may not see (a draft, a project in review,
//     not theirs) is ENOTFOUND for every action, so a guessed ID reveals
//     nothing. On a project they can see, a refusal is EFORBIDDEN (403).
//   - Entries, and what hangs on them (interviews, notes, the thread, the
//     calendar file): an entry exists only for its participant and its
//     hosts (the company's staff, the organisation's coordinators, admins);
//     everyone else gets ENOTFOUND. An entry has two sides, and one side's
//     actions and pages do not exist for the other: the participant asking
//     for a host's action (the hosts' page of the entry, a move, notes,
//     planning an interview) and a host asking for the participant's
//     (withdraw, accept, pick a slot) get ENOTFOUND too, the same answer on
//     every route. The one EFORBIDDEN is EntryCreate by the project's own
//     hosts, on a project everyone can see.
//   - Teams, and what hangs on them (charter, agreement, milestones,
//     check-ins, the thread, warnings, interventions): a team exists only
//     for its members (its participants, the company's staff, the
//     organisation's coordinators, the supporters assigned to its project)
//     and admins; everyone else gets ENOTFOUND for every action, a visitor
//     EUNAUTHORIZED. Unlike an entry, a team has one side: its members all
//     see the workspace, so a member (or an admin) refused an action gets
//     EFORBIDDEN, and the page may say which role would be needed.
//   - Everything public (organisations, companies, public projects) and the
//     global actions (the admin area): EFORBIDDEN, since the object's
//     existence is no secret; the 403 page says a permission is missing.
//
// An action asked of the wrong function (Company with "project.view") is a
// programming error and is refused with EINTERNAL, so it is logged.
//
// A deleted (anonymised) user is treated as a visitor, and a user with no
// membership and no admin flag (for example a removed member) is a
// participant, whatever stale supporter assignments their Actor still
// carries.
package policy
