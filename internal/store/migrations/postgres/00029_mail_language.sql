-- +goose Up
-- Mail that reads well (issue 11, items 8 and 9). Same columns as the other engine's file of
-- the same number.
--
-- users.lang is the language a person reads pages and mail in: set from the page at sign-up,
-- changed on the account page; '' (accounts made before this) means Japanese.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '' CHECK (lang IN ('', 'ja', 'en'));

-- outbox.list_unsubscribe is the one-click unsubscribe URL (RFC 8058) of a notice or digest,
-- sent as its List-Unsubscribe header; '' for account mail, which cannot be turned off.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT NOT NULL DEFAULT '';

-- mail_keys holds the secret that signs unsubscribe links: one row, made by the first mail
-- that needs it (INSERT … ON CONFLICT DO NOTHING), so every node signs with the same key and
-- no configuration is needed.
CREATE TABLE mail_keys (
    id     INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    secret TEXT    NOT NULL CHECK (secret <> '')
);

-- +goose Down
DROP TABLE mail_keys;
ALTER TABLE outbox DROP COLUMN list_unsubscribe;
ALTER TABLE users DROP COLUMN lang;
