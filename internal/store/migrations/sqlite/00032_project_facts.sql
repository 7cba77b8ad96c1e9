-- +goose Up
-- What people decide on (issue 11, item 4): the reward in full (what the amount is counted
-- over, and a note for the form of payment and travel-cost limits), how interviews happen,
-- the usual days and hours, the selection steps (one a line) with the days to a first reply,
-- and a word from the host and from the supporters. All optional; amounts stored so far were
-- monthly ("yen per month"), so they say so.
ALTER TABLE projects ADD COLUMN reward_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN reward_note TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN interview_style TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN interview_note TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN work_times TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN selection_steps TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN response_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN host_intro TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN supporter_intro TEXT NOT NULL DEFAULT '';
UPDATE projects SET reward_basis = 'month' WHERE reward_amount > 0;

-- Hours are asked and shown per week everywhere, as projects state them: an entry's hours
-- per month become hours per week (12 months over 52 weeks, rounded, at least 1, at most 40).
ALTER TABLE entries RENAME COLUMN hours_per_month TO hours_per_week;
UPDATE entries SET hours_per_week = CASE
    WHEN (hours_per_week * 12 + 26) / 52 < 1 THEN 1
    WHEN (hours_per_week * 12 + 26) / 52 > 40 THEN 40
    ELSE (hours_per_week * 12 + 26) / 52 END;

-- +goose Down
UPDATE entries SET hours_per_week = hours_per_week * 52 / 12;
ALTER TABLE entries RENAME COLUMN hours_per_week TO hours_per_month;
ALTER TABLE projects DROP COLUMN supporter_intro;
ALTER TABLE projects DROP COLUMN host_intro;
ALTER TABLE projects DROP COLUMN response_days;
ALTER TABLE projects DROP COLUMN selection_steps;
ALTER TABLE projects DROP COLUMN work_times;
ALTER TABLE projects DROP COLUMN interview_note;
ALTER TABLE projects DROP COLUMN interview_style;
ALTER TABLE projects DROP COLUMN reward_note;
ALTER TABLE projects DROP COLUMN reward_basis;
