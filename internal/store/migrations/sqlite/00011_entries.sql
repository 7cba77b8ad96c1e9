-- +goose Up
-- The entry workflow's core: favourites (気になる), entries (エントリー) with their recorded
-- changes and the organisation's private notes, and the count of matched people per project.
-- Same tables, columns and indexes as the PostgreSQL file of the same number.
--
-- Limits that must hold across nodes live here: one active entry per person and project
-- (entries_active, a partial unique index) and matched <= places (CHECK, and the service's
-- conditional UPDATE ... WHERE matched < places).

-- An iCalendar document attached to a mail (interview confirmations), '' for none.
ALTER TABLE outbox ADD COLUMN calendar TEXT NOT NULL DEFAULT '';

ALTER TABLE projects ADD COLUMN matched INTEGER NOT NULL DEFAULT 0 CHECK (matched >= 0);

CREATE TABLE favorites (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX favorites_project ON favorites (project_id);

-- company_id and organization_id are copied from the project (whose links never change) so
-- that the policy decides on the entry row alone and boards filter without a join.
CREATE TABLE entries (
    id              INTEGER PRIMARY KEY,
    project_id      BIGINT  NOT NULL REFERENCES projects (id),
    user_id         BIGINT  NOT NULL REFERENCES users (id),
    company_id      BIGINT  NOT NULL REFERENCES companies (id),
    organization_id BIGINT  NOT NULL REFERENCES organizations (id),
    motivation      TEXT    NOT NULL,
    contribution    TEXT    NOT NULL,
    hours_per_month INTEGER NOT NULL CHECK (hours_per_month > 0),
    questions       TEXT    NOT NULL DEFAULT '',
    stage           TEXT    NOT NULL CHECK (stage IN ('submitted', 'screening', 'interview', 'offered', 'matched', 'declined', 'withdrawn')),
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX entries_active ON entries (project_id, user_id) WHERE stage IN ('submitted', 'screening', 'interview', 'offered');
CREATE INDEX entries_project ON entries (project_id, stage, created_at);
CREATE INDEX entries_user ON entries (user_id, updated_at);
CREATE INDEX entries_organization ON entries (organization_id, stage, updated_at);
CREATE INDEX entries_company ON entries (company_id, stage, updated_at);

-- Every change of an entry: its creation (from_stage ''), each move, with who (actor_id NULL
-- for the system: deadline, places filled) and the reason shown to the participant.
CREATE TABLE entry_events (
    id         INTEGER PRIMARY KEY,
    entry_id   BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    actor_id   BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    from_stage TEXT   NOT NULL DEFAULT '',
    to_stage   TEXT   NOT NULL,
    reason     TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX entry_events_entry ON entry_events (entry_id, id);

-- Private notes: the organisation and the company only, never the participant.
CREATE TABLE entry_notes (
    id         INTEGER PRIMARY KEY,
    entry_id   BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    author_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT   NOT NULL CHECK (body <> ''),
    created_at BIGINT NOT NULL
);
CREATE INDEX entry_notes_entry ON entry_notes (entry_id, id);

-- The message thread of each entry: participant, coordinators, company staff. kind 'message' is
-- written by a person; 'stage' is the message that came with a stage move (e-mailed with that
-- move's notice, so digests leave it out).
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    entry_id   BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    author_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    kind       TEXT   NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'stage')),
    body       TEXT   NOT NULL CHECK (body <> ''),
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_entry ON messages (entry_id, id);

-- +goose Down
DROP TABLE messages;
DROP TABLE entry_notes;
DROP TABLE entry_events;
DROP TABLE entries;
DROP TABLE favorites;
ALTER TABLE projects DROP COLUMN matched;
ALTER TABLE outbox DROP COLUMN calendar;
