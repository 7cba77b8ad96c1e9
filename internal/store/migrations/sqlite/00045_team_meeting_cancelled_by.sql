-- +goose Up
-- Who cancelled a team meeting (with the reason they typed, 00043), so that deleting their
-- account empties the reason as it empties the reasons of their entry moves; NULL for a cancel
-- by the end of the team's work, and for meetings cancelled before this migration. Same on both
-- engines.
ALTER TABLE team_meetings ADD COLUMN cancelled_by BIGINT NULL REFERENCES users (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE team_meetings DROP COLUMN cancelled_by;
