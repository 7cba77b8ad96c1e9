-- +goose Up
-- Interviews (面談) of an entry: the organisation or company proposes slots, the participant
-- picks one. Same tables, columns and indexes as the PostgreSQL file of the same number.
--
-- starts_at is the picked slot's start (0 while proposed or after a reschedule), so the
-- reminder job finds due interviews with one index; reminded_at is set by a conditional
-- UPDATE ... WHERE reminded_at = 0, so a reminder is sent once even on several nodes.
-- chosen_slot_id is 0 until confirmed (no foreign key: the slots refer to the interview).
CREATE TABLE interviews (
    id             INTEGER PRIMARY KEY,
    entry_id       BIGINT  NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL CHECK (status IN ('proposed', 'confirmed', 'cancelled')),
    chosen_slot_id BIGINT  NOT NULL DEFAULT 0,
    online         BOOLEAN NOT NULL CHECK (online IN (FALSE, TRUE)),
    location       TEXT    NOT NULL,
    notes          TEXT    NOT NULL DEFAULT '',
    created_by     BIGINT  NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    starts_at      BIGINT  NOT NULL DEFAULT 0,
    reminded_at    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX interviews_entry ON interviews (entry_id, id);
CREATE INDEX interviews_due ON interviews (status, reminded_at, starts_at);

-- The proposed times of an interview; replaced whole by a reschedule.
CREATE TABLE interview_slots (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a stale pick form must not hit a new slot
    interview_id BIGINT  NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    starts_at    BIGINT  NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240)
);
CREATE INDEX interview_slots_interview ON interview_slots (interview_id, starts_at);

-- +goose Down
DROP TABLE interview_slots;
DROP TABLE interviews;
