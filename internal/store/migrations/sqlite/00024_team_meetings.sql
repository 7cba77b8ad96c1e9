-- +goose Up
-- Team meetings (issue 10): the kickoff and later meetings of a team, scheduled with the
-- interview slot machinery (proposed JST slots, one pick confirms, .ics with SEQUENCE,
-- a reminder the day before, reschedule, cancel). Same tables, columns and indexes as the
-- PostgreSQL file of the same number.
--
-- kind is 'kickoff' or 'meeting'; note is shared with the whole team (unlike an
-- interview's private notes). starts_at is the picked slot's start (0 while proposed),
-- reminded_at is set by a conditional UPDATE ... WHERE reminded_at = 0 (a reminder once,
-- also on several nodes), as for interviews.
CREATE TABLE team_meetings (
    id             INTEGER PRIMARY KEY,
    team_id        BIGINT  NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('kickoff', 'meeting')),
    status         TEXT    NOT NULL CHECK (status IN ('proposed', 'confirmed', 'cancelled')),
    chosen_slot_id BIGINT  NOT NULL DEFAULT 0,
    online         BOOLEAN NOT NULL CHECK (online IN (FALSE, TRUE)),
    location       TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    created_by     BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    starts_at      BIGINT  NOT NULL DEFAULT 0,
    reminded_at    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX team_meetings_team ON team_meetings (team_id, id);
CREATE INDEX team_meetings_due ON team_meetings (status, reminded_at, starts_at);

-- The proposed times of a meeting; replaced whole by a reschedule.
CREATE TABLE team_meeting_slots (
    id         INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a stale pick form must not hit a new slot
    meeting_id BIGINT  NOT NULL REFERENCES team_meetings (id) ON DELETE CASCADE,
    starts_at  BIGINT  NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240)
);
CREATE INDEX team_meeting_slots_meeting ON team_meeting_slots (meeting_id, starts_at);

-- +goose Down
DROP TABLE team_meeting_slots;
DROP TABLE team_meetings;
