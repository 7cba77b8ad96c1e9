-- +goose Up
-- How a team's work ended (issue 10): ended_at is when the coordinator completed the project
-- or ended it early (0 while the work goes on); ended_early with the coordinator's reason
-- tells an early end from a completion. Reflections open and records are drafted from
-- ended_at (the 14-day rule for reading the other side's feedback counts from it).
ALTER TABLE teams ADD COLUMN ended_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN ended_early BOOLEAN NOT NULL DEFAULT FALSE CHECK (ended_early IN (FALSE, TRUE));
ALTER TABLE teams ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE teams DROP COLUMN end_reason;
ALTER TABLE teams DROP COLUMN ended_early;
ALTER TABLE teams DROP COLUMN ended_at;
