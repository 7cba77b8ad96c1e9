-- +goose Up
-- Participation records (参加の記録, issue 10) and the keys that sign their Open Badges 3.0
-- credentials. Same tables, columns and indexes as the PostgreSQL file of the same number.
--
-- A record is drafted for each participant when their team's work is completed (status
-- 'draft', hours summed from their check-ins), confirmed by the company's staff (hours,
-- words with consent) which issues it with its signed credential ('issued'), and may be
-- revoked by an admin once ('revoked', never back). Links and the texts the record states
-- are copied when it is drafted, so the policy decides on the row and the record says what
-- was true. The id is also the record's place on the revocation status lists (list
-- id / 131072 + 1, bit id % 131072), so ids are never reused (AUTOINCREMENT on SQLite,
-- an identity on PostgreSQL) and records are never deleted.
CREATE TABLE records (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id          BIGINT  NOT NULL REFERENCES teams (id),
    project_id       BIGINT  NOT NULL REFERENCES projects (id),
    company_id       BIGINT  NOT NULL REFERENCES companies (id),
    organization_id  BIGINT  NOT NULL REFERENCES organizations (id),
    user_id          BIGINT  NOT NULL REFERENCES users (id),
    project_title    TEXT    NOT NULL,
    company_name     TEXT    NOT NULL,
    participant_name TEXT    NOT NULL,
    role             TEXT    NOT NULL DEFAULT '',
    start_at         BIGINT  NOT NULL,
    end_at           BIGINT  NOT NULL CHECK (end_at >= start_at),
    reported_hours   INTEGER NOT NULL CHECK (reported_hours >= 0),
    hours            INTEGER NOT NULL CHECK (hours >= 0),
    words            TEXT    NOT NULL DEFAULT '',
    words_consent    BOOLEAN NOT NULL DEFAULT FALSE CHECK (words_consent IN (FALSE, TRUE)),
    status           TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'revoked')),
    public           BOOLEAN NOT NULL DEFAULT FALSE CHECK (public IN (FALSE, TRUE)),
    credential       TEXT    NOT NULL DEFAULT '',
    confirmed_by     BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    issued_at        BIGINT  NOT NULL DEFAULT 0,
    revoked_at       BIGINT  NOT NULL DEFAULT 0,
    revoke_reason    TEXT    NOT NULL DEFAULT '',
    revoked_by       BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT  NOT NULL,
    CHECK (words = '' OR words_consent),
    CHECK ((status = 'draft') = (credential = ''))
);
CREATE UNIQUE INDEX records_team_user ON records (team_id, user_id);
CREATE INDEX records_user ON records (user_id, created_at);
CREATE INDEX records_company ON records (company_id, status);
CREATE INDEX records_project ON records (project_id);
CREATE INDEX records_revoked ON records (status, id);
CREATE INDEX records_confirmed_by ON records (confirmed_by);
CREATE INDEX records_revoked_by ON records (revoked_by);

-- The platform's Ed25519 signing keys: made on first start (name 'key-1'), rotated by adding
-- the next; the newest signs, every one stays published in the issuer profile so that what
-- it signed still verifies. seed is the 32-byte private seed: it never leaves the server.
CREATE TABLE signing_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT   NOT NULL UNIQUE CHECK (name <> ''),
    seed       BLOB   NOT NULL,
    public_key BLOB   NOT NULL,
    created_at BIGINT NOT NULL
);

-- The signed Bitstring Status List credentials, one per list of 131072 records, re-signed in
-- the transaction that revokes a record on it (so every node serves the same document).
CREATE TABLE status_lists (
    list       BIGINT NOT NULL PRIMARY KEY CHECK (list > 0),
    document   TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE status_lists;
DROP TABLE signing_keys;
DROP TABLE records;
