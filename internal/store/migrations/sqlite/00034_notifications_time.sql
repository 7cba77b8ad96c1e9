-- +goose Up
-- Notices are listed newest first by the time they were made (not by id), so the list
-- reads them in that order. Same index on both engines.
CREATE INDEX notifications_user_time ON notifications (user_id, created_at, id);

-- +goose Down
DROP INDEX notifications_user_time;
