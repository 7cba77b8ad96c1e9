-- +goose Up
-- The mail outbox: every e-mail is written here in the same transaction as the change that
-- causes it, then sent by service.Deliverer (or, with no SMTP configured, read by admins).
-- Same table, columns and index as the PostgreSQL file of the same number.
--
-- Instants are BIGINT Unix milliseconds. sent_at 0 = not sent yet. next_attempt_at is when a
-- deliverer may next try: a claim moves it forward by a lease (so two nodes never send the same
-- row at once), a failure to the retry time, and 0 means no further attempt (given up; last_error
-- says why). attempts counts the tries started.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    to_addr         TEXT    NOT NULL CHECK (to_addr <> ''),
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL DEFAULT '',
    message_id      TEXT    NOT NULL UNIQUE CHECK (message_id <> ''),
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT  NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    next_attempt_at BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at = 0;
CREATE INDEX outbox_created ON outbox (created_at, id);

-- +goose Down
DROP TABLE outbox;
