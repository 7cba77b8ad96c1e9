-- +goose Up
-- Account deletion erases what the person wrote (service.Auth.DeleteAccount, store.EraseUserContent):
-- these indexes find their messages and their recorded moves without reading every row.
-- Same indexes on both engines.
CREATE INDEX messages_author ON messages (author_id);
CREATE INDEX entry_events_actor ON entry_events (actor_id);

-- Accounts deleted before deletion erased texts: their answers, messages and reasons go now, as
-- they would today (the message text is furusato.DeletedMessageBody; a message needs a body).
UPDATE entries SET motivation = '', contribution = '', questions = ''
WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);
UPDATE messages SET body = '（退会したユーザーのメッセージは削除されました）'
WHERE author_id IN (SELECT id FROM users WHERE deleted_at <> 0);
UPDATE entry_events SET reason = '' WHERE actor_id IN (SELECT id FROM users WHERE deleted_at <> 0);
DELETE FROM favorites WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);
DELETE FROM notifications WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);
DELETE FROM notification_prefs WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);
DELETE FROM message_reads WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);
DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE deleted_at <> 0);

-- +goose Down
DROP INDEX entry_events_actor;
DROP INDEX messages_author;
