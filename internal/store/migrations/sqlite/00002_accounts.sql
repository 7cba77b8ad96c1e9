-- +goose Up
-- Accounts, roles and the audit trail. Same tables, columns and constraints as the PostgreSQL
-- file of the same number; only the DDL spelling differs.
--
-- Flags are BOOLEAN on both engines: PostgreSQL stores a real boolean; SQLite 3.23+ stores 0/1
-- and understands TRUE/FALSE, and modernc scans a BOOLEAN column into a Go bool and binds a Go
-- bool as 0/1. So the same statements work everywhere as long as SQL compares flags with
-- TRUE/FALSE or bound Go bools (never with 1/0, and never SUM() them: use COUNT(*) FILTER (WHERE …)).
-- Instants are BIGINT Unix milliseconds, 0 for "not yet" (as projects.published_at).

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    email             TEXT    NOT NULL UNIQUE CHECK (email <> ''), -- normalised by service.NormalizeEmail
    display_name      TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL DEFAULT '',                 -- PHC argon2id; '' = no password set
    admin             BOOLEAN NOT NULL DEFAULT FALSE CHECK (admin IN (FALSE, TRUE)),
    email_verified_at BIGINT  NOT NULL DEFAULT 0,
    deleted_at        BIGINT  NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL
);

-- A user's role in an organisation (coordinator, supporter) or a company (company_staff).
-- id is only a row key (PostgreSQL logical replication wants one); a membership is named by
-- (user, role, organisation or company), which the two partial unique indexes keep unique.
CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL CHECK (role IN ('coordinator', 'company_staff', 'supporter')),
    organization_id BIGINT  REFERENCES organizations (id) ON DELETE CASCADE,
    company_id      BIGINT  REFERENCES companies (id) ON DELETE CASCADE,
    created_at      BIGINT  NOT NULL,
    CHECK ((organization_id IS NULL) <> (company_id IS NULL)),
    CHECK ((role = 'company_staff') = (company_id IS NOT NULL))
);
CREATE UNIQUE INDEX memberships_user_organization ON memberships (user_id, role, organization_id) WHERE organization_id IS NOT NULL;
CREATE UNIQUE INDEX memberships_user_company ON memberships (user_id, role, company_id) WHERE company_id IS NOT NULL;
CREATE INDEX memberships_organization ON memberships (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX memberships_company ON memberships (company_id) WHERE company_id IS NOT NULL;

-- Server-side sessions, exactly as github.com/alexedwards/scs/sqlite3store expects them
-- (expiry is a Julian day number, written and compared by that package with julianday()).
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Who did what to which object, append-only. actor_user_id has no foreign key on purpose: the
-- record must outlive and never block changes to the user (NULL: the command line or the
-- system). detail is a JSON object as text on both engines.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            BIGINT  NOT NULL,
    actor_user_id BIGINT,
    action        TEXT    NOT NULL,
    object_type   TEXT    NOT NULL DEFAULT '',
    object_id     BIGINT,
    ip            TEXT    NOT NULL DEFAULT '',
    detail        TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
