-- +goose Up
-- Hours are asked and shown per week everywhere (issue 11, item 4), as projects and entries
-- state them: a charter's and an agreement's hours per participant and month become hours per
-- week the way 00032 converted entries (12 months over 52 weeks, rounded, at least 1, at most 40).
ALTER TABLE charters RENAME COLUMN hours_per_month TO hours_per_week;
UPDATE charters SET hours_per_week = CASE
    WHEN (hours_per_week * 12 + 26) / 52 < 1 THEN 1
    WHEN (hours_per_week * 12 + 26) / 52 > 40 THEN 40
    ELSE (hours_per_week * 12 + 26) / 52 END;
ALTER TABLE agreements RENAME COLUMN hours_per_month TO hours_per_week;
UPDATE agreements SET hours_per_week = CASE
    WHEN (hours_per_week * 12 + 26) / 52 < 1 THEN 1
    WHEN (hours_per_week * 12 + 26) / 52 > 40 THEN 40
    ELSE (hours_per_week * 12 + 26) / 52 END;

-- +goose Down
UPDATE agreements SET hours_per_week = hours_per_week * 52 / 12;
ALTER TABLE agreements RENAME COLUMN hours_per_week TO hours_per_month;
UPDATE charters SET hours_per_week = hours_per_week * 52 / 12;
ALTER TABLE charters RENAME COLUMN hours_per_week TO hours_per_month;
