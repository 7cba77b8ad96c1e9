-- +goose Up
-- Check-in reminders sent (issue 10): one row per team, participant and due instant (the
-- participant's last check-in, or the kickoff, plus one cadence period, in Unix ms). The
-- reminder job inserts the row in the transaction that sends the notice, with ON CONFLICT DO
-- NOTHING, so a period's reminder goes out once, however many runs or nodes see it due.
CREATE TABLE checkin_reminders (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_at  BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id, due_at)
);
CREATE INDEX checkin_reminders_user ON checkin_reminders (user_id);

-- +goose Down
DROP TABLE checkin_reminders;
