-- +goose Up
-- Sessions are kept by our own scs store (store/sessions.go), only for signed-in people: the
-- key is the SHA-256 of the cookie's token (hex), never the token, so a copy of the database
-- signs no one in; user_id and epoch say whose session it is, so one person's sessions are one
-- indexed query. Instants are Unix ms like everywhere else. The old rows were keyed by the raw
-- token and cannot be carried over: everyone signs in again once after this migration.
DROP TABLE sessions;
CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    epoch      BIGINT NOT NULL,
    data       BYTEA  NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
CREATE TABLE sessions (
    token  TEXT        PRIMARY KEY,
    data   BYTEA       NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
