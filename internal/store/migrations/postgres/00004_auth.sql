-- +goose Up
-- Sign-in support: single-use e-mail tokens, shared rate-limit counters, and the session epoch
-- that "sign out everywhere" bumps. Same tables, columns and constraints as the SQLite file
-- of the same number; only the DDL spelling differs.

-- A session remembers the epoch its user had at sign-in; a session whose epoch differs from
-- the user's is signed out (sign out everywhere, password reset).
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- Links sent by e-mail. Only the SHA-256 (hex) of the random token is stored, so a leaked
-- table opens nothing; a token works once (used_at) and until expires_at (Unix ms).
CREATE TABLE tokens (
    hash       TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'email_change', 'reset_password')),
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_email  TEXT    NOT NULL DEFAULT '', -- email_change: the address to move to
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT  NOT NULL DEFAULT 0,
    created_at BIGINT  NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id, purpose);

-- Fixed-window counters for rate limits that all nodes share (failed sign-ins per account and
-- per address, sign-ups per address, …); key names the limit and its subject.
CREATE TABLE throttles (
    key          TEXT    PRIMARY KEY,
    window_start BIGINT  NOT NULL,
    count        INTEGER NOT NULL
);

-- +goose Down
DROP TABLE throttles;
DROP TABLE tokens;
ALTER TABLE users DROP COLUMN session_epoch;
