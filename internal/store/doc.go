// Package store keeps all SQL of the platform, over database/sql, on two
// engines: embedded SQLite (modernc, pure Go) by default and PostgreSQL
// (pgx) for larger deployments. Both run the same statements with $n
// placeholders; where the engines differ (full-text search, bulk inserts,
// River's driver, pool sizes) the code asks db.Engine() at that one place,
// and the schemas differ only in migrations/sqlite and migrations/postgres.
//
// Files are named after the noun whose rows they read and write:
// users, profiles, memberships (with member lists), organizations,
// companies, projects (writes), projects_get (one project and the
// management lists), projects_find (the listing's rows and the reference
// filter), projects_search (the search index), projects_history,
// entries*, interviews, messages, notifications, favorites, invitations,
// tokens (e-mail links), api_tokens, sessions, throttles, audit, outbox,
// images, jobs, teams (one per project, with the derived member list),
// charters, agreements, milestones, checkins (with their comments and the
// interventions), team_messages, team_health (the dashboard's facts of
// many teams in one query), account_data and account_data_teams (one
// person's rows, for export and deletion) and backup. store.go opens the two pools, migrate.go runs
// goose, query.go holds the small query helpers and errors.go maps driver
// errors to furusato codes.
//
// Rows come and go as furusato types (furusato.Invitation,
// furusato.AuditEntry, …): store defines no domain noun, so service can hand
// what it reads to the edges as it is. Filters follow one rule: a filter
// that the edges fill (furusato.AuditFilter, OutboxFilter, UserFilter,
// ProjectFilter) is a furusato type, which store accepts as it is; a filter
// that only the service builds from its own arguments (EntryFilter,
// WaitingFilter, ManageFilter) is a store type, part of the query's
// contract with its one caller. The remaining store types are of the same
// kind: rows only the service reads (ListingRow, SearchMatch,
// DigestCandidate, FavoriteDeadline, Token, UserFavorite), backups and the
// demo's bulk rows.
//
// It imports furusato and search, the drivers and goose; never net/http.
package store
