-- +goose Up
-- Personal access tokens for the JSON API (item 9 of the accounts issue). Same table, columns
-- and constraints as the PostgreSQL file of the same number; only the DDL spelling differs.
-- Only token_hash (the SHA-256 hex of the whole "fst_…" token) is stored; prefix is its first
-- 8 characters, shown so people can tell their tokens apart. Instants are BIGINT Unix
-- milliseconds; 0 means "not yet" (last_used_at, revoked_at) or "never" (expires_at).
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL CHECK (name <> ''),
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT  NOT NULL DEFAULT 0,
    expires_at   BIGINT  NOT NULL DEFAULT 0,
    revoked_at   BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- +goose Down
DROP TABLE api_tokens;
