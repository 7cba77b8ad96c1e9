-- +goose Up
-- Notifications (the in-app centre and the e-mail choices per kind), read marks and digest
-- marks of message threads, and the one-time deadline notice of favourites.
-- Same tables, columns and indexes as the PostgreSQL file of the same number.

-- One in-app notice to one person. params is a JSON object of strings that fills the
-- catalogue message of kind; link is a path on the site; read_at 0 while unread.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    entry_id   BIGINT NULL REFERENCES entries (id) ON DELETE CASCADE,
    project_id BIGINT NULL REFERENCES projects (id) ON DELETE CASCADE,
    params     TEXT   NOT NULL DEFAULT '{}',
    link       TEXT   NOT NULL DEFAULT '',
    read_at    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at = 0;

-- A person's e-mail choice for one kind; no row means e-mail on.
CREATE TABLE notification_prefs (
    user_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    email   BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Per person and thread: the newest message read (last_read_id) and the newest message
-- already e-mailed in a digest (digest_id). Digests move digest_id with a conditional
-- update, so two nodes never send the same digest.
CREATE TABLE message_reads (
    entry_id     BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id BIGINT NOT NULL DEFAULT 0,
    digest_id    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, user_id)
);
CREATE INDEX message_reads_user ON message_reads (user_id);

-- The digest job looks for recent messages written by people.
CREATE INDEX messages_kind_created ON messages (kind, created_at);

-- A favourite's "deadline in 3 days" notice is sent once.
ALTER TABLE favorites ADD COLUMN deadline_notified BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE favorites DROP COLUMN deadline_notified;
DROP INDEX messages_kind_created;
DROP TABLE message_reads;
DROP TABLE notification_prefs;
DROP TABLE notifications;
