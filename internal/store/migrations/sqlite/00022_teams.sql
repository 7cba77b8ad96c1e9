-- +goose Up
-- Accompaniment after the match (issue 10): the team of each project, its charter and
-- agreement versions with who confirmed or accepted which, milestones, check-ins with their
-- comments, the coordinator's interventions, and the team thread. Same tables, columns and
-- indexes as the PostgreSQL file of the same number.
--
-- Members are not stored: they are the project's matched entries, the company's staff, the
-- organisation's coordinators and the project's linked supporters (store.FindTeamMembers).
-- company_id and organization_id are copied from the project (whose links never change) so
-- that the policy decides on the team row and dashboards filter without a join.
-- charter_version and agreement_version name the current versions; a new version is written
-- with a conditional UPDATE ... WHERE charter_version = the version read.
CREATE TABLE teams (
    id                INTEGER PRIMARY KEY,
    project_id        BIGINT  NOT NULL UNIQUE REFERENCES projects (id),
    company_id        BIGINT  NOT NULL REFERENCES companies (id),
    organization_id   BIGINT  NOT NULL REFERENCES organizations (id),
    kickoff_at        BIGINT  NOT NULL DEFAULT 0,
    cadence           TEXT    NOT NULL DEFAULT 'weekly' CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    charter_version   INTEGER NOT NULL DEFAULT 0 CHECK (charter_version >= 0),
    agreement_version INTEGER NOT NULL DEFAULT 0 CHECK (agreement_version >= 0),
    created_at        BIGINT  NOT NULL
);
CREATE INDEX teams_organization ON teams (organization_id, project_id);
CREATE INDEX teams_company ON teams (company_id);

-- Charter versions (チームの約束); author_id is NULL once the author's row is gone.
CREATE TABLE charters (
    id               INTEGER PRIMARY KEY,
    team_id          BIGINT  NOT NULL REFERENCES teams (id),
    version          INTEGER NOT NULL CHECK (version > 0),
    goal             TEXT    NOT NULL,
    done             TEXT    NOT NULL,
    hours_per_month  INTEGER NOT NULL CHECK (hours_per_month > 0),
    meetings         TEXT    NOT NULL,
    tools            TEXT    NOT NULL DEFAULT '',
    company_provides TEXT    NOT NULL DEFAULT '',
    rules            TEXT    NOT NULL DEFAULT '',
    cadence          TEXT    NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    author_id        BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX charters_team_version ON charters (team_id, version);

-- What each member expects to give and to get, per charter version (a new version starts
-- with a copy of the previous one's).
CREATE TABLE charter_expectations (
    charter_id BIGINT NOT NULL REFERENCES charters (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    gives      TEXT   NOT NULL DEFAULT '',
    gets       TEXT   NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (charter_id, user_id)
);
CREATE INDEX charter_expectations_user ON charter_expectations (user_id);

-- Who confirmed which version, in which team role (the early warning asks whether each
-- participant and someone of the company confirmed the current one).
CREATE TABLE charter_confirmations (
    charter_id   BIGINT NOT NULL REFERENCES charters (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    role         TEXT   NOT NULL CHECK (role IN ('participant', 'company_staff', 'coordinator', 'supporter')),
    confirmed_at BIGINT NOT NULL,
    PRIMARY KEY (charter_id, user_id)
);
CREATE INDEX charter_confirmations_user ON charter_confirmations (user_id);

-- Agreement versions (取り決め): the standard terms as values the catalogue words.
CREATE TABLE agreements (
    id              INTEGER PRIMARY KEY,
    team_id         BIGINT  NOT NULL REFERENCES teams (id),
    version         INTEGER NOT NULL CHECK (version > 0),
    charter_version INTEGER NOT NULL DEFAULT 0,
    start_date      TEXT    NOT NULL,
    end_date        TEXT    NOT NULL CHECK (end_date >= start_date),
    hours_per_month INTEGER NOT NULL CHECK (hours_per_month > 0),
    reward_type     TEXT    NOT NULL CHECK (reward_type IN ('none', 'honorarium', 'paid')),
    reward_amount   INTEGER NOT NULL DEFAULT 0 CHECK (reward_amount >= 0),
    travel_cost     TEXT    NOT NULL CHECK (travel_cost IN ('none', 'part', 'full')),
    confidential    BOOLEAN NOT NULL CHECK (confidential IN (FALSE, TRUE)),
    ownership       TEXT    NOT NULL CHECK (ownership IN ('company', 'participant', 'shared')),
    notice_days     INTEGER NOT NULL CHECK (notice_days >= 0),
    notes           TEXT    NOT NULL DEFAULT '',
    author_id       BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX agreements_team_version ON agreements (team_id, version);

-- Each participant accepts once per version for themself; one of the company's staff once
-- for the company. The partial unique indexes hold that across nodes.
CREATE TABLE agreement_acceptances (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    party        TEXT   NOT NULL CHECK (party IN ('participant', 'company')),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    accepted_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX agreement_acceptances_participant ON agreement_acceptances (agreement_id, user_id) WHERE party = 'participant';
CREATE UNIQUE INDEX agreement_acceptances_company ON agreement_acceptances (agreement_id) WHERE party = 'company';
CREATE INDEX agreement_acceptances_user ON agreement_acceptances (user_id);

CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    title      TEXT   NOT NULL CHECK (title <> ''),
    due_date   TEXT   NOT NULL,
    owner_id   BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    status     TEXT   NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX milestones_team ON milestones (team_id, status, due_date);
CREATE INDEX milestones_owner ON milestones (owner_id);

-- Check-ins (定例報告), one per participant and period. seq numbers each participant's
-- check-ins 1, 2, …; checkin_heads holds each participant's last seq, taken with an upsert in
-- the check-in's transaction (so two at once get 1 and 2, never the same), and the dashboard
-- reads each participant's latest few check-ins as seq > last_seq - n through
-- checkins_author_seq, without a correlated subquery the planners could not see through.
CREATE TABLE checkins (
    id           INTEGER PRIMARY KEY,
    team_id      BIGINT  NOT NULL REFERENCES teams (id),
    author_id    BIGINT  NOT NULL REFERENCES users (id),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    period_start BIGINT  NOT NULL,
    period_end   BIGINT  NOT NULL CHECK (period_end >= period_start),
    done         TEXT    NOT NULL,
    next_steps   TEXT    NOT NULL,
    blockers     TEXT    NOT NULL DEFAULT '',
    hours        INTEGER NOT NULL CHECK (hours >= 0),
    created_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX checkins_author_seq ON checkins (team_id, author_id, seq);
CREATE INDEX checkins_team ON checkins (team_id, created_at);
CREATE INDEX checkins_author ON checkins (author_id);

CREATE TABLE checkin_heads (
    team_id   BIGINT  NOT NULL REFERENCES teams (id),
    author_id BIGINT  NOT NULL REFERENCES users (id),
    last_seq  INTEGER NOT NULL CHECK (last_seq > 0),
    PRIMARY KEY (team_id, author_id)
);

-- Comments of the supporters and coordinators on a check-in; role '' for an admin who is no
-- member of the team.
CREATE TABLE checkin_comments (
    id         INTEGER PRIMARY KEY,
    checkin_id BIGINT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    author_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    role       TEXT   NOT NULL CHECK (role IN ('coordinator', 'supporter', '')),
    body       TEXT   NOT NULL CHECK (body <> ''),
    created_at BIGINT NOT NULL
);
CREATE INDEX checkin_comments_checkin ON checkin_comments (checkin_id, id);
CREATE INDEX checkin_comments_author ON checkin_comments (author_id);

-- What the coordinator did about a flagged team; the latest one restarts the early warning.
CREATE TABLE interventions (
    id         INTEGER PRIMARY KEY,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    author_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    action     TEXT   NOT NULL CHECK (action <> ''),
    next_date  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX interventions_team ON interventions (team_id, created_at);
CREATE INDEX interventions_author ON interventions (author_id);

-- The team thread: a table of its own beside the entry threads (messages), so that the entry
-- code and its indexes stay as they are; team_message_reads mirrors message_reads for the same
-- unread counts and digests.
CREATE TABLE team_messages (
    id         INTEGER PRIMARY KEY,
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    author_id  BIGINT NULL REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT   NOT NULL CHECK (body <> ''),
    created_at BIGINT NOT NULL
);
CREATE INDEX team_messages_team ON team_messages (team_id, id);
CREATE INDEX team_messages_author ON team_messages (author_id);
CREATE INDEX team_messages_created ON team_messages (created_at);

CREATE TABLE team_message_reads (
    team_id      BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id BIGINT NOT NULL DEFAULT 0,
    digest_id    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_message_reads_user ON team_message_reads (user_id);

-- +goose Down
DROP TABLE team_message_reads;
DROP TABLE team_messages;
DROP TABLE interventions;
DROP TABLE checkin_comments;
DROP TABLE checkin_heads;
DROP TABLE checkins;
DROP TABLE milestones;
DROP TABLE agreement_acceptances;
DROP TABLE agreements;
DROP TABLE charter_confirmations;
DROP TABLE charter_expectations;
DROP TABLE charters;
DROP TABLE teams;
