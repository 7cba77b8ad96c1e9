-- +goose Up
-- Notices are listed newest first by the time they were made (not by id), so the list
-- reads them in that order. Same on both engines.
CREATE INDEX notifications_user_time ON notifications (user_id, created_at, id);

-- Why an interview was cancelled, shown on both sides' entry pages (it was only in the mail).
ALTER TABLE interviews ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE interviews DROP COLUMN cancel_reason;
DROP INDEX notifications_user_time;
