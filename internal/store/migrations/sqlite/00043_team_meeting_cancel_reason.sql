-- +goose Up
-- Why a team meeting was cancelled, shown on the team workspace and in the notice (it was only
-- in the mail): the reason as typed, and the cause when nobody typed one ('team_ended': the
-- team's work ended with the meeting still ahead). Same on both engines.
ALTER TABLE team_meetings ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE team_meetings ADD COLUMN cancel_cause TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE team_meetings DROP COLUMN cancel_cause;
ALTER TABLE team_meetings DROP COLUMN cancel_reason;
